"""Values every template may show: the school's name and contact details, the main menu."""

from django.conf import settings
from django.urls import get_script_prefix, reverse


def school():
    return {
        "name": settings.SCHOOL_NAME,
        "url": settings.SCHOOL_URL,
        "email": settings.SCHOOL_EMAIL,
        "phone": settings.SCHOOL_PHONE,
    }


def site(request):
    return {
        # Absolute URLs for canonical links and Open Graph; built once per request.
        "site_root": request.build_absolute_uri("/").rstrip("/"),
        "school": school(),
        "nav": nav(),
    }


# The main menu's pages (base.html): the same addresses on every page, so reversed once per
# process and address prefix rather than five times on every page rendered anew.
NAV = {
    "programmes": "programmes:list",
    "finder": "personas:finder",
    "events": "programmes:events",
    "interest": "leads:interest",
    "places": "employers:list",
}
_navs = {}


def nav():
    prefix = get_script_prefix()
    if prefix not in _navs:
        _navs[prefix] = {name: reverse(view) for name, view in NAV.items()}
    return _navs[prefix]
