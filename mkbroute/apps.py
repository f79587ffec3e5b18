from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save


class MkbrouteConfig(AppConfig):
    name = "mkbroute"

    def ready(self):
        # A signal is the one place that sees every edit (admin, load_demo, shell), so
        # cached pages can never outlive the content they show.
        from django_tasks.signals import task_started

        from .lib.content import content_changed, forget_version

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid=f"page-cache-{signal}")
        # Each task the worker runs sees the latest edit, as each request does.
        task_started.connect(forget_version, dispatch_uid="content-version-per-task")

        # After every migrate (a deploy, a test database, a flush) the roles match the code.
        from .roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="sync-roles")
        post_migrate.connect(create_cache_table, dispatch_uid="create-cache-table")

        from . import checks  # noqa: F401  (registers the deploy checks)


def create_cache_table(sender, using="default", **kwargs):
    """The database cache's table comes with migrate: nothing to remember on a deploy."""
    from django.core.management import call_command

    if sender.label == "auth":  # once per migrate; auth migrates on every install
        call_command("createcachetable", database=using, verbosity=0)
