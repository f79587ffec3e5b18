"""The form renderer's widgets in Python give the HTML of Django's own widget templates."""

from unittest import mock

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from mkbroute.lib.form_renderer import Renderer


class Everything(forms.Form):
    name = forms.CharField(max_length=20, initial='a "quoted" <name> & more')
    email = forms.EmailField(required=False)
    number = forms.IntegerField(initial=12345)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="x")
    agreed = forms.BooleanField(initial=True)
    off = forms.BooleanField(required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(widget=forms.Textarea, initial="line <1>\nline 2")
    empty_text = forms.CharField(widget=forms.Textarea)
    pick = forms.ChoiceField(
        choices=[
            ("", "Kies"),
            ("a", "A & B"),
            ("Groep", [("b", "<b>"), ("c", mark_safe("<i>c</i>"))]),
        ],
        initial="b",
    )
    many = forms.MultipleChoiceField(choices=[(1, 1000), (2, "twee")], initial=[1, 2])


def html(renderer, data=None):
    form = Everything(data, renderer=renderer)
    return {name: str(form[name]) for name in form.fields}


def test_its_widgets_give_the_html_of_djangos_templates():
    assert html(Renderer()) == html(DjangoTemplates())
    bound = {"name": "<x>", "number": "1.5", "pick": "zz", "text": "&amp;"}
    assert html(Renderer(), bound) == html(DjangoTemplates(), bound)


def test_it_renders_inputs_selects_and_text_areas_without_templates():
    with mock.patch.object(DjangoTemplates, "render", side_effect=AssertionError):
        html(Renderer())


def test_it_leaves_other_widgets_to_their_templates():
    form = forms.Form(renderer=Renderer())
    form.fields["choice"] = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
    assert 'type="radio"' in str(form["choice"])
