from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback")

    def ready(self):
        from core.notifications import register_kinds

        from . import comments, health, notifications
        from . import map as journey_map

        journey_map.register()
        health.register()
        comments.register()
        register_kinds(notifications.KINDS)
