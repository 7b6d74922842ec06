"""The journey map page, and the refreshed map body that every edit on it answers with."""

import functools
import hashlib
import itertools

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import charts

from .. import extensions, forms, selectors, services
from ..conditional import Validators
from ..models import Action, MomentOfTruth, Observation
from ..selectors import EmotionPoint

# The emotion curve's drawing: one column per stage, scores -2..+2 from bottom to top.
CURVE_COLUMN = 100
CURVE_HEIGHT = 100
CURVE_SCALE = charts.Scale(low=-2, high=2, size=CURVE_HEIGHT, margin=10)


def _emotion_curve_drawing(points: list[EmotionPoint]) -> dict:
    """SVG coordinates for the curve; stages without a score break the line."""
    plot = charts.plot([point.score for point in points], scale=CURVE_SCALE, column=CURVE_COLUMN)
    return {
        "width": plot.width,
        "height": charts.number(CURVE_HEIGHT),
        "neutral_y": charts.number(CURVE_SCALE.position(0)),
        "polylines": plot.polylines,
        "dots": [{"x": dot.x, "y": dot.y, "point": points[dot.index]} for dot in plot.dots],
        "survey_codes": [point.code for point in points if point.source == "survey"],
        "min_responses": settings.FEEDBACK_MIN_RESPONSES_FOR_SCORE,
    }


def _comment_counts(request, journey_id: int) -> dict[str, int] | None:
    if not request.user.has_perm("core.view_comment"):
        return None
    return selectors.journey_comment_counts(journey_id=journey_id)


def map_context(
    request, journey_id: int, lanes: list | None = None, comment_counts: dict | None = None
) -> dict:
    """What the map body draws for the viewer (selectors.journey_map), with the curve's
    drawing, whether the stage codes run A, B, C… in order and the comments per item."""
    journey_map = selectors.journey_map(journey_id=journey_id, user=request.user, lanes=lanes)
    if comment_counts is None:
        comment_counts = _comment_counts(request, journey_id)
    return map_context_of(journey_map, comment_counts=comment_counts)


def map_context_of(journey_map: selectors.JourneyMap, comment_counts: dict | None = None) -> dict:
    """What the map body draws of `journey_map` (the page's, or a share link's, which shows
    no comments)."""
    codes = [column.stage.code for column in journey_map.columns]
    return {
        "journey": journey_map.journey,
        "columns": journey_map.columns,
        "lanes": journey_map.lanes,
        "stage_count": len(codes),
        "codes_in_order": codes == list(itertools.islice(services.stage_codes(), len(codes))),
        "journey_actions": journey_map.journey_actions,
        "buying_group": journey_map.buying_group,
        "curve": _emotion_curve_drawing(journey_map.emotion_curve),
        "comment_counts": comment_counts,
    }


@functools.cache
def _map_templates_digest() -> str:
    """Changes when a deployment changes what the map page looks like."""
    names = [
        "base.html",
        "journeys/journey_map.html",
        "journeys/_map_body.html",
        "journeys/_channel_groups.html",
        "journeys/_observations.html",
        "journeys/_actions.html",
        "journeys/_standard.html",
        "journeys/_item_controls.html",
        "journeys/_presentation.html",
        "core/comments/_count.html",
        "core/comments/_panel.html",
        "journeys/_buying_group_row.html",
        *(lane.template for lane in extensions.map_lanes() if lane.template),
    ]
    sources = "".join(get_template(name).template.source for name in names)
    return hashlib.sha256(sources.encode()).hexdigest()


def action_draft_for(request, journey_id: int) -> dict:
    """The action form's initial values for the observation named in the query string, or
    for the pair it makes with `employee`, an employee observation that explains it (404 when
    it is not one of the journey's, or does not explain it)."""
    observation = get_object_or_404(
        Observation.objects.select_related("stage__journey"),
        pk=_id(request.GET.get("observation")),
        stage__journey_id=journey_id,
    )
    employee = None
    if "employee" in request.GET:
        employee = get_object_or_404(
            Observation, pk=_id(request.GET.get("employee")), explains=observation
        )
    return selectors.action_draft(observation=observation, employee=employee)


def _id(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _action_editor(request, journey) -> dict:
    """The action form pre-filled from `?observation=`, opened in the map's editor (the cross
    matrix's "Turn into an action" lands here)."""
    form = forms.ActionForm(
        instance=Action(journey=journey), initial=action_draft_for(request, journey.pk)
    )
    return {
        "form": form,
        "title": _("Add an action"),
        "action_url": reverse("journeys:actions_create", args=[journey.pk]),
    }


def _moment_editor(request, journey) -> dict:
    """The moment of truth named by `?moment=` in the map's editor (the journey health
    panel's "Set the standard" lands here); 404 when it is not one of the journey's."""
    moment_id = request.GET.get("moment", "")
    moment = get_object_or_404(
        MomentOfTruth,
        pk=int(moment_id) if moment_id.isdigit() else 0,
        stage__journey_id=journey.pk,
    )
    return {
        "form": forms.MomentOfTruthForm(instance=moment),
        "title": _("Edit the moment of truth"),
        "action_url": reverse("journeys:moments-of-truth_update", args=[journey.pk, moment.pk]),
    }


# A query parameter that opens an editor on the map: who may use it, and the editor.
EDITORS = {
    "observation": ("journeys.add_action", _action_editor),
    "moment": ("journeys.change_momentoftruth", _moment_editor),
}


@permission_required("journeys.view_journey", raise_exception=True)
def journey_map(request, journey_id):
    """The map; a repeat view answers 304 (conditional GET) while nothing it shows changed:
    the journey and its items, the survey responses, the contributed lanes, the viewer."""
    for parameter, (permission, editor) in EDITORS.items():
        if parameter in request.GET and request.user.has_perm(permission):
            context = map_context(request, journey_id)
            context["relatives"] = selectors.journey_relatives(journey=context["journey"])
            context["editor"] = editor(request, context["journey"])
            return render(request, "journeys/journey_map.html", context)
    freshness = selectors.journey_map_freshness(journey_id=journey_id)
    lanes = selectors.journey_map_lanes(journey_id=journey_id, user=request.user)
    # Comments change neither the journey nor its items: their counts are part of the ETag.
    comment_counts = _comment_counts(request, journey_id)
    validators = Validators(
        "map page",
        freshness.fingerprint,
        [lane.fingerprint for lane in lanes],
        sorted((comment_counts or {}).items()),
        request.user.pk,
        sorted(request.user.get_all_permissions()),
        get_language(),
        _map_templates_digest(),
        # The standards' recent periods move with the date.
        timezone.localdate().isoformat(),
        last_modified=freshness.last_modified,
    )
    if not_modified := validators.not_modified(request):
        return not_modified
    context = map_context(request, journey_id, lanes, comment_counts)
    context["relatives"] = selectors.journey_relatives(journey=context["journey"])
    return validators.apply(render(request, "journeys/journey_map.html", context))


def map_changed(request, journey_id: int):
    """The answer to an edit on the map: the refreshed map body for htmx, else the page."""
    if not request.htmx:
        return redirect("journeys:journey_map", journey_id=journey_id)
    response = render(request, "journeys/_map_changed.html", map_context(request, journey_id))
    # The journey health panel reloads itself on it.
    response["HX-Trigger"] = "mapChanged"
    return response
