"""The journey map page, and the refreshed map body that every edit on it answers with."""

import functools
import hashlib
import itertools

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.utils.translation import get_language

from .. import extensions, selectors, services
from ..conditional import Validators
from ..selectors import EmotionPoint

# The emotion curve's drawing: one unit of width per stage, scores -2..+2 from bottom to top.
CURVE_COLUMN = 100
CURVE_HEIGHT = 100
CURVE_MARGIN = 10


def _curve_y(score: int) -> float:
    usable = CURVE_HEIGHT - 2 * CURVE_MARGIN
    return CURVE_MARGIN + (2 - score) * usable / 4


def _emotion_curve_drawing(points: list[EmotionPoint]) -> dict:
    """SVG coordinates for the curve; stages without a score break the line."""
    segments: list[list[tuple[float, float]]] = [[]]
    dots = []
    for index, point in enumerate(points):
        if point.score is None:
            if segments[-1]:
                segments.append([])
            continue
        x, y = index * CURVE_COLUMN + CURVE_COLUMN / 2, _curve_y(point.score)
        segments[-1].append((x, y))
        dots.append({"x": x, "y": y, "point": point})
    return {
        "width": max(len(points), 1) * CURVE_COLUMN,
        "height": CURVE_HEIGHT,
        "neutral_y": _curve_y(0),
        "polylines": [
            " ".join(f"{x:g},{y:g}" for x, y in segment) for segment in segments if segment
        ],
        "dots": dots,
        "survey_codes": [point.code for point in points if point.source == "survey"],
        "min_responses": settings.FEEDBACK_MIN_RESPONSES_FOR_SCORE,
    }


def map_context(request, journey_id: int, lanes: list | None = None) -> dict:
    """What the map body draws for the viewer (selectors.journey_map), with the curve's
    drawing and whether the stage codes run A, B, C… in order."""
    journey_map = selectors.journey_map(journey_id=journey_id, user=request.user, lanes=lanes)
    codes = [column.stage.code for column in journey_map.columns]
    return {
        "journey": journey_map.journey,
        "columns": journey_map.columns,
        "lanes": journey_map.lanes,
        "stage_count": len(codes),
        "codes_in_order": codes == list(itertools.islice(services.stage_codes(), len(codes))),
        "journey_actions": journey_map.journey_actions,
        "curve": _emotion_curve_drawing(journey_map.emotion_curve),
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
        "journeys/_item_controls.html",
        *(lane.template for lane in extensions.map_lanes()),
    ]
    sources = "".join(get_template(name).template.source for name in names)
    return hashlib.sha256(sources.encode()).hexdigest()


@permission_required("journeys.view_journey", raise_exception=True)
def journey_map(request, journey_id):
    """The map; a repeat view answers 304 (conditional GET) while nothing it shows changed:
    the journey and its items, the survey responses, the contributed lanes, the viewer."""
    freshness = selectors.journey_map_freshness(journey_id=journey_id)
    lanes = selectors.journey_map_lanes(journey_id=journey_id, user=request.user)
    validators = Validators(
        "map page",
        freshness.fingerprint,
        [lane.fingerprint for lane in lanes],
        request.user.pk,
        sorted(request.user.get_all_permissions()),
        get_language(),
        _map_templates_digest(),
        last_modified=freshness.last_modified,
    )
    if not_modified := validators.not_modified(request):
        return not_modified
    context = map_context(request, journey_id, lanes)
    context["relatives"] = selectors.journey_relatives(journey=context["journey"])
    return validators.apply(render(request, "journeys/journey_map.html", context))


def map_changed(request, journey_id: int):
    """The answer to an edit on the map: the refreshed map body for htmx, else the page."""
    if not request.htmx:
        return redirect("journeys:journey_map", journey_id=journey_id)
    return render(request, "journeys/_map_changed.html", map_context(request, journey_id))
