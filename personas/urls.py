from django.urls import path

from . import views

app_name = "personas"
urlpatterns = [
    path("voor/<slug:slug>/", views.landing, name="landing"),
    path("keuzehulp/", views.finder, name="finder"),
]
