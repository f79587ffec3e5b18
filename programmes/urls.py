from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("opleidingen/", views.programme_list, name="list"),
    path("opleidingen/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="detail"),
    path("activiteiten/", views.event_list, name="events"),
    path("activiteiten/<slug:slug>/", views.EventDetailView.as_view(), name="event"),
]
