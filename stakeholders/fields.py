"""Choices of a stakeholder in forms: a search select, since an organisation has thousands."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.choices import SearchChoiceFilter, SearchSelect

from .models import Stakeholder

STAKEHOLDER_CHOICES_URL = reverse_lazy("stakeholders:stakeholder_choices")


class StakeholderChoiceField(forms.ModelChoiceField):
    """A choice of one stakeholder among all."""

    widget = SearchSelect(options_url=STAKEHOLDER_CHOICES_URL)


class ExternalStakeholderChoiceField(forms.ModelChoiceField):
    """A choice of one subcontractor among all."""

    widget = SearchSelect(
        options_url=STAKEHOLDER_CHOICES_URL, filters={"kind": Stakeholder.Kind.EXTERNAL}
    )


class StakeholderFilter(SearchChoiceFilter):
    options_url = STAKEHOLDER_CHOICES_URL
    default_label = _("Stakeholder")
    default_empty_label = _("Every stakeholder")

    def rows(self):
        return Stakeholder.objects.order_by("name", "id")
