from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "journeys"
    verbose_name = _("Journeys")

    def ready(self):
        from . import comments, extensions, health, selectors
        from .models import Action

        health.register()
        comments.register()
        extensions.register_action_measures((Action.Measure.STANDARD,), selectors.standard_measures)
