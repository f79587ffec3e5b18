from django.urls import path

from . import views

app_name = "leads"
urlpatterns = [
    path("interesse/", views.interest, name="interest"),
    path("interesse/bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("interesse/intrekken/<str:token>/", views.withdraw, name="withdraw"),
    path("mijn/link/", views.link, name="link"),
]
