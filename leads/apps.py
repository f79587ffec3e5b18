from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Leads")

    def ready(self):
        # Cached pages hold lead forms; each visitor needs a one-time form token of their own.
        from mkbroute.cache import per_visitor_field

        from .spam import new_token

        per_visitor_field("token", lambda request: new_token())

        # After every migrate (a deploy, a test database) the roles match the code.
        from mkbroute.roles import sync_roles

        post_migrate.connect(sync_roles, sender=self, dispatch_uid="sync-roles")
