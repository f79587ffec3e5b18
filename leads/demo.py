"""Synthetic demo leads, made in bulk: spread over personas, channels, statuses and months."""

import datetime
import random

from django.utils import timezone

from mkbroute.lib import geo
from personas.models import Channel, TargetGroup
from programmes.models import Event, Intake, Programme

from . import mails, outbox
from .models import PRIVACY_VERSION, ChannelRule, Consent, Lead, Submission
from .search import name_key, phone_key

DOMAIN = "example.org"  # reserved for examples: no demo mail can reach a real person
FIRST_NAMES = [
    "Sanne",
    "Milan",
    "Yara",
    "Kevin",
    "Fatima",
    "Ronald",
    "Ingrid",
    "Daan",
    "Noor",
    "Sem",
    "Lotte",
    "Mohamed",
    "Zoë",
    "Bram",
    "Esra",
    "Thijs",
    "Anouk",
    "Jayden",
    "Priya",
    "Ömer",
    "Lieke",
    "Joris",
    "Ayoub",
    "Marieke",
    "Stefan",
    "Hatice",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "El Amrani",
    "Bakker",
    "Visser",
    "’t Hooft-van der Meer",
    "Yılmaz",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "Kaya",
    "Brouwer",
    "de Graaf",
    "Nguyen",
    "Ødegård",
    "Dekker",
]
STATUS_WEIGHTS = {
    "nieuw": 30,
    "in_behandeling": 30,
    "aangemeld": 15,
    "ingeschreven": 10,
    "geen_interesse": 15,
}
INTENTS = ["information", "information", "callback", "can_i_start", "event"]
# How each demo channel (personas/demo.py) links to the site: the campaign tags in its links
# (utm_source, utm_medium; an empty medium fits any), then the sites that link without tags.
# The first pair is what its demo leads came in with; each pair is a channel rule, so that a
# visit through any of them lands on its channel on the results page, not under "overig".
CHANNEL_TAGS = {
    "Website Mkb-route": [("hogeschool", "website")],
    "Instagram": [("instagram", "social"), ("instagram.com", "")],
    "TikTok": [("tiktok", "social"), ("tiktok.com", "")],
    "LinkedIn": [("linkedin", "social"), ("linkedin.com", ""), ("lnkd.in", "")],
    "Nieuwsbrief": [("nieuwsbrief", "email")],
    "Open dagen en voorlichtingen": [("voorlichting", "qr-code")],
    "Loopbaanadviseurs van mbo-scholen": [("mbo-school", "email")],
    "Decanen havo en vwo": [("decaan", "email")],
    "Studieloopbaanbegeleiders hbo": [("slb-hbo", "email")],
    "UWV Werkbedrijf": [("uwv", "email"), ("werk.nl", "")],
    "Leerwerkloket": [("leerwerkloket", "email"), ("lerenenwerken.nl", "")],
    "Brancheorganisaties": [("branche", "nieuwsbrief")],
    "Ondernemersverenigingen": [("ondernemersvereniging", "nieuwsbrief")],
    "Werkgevers in het netwerk": [("werkgever", "email")],
}
BATCH = 2000
# Where demo people live: spread over the country as people are. A province is drawn by its
# inhabitants (CBS, 1 January 2024, in thousands, rounded), then one of its PC4 areas. A PC4
# holds fewer people in the countryside than in a town, so within a province this leans a
# little to the countryside; between provinces it follows the population.
INHABITANTS = {
    "ZH": 3804,
    "NH": 2953,
    "NB": 2626,
    "GE": 2133,
    "UT": 1390,
    "OV": 1184,
    "LI": 1118,
    "FR": 659,
    "GR": 596,
    "DR": 500,
    "FL": 445,
    "ZE": 392,
}


def load_channel_rules(stdout):
    """A channel rule for each way a demo channel links to the site (CHANNEL_TAGS)."""
    channels = Channel.objects.in_bulk(list(CHANNEL_TAGS), field_name="name")
    rules = [
        ChannelRule(utm_source=source, utm_medium=medium, channel=channels[name])
        for name, tags in CHANNEL_TAGS.items()
        for source, medium in tags
    ]
    ChannelRule.objects.bulk_create(rules)
    ChannelRule.forget_table()  # bulk_create skips save(), which forgets it
    stdout.write(f"Kanaalregels: {len(rules)}, voor de campagnelinks van de kanalen")


def campaign_tags(channel):
    """utm_source and utm_medium of a demo lead that came in through channel (None: direct)."""
    tags = CHANNEL_TAGS.get(channel.name) if channel else None
    source, medium = tags[0] if tags else ("", "")
    return {"utm_source": source, "utm_medium": medium}


def homes():
    """(provinces, their weights, {province: its PC4s}) to draw where a demo person lives."""
    per_province = {}
    for area in geo.areas().values():
        per_province.setdefault(area.province, []).append(area.pc4)
    provinces = list(INHABITANTS)
    return provinces, [INHABITANTS[p] for p in provinces], per_province


