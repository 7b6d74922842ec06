"""Choices of stages and touchpoints across journeys: each names its journey, since stage
codes and names repeat from one journey to the next ("Car rental — H. Car return")."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.api.filters import IdChoiceField, IdChoiceFilter
from core.choices import SearchSelect, SearchSelectMultiple

from . import selectors


def stage_label(stage) -> str:
    """The stage named with its journey (the stage's journey must be loaded with it)."""
    return f"{stage.journey.name} — {stage}"


def touchpoint_label(touchpoint) -> str:
    """The touchpoint named with its journey and its stage's code."""
    return f"{touchpoint.stage.journey.name} — {touchpoint.stage.code}. {touchpoint.name}"


JOURNEY_CHOICES_URL = reverse_lazy("journeys:journey_choices")
STAGE_CHOICES_URL = reverse_lazy("journeys:stage_choices")
TOUCHPOINT_CHOICES_URL = reverse_lazy("journeys:touchpoint_choices")


class JourneyChoiceField(forms.ModelChoiceField):
    """A form's choice of one journey among all."""

    widget = SearchSelect(options_url=JOURNEY_CHOICES_URL)


class JourneysChoiceField(forms.ModelMultipleChoiceField):
    """A form's choice of journeys among all."""

    widget = SearchSelectMultiple(options_url=JOURNEY_CHOICES_URL, attrs={"size": 6})


class StageChoiceField(forms.ModelChoiceField):
    """A form's choice of one stage of any journey."""

    widget = SearchSelect(options_url=STAGE_CHOICES_URL)

    def label_from_instance(self, obj):
        return stage_label(obj)


class TouchpointChoiceField(forms.ModelChoiceField):
    """A form's choice of one touchpoint of any journey."""

    widget = SearchSelect(options_url=TOUCHPOINT_CHOICES_URL)

    def label_from_instance(self, obj):
        return touchpoint_label(obj)


class StagesChoiceField(forms.ModelMultipleChoiceField):
    """A form's choice of stages of any journeys."""

    widget = SearchSelectMultiple(options_url=STAGE_CHOICES_URL, attrs={"size": 8})

    def label_from_instance(self, obj):
        return stage_label(obj)


class TouchpointsChoiceField(forms.ModelMultipleChoiceField):
    """A form's choice of touchpoints of any journeys."""

    widget = SearchSelectMultiple(options_url=TOUCHPOINT_CHOICES_URL, attrs={"size": 6})

    def label_from_instance(self, obj):
        return touchpoint_label(obj)


class StageIdChoiceField(IdChoiceField):
    widget = SearchSelect(options_url=STAGE_CHOICES_URL)

    def label_from_instance(self, obj):
        return stage_label(obj)


class StageFilter(IdChoiceFilter):
    """A filter on a stage of any journey (a select on pages, an id in the API)."""

    field_class = StageIdChoiceField

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Stage"))
        kwargs.setdefault("empty_label", _("All stages"))
        kwargs.setdefault("queryset", selectors.stage_options())
        super().__init__(**kwargs)
