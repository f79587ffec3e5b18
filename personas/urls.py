from django.urls import path

from . import views

app_name = "personas"
urlpatterns = [
    path("voor/<slug:slug>/", views.landing, name="landing"),
    path("keuzehulp/", views.finder, name="finder"),
    path("kan-ik-starten/", views.check, name="check"),
    path("kan-ik-starten/datums.ics", views.check_calendar, name="check_calendar"),
]
