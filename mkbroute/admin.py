"""The project's own admin registrations: the lead page, which combines apps (the werkplekken
that fit the person and their introductions: leads knows nothing of werkplekken), and
django_otp's authenticator apps in Dutch."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from employers import mails, matching
from employers.links import Reply
from employers.models import Introduction
from leads import admin as leads_admin
from leads.admin import status_label
from leads.models import Lead
from leads.outbox import field_of_mail

from .second_factor_admin import DutchTOTPDeviceAdmin

# Registered before django_otp's own admin module runs (see INSTALLED_APPS), which then leaves
# the model to this one.
admin.site.register(TOTPDevice, DutchTOTPDeviceAdmin)


@admin.register(Lead)
class LeadAdmin(leads_admin.LeadAdmin):
    readonly_fields = [*leads_admin.LeadAdmin.readonly_fields, "introductions", "fitting_places"]
    fields = [*leads_admin.LeadAdmin.fields, "introductions", "fitting_places"]

    @admin.display(description=_("kennismakingen"))
    def introductions(self, lead):
        found = Introduction.objects.filter(lead=lead).select_related("werkplek__employer")
        found = found.annotate(mail_status=field_of_mail(mails.introduction, "status"))
        rows = [(introduction, status_label(introduction.mail_status)) for introduction in found]
        return render_to_string("admin/leads/lead/introductions.html", {"introductions": rows})

    @admin.display(description=_("passende werkplekken"))
    def fitting_places(self, lead):
        submissions = lead.newest_first  # prefetched by the lead admin's queryset
        replies = Reply.objects.filter(submission__lead=lead).select_related("werkplek__employer")
        profile = matching.Profile.of(submissions)
        suggestions = matching.with_places(matching.suggest(profile))
        context = {
            "lead": lead,
            "area": profile.area,
            "replies": list(replies),
            "suggestions": suggestions,
            "radius": matching.RADIUS_KM,
        }
        return render_to_string("admin/leads/lead/fitting_places.html", context)
