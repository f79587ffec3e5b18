from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonasConfig(AppConfig):
    name = "personas"
    verbose_name = _("Persona's en toon")

    def ready(self):
        # Toned text fields on every app ask the tones which placeholders exist.
        from mkbroute.lib import tone_text

        from .models import known_placeholders

        tone_text.use_vocabulary(known_placeholders)

        # A persona page in an experiment reads differently per variant: cached apart.
        from mkbroute.lib.cache import vary_on

        from .assignment import page_variant

        vary_on(page_variant)
