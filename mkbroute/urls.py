from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from . import mine, mine_introductions, views
from .lib.cache import cache_per_tone
from .sitemaps import SITEMAPS

pages = (
    [
        path("privacy/", views.privacy, name="privacy"),
        path(
            "toegankelijkheid/",
            cache_per_tone(TemplateView.as_view(template_name="pages/accessibility.html")),
            name="accessibility",
        ),
    ],
    "pages",
)

urlpatterns = [
    path("", views.home, name="home"),
    # The thank-you page of every lead form; it shows werkplekken, so it is the project's.
    path("interesse/bedankt/", views.thanks, name="thanks"),
    # A person's own page: what we store, from leads and employers.
    path("mijn/", mine.mine, name="mine"),
    path("mijn/gegevens/", mine.details, name="mine_details"),
    path(
        "mijn/toestemming/<int:pk>/intrekken/", mine.withdraw_consent, name="mine_withdraw_consent"
    ),
    path("mijn/aanmelding/<int:pk>/annuleren/", mine.cancel_signup, name="mine_cancel_signup"),
    path("mijn/verwijderen/", mine.erase, name="mine_erase"),
    path("mijn/attendering/stoppen/", mine.remove_alert, name="mine_remove_alert"),
    path("mijn/kennismaking/<int:pk>/", mine_introductions.reply, name="mine_reply"),
    path("", include(pages)),
    path("", include("programmes.urls")),
    path("", include("personas.urls")),
    path("", include("leads.urls")),
    path("", include("employers.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    # Uploaded images, served by Django itself so a single server needs no extra setup;
    # docs/deploy.md shows how a reverse proxy takes this over.
    re_path(r"^media/(?P<path>.+)$", views.media, name="media"),
]

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
