from django.urls import path

from . import alert_views, views

app_name = "employers"
urlpatterns = [
    path("werkgevers/", views.for_employers, name="for_employers"),
    path("werkgevers/aanmelden/", views.registration, name="register"),
    path("werkgevers/aanmelden/bedankt/", views.registered, name="registered"),
    path("werkplekken/", views.werkplek_list, name="list"),
    # Before <slug>: "attendering" is no place.
    path("werkplekken/attendering/", alert_views.subscribe, name="alert_subscribe"),
    path("werkplekken/attendering/verstuurd/", alert_views.sent, name="alert_sent"),
    path(
        "werkplekken/attendering/bevestigen/<str:token>/",
        alert_views.confirm,
        name="alert_confirm",
    ),
    path(
        "werkplekken/attendering/afmelden/<str:token>/",
        alert_views.unsubscribe,
        name="alert_unsubscribe",
    ),
    path("werkplekken/<slug:slug>/", views.werkplek_detail, name="werkplek"),
    path("werkplekken/<slug:slug>/reageren/", views.reply, name="reply"),
]
