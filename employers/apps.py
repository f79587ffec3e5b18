from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "employers"
    verbose_name = _("Werkgevers en werkplekken")

    def ready(self):
        # The apps below this one know nothing of werkplekken: their pages offer places where
        # this app adds what it knows, and their privacy duties name this app's people too.
        from leads import privacy
        from mkbroute import slots

        from . import panels
        from .privacy import CONTACT_PERSONS

        slots.register("leads.thanks", panels.fitting_places)
        slots.register("leads.results", panels.places_per_region)
        slots.register("admin.tasks", panels.admin_tasks)
        privacy.register_holder(CONTACT_PERSONS)
