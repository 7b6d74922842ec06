from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback")

    def ready(self):
        from core import events

        from . import map as journey_map
        from .services import verbatims

        journey_map.register()
        events.register("case.opened", verbatims.case_opened)
