"""The cross matrix and the comparison page."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from .. import selectors


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
    before = selectors.journey_compare_get(journey_id=journey_id)
    after = selectors.journey_compare_get(journey_id=other_id)
    differences = selectors.journey_compare(before=before, after=after)
    context = {
        "before": before,
        "after": after,
        "differences": differences,
        "summary": {
            status: sum(1 for difference in differences if difference.status == status)
            for status in ("added", "removed", "changed", "same")
        },
    }
    return render(request, "journeys/journey_compare.html", context)
