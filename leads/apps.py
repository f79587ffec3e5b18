from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Leads")

    def ready(self):
        # Cached pages hold lead forms; each visitor needs a one-time form token of their own.
        from mkbroute.lib.cache import per_visitor_field

        from .spam import new_token

        per_visitor_field("token", lambda request: new_token())

        # The experiments on persona pages plan their duration with the visits counted here.
        from personas.experiments import count_visits_with

        from .funnel_report import visits_per_day

        count_visits_with(visits_per_day)
