"""Public pages of the leads app: for now the contact page that the lead form replaces."""

from django.shortcuts import render


def interest(request):
    return render(request, "leads/interest.html")
