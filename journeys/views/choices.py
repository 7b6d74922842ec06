"""The options of the search selects of a journey, a persona, a stage or a touchpoint
(journeys.fields), for the forms and filters of every app."""

from django.contrib.auth.decorators import permission_required
from django.views.decorators.http import require_GET

from core.choices import search_choices_response

from .. import selectors
from ..fields import stage_label, touchpoint_label


@require_GET
@permission_required("journeys.view_journey", raise_exception=True)
def journey_choices(request):
    return search_choices_response(
        request, queryset=selectors.journey_options(), label=str, lookups=["name"]
    )


@require_GET
@permission_required("journeys.view_persona", raise_exception=True)
def persona_choices(request):
    return search_choices_response(
        request,
        queryset=selectors.persona_options(),
        label=str,
        lookups=["name", "description"],
    )


@require_GET
@permission_required("journeys.view_journey", raise_exception=True)
def stage_choices(request):
    return search_choices_response(
        request,
        queryset=selectors.stage_options(),
        label=stage_label,
        lookups=["journey__name", "code", "name"],
    )


@require_GET
@permission_required("journeys.view_journey", raise_exception=True)
def touchpoint_choices(request):
    return search_choices_response(
        request,
        queryset=selectors.touchpoint_options(),
        label=touchpoint_label,
        lookups=["stage__journey__name", "stage__code", "stage__name", "name"],
    )
