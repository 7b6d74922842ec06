"""Choices of stages and touchpoints across journeys: each names its journey, since stage
codes and names repeat from one journey to the next ("Car rental — H. Car return")."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from core.api.filters import IdChoiceField, IdChoiceFilter, parse_id

from . import selectors


def stage_label(stage) -> str:
    """The stage named with its journey (the stage's journey must be loaded with it)."""
    return f"{stage.journey.name} — {stage}"


def touchpoint_label(touchpoint) -> str:
    """The touchpoint named with its journey and its stage's code."""
    return f"{touchpoint.stage.journey.name} — {touchpoint.stage.code}. {touchpoint.name}"


class StageChoiceField(forms.ModelChoiceField):
    """A form's choice of one stage of any journey."""

    def label_from_instance(self, obj):
        return stage_label(obj)


class TouchpointChoiceField(forms.ModelChoiceField):
    """A form's choice of one touchpoint of any journey."""

    def label_from_instance(self, obj):
        return touchpoint_label(obj)


# A select of every stage past this many would make each list page as heavy as the
# organisation is large (200 journeys: 2,400 options, 200 KB): the page lists then the stages
# of the journey filtered on, or of the stage chosen, only.
STAGE_CHOICES_SHOWN = 100


class BoundedChoiceIterator(ModelChoiceIterator):
    """The choices, none (but the empty one) when there are more than STAGE_CHOICES_SHOWN."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = list(self.queryset[: STAGE_CHOICES_SHOWN + 1])
        if len(rows) <= STAGE_CHOICES_SHOWN:
            for row in rows:
                yield self.choice(row)

    def __len__(self):
        return sum(1 for _choice in self)


class StageIdChoiceField(IdChoiceField):
    iterator = BoundedChoiceIterator

    def label_from_instance(self, obj):
        return stage_label(obj)


class StageFilter(IdChoiceFilter):
    """A filter on a stage of any journey (a select on pages, an id in the API). The select
    offers the stages of the journey filtered on (`journey`) or of the chosen stage's journey,
    and every stage only while there are at most STAGE_CHOICES_SHOWN."""

    field_class = StageIdChoiceField

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Stage"))
        kwargs.setdefault("empty_label", _("All stages"))
        kwargs.setdefault("queryset", selectors.stage_options())
        super().__init__(**kwargs)

    def get_queryset(self, request):
        stages = super().get_queryset(request)
        filterset = getattr(self, "parent", None)
        data = getattr(filterset, "data", None) or {}
        journey_id = _id_in(data.get("journey"))
        if journey_id is not None:
            return stages.filter(journey_id=journey_id)
        name = next((n for n, f in filterset.filters.items() if f is self), None) if data else None
        stage_id = _id_in(data.get(name)) if name else None
        if stage_id is not None:
            same_journey = stages.model.objects.filter(pk=stage_id).values("journey_id")
            return stages.filter(journey_id__in=same_journey)
        return stages


def _id_in(value) -> int | None:
    if not value:
        return None
    try:
        return parse_id(value)
    except ValidationError:
        return None
