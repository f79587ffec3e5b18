"""Employers' part of the admin start page: how many places wait for admissions' check."""

from django import template

from employers.models import Werkplek

register = template.Library()


@register.simple_tag
def places_to_check():
    return Werkplek.objects.waiting_for_check().count()
