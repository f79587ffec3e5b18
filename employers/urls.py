from django.urls import path

from . import alert_views, answers, freshness, mine, mine_places, views

app_name = "employers"
urlpatterns = [
    path("werkgevers/", views.for_employers, name="for_employers"),
    path("werkgevers/aanmelden/", views.registration, name="register"),
    path("werkgevers/aanmelden/bedankt/", views.registered, name="registered"),
    path("werkgevers/aanmelden/bekend/", views.known, name="known"),
    path("werkgevers/mijn/", mine.mine, name="mine"),
    path("werkgevers/mijn/nieuw/", mine_places.add_place, name="add_place"),
    path("werkgevers/mijn/contactpersoon/", mine_places.contact, name="contact"),
    path("werkgevers/mijn/plek/<slug:slug>/", mine_places.edit_place, name="edit_place"),
    path("werkgevers/mijn/plek/<slug:slug>/sluiten/", mine_places.close_place, name="close_place"),
    path(
        "werkgevers/mijn/plek/<slug:slug>/heropenen/", mine_places.reopen_place, name="reopen_place"
    ),
    path("werkgevers/mijn/plek/<slug:slug>/kopieren/", mine_places.copy_place, name="copy_place"),
    path("werkgevers/link/", mine.link, name="link"),
    # The employer's answers: under /werkgevers/mijn/, where the session cookie goes.
    path("werkgevers/mijn/kennismaking/<int:pk>/uitnodigen/", answers.invite, name="invite"),
    path("werkgevers/mijn/kennismaking/<int:pk>/past-niet/", answers.decline, name="decline"),
    path("werkgevers/mijn/werkplek/<int:pk>/nog-open/", freshness.still_open, name="still_open"),
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
