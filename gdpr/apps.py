from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class GdprConfig(AppConfig):
    name = "gdpr"
    verbose_name = _("Data register")

    def ready(self):
        from core.notifications import register_kinds
        from journeys.models import Journey, Stage, Touchpoint

        from . import comments, health, notifications, selectors, services
        from .models import DataItem, ProcessingActivity, Processor

        register_kinds(notifications.KINDS)
        health.register()
        comments.register()

        changed = selectors.REGISTER.changed
        for model in (DataItem, ProcessingActivity, Processor, Journey, Stage, Touchpoint):
            uid = f"gdpr.register.{model.__name__}"
            post_save.connect(changed, sender=model, dispatch_uid=uid)
            post_delete.connect(changed, sender=model, dispatch_uid=uid)
        m2m_changed.connect(
            changed, sender=ProcessingActivity.journeys.through, dispatch_uid="gdpr.register.m2m"
        )

        post_migrate.connect(
            services.requirements_sync, sender=self, dispatch_uid="gdpr.requirements.sync"
        )
