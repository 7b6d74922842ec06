from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GdprConfig(AppConfig):
    name = "gdpr"
    verbose_name = _("Data register")

    def ready(self):
        from core.notifications import register_kinds

        from . import comments, health, notifications, services

        register_kinds(notifications.KINDS)
        health.register()
        comments.register()

        post_migrate.connect(
            services.requirements_sync, sender=self, dispatch_uid="gdpr.requirements.sync"
        )
