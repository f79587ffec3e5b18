"""Public pages: for employers (u-tone) and the list of werkplekken with replying to one."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from leads import outbox, spam
from leads.starts import start_label
from leads.views import receive
from mkbroute.lib.cache import cache_per_tone, confirm_query
from mkbroute.lib.errors import error_page
from mkbroute.lib.personal_links import TOO_MANY, count_request
from programmes.models import Programme, Scheme

from . import mails, matching
from .forms import (
    MAX_PLACES_PER_REGISTRATION,
    AlertForm,
    PlaceFilterForm,
    RegistrationForm,
    ReplyForm,
    WerkplekFormSet,
    register,
)
from .models import LINKS, Employer, EmployerSection, Werkplek
from .tone import in_employer_tone

PER_PAGE = 20
ADD_PLACE = "nog_een_werkplek"


@in_employer_tone
@cache_per_tone
def for_employers(request):
    sections = EmployerSection.objects.filter(published=True)
    context = {
        "sections": [(section, section.body_html(request.tone)) for section in sections],
        "schemes": Scheme.objects.valid().filter(audience=Scheme.Audience.EMPLOYER),
        "programmes": [
            (programme, programme.tuition_on(programme.next_open_intake()))
            for programme in Programme.objects.published().with_upcoming_intakes()
        ],
        "open_places": Werkplek.objects.public().count(),
    }
    return render(request, "employers/for_employers.html", context)


@require_http_methods(["GET", "POST"])
@in_employer_tone
@cache_per_tone
def registration(request):
    if request.method == "GET":
        return show_registration(request, RegistrationForm(), WerkplekFormSet(prefix="plek"))
    if ADD_PLACE in request.POST:
        # Adding a place stores nothing, so it costs no submit; over the limit it waits too.
        refused = spam.guard(request)
        return refused if refused is not None else add_place(request)
    form = RegistrationForm(request.POST)
    formset = WerkplekFormSet(request.POST, prefix="plek")
    refused = spam.guard(request, form, formset)
    if refused is not None:
        return refused
    if form.is_valid() and formset.is_valid() and register(form, formset) is not None:
        return redirect("employers:registered")
    if form.known_employer_id is not None and not form.refused_as_spam():
        return link_to_known(request, form.known_employer_id)
    return show_registration(request, form, formset)


def link_to_known(request, employer_id):
    """A company registered before: its contact person gets their link by mail (the mail
    that /werkgevers/link/ sends, within its limits). The answer is the same whoever the
    contact is and whether a mail went, and names no address. Each time counts for the
    network as a request for a link does: the answer tells a KvK number is known, and no
    script may try them all."""
    reachable = Employer.objects.exclude(status=Employer.Status.STOPPED).exclude(contact_email="")
    employer = reachable.filter(pk=employer_id).first()
    email = employer.contact_email.lower() if employer is not None else None
    network_ok, address_ok = count_request(request, LINKS, email)
    if not network_ok:
        return error_page(request, 429, message=TOO_MANY)
    if employer is not None and address_ok:
        outbox.queue_again(mails.personal_link, employer.pk)
    return redirect("employers:known")


@in_employer_tone
def known(request):
    return render(request, "employers/known.html", {"school_email": settings.SCHOOL_EMAIL})


def add_place(request):
    """The form again as it was typed, with one empty place more and no errors yet."""
    form = RegistrationForm(initial=request.POST.dict())
    places = [*typed_places(request.POST), {}][:MAX_PLACES_PER_REGISTRATION]
    return show_registration(request, form, WerkplekFormSet(initial=places, prefix="plek"))


def typed_places(data):
    try:
        total = min(int(data.get("plek-TOTAL_FORMS", 1)), MAX_PLACES_PER_REGISTRATION)
    except ValueError:
        total = 1
    places = []
    for n in range(total):
        prefix = f"plek-{n}-"
        place = {}
        for key, values in data.lists():
            if key.startswith(prefix):
                name = key[len(prefix) :]
                place[name] = values if name == "programmes" else values[-1]
        places.append(place)
    return places


def show_registration(request, form, formset):
    context = {"form": form, "formset": formset, "max_places": MAX_PLACES_PER_REGISTRATION}
    return render(request, "employers/registration.html", context)


@in_employer_tone
def registered(request):
    return render(request, "employers/registered.html")


@cache_per_tone(query=[*PlaceFilterForm.base_fields, "pagina"])
def werkplek_list(request):
    starts = start_choices()
    form = PlaceFilterForm(request.GET or None, tone=request.tone, starts=starts)
    search = form.search()
    found = search.run()
    page = Paginator(found.places, PER_PAGE).get_page(request.GET.get("pagina"))
    asked_page = request.GET.get("pagina")
    if (not form.is_bound or form.is_valid()) and asked_page in (None, str(page.number)):
        confirm_query(request)
    shown = [*page, *found.nearest]
    places = Werkplek.objects.for_cards().in_bulk([pk for pk, _km in shown])
    context = {
        "form": form,
        "search": search,
        "page": page,
        "results": [(places[pk], km) for pk, km in page if pk in places],
        "nearest": [(places[pk], km) for pk, km in found.nearest if pk in places],
        "found": found,
        "total": len(found.places),
        "largest_distance": max(matching.DISTANCE_CHOICES_KM),
        # Near a postcode, the visitor may have new places mailed (alert_views.py).
        "alert_form": AlertForm(tone=request.tone) if search.area else None,
    }
    return render(request, "employers/werkplek_list.html", context)


def start_choices():
    months = sorted({start for c in matching.index() for start in c.starts})
    return [(f"{month:%Y-%m}", start_label(f"{month:%Y-%m}")) for month in months]


def public_place(slug):
    places = (
        Werkplek.objects.public()
        .select_related("employer")
        .prefetch_related(
            Prefetch("programmes", queryset=Programme.objects.published().select_related("field"))
        )
    )
    return get_object_or_404(places, slug=slug)


@cache_per_tone
def werkplek_detail(request, slug):
    werkplek = public_place(slug)
    context = {
        "werkplek": werkplek,
        "programmes": werkplek.programmes.all(),
        "description": werkplek.description_html(request.tone),
        "json_ld": werkplek.json_ld(request, request.tone),
    }
    return render(request, "employers/werkplek_detail.html", context)


@require_http_methods(["GET", "POST"])
@cache_per_tone
def reply(request, slug):
    werkplek = public_place(slug)

    def show(request, form, message="", next_event=None):
        context = {"form": form, "werkplek": werkplek, "message": message}
        return render(request, "employers/reply.html", context)

    if request.method == "GET":
        form = ReplyForm(initial={"plek": "general"}, tone=request.tone, werkplek=werkplek)
        return show(request, form)
    form = ReplyForm(request.POST, tone=request.tone, werkplek=werkplek)
    return receive(request, form, show)
