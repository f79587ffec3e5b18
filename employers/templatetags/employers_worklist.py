"""What the employers app adds to the admin start page (employers/includes/admin_tasks.html)."""

from django import template

from employers.models import Introduction

register = template.Library()


@register.simple_tag
def introductions_without_answer():
    """How many introductions are back with admissions as "geen reactie"."""
    return Introduction.objects.without_answer().count()
