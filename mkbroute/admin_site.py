"""The admin site: throttled logins, and a second factor for the role that sees personal data."""

import logging

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from .limits import client_ip, count_hit
from .roles import ADMISSIONS

logger = logging.getLogger("mkbroute.login")
WINDOW = 15 * 60
MAX_PER_ACCOUNT = 5
MAX_PER_ADDRESS = 20


def needs_second_factor(user):
    """Admissions staff reach personal data: they log in with a code from an app as well."""
    return (
        settings.ADMIN_2FA
        and user is not None
        and user.is_authenticated
        and user.groups.filter(name=ADMISSIONS).exists()
    )


class LoginThrottle:
    """Failed logins counted per account and per address in the shared cache."""

    def __init__(self, request, username):
        self.keys = [
            (f"login-fail:user:{(username or '').lower()[:150]}", MAX_PER_ACCOUNT),
            (f"login-fail:ip:{client_ip(request)}", MAX_PER_ADDRESS),
        ]

    def blocked(self):
        return any((cache.get(key) or 0) >= limit for key, limit in self.keys)

    def failed(self):
        for key, _limit in self.keys:
            count_hit(key, WINDOW)
        logger.warning("admin login failed")

    def succeeded(self):
        cache.delete(self.keys[0][0])


class AdminLoginForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label=_("Code uit de authenticator-app"),
        required=False,
        max_length=8,
        help_text=_("Alleen nodig voor accounts van Toelating."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": _("Te veel mislukte pogingen. Probeer het over een kwartier opnieuw."),
        "no_device": _(
            "Voor dit account is een tweede stap verplicht, maar er is nog geen "
            "authenticator-app ingesteld. Vraag een beheerder om die in te stellen."
        ),
        "token_required": _("Vul ook de code uit de authenticator-app in."),
        "bad_token": _("Deze code klopt niet of is verlopen. Probeer de nieuwste code."),
    }

    def clean(self):
        throttle = LoginThrottle(self.request, self.cleaned_data.get("username"))
        if throttle.blocked():
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
            self.check_second_factor(self.get_user())
        except forms.ValidationError:
            throttle.failed()
            raise
        throttle.succeeded()
        return cleaned

    def check_second_factor(self, user):
        if not needs_second_factor(user):
            return
        device = next((d for d in devices_for_user(user) if isinstance(d, TOTPDevice)), None)
        token = self.cleaned_data.get("otp_token", "").strip()
        if device is None:
            raise forms.ValidationError(self.error_messages["no_device"], code="no_device")
        if not token:
            raise forms.ValidationError(self.error_messages["token_required"], code="token")
        if not device.verify_token(token):
            raise forms.ValidationError(self.error_messages["bad_token"], code="bad_token")
        user.otp_device = device  # django_otp stores it in the session at login


class MkbAdminSite(admin.AdminSite):
    site_header = _("Mkb-route beheer")
    site_title = _("Mkb-route beheer")
    index_title = _("Inhoud en leads")
    login_form = AdminLoginForm

    def get_urls(self):
        # The results count leads; the leads app owns them and this site only shows them.
        from leads.results import results_view

        view = self.admin_view(results_view(self))
        return [path("resultaten/", view, name="results"), *super().get_urls()]

    def has_permission(self, request):
        user = request.user
        if not super().has_permission(request):
            return False
        return not needs_second_factor(user) or user.is_verified()
