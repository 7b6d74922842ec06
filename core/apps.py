from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Users and platform")

    def ready(self):
        from . import checks, roles  # noqa: F401 (checks registers itself)

        # Permissions of models added by later migrations only exist after post_migrate,
        # the way Django creates them itself; the role groups follow them here.
        post_migrate.connect(roles.sync_after_migrate, dispatch_uid="core.roles.sync")
