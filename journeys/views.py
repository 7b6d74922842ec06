from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .filters import JourneyFilterSet
from .forms import JourneyDuplicateForm, JourneyForm
from .models import Journey, Observation, Stage, Touchpoint
from .selectors import EmotionPoint

JOURNEYS_PER_PAGE = 20


@permission_required("journeys.view_journey", raise_exception=True)
def journey_list(request):
    filterset = JourneyFilterSet(request.GET or None, queryset=Journey.objects.none())
    journeys = selectors.journey_list(filters=request.GET)
    page = Paginator(journeys, JOURNEYS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter_form": filterset.form,
        "page": page,
        "query": query.urlencode(),
        "filtered": any(request.GET.get(name) for name in JourneyFilterSet.base_filters),
        "form": JourneyForm(initial={"owner": request.user})
        if request.user.has_perm("journeys.add_journey")
        else None,
    }
    return render(request, "journeys/journey_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("journeys.add_journey", raise_exception=True)
def journey_create(request):
    form = JourneyForm(request.POST or None, initial={"owner": request.user})
    if request.method == "POST" and form.is_valid():
        journey = services.journey_create(**form.cleaned_data)
        messages.success(request, _("Journey “%(name)s” created.") % {"name": journey.name})
        return redirect("journeys:journey_map", journey_id=journey.pk)
    return render(
        request,
        "journeys/journey_form.html",
        {"form": form, "journey": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.change_journey", raise_exception=True)
def journey_update(request, journey_id):
    journey = get_object_or_404(Journey, pk=journey_id)
    form = JourneyForm(request.POST or None, instance=journey)
    if request.method == "POST" and form.is_valid():
        services.journey_update(journey=journey, data=form.cleaned_data)
        messages.success(request, _("Journey “%(name)s” saved.") % {"name": journey.name})
        return redirect("journeys:journey_map", journey_id=journey.pk)
    return render(
        request,
        "journeys/journey_form.html",
        {"form": form, "journey": journey},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.delete_journey", raise_exception=True)
def journey_delete(request, journey_id):
    journey = get_object_or_404(Journey, pk=journey_id)
    if request.method == "POST":
        name = journey.name
        services.journey_delete(journey=journey)
        messages.success(request, _("Journey “%(name)s” deleted.") % {"name": name})
        return redirect("journeys:index")
    counts = {
        "stages": journey.stages.count(),
        "touchpoints": Touchpoint.objects.filter(stage__journey=journey).count(),
        "actions": journey.actions.count(),
    }
    return render(
        request, "journeys/journey_confirm_delete.html", {"journey": journey, "counts": counts}
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.add_journey", raise_exception=True)
def journey_duplicate(request, journey_id):
    journey = get_object_or_404(Journey, pk=journey_id)
    form = JourneyDuplicateForm(
        request.POST or None,
        initial={"name": _("%(name)s (to-be)") % {"name": journey.name}},
    )
    if request.method == "POST" and form.is_valid():
        copy = services.journey_duplicate(
            journey=journey,
            name=form.cleaned_data["name"],
            state=form.cleaned_data["state"],
            owner=request.user,
        )
        messages.success(request, _("Journey copied as “%(name)s”.") % {"name": copy.name})
        return redirect("journeys:journey_map", journey_id=copy.pk)
    return render(
        request,
        "journeys/journey_duplicate.html",
        {"form": form, "journey": journey},
        status=400 if form.errors else 200,
    )


@dataclass
class ChannelGroup:
    channel: str
    label: str
    touchpoints: list[Touchpoint] = field(default_factory=list)


@dataclass
class MapColumn:
    """One stage of the map, with its items sorted into the lanes the template draws."""

    stage: Stage
    front_stage: list[ChannelGroup]
    back_stage: list[ChannelGroup]
    customer_observations: list[Observation]
    employee_observations: list[Observation]
    actions: list
    moment_touchpoint_ids: set[int]


def _by_channel(touchpoints: list[Touchpoint]) -> list[ChannelGroup]:
    """Touchpoints grouped by channel, groups in the order of their first touchpoint."""
    groups: dict[str, ChannelGroup] = {}
    for touchpoint in touchpoints:
        group = groups.setdefault(
            touchpoint.channel,
            ChannelGroup(touchpoint.channel, touchpoint.get_channel_display()),
        )
        group.touchpoints.append(touchpoint)
    return list(groups.values())


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
        "source": points[0].source if points else "manual",
    }


@permission_required("journeys.view_journey", raise_exception=True)
def journey_map(request, journey_id):
    journey = selectors.journey_map_get(journey_id=journey_id)
    stages = list(journey.stages.all())
    actions = list(journey.actions.all())
    columns = []
    for stage in stages:
        touchpoints = list(stage.touchpoints.all())
        observations = list(stage.observations.all())
        columns.append(
            MapColumn(
                stage=stage,
                front_stage=_by_channel(
                    [tp for tp in touchpoints if tp.lane == Touchpoint.Lane.FRONT_STAGE]
                ),
                back_stage=_by_channel(
                    [tp for tp in touchpoints if tp.lane == Touchpoint.Lane.BACK_STAGE]
                ),
                customer_observations=[
                    o for o in observations if o.side == Observation.Side.CUSTOMER
                ],
                employee_observations=[
                    o for o in observations if o.side == Observation.Side.EMPLOYEE
                ],
                actions=[action for action in actions if action.stage_id == stage.pk],
                moment_touchpoint_ids={
                    moment.touchpoint_id for moment in stage.moments_of_truth.all()
                },
            )
        )
    context = {
        "journey": journey,
        "columns": columns,
        "journey_actions": [action for action in actions if action.stage_id is None],
        "curve": _emotion_curve_drawing(selectors.journey_emotion_curve(journey=journey)),
    }
    return render(request, "journeys/journey_map.html", context)
