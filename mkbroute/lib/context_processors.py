"""Values every template may show: the school's name and contact details."""

from django.conf import settings


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
    }
