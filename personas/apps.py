from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonasConfig(AppConfig):
    name = "personas"
    verbose_name = _("Persona's en toon")

    def ready(self):
        # A persona page in an experiment reads differently per variant: cached apart.
        from mkbroute.cache import vary_on

        from .assignment import page_variant

        vary_on(page_variant)
