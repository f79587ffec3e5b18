"""The site's URLs plus one view that fails, to see the 500 page as a visitor would."""

from django.urls import path

from mkbroute.urls import handler400, handler403, handler404, handler500  # noqa: F401
from mkbroute.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("kapot")


urlpatterns = [path("stuk/", broken), *site_urlpatterns]
