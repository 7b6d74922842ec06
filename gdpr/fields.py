"""Choices of a processing activity in forms and filters: a search select, since the register
grows with the journeys."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.api.filters import IdChoiceField, IdChoiceFilter
from core.choices import SearchSelect

from .models import ProcessingActivity

ACTIVITY_CHOICES_URL = reverse_lazy("gdpr:activity_choices")


class ActivityChoiceField(forms.ModelChoiceField):
    widget = SearchSelect(options_url=ACTIVITY_CHOICES_URL)


class ActivityIdChoiceField(IdChoiceField):
    widget = SearchSelect(options_url=ACTIVITY_CHOICES_URL)


class ActivityFilter(IdChoiceFilter):
    """A filter on a processing activity (a search select on pages, an id in the API)."""

    field_class = ActivityIdChoiceField

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Processing activity"))
        kwargs.setdefault("empty_label", _("All activities"))
        kwargs.setdefault("queryset", ProcessingActivity.objects.order_by("name", "id"))
        super().__init__(**kwargs)
