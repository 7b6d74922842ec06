"""A journey's version history: the timeline, the diff between two points drawn as the map,
restoring an earlier version, and named snapshots."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..forms import JourneySnapshotForm
from ..models import Journey, JourneySnapshot


def _point(journey_id: int, token: str) -> selectors.Point:
    point = selectors.history_point(journey_id=journey_id, token=token)
    if point is None:
        raise Http404(_("No such point in this journey's history."))
    return point


@require_GET
@permission_required("journeys.view_journey", raise_exception=True)
def journey_history(request, journey_id):
    """The timeline, newest first, grouped by edit; the snapshots to compare."""
    journey = get_object_or_404(Journey, pk=journey_id)
    page, groups = selectors.journey_timeline(
        journey_id=journey.pk, page_number=request.GET.get("page")
    )
    return render(
        request,
        "journeys/journey_history.html",
        {
            "journey": journey,
            "page": page,
            "groups": groups,
            "snapshots": selectors.snapshot_list(journey_id=journey.pk),
            "snapshot_form": JourneySnapshotForm(),
        },
    )


@require_GET
@permission_required("journeys.view_journey", raise_exception=True)
def journey_diff(request, journey_id):
    """The map between two points (`before`, `after`: a snapshot, a time or now) with what
    was added, removed, changed or moved."""
    journey = get_object_or_404(Journey, pk=journey_id)
    before = _point(journey.pk, request.GET.get("before", ""))
    after = _point(journey.pk, request.GET.get("after", "now"))
    diff = selectors.journey_diff(
        before=selectors.journey_state_at(journey_id=journey.pk, at=before.at),
        after=selectors.journey_state_at(journey_id=journey.pk, at=after.at),
    )
    return render(
        request,
        "journeys/journey_diff.html",
        {
            "journey": journey,
            "before": before,
            "after": after,
            "diff": diff,
            "snapshots": selectors.snapshot_list(journey_id=journey.pk),
        },
    )


@require_POST
@permission_required("journeys.change_journey", raise_exception=True)
def journey_restore(request, journey_id):
    """Restores the journey as it was at the posted point: new versions, nothing lost."""
    journey = get_object_or_404(Journey, pk=journey_id)
    point = _point(journey.pk, request.POST.get("at", ""))
    try:
        services.journey_restore(journey=journey, at=point.at)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("journeys:journey_history", journey_id=journey.pk)
    messages.success(
        request,
        _("The version of %(point)s is restored; the restore is in the history.")
        % {"point": point.snapshot.name if point.snapshot else point.display},
    )
    return redirect("journeys:journey_map", journey_id=journey.pk)


@require_POST
@permission_required("journeys.add_journeysnapshot", raise_exception=True)
def snapshot_create(request, journey_id):
    journey = get_object_or_404(Journey, pk=journey_id)
    form = JourneySnapshotForm(request.POST)
    if form.is_valid():
        snapshot = services.snapshot_create(
            journey=journey, name=form.cleaned_data["name"], taken_by=request.user
        )
        messages.success(request, _("Snapshot “%(name)s” taken.") % {"name": snapshot.name})
    else:
        messages.error(request, _("Give the snapshot a name."))
    return redirect("journeys:journey_history", journey_id=journey.pk)


@require_POST
@permission_required("journeys.delete_journeysnapshot", raise_exception=True)
def snapshot_delete(request, journey_id, snapshot_id):
    snapshot = get_object_or_404(JourneySnapshot, pk=snapshot_id, journey_id=journey_id)
    services.snapshot_delete(snapshot=snapshot)
    messages.success(request, _("Snapshot “%(name)s” deleted.") % {"name": snapshot.name})
    return redirect("journeys:journey_history", journey_id=journey_id)