def home(rng, places):
    provinces, weights, per_province = places
    return rng.choice(per_province[rng.choices(provinces, weights=weights)[0]])


def situation(rng, starts, places):
    """Whether the person has an employer, where they live and when they want to start."""
    has_employer = rng.choices([False, True, None], weights=[40, 45, 15])[0]
    return {
        "has_employer": has_employer,
        "postcode": home(rng, places) if rng.random() < 0.9 else "",
        "hours_per_week": rng.choice([24, 28, 32, 32, 36]) if rng.random() < 0.8 else None,
        "preferred_start": rng.choice([*starts, "asap", ""]) if starts else "asap",
    }


def with_keys(lead):
    """The lead with the search keys its save() would set: bulk_create skips save()."""
    lead.name_key = name_key(lead.first_name, lead.last_name)
    lead.phone_digits = phone_key(lead.phone)
    return lead


def load(stdout, count):
    """Top the demo leads up to count; running it again adds nothing."""
    existing = Lead.objects.filter(email__endswith=f"@{DOMAIN}").count()
    missing = max(count - existing, 0)
    if not missing:
        stdout.write(f"Leads: {existing} demo-leads stonden er al")
        return
    rng = random.Random(existing)
    groups = list(TargetGroup.objects.select_related("persona", "tone", "persona__tone"))
    channels = list(Channel.objects.all()) + [None, None]
    programmes = list(Programme.objects.published().values_list("pk", flat=True))
    events = list(Event.objects.values_list("pk", flat=True))
    now = timezone.now()
    statuses = rng.choices(list(STATUS_WEIGHTS), weights=STATUS_WEIGHTS.values(), k=missing)
    starts = sorted(
        {f"{d:%Y-%m}" for d in Intake.objects.upcoming().values_list("start_date", flat=True)}
    )
    places = homes()

    for start in range(0, missing, BATCH):
        size = min(BATCH, missing - start)
        numbers = range(existing + start, existing + start + size)
        created = [
            now - datetime.timedelta(days=rng.triangular(0, 365, 30), minutes=n % 1440)
            for n in numbers
        ]
        leads = Lead.objects.bulk_create(
            with_keys(
                Lead(
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    email=f"demo{n}@{DOMAIN}",
                    email_key=f"demo{n}@{DOMAIN}",  # as save() would set it
                    phone=f"06 {rng.randrange(10**7, 10**8)}",
                    status=statuses[n - existing],
                    created_at=when,
                )
            )
            for n, when in zip(numbers, created, strict=True)
        )
        submissions = []
        for lead in leads:
            group = rng.choice(groups) if groups else None
            channel = rng.choice(channels)
            intent = rng.choice(INTENTS) if events else "information"
            submissions.append(
                Submission(
                    lead=lead,
                    created_at=lead.created_at,
                    form_token=f"demo-{lead.email}",
                    first_name=lead.first_name,
                    last_name=lead.last_name,
                    email=lead.email,
                    phone=lead.phone,
                    target_group=group,
                    persona=group.persona if group else None,
                    tone=group.active_tone if group else None,
                    intent=intent,
                    event_id=rng.choice(events) if intent == "event" else None,
                    message=rng.choice(
                        [
                            "",
                            "",
                            "Kan ik met mijn werkgever een afspraak maken?",
                            "Ik werk 32 uur per week, past dat?",
                        ]
                    ),
                    channel=channel,
                    **campaign_tags(channel),
                    utm_campaign=rng.choice(["", "voorjaar", "open-dag", "najaar"]),
                    landing_path=f"/voor/{group.persona.slug}/" if group else "/",
                    **situation(rng, starts, places),
                )
            )
        submissions = Submission.objects.bulk_create(submissions)
        # Their confirmations went out when they came in: nothing waits for the worker.
        outbox.Mail.objects.bulk_create(
            outbox.Mail(
                kind=outbox.kind_of(mails.confirmation),
                object_id=s.pk,
                status=outbox.Mail.Status.SENT,
                attempts=1,
                created_at=s.created_at,
                attempted_at=s.created_at,
                sent_at=s.created_at,
            )
            for s in submissions
        )
        Through = Submission.programmes.through
        Through.objects.bulk_create(
            Through(submission_id=s.pk, programme_id=pk)
            for s in submissions
            for pk in rng.sample(programmes, k=min(len(programmes), rng.randint(0, 2)))
        )
        Consent.objects.bulk_create(
            Consent(
                submission_id=s.pk,
                purpose=purpose,
                given=given,
                privacy_version=PRIVACY_VERSION,
                recorded_at=s.created_at,
            )
            for s in submissions
            for purpose, given in (
                ("contact", True),
                ("newsletter", rng.random() < 0.4),
                ("partners", rng.random() < 0.3),
            )
        )
    stdout.write(f"Leads: {missing} demo-leads gemaakt ({existing + missing} in totaal)")
