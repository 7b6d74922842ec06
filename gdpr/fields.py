"""Choices of a processing activity in forms: a search select, since the register grows with
the journeys."""

from django import forms
from django.urls import reverse_lazy

from core.choices import SearchSelect


class ActivityChoiceField(forms.ModelChoiceField):
    widget = SearchSelect(options_url=reverse_lazy("gdpr:activity_choices"))
