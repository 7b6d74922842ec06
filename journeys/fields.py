"""Choices of stages and touchpoints across journeys: each names its journey, since stage
codes and names repeat from one journey to the next ("Car rental — H. Car return")."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.choices import SearchChoiceFilter, SearchSelect, SearchSelectMultiple

from . import selectors


def stage_label(stage) -> str:
    """The stage named with its journey (the stage's journey must be loaded with it)."""
    return f"{stage.journey.name} — {stage}"


def touchpoint_label(touchpoint) -> str:
    """The touchpoint named with its journey and its stage's code."""
    return f"{touchpoint.stage.journey.name} — {touchpoint.stage.code}. {touchpoint.name}"


JOURNEY_CHOICES_URL = reverse_lazy("journeys:journey_choices")
PERSONA_CHOICES_URL = reverse_lazy("journeys:persona_choices")
STAGE_CHOICES_URL = reverse_lazy("journeys:stage_choices")
TOUCHPOINT_CHOICES_URL = reverse_lazy("journeys:touchpoint_choices")


class JourneyChoiceField(forms.ModelChoiceField):
    """A form's choice of one journey among all."""

    widget = SearchSelect(options_url=JOURNEY_CHOICES_URL)


class JourneysChoiceField(forms.ModelMultipleChoiceField):
    """A form's choice of journeys among all."""

    widget = SearchSelectMultiple(options_url=JOURNEY_CHOICES_URL, attrs={"size": 6})


class JourneyPickForm(forms.Form):
    """A page's choice of the journey it shows: the one asked for, else the first by name."""

    journey = JourneyChoiceField(
        label=_("Journey"),
        queryset=selectors.journey_options(),
        required=False,
        empty_label=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Picking a journey shows it (static/js/app.js); the button stays for keyboards.
        self.fields["journey"].widget.attrs["class"] = "js-autosubmit"

    def chosen_journey(self):
        """The journey to show, or None when there is none; the select shows it chosen."""
        self.is_valid()
        journey = self.cleaned_data.get("journey")
        if journey is None:
            journey = selectors.journey_options().first()
            if journey is not None:
                self.data = self.data.copy()
                self.data["journey"] = journey.pk
        return journey


class PersonaChoiceField(forms.ModelChoiceField):
    """A journey's choice of its persona."""

    widget = SearchSelect(options_url=PERSONA_CHOICES_URL)


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


class JourneyFilter(SearchChoiceFilter):
    options_url = JOURNEY_CHOICES_URL
    default_label = _("Journey")
    default_empty_label = _("All journeys")

    def rows(self):
        return selectors.journey_options()


class StageFilter(SearchChoiceFilter):
    """A filter on a stage of any journey."""

    options_url = STAGE_CHOICES_URL
    default_label = _("Stage")
    default_empty_label = _("All stages")
    label_from_instance = staticmethod(stage_label)

    def rows(self):
        return selectors.stage_options()
