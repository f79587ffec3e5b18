"""The admin of authenticator apps in Dutch: django_otp writes its labels as plain English
strings that no translation reaches, so this admin says them in Dutch. It is django_otp's own
admin (otp_totp/admin.py) written again rather than subclassed: importing that module
registers the English one, and each model is registered once (mkbroute/admin.py)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_otp.conf import settings as otp_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from .lib.moments import local_time

LABELS = {
    "user": (_("medewerker"), _("Van wie deze authenticator-app is.")),
    "name": (_("naam"), _("Een naam die de medewerker herkent, zoals ‘telefoon’.")),
    "confirmed": (_("in gebruik"), _("Uit: inloggen met deze app kan niet.")),
    "key": (_("geheime sleutel"), _("Wordt bij het aanmaken gekozen; laat zoals hij is.")),
    "step": (_("stap (seconden)"), _("Hoe lang een code geldig is.")),
    "t0": (_("begintijd"), _("Unix-tijd waarop het tellen begint; meestal 0.")),
    "digits": (_("cijfers"), _("Hoeveel cijfers een code heeft.")),
    "tolerance": (_("speling"), _("Hoeveel stappen te vroeg of te laat een code nog mag.")),
    "drift": (_("afwijking"), _("Hoeveel stappen de klok van de telefoon afwijkt.")),
    "created_at": (_("aangemaakt"), ""),
    "last_used_at": (_("laatst gebruikt"), ""),
    "throttling_failure_timestamp": (_("laatste mislukte code"), ""),
    "throttling_failure_count": (_("mislukte codes op rij"), ""),
}
SECTIONS = {
    "Identity": _("Wie"),
    "Timestamps": _("Wanneer"),
    "Configuration": _("Instellingen"),
    "State": _("Toestand"),
    "Throttling": _("Blokkade na mislukte codes"),
}


class InUseFilter(admin.SimpleListFilter):
    title = _("in gebruik")
    parameter_name = "in_gebruik"

    def lookups(self, request, model_admin):
        return [("ja", _("Ja")), ("nee", _("Nee"))]

    def queryset(self, request, queryset):
        if self.value() in ("ja", "nee"):
            return queryset.filter(confirmed=self.value() == "ja")
        return queryset


def hide_secrets():
    """OTP_ADMIN_HIDE_SENSITIVE_DATA: no key and no QR code once a device exists."""
    return otp_settings.OTP_ADMIN_HIDE_SENSITIVE_DATA


class DutchTOTPDeviceAdmin(admin.ModelAdmin):
    list_filter = [InUseFilter]
    search_fields = ["user__username", "user__email"]
    search_help_text = _("Zoek op gebruikersnaam of e-mailadres van de medewerker.")
    raw_id_fields = ["user"]
    # The moments are shown through methods of our own, which carry Dutch names.
    readonly_fields = ["created", "last_used", "qrcode_link"]
    radio_fields = {"digits": admin.HORIZONTAL}
    list_select_related = ["user"]

    def get_list_display(self, request):
        columns = ["owner", "device_name", "created", "last_used", "in_use"]
        return columns if hide_secrets() else [*columns, "qrcode_link"]

    def get_fieldsets(self, request, obj=None):
        secret = [] if hide_secrets() and obj else ["key"]
        fieldsets = [
            (SECTIONS["Identity"], {"fields": ["user", "name", "confirmed"]}),
            (SECTIONS["Timestamps"], {"fields": ["created", "last_used"]}),
            (SECTIONS["Configuration"], {"fields": [*secret, "step", "t0", "digits", "tolerance"]}),
            (SECTIONS["State"], {"fields": ["drift"]}),
            (
                SECTIONS["Throttling"],
                {"fields": ["throttling_failure_timestamp", "throttling_failure_count"]},
            ),
        ]
        if obj and not hide_secrets():
            fieldsets.append((None, {"fields": ["qrcode_link"]}))
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        for name, field in form.base_fields.items():
            if name in LABELS:
                label, help_text = LABELS[name]
                field.label, field.help_text = capfirst(label), help_text
        return form

    @admin.display(description=LABELS["user"][0], ordering="user__username")
    def owner(self, device):
        return device.user

    @admin.display(description=LABELS["name"][0], ordering="name")
    def device_name(self, device):
        return device.name

    @admin.display(description=LABELS["created_at"][0], ordering="created_at")
    def created(self, device):
        return local_time(device.created_at)

    @admin.display(description=LABELS["last_used_at"][0], ordering="last_used_at")
    def last_used(self, device):
        return local_time(device.last_used_at)

    @admin.display(description=LABELS["confirmed"][0], boolean=True, ordering="confirmed")
    def in_use(self, device):
        return device.confirmed

    @admin.display(description=_("QR-code"))
    def qrcode_link(self, device):
        if device.pk is None:
            return ""
        href = reverse("admin:otp_totp_totpdevice_config", kwargs={"pk": device.pk})
        return format_html('<a href="{}">{}</a>', href, _("QR-code tonen"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/config/",
                self.admin_site.admin_view(self.config_view),
                name="otp_totp_totpdevice_config",
            ),
            path(
                "<int:pk>/qrcode/",
                self.admin_site.admin_view(self.qrcode_view),
                name="otp_totp_totpdevice_qrcode",
            ),
            *super().get_urls(),
        ]

    def shown_device(self, request, pk):
        device = get_object_or_404(TOTPDevice, pk=pk)
        if hide_secrets() or not self.has_view_or_change_permission(request, device):
            raise PermissionDenied
        return device

    def config_view(self, request, pk):
        device = self.shown_device(request, pk)
        context = {**self.admin_site.each_context(request), "device": device}
        return TemplateResponse(request, "otp_totp/admin/config.html", context)

    def qrcode_view(self, request, pk):
        device = self.shown_device(request, pk)
        response = HttpResponse(content_type="image/svg+xml")
        write_qrcode_image(device.config_url, response)
        return response
