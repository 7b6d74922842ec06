"""Choices of a processing activity in forms and filters: a search select, since the register
grows with the journeys."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.choices import SearchChoiceFilter, SearchSelect

from .models import ProcessingActivity

ACTIVITY_CHOICES_URL = reverse_lazy("gdpr:activity_choices")


class ActivityChoiceField(forms.ModelChoiceField):
    widget = SearchSelect(options_url=ACTIVITY_CHOICES_URL)


class ActivityFilter(SearchChoiceFilter):
    options_url = ACTIVITY_CHOICES_URL
    default_label = _("Processing activity")
    default_empty_label = _("All activities")

    def rows(self):
        return ProcessingActivity.objects.order_by("name", "id")
