from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Leads")

    def ready(self):
        # After every migrate (a deploy, a test database) the roles match the code.
        from mkbroute.roles import sync_roles

        post_migrate.connect(sync_roles, sender=self, dispatch_uid="sync-roles")
