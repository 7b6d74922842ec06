"""A moment of truth's standard with its measurements, and the journey's improvement plan
with each action's before and after."""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from core.forms import add_service_errors

from .. import extensions, forms, selectors, services
from ..models import MomentOfTruth


@permission_required("journeys.view_standardmeasurement", raise_exception=True)
def moment_standard(request, journey_id, moment_id):
    """The standard of a moment with its last twelve periods; a CX manager records the
    company's own value of a period here (a fed standard takes its source's)."""
    moment = get_object_or_404(
        MomentOfTruth.objects.select_related("stage__journey", "touchpoint"),
        pk=moment_id,
        stage__journey_id=journey_id,
    )
    form = forms.StandardMeasurementForm()
    if request.method == "POST":
        if not request.user.has_perm("journeys.add_standardmeasurement"):
            raise PermissionDenied
        form = forms.StandardMeasurementForm(request.POST)
        if form.is_valid():
            try:
                services.standard_measurement_record(moment=moment, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("journeys:moment_standard", journey_id, moment.pk)
    status = selectors.standard_status(moment=moment)
    feeds = extensions.standard_feeds()
    feed_url = ""
    if feeds is not None and feeds.edit_url and request.user.has_perm(feeds.edit_permission):
        feed_url = feeds.edit_url(moment)
    context = {
        "journey": moment.stage.journey,
        "moment": moment,
        "status": status,
        "points": list(reversed(status.points)),
        "form": form,
        "feed_url": feed_url,
    }
    return render(
        request, "journeys/moment_standard.html", context, status=422 if form.errors else 200
    )


@require_GET
@permission_required("journeys.view_action", raise_exception=True)
def journey_plan(request, journey_id):
    """The plan: each action with its measure, baseline and after; done actions whose measure
    did not move are flagged."""
    journey = selectors.journey_get(journey_id=journey_id)
    rows = selectors.journey_plan(journey_id=journey.pk)
    for row in rows:
        row.choose_url = extensions.action_measure_page(action=row.action, user=request.user)
    context = {
        "journey": journey,
        "rows": rows,
        "not_moved": sum(1 for row in rows if row.not_moved),
    }
    return render(request, "journeys/journey_plan.html", context)
