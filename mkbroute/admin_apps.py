"""The admin app, with our own site: throttled logins and a second factor for admissions."""

from django.contrib.admin.apps import AdminConfig


class MkbAdminConfig(AdminConfig):
    default_site = "mkbroute.admin_site.MkbAdminSite"
