from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Stakeholders")

    def ready(self):
        from core.notifications import register_kinds

        from . import comments, experience, health, notifications
        from . import map as journey_map

        journey_map.register()
        health.register()
        experience.register()
        comments.register()
        register_kinds(notifications.KINDS)
