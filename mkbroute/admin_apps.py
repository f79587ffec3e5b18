"""The admin app, with our own site (throttled logins, a second factor for admissions) and
Django's own English in Dutch (admin_dutch.py), and the second factor's app named in Dutch."""

from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as OTPTOTPConfig


class MkbAdminConfig(AdminConfig):
    default_site = "mkbroute.admin_site.MkbAdminSite"

    def ready(self):
        super().ready()
        from . import admin_dutch

        admin_dutch.apply()


class SecondFactorConfig(OTPTOTPConfig):
    """django_otp's authenticator apps, named in Dutch: django_otp has no Dutch texts and its
    model names are not translatable, so they are set here."""

    verbose_name = _("Tweede stap bij het inloggen")

    def ready(self):
        super().ready()
        device = self.get_model("TOTPDevice")
        # Only the displayed names: migrations read Meta as declared, so none is made.
        device._meta.verbose_name = _("authenticator-app")
        device._meta.verbose_name_plural = _("authenticator-apps")
