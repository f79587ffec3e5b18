"""The admin site: throttled logins, and a second factor for the role that sees personal data."""

import logging

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.db.models.base import ModelBase
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from .admin_input import guard_input
from .lib import tally
from .lib.limits import client_ip, count_within

logger = logging.getLogger("mkbroute.login")
WINDOW = 15 * 60
MAX_PER_ACCOUNT = 5
MAX_PER_ADDRESS = 20


# Models whose rows name people. Whoever may see, change or export any of them (a superuser,
# a direct permission or any group) logs in with a second factor; their admins log them by id
# (mkbroute/lib/admin_log.py).
PERSONAL_DATA = {
    "leads.lead",
    "leads.submission",
    "leads.consent",
    "leads.reminder",
    "leads.exportlog",
    "leads.personhistory",  # what a person corrected, with the value it replaced
    "employers.employer",
    "employers.employerhistory",  # what the contact person did through the link
    "employers.introduction",
    "employers.reply",
    "employers.alert",
    "employers.digest",
}


def sees_personal_data(user):
    if user.is_superuser:
        return True
    for permission in user.get_all_permissions():
        app_label, _dot, codename = permission.partition(".")
        model = codename.partition("_")[2]
        if f"{app_label}.{model}" in PERSONAL_DATA:
            return True
    return False


def needs_second_factor(user):
    return (
        settings.ADMIN_2FA
        and user is not None
        and user.is_authenticated
        and sees_personal_data(user)
    )


class LoginThrottle:
    """Login attempts per account and per address in the shared counters (not the cache,
    which may drop them), counted before the password is checked: however many arrive at
    once, at most MAX_PER_ACCOUNT of an account's passwords are checked in a window."""

    def __init__(self, request, username):
        self.account = f"login-fail:user:{(username or '').lower()[:150]}"
        self.address = f"login-fail:ip:{client_ip(request)}"
        self.limits = [
            (self.account, MAX_PER_ACCOUNT, WINDOW),
            (self.address, MAX_PER_ADDRESS, WINDOW),
        ]

    def attempt(self):
        """Count this attempt: False once the account or the address has used up its own."""
        return count_within(self.limits)

    def failed(self):
        logger.warning("admin login failed")

    def succeeded(self):
        """A login that works was no failed attempt: the account starts again from zero and
        the address gets its attempt back."""
        tally.delete([self.account])
        tally.add([(self.address, -1, WINDOW)])


class AdminLoginForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label=_("Code uit de authenticator-app"),
        required=False,
        max_length=8,
        help_text=_("Nodig voor iedereen die persoonsgegevens ziet, zoals Toelating."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        # One answer for every failed login: it never tells whether the password was right
        # while the code is missing or wrong.
        "invalid_login": _(
            "Deze combinatie van gebruikersnaam, wachtwoord en code klopt niet. Wie "
            "persoonsgegevens ziet, vult ook de code uit de authenticator-app in; is die nog "
            "niet ingesteld, vraag dan een beheerder."
        ),
        "throttled": _("Te veel mislukte pogingen. Probeer het over een kwartier opnieuw."),
    }

    def clean(self):
        throttle = LoginThrottle(self.request, self.cleaned_data.get("username"))
        if not throttle.attempt():
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
            self.check_second_factor(self.get_user())
        except forms.ValidationError as error:
            throttle.failed()
            if getattr(error, "code", None) == "inactive":
                raise
            invalid = self.error_messages["invalid_login"]
            raise forms.ValidationError(invalid, code="invalid_login") from None
        throttle.succeeded()
        return cleaned

    def check_second_factor(self, user):
        if not needs_second_factor(user):
            return
        device = next((d for d in devices_for_user(user) if isinstance(d, TOTPDevice)), None)
        token = self.cleaned_data.get("otp_token", "").strip()
        if device is None:
            logger.warning("admin login without a second-factor device (user id %s)", user.pk)
        if device is None or not token or not device.verify_token(token):
            raise forms.ValidationError(self.error_messages["invalid_login"], code="second_step")
        user.otp_device = device  # django_otp stores it in the session at login


# Admins that apps we install register of their own accord, left out: django_tasks_db's queue of
# tasks shows Python paths and tracebacks in English, nothing staff act on. How each mail went
# is on its own row (Mails, and on the lead or employer it is about); /healthz says whether the
# worker keeps up.
LEFT_OUT = {"django_tasks_database.dbtaskresult"}


class MkbAdminSite(admin.AdminSite):
    site_header = _("Mkb-route beheer")
    site_title = _("Mkb-route beheer")
    index_title = _("Inhoud en leads")
    login_form = AdminLoginForm
    # The app menu beside every page takes a quarter of a 1280 px screen from the lists; the
    # index and the breadcrumbs lead to every app as well.
    enable_nav_sidebar = False

    def get_urls(self):
        # Imported here: the apps' modules load models, which the admin site must not need
        # before the apps are ready.
        from employers.admin_views import worklist_view
        from results.views import funnel_csv

        from .admin_views import results

        return [
            path("resultaten/", self.admin_view(results(self)), name="results"),
            path("resultaten/funnel.csv", self.admin_view(funnel_csv), name="funnel_csv"),
            path(
                "zonder-werkplek/",
                self.admin_view(worklist_view(self)),
                name="employers_worklist",
            ),
            *super().get_urls(),
        ]

    def register(self, model_or_iterable, admin_class=None, **options):
        if isinstance(model_or_iterable, ModelBase):
            model_or_iterable = [model_or_iterable]
        shown = [model for model in model_or_iterable if model._meta.label_lower not in LEFT_OUT]
        super().register(shown, admin_class, **options)
        for model in shown:  # ours, and those of Django's apps (users, groups)
            guard_input(self._registry[model])

    def has_permission(self, request):
        user = request.user
        if not super().has_permission(request):
            return False
        return not needs_second_factor(user) or user.is_verified()
