from django.urls import path

from . import views

app_name = "personas"
urlpatterns = [
    path("keuzehulp/", views.finder, name="finder"),
]
