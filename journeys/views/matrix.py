"""The cross matrix (with linking and merging its observations) and the comparison page."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import charts
from core.forms import add_service_errors

from .. import forms, selectors, services
from ..models import Observation
from .map import CURVE_COLUMN, CURVE_HEIGHT, CURVE_SCALE

# Room under the plot for the stage codes.
LABELS_HEIGHT = 20


@permission_required("journeys.view_journey", raise_exception=True)
def journey_matrix(request, journey_id):
    """The matrix as counts per stage and quadrant, each stage's pairs and observations in a
    section opened on demand."""
    journey, acted_on = selectors.journey_matrix_get(journey_id=journey_id)
    rows = selectors.journey_matrix(journey=journey)
    context = {
        "journey": journey,
        "rows": rows,
        "quadrants": list(selectors.QUADRANTS.values()),
        "totals": selectors.matrix_totals(rows),
        "observed": [row for row in rows if row.observations],
        "unobserved": [row.stage for row in rows if not row.observations],
        "acted_on": acted_on,
    }
    return render(request, "journeys/journey_matrix.html", context)


def _observation(journey_id: int, observation_id: int) -> Observation:
    return get_object_or_404(
        Observation.objects.select_related("stage__journey"),
        pk=observation_id,
        stage__journey_id=journey_id,
    )


def _to_matrix(journey_id: int, stage_id: int):
    return redirect(f"{reverse('journeys:journey_matrix', args=[journey_id])}#stage-{stage_id}")


@require_http_methods(["GET", "POST"])
@permission_required("journeys.change_observation", raise_exception=True)
def observation_links(request, journey_id, observation_id):
    """Which customer observations of its stage an employee observation explains."""
    observation = _observation(journey_id, observation_id)
    if observation.side != Observation.Side.EMPLOYEE:
        raise Http404
    form = forms.ObservationLinkForm(
        request.POST or None,
        observation=observation,
        initial={"explains": list(observation.explains.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.observation_link(
                observation=observation, explains=list(form.cleaned_data["explains"])
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Links saved: the matrix places the pairs."))
            return _to_matrix(journey_id, observation.stage_id)
    context = {"journey": observation.stage.journey, "observation": observation, "form": form}
    return render(
        request, "journeys/observation_links.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.delete_observation", raise_exception=True)
def observation_merge(request, journey_id, observation_id):
    """Near-duplicates merged into one observation, after a confirmation step that shows the
    combined text and what moves."""
    observation = _observation(journey_id, observation_id)
    form = forms.ObservationMergeForm(request.POST or None, observation=observation)
    preview = None
    if request.method == "POST" and form.is_valid():
        kept, merged = form.cleaned_data["kept"], form.cleaned_data["merged_away"]
        try:
            if "confirm" in request.POST:
                services.observation_merge(kept=kept, merged=merged)
                messages.success(request, _("Observations merged."))
                return _to_matrix(journey_id, observation.stage_id)
            preview = services.observation_merge_preview(kept=kept, merged=merged)
        except ValidationError as error:
            add_service_errors(form, error)
    context = {
        "journey": observation.stage.journey,
        "observation": observation,
        "form": form,
        "preview": preview,
    }
    return render(
        request, "journeys/observation_merge.html", context, status=400 if form.errors else 200
    )


@permission_required("journeys.view_journey", raise_exception=True)
def journey_compare(request, journey_id, other_id):
    comparison = selectors.journey_comparison(
        journey_id=journey_id, other_id=other_id, get=selectors.journey_comparison_get
    )
    context = {
        "before": comparison.before,
        "after": comparison.after,
        "differences": comparison.differences,
        "curves": _compared_curves(selectors.compared_scores(differences=comparison.differences)),
        "summary": comparison.summary,
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
