"""The cross matrix's writes: an employee observation linked to the customer observations it
explains, and near-duplicate observations of a stage merged into one."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.validators import TEXT_MAX_LENGTH

from .. import extensions
from ..models import Action, Observation
from .base import MERGED, english, record_history, touch_journeys


@transaction.atomic
def observation_link(*, observation: Observation, explains: list[Observation]) -> Observation:
    """Sets the customer observations an employee observation explains (all of them: an
    empty list removes every link). They must be customer observations of its stage."""
    if explains and observation.side != Observation.Side.EMPLOYEE:
        raise ValidationError(
            {"explains": _("Only an employee observation explains customer observations.")}
        )
    for other in explains:
        if other.side != Observation.Side.CUSTOMER or other.stage_id != observation.stage_id:
            raise ValidationError(
                {"explains": _("Choose customer observations of the same stage.")}
            )
    observation.explains.set(explains)
    touch_journeys(Q(stages=observation.stage_id))
    return observation


def _combined(kept: Observation, merged: list[Observation]) -> str:
    texts = [kept.description]
    for other in merged:
        if other.description.strip() not in (text.strip() for text in texts):
            texts.append(other.description)
    return "\n".join(texts)[:TEXT_MAX_LENGTH]


def observation_merge_preview(*, kept: Observation, merged: list[Observation]) -> dict:
    """What merging `merged` into `kept` gives, written nowhere: the combined text and
    severity, and the links and actions that move. Refuses what cannot be merged."""
    merged = [other for other in merged if other.pk != kept.pk]
    if not merged:
        raise ValidationError(_("Choose at least one other observation to merge."))
    for other in merged:
        if (other.stage_id, other.side, other.kind) != (kept.stage_id, kept.side, kept.kind):
            raise ValidationError(
                _("Only observations of the same stage, side and kind can be merged.")
            )
    ids = [other.pk for other in merged]
    return {
        "description": _combined(kept, merged),
        "severity": max([kept.severity, *(other.severity for other in merged)]),
        "links": Observation.explains.through.objects.filter(
            Q(from_observation_id__in=ids) | Q(to_observation_id__in=ids)
        ).count(),
        "actions": Action.objects.filter(observation_id__in=ids).count(),
    }


@transaction.atomic
def observation_merge(*, kept: Observation, merged: list[Observation]) -> Observation:
    """Merges near-duplicate observations of one stage into `kept`: its text gains theirs,
    it takes the highest severity, their links to the other side and their actions move to
    it (an action stays in the plan, unlinked, when `kept` already has one), the apps that
    point to observations move their rows too, then they are deleted."""
    preview = observation_merge_preview(kept=kept, merged=merged)
    merged = [other for other in merged if other.pk != kept.pk]
    ids = [other.pk for other in merged]
    kept.description = preview["description"]
    kept.severity = preview["severity"]
    kept.full_clean()
    kept._change_reason = english(MERGED)
    kept.save(update_fields=["description", "severity"])
    Link = Observation.explains.through
    explains = set(
        Link.objects.filter(from_observation_id__in=[kept.pk, *ids]).values_list(
            "to_observation_id", flat=True
        )
    )
    explained_by = set(
        Link.objects.filter(to_observation_id__in=[kept.pk, *ids]).values_list(
            "from_observation_id", flat=True
        )
    )
    kept.explains.set(explains - {kept.pk, *ids})
    kept.explained_by.set(explained_by - {kept.pk, *ids})
    moved = Action.objects.filter(observation_id__in=ids).order_by("priority", "id")
    relinked = list(moved.values_list("pk", flat=True))
    if not Action.objects.filter(observation=kept).exists():
        first = moved.first()
        if first is not None:
            # The link is freed before it moves: an observation has one action at most.
            Action.objects.filter(pk=first.pk).update(observation=None)
            Action.objects.filter(pk=first.pk).update(observation=kept)
    Action.objects.filter(observation_id__in=ids).update(observation=None)
    record_history(Action, relinked, reason=MERGED)
    extensions.observations_merged(kept_id=kept.pk, merged_ids=ids)
    Observation.objects.filter(pk__in=ids).delete()
    touch_journeys(Q(stages=kept.stage_id))
    return kept
