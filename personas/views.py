"""Public pages of the personas app: for now the route finder's introduction."""

from django.shortcuts import render


def finder(request):
    return render(request, "personas/finder.html")
