"""/werkgevers/mijn/: what an employer does through its personal link with its places and its
contact person. Every change is a POST from a page behind the link (GET only shows), checked
by a form, recorded in the employer's history as done "via persoonlijke link", and followed
by a redirect to the page with a message. A place of another employer is not found (404)."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from leads import outbox
from mkbroute.lib.personal_links import end_session

from . import mails, pending
from .mine import own_page
from .mine_forms import CloseForm, ContactForm, CopyForm, NewPlaceForm, PlaceForm, ReopenForm
from .models import LINKS, Introduction, Werkplek, default_open_until

SHOWS_AND_CHANGES = ["GET", "HEAD", "POST"]


def own_place(employer, slug):
    places = employer.werkplekken.select_related("employer", "pending_change")
    return get_object_or_404(places, slug=slug)


def back(request, message, level=messages.SUCCESS):
    messages.add_message(request, level, message)
    return redirect("employers:mine")


def refused(request, form):
    """Back to the page with what the form refused: a button's form has no page of its own."""
    errors = [error for field_errors in form.errors.values() for error in field_errors]
    return back(request, " ".join(errors), messages.ERROR)


def labels(names):
    return ", ".join(str(Werkplek._meta.get_field(name).verbose_name) for name in names)


@require_http_methods(SHOWS_AND_CHANGES)
@own_page
def edit_place(request, employer, slug):
    werkplek = own_place(employer, slug)
    if request.method != "POST":
        form = PlaceForm(initial=PlaceForm.initial_of(werkplek), employer=employer)
        return show_place_form(request, form, werkplek)
    form = PlaceForm(request.POST, employer=employer, werkplek=werkplek)
    if not form.is_valid():
        return show_place_form(request, form, werkplek)
    changed, waiting, withdrawn = pending.edit(werkplek, form.live_values(), form.screened_values())
    if changed:
        employer.record(capfirst(_("gewijzigd: %s") % labels(changed)), werkplek=werkplek)
    if waiting:
        what = _("wacht op controle door toelating: %s") % labels(waiting)
        employer.record(capfirst(what), werkplek=werkplek)
    if withdrawn:
        employer.record(_("Wijziging die op controle wachtte ingetrokken"), werkplek=werkplek)
    if waiting:
        message = _(
            "Opgeslagen. Uw wijziging van %(fields)s wacht op controle door toelating; tot dan "
            "blijft de werkplek op de site zoals hij was."
        ) % {"fields": labels(waiting)}
    elif changed or withdrawn:
        message = _("Opgeslagen.")
    else:
        message = _("U heeft niets gewijzigd.")
    return back(request, message)


def show_place_form(request, form, werkplek=None):
    """The form to add a place, or a place's own page: its facts, introductions and actions
    above the form that changes it."""
    context = {"employer": request.link_holder, "form": form, "werkplek": werkplek}
    if werkplek is not None:
        introductions = Introduction.objects.for_employer_page().filter(werkplek=werkplek)
        context["introductions"] = introductions.order_by("-proposed_at")
        context["reply_count"] = werkplek.replies.count()
    return render(request, "employers/mine/place_form.html", context)


@require_http_methods(SHOWS_AND_CHANGES)
@own_page
def add_place(request, employer):
    if request.method != "POST":
        initial = {
            "place": employer.place,
            "pc4": employer.pc4,
            "places": 1,
            "has_supervisor": True,
            "open_until": default_open_until(),
        }
        return show_place_form(request, NewPlaceForm(initial=initial, employer=employer))
    form = NewPlaceForm(request.POST, employer=employer)
    if not form.is_valid():
        return show_place_form(request, form)
    werkplek, added = pending.add(employer, form.live_values(), form.screened_values())
    if not added:
        message = _("De werkplek %(title)s was al toegevoegd en wacht op controle door toelating.")
        return back(request, message % {"title": werkplek.title}, messages.INFO)
    employer.record(_("Werkplek toegevoegd; wacht op controle door toelating"), werkplek=werkplek)
    return back(
        request,
        _(
            "De werkplek %(title)s is toegevoegd. Toelating controleert hem; daarna staat hij "
            "op de site."
        )
        % {"title": werkplek.title},
    )


@require_POST
@own_page
def close_place(request, employer, slug):
    werkplek = own_place(employer, slug)
    form = CloseForm(request.POST, werkplek=werkplek)
    if not form.is_valid():
        return refused(request, form)
    werkplek.close(form.cleaned_data["status"])
    status = werkplek.get_status_display().lower()
    employer.record(_("Gesloten: %(status)s") % {"status": status}, werkplek=werkplek)
    message = _("De werkplek %(title)s is gesloten (%(status)s) en staat niet meer op de site.")
    return back(request, message % {"title": werkplek.title, "status": status})


@require_POST
@own_page
def reopen_place(request, employer, slug):
    werkplek = own_place(employer, slug)
    form = ReopenForm(request.POST, werkplek=werkplek)
    if not form.is_valid():
        return refused(request, form)
    werkplek.reopen()
    employer.record(_("Heropend"), werkplek=werkplek)
    message = _("De werkplek %(title)s is weer open.")
    if werkplek.screened_at is None:
        message = _("De werkplek %(title)s is weer open en wacht op controle door toelating.")
    return back(request, message % {"title": werkplek.title})


@require_POST
@own_page
def copy_place(request, employer, slug):
    werkplek = own_place(employer, slug)
    form = CopyForm(request.POST, werkplek=werkplek)
    if not form.is_valid():
        return refused(request, form)
    with transaction.atomic():
        values = {name: getattr(werkplek, name) for name in Werkplek.COPIED}
        programmes = [programme.pk for programme in werkplek.programmes.all()]
        if pending.waiting_twin(employer, values, programmes, other_than=werkplek.pk):
            message = _(
                "Er wacht al een kopie van %(title)s op controle door toelating. Pas die kopie "
                "zo nodig aan."
            )
            return back(request, message % {"title": werkplek.title}, messages.INFO)
        copy = werkplek.copy()
        employer.record(_("Gekopieerd voor de volgende instroom"), werkplek=werkplek)
        employer.record(_("Kopie; wacht op controle door toelating"), werkplek=copy)
    message = _(
        "De werkplek %(title)s is gekopieerd. Pas de kopie zo nodig aan; toelating controleert "
        "hem, daarna staat hij op de site."
    )
    return back(request, message % {"title": werkplek.title})


@require_http_methods(SHOWS_AND_CHANGES)
@own_page
def contact(request, employer):
    form = ContactForm(request.POST if request.method == "POST" else None, instance=employer)
    if not form.is_bound or not form.is_valid():
        return render(request, "employers/mine/contact.html", {"form": form, "employer": employer})
    version = employer.link_version
    with transaction.atomic():
        form.save()
        handed_over = employer.link_version != version  # the old contact's link is void now
        if handed_over:
            happening = employer.record(
                _("Nieuwe contactpersoon; de link van de vorige werkt niet meer")
            )
            outbox.queue_again(mails.new_contact, employer.pk)
            outbox.queue(mails.contact_handed_over, happening.pk)
        else:
            employer.record(_("Gegevens van de contactpersoon bijgewerkt"))
    if not handed_over:
        return back(request, _("De gegevens van de contactpersoon zijn bijgewerkt."))
    response = render(request, "employers/mine/handed_over.html", {"employer": employer})
    return end_session(response, LINKS)
