from django.urls import path

from . import views

app_name = "leads"
urlpatterns = [
    path("interesse/", views.interest, name="interest"),
    path("interesse/bedankt/", views.thanks, name="thanks"),
]
