"""The admin of authenticator apps in Dutch: django_otp writes its labels as plain English
strings that no translation reaches, so the admin that shows them says them again in Dutch."""

from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

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


class DutchTOTPDeviceAdmin(TOTPDeviceAdmin):
    # The moments are shown through methods of our own, which carry Dutch names.
    readonly_fields = ["created", "last_used", "qrcode_link"]
    SHOWN_AS = {"created_at": "created", "last_used_at": "last_used"}

    def get_fieldsets(self, request, obj=None):
        return [
            (
                SECTIONS.get(name, name),
                {**options, "fields": [self.SHOWN_AS.get(f, f) for f in options["fields"]]},
            )
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        for name, field in form.base_fields.items():
            if name in LABELS:
                label, help_text = LABELS[name]
                field.label, field.help_text = capfirst(label), help_text
        return form

    list_filter = [InUseFilter]

    def get_list_display(self, request):
        columns = ["owner", "device_name", "created", "last_used", "in_use"]
        if "qrcode_link" in super().get_list_display(request):
            columns.append("qrcode_link")
        return columns

    @admin.display(description=LABELS["user"][0], ordering="user__username")
    def owner(self, device):
        return device.user

    @admin.display(description=LABELS["name"][0], ordering="name")
    def device_name(self, device):
        return device.name

    @admin.display(description=LABELS["created_at"][0], ordering="created_at")
    def created(self, device):
        return device.created_at

    @admin.display(description=LABELS["last_used_at"][0], ordering="last_used_at")
    def last_used(self, device):
        return device.last_used_at

    @admin.display(description=LABELS["confirmed"][0], boolean=True, ordering="confirmed")
    def in_use(self, device):
        return device.confirmed

    @admin.display(description=_("QR-code"))
    def qrcode_link(self, device):
        return super().qrcode_link(device)


def use_dutch_admin():
    """Swap django_otp's own admin for the Dutch one (called once the admin has loaded)."""
    if admin.site.is_registered(TOTPDevice):
        admin.site.unregister(TOTPDevice)
    admin.site.register(TOTPDevice, DutchTOTPDeviceAdmin)
