"""The cross matrix (and its observations turned into actions) and the comparison page."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..models import Observation


@permission_required("journeys.view_journey", raise_exception=True)
def journey_matrix(request, journey_id):
    journey, acted_on = selectors.journey_matrix_get(journey_id=journey_id)
    context = {
        "journey": journey,
        "rows": selectors.journey_matrix(journey=journey),
        "acted_on": acted_on,
    }
    return render(request, "journeys/journey_matrix.html", context)


@require_POST
@permission_required("journeys.add_action", raise_exception=True)
def observation_to_action(request, journey_id, observation_id):
    observation = get_object_or_404(
        Observation.objects.select_related("stage"), pk=observation_id, stage__journey_id=journey_id
    )
    action, created = services.observation_to_action(observation=observation, owner=request.user)
    if created:
        messages.success(
            request, _("Action “%(title)s” added to the plan.") % {"title": action.title}
        )
    else:
        messages.info(
            request,
            _("This observation already has an action: “%(title)s”.") % {"title": action.title},
        )
    return redirect("journeys:journey_matrix", journey_id=journey_id)


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
