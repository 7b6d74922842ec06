"""The cross matrix and the comparison page."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from core import charts

from .. import selectors
from .map import CURVE_COLUMN, CURVE_HEIGHT, CURVE_SCALE

# Room under the plot for the stage codes.
LABELS_HEIGHT = 20


@permission_required("journeys.view_journey", raise_exception=True)
def journey_matrix(request, journey_id):
    journey, acted_on = selectors.journey_matrix_get(journey_id=journey_id)
    context = {
        "journey": journey,
        "rows": selectors.journey_matrix(journey=journey),
        "acted_on": acted_on,
    }
    return render(request, "journeys/journey_matrix.html", context)


@permission_required("journeys.view_journey", raise_exception=True)
def journey_compare(request, journey_id, other_id):
    before = selectors.journey_comparison_get(journey_id=journey_id)
    after = selectors.journey_comparison_get(journey_id=other_id)
    differences = selectors.journey_compare(before=before, after=after)
    context = {
        "before": before,
        "after": after,
        "differences": differences,
        "curves": _compared_curves(selectors.compared_scores(differences=differences)),
        "summary": {
            status: sum(1 for difference in differences if difference.status == status)
            for status in ("added", "removed", "changed", "same")
        },
    }
    return render(request, "journeys/journey_compare.html", context)


def _compared_curves(scores: selectors.ComparedScores) -> dict:
    """SVG coordinates for both emotion curves on one chart, a column per stage code."""
    before = charts.plot(scores.before, scale=CURVE_SCALE, column=CURVE_COLUMN)
    after = charts.plot(scores.after, scale=CURVE_SCALE, column=CURVE_COLUMN)
    return {
        "width": before.width,
        "height": charts.number(CURVE_HEIGHT + LABELS_HEIGHT),
        "neutral_y": charts.number(CURVE_SCALE.position(0)),
        "label_y": charts.number(CURVE_HEIGHT + LABELS_HEIGHT - 5),
        "before": before,
        "after": after,
        "codes": list(zip(before.columns, scores.codes, strict=True)),
        "ticks": [(f"{value:+g}" if value else "0", y) for value, y in CURVE_SCALE.ticks(1)],
        "drawn": bool(before.dots or after.dots),
    }
