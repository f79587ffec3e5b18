"""/mijn/: the person's reply to an introduction (the employers app's), from their own page."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from employers.introductions import AlreadyAnswered, Introduction
from personas.forms import TonedFormMixin

from .mine import own_page


class ReplyForm(TonedFormMixin, forms.Form):
    reactie = forms.ChoiceField(
        choices=Introduction.CandidateReply.choices,
        error_messages={
            "required": _("Kies of {je} wilt kennismaken of geen interesse meer hebt."),
            "invalid_choice": _("Kies of {je} wilt kennismaken of geen interesse meer hebt."),
        },
    )
    toelichting = forms.CharField(
        required=False,
        max_length=1000,
        error_messages={"max_length": _("Houd de toelichting korter dan 1000 tekens.")},
    )


@require_POST
@own_page
def reply(request, lead, pk):
    introduction = get_object_or_404(Introduction.objects.filter(lead=lead), pk=pk)
    form = ReplyForm(request.POST, tone=request.tone)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back_to(introduction)
    try:
        introduction.reply_as_candidate(
            form.cleaned_data["reactie"], form.cleaned_data["toelichting"].strip()
        )
    except AlreadyAnswered:
        closed = _("Op deze kennismaking is geen reactie meer nodig: kijk hieronder hoe het staat.")
        messages.error(request, closed)
        return back_to(introduction)
    messages.success(request, request.tone.render(str(thanks(introduction))))
    return back_to(introduction)


def thanks(introduction):
    if introduction.candidate_reply == Introduction.CandidateReply.WITHDRAW:
        return _("Dank {je}. We laten de werkgever weten dat {je} geen interesse meer hebt.")
    return _("Dank {je}. Toelating weet nu dat {je} graag kennismaakt.")


def back_to(introduction):
    response = redirect(reverse("mine") + f"#kennismaking-{introduction.pk}")
    response.status_code = 303
    return response
