"""schema.org data for search engines, as dicts ready for json.dumps: a programme with its
tuition as offers, and an event with its time, place and organiser."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

SCHEMA = "https://schema.org/"
ATTENDANCE = {
    "online": "OnlineEventAttendanceMode",
    "mixed": "MixedEventAttendanceMode",
    "offline": "OfflineEventAttendanceMode",
}


def school():
    return {
        "@type": "EducationalOrganization",
        "name": settings.SCHOOL_NAME,
        "url": settings.SCHOOL_URL,
    }


def programme_json_ld(programme, request):
    url = request.build_absolute_uri(programme.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "WorkBasedProgram",
        "name": str(programme),
        "description": request.tone.render(programme.summary),
        "url": url,
        "provider": school(),
        "educationalCredentialAwarded": programme.get_degree_display(),
        "numberOfCredits": {"@type": "StructuredValue", "value": programme.ec, "unitText": "EC"},
        "timeToComplete": f"P{programme.duration_years}Y",
        "educationalProgramMode": "blended",
        "programPrerequisites": str(
            _("Mbo-4, havo of vwo, of geslaagd voor de 21+-toets")
            if programme.entrance_test
            else _("Mbo-4, havo of vwo")
        ),
        "occupationalCategory": programme.occupation or programme.field.name,
    }
    data.update(programme.json_ld_identity())
    intake = programme.next_open_intake() or programme.next_intake()
    if intake:
        data["startDate"] = intake.start_date.isoformat()
        data["applicationDeadline"] = intake.application_deadline.isoformat()
        if intake.applications_open:
            data["applicationStartDate"] = intake.applications_open.isoformat()
    statutory, institutional = programme.tuitions_on(intake)
    data["offers"] = [tuition_offer(statutory, _("Wettelijk collegegeld"), url)]
    if institutional is not None:
        data["offers"].append(tuition_offer(institutional, _("Instellingscollegegeld"), url))
    return data


def tuition_offer(amount, kind, url):
    """The tuition of one academic year as an Offer: its price per year, valid that year."""
    price = f"{amount.eur:.2f}"
    offer = {
        "@type": "Offer",
        "category": kind,
        "name": _("%(kind)s per jaar, studiejaar %(year)s") % {"kind": kind, "year": amount.year},
        "price": price,
        "priceCurrency": "EUR",
        "priceSpecification": {
            "@type": "UnitPriceSpecification",
            "price": price,
            "priceCurrency": "EUR",
            "referenceQuantity": {
                "@type": "QuantitativeValue",
                "value": 1,
                "unitCode": "ANN",  # UN/CEFACT: a year
                "unitText": _("jaar"),
            },
        },
        "validFrom": amount.year.start.isoformat(),
        "validThrough": amount.year.end.isoformat(),
        "url": url,
    }
    if amount.expected:
        offer["description"] = _(
            "Verwacht bedrag: het officiële bedrag voor dit studiejaar is nog niet bekend."
        )
    return offer


def event_json_ld(event, request):
    url = request.build_absolute_uri(event.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "EducationEvent",
        "name": event.title,
        "description": request.tone.render(event.description) or event.get_kind_display(),
        # The Dutch clock with its offset (+01:00 or +02:00): a time without one is ambiguous.
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": SCHEMA + "EventScheduled",
        "eventAttendanceMode": SCHEMA + ATTENDANCE[event.attendance],
        "organizer": school(),
        "url": url,
    }
    places = {
        "online": [virtual_location(url)],
        "mixed": [place(event), virtual_location(url)],
        "offline": [place(event)],
    }[event.attendance]
    data["location"] = places[0] if len(places) == 1 else places
    return data


def place(event):
    location = event.location
    if location is None:  # stored before events had a location: the place as it was typed
        return {"@type": "Place", "name": event.place, "address": event.place}
    address = {"@type": "PostalAddress", "addressLocality": location.name, "addressCountry": "NL"}
    if location.street_address:
        address["streetAddress"] = location.street_address
    if location.postal_code:
        address["postalCode"] = location.postal_code
    return {"@type": "Place", "name": event.place, "address": address}


def virtual_location(url):
    # The meeting link goes only to those who sign up (by mail); the public place to go is
    # the event's own page, where signing up is.
    return {"@type": "VirtualLocation", "url": url}
