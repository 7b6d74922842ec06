"""The journey's health panel: the gaps of its map, each with the page that fills it. The map
page loads it with htmx (it reads other apps' data, which the map's ETag does not follow);
without htmx it is a page of its own."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors


@require_GET
@permission_required("journeys.view_journey", raise_exception=True)
def journey_health(request, journey_id):
    journey = selectors.journey_get(journey_id=journey_id)
    context = {
        "journey": journey,
        "health": selectors.journey_health(journey=journey, user=request.user),
    }
    # On the map (htmx) the panel opens folded, its summary giving the score and the gaps.
    context["unfolded"] = not request.htmx
    template = "journeys/_health.html" if request.htmx else "journeys/journey_health.html"
    return render(request, template, context)
