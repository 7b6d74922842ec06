from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Stakeholders")

    def ready(self):
        from core.notifications import register_kinds

        from . import comments, experience, health, notifications, standards
        from . import map as journey_map

        journey_map.register()
        health.register()
        experience.register()
        comments.register()
        standards.register()
        register_kinds(notifications.KINDS)
