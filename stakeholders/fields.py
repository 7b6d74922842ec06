"""Choices of a stakeholder in forms: a search select, since an organisation has thousands."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.api.filters import IdChoiceField, IdChoiceFilter
from core.choices import SearchSelect

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


class StakeholderIdChoiceField(IdChoiceField):
    widget = SearchSelect(options_url=STAKEHOLDER_CHOICES_URL)


class StakeholderFilter(IdChoiceFilter):
    """A filter on a stakeholder (a search select on pages, an id in the API)."""

    field_class = StakeholderIdChoiceField

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Stakeholder"))
        kwargs.setdefault("empty_label", _("Every stakeholder"))
        kwargs.setdefault("queryset", Stakeholder.objects.order_by("name", "id"))
        super().__init__(**kwargs)
