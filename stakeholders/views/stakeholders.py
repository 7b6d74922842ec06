"""The stakeholder list and page, the stakeholder map of a journey, and the alignment view."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.choices import search_choices_response
from core.pagination import page_of

from .. import forms, selectors, services
from ..filters import StakeholderFilterSet
from ..forms import StakeholderForm
from ..models import SLAObjective, Stakeholder

STAKEHOLDERS_PER_PAGE = 20


@permission_required("stakeholders.view_stakeholder", raise_exception=True)
def stakeholder_list(request):
    filterset = StakeholderFilterSet(request.GET or None, queryset=Stakeholder.objects.none())
    page, query = page_of(
        request, selectors.stakeholder_list(filters=request.GET), per_page=STAKEHOLDERS_PER_PAGE
    )
    context = {
        "filter_form": filterset.form,
        "page": page,
        "query": query,
        "filtered": any(request.GET.get(name) for name in StakeholderFilterSet.base_filters),
        # Its own ids: the filter form above has fields of the same names.
        "form": StakeholderForm(auto_id="new_%s")
        if request.user.has_perm("stakeholders.add_stakeholder")
        else None,
    }
    return render(request, "stakeholders/stakeholder_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("stakeholders.add_stakeholder", raise_exception=True)
def stakeholder_create(request):
    form = StakeholderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        stakeholder = services.stakeholder_create(**form.cleaned_data)
        messages.success(request, _("Stakeholder “%(name)s” created.") % {"name": stakeholder.name})
        return redirect("stakeholders:stakeholder_detail", stakeholder_id=stakeholder.pk)
    return render(
        request,
        "stakeholders/stakeholder_form.html",
        {"form": form, "stakeholder": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("stakeholders.change_stakeholder", raise_exception=True)
def stakeholder_update(request, stakeholder_id):
    stakeholder = get_object_or_404(Stakeholder, pk=stakeholder_id)
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholder_update(stakeholder=stakeholder, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Stakeholder “%(name)s” saved.") % {"name": stakeholder.name}
            )
            return redirect("stakeholders:stakeholder_detail", stakeholder_id=stakeholder.pk)
    return render(
        request,
        "stakeholders/stakeholder_form.html",
        {"form": form, "stakeholder": stakeholder},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("stakeholders.delete_stakeholder", raise_exception=True)
def stakeholder_delete(request, stakeholder_id):
    stakeholder = get_object_or_404(Stakeholder, pk=stakeholder_id)
    if request.method == "POST":
        name = stakeholder.name
        services.stakeholder_delete(stakeholder=stakeholder)
        messages.success(request, _("Stakeholder “%(name)s” deleted.") % {"name": name})
        return redirect("stakeholders:index")
    return render(
        request, "stakeholders/stakeholder_confirm_delete.html", {"stakeholder": stakeholder}
    )


# The SLA history chart: one bar per measured period, its height the value against the
# largest of the values and the target; the target is a horizontal line.
CHART_BAR = 24
CHART_GAP = 6
CHART_HEIGHT = 80


@dataclass
class ObjectiveChart:
    objective: SLAObjective
    width: int
    height: int
    target_y: float
    bars: list[dict]
    breaches: int


def _objective_chart(objective: SLAObjective) -> ObjectiveChart:
    measurements = list(objective.measurements.all())
    top = max([objective.target, *(m.value for m in measurements)]) or 1
    bars = []
    for index, measurement in enumerate(measurements):
        height = float(measurement.value / top) * CHART_HEIGHT
        bars.append(
            {
                "x": index * (CHART_BAR + CHART_GAP),
                "y": CHART_HEIGHT - height,
                "height": max(height, 1),
                "measurement": measurement,
            }
        )
    return ObjectiveChart(
        objective=objective,
        width=max(len(measurements), 1) * (CHART_BAR + CHART_GAP),
        height=CHART_HEIGHT,
        target_y=CHART_HEIGHT - float(objective.target / top) * CHART_HEIGHT,
        bars=bars,
        breaches=sum(1 for m in measurements if not m.met),
    )


def detail_context(request, stakeholder_id: int) -> dict:
    """What the stakeholder's page shows; its sections are refreshed from it after an edit."""
    may_see_interviews = request.user.has_perm("stakeholders.view_interview")
    stakeholder = selectors.stakeholder_detail(
        stakeholder_id=stakeholder_id,
        with_interviews_of=request.user if may_see_interviews else None,
    )
    journeys: dict[int, dict] = {}
    for involvement in stakeholder.involvements.all():
        journey = involvement.stage.journey
        journeys.setdefault(journey.pk, {"journey": journey, "involvements": []})[
            "involvements"
        ].append(involvement)
    slas = [
        {"sla": sla, "charts": [_objective_chart(objective) for objective in sla.objectives.all()]}
        for sla in stakeholder.slas.all()
    ]
    return {
        "stakeholder": stakeholder,
        "journeys": list(journeys.values()),
        "slas": slas,
        "chart_bar": CHART_BAR,
        "interviews": list(stakeholder.interviews.all()) if may_see_interviews else None,
    }


@permission_required("stakeholders.view_stakeholder", raise_exception=True)
def stakeholder_detail(request, stakeholder_id):
    return render(
        request, "stakeholders/stakeholder_detail.html", detail_context(request, stakeholder_id)
    )


@permission_required("stakeholders.view_stakeholder", raise_exception=True)
def stakeholder_map(request, journey_id):
    stakeholder_map = selectors.stakeholder_map_for_journey(journey_id=journey_id)
    return render(request, "stakeholders/stakeholder_map.html", {"map": stakeholder_map})


@permission_required("stakeholders.view_kpi", raise_exception=True)
def alignment(request):
    """Per journey, the KPIs and incentives of each stage's stakeholders beside the stage's
    customer scores, the dissonant ones flagged."""
    form = forms.AlignmentForm(request.GET)
    journey = form.chosen_journey()  # an unknown journey falls back to the first one
    context = {
        "form": form,
        "alignment": selectors.journey_alignment(
            journey=journey, dissonant_only=form.cleaned_data.get("dissonant_only", False)
        )
        if journey is not None
        else None,
    }
    return render(request, "stakeholders/alignment.html", context)


@require_GET
@permission_required("stakeholders.view_stakeholder", raise_exception=True)
def stakeholder_choices(request):
    """The options of a search select of a stakeholder (fields.StakeholderChoiceField);
    `?kind=external` for the subcontractors only."""
    stakeholders = Stakeholder.objects.order_by("name", "id")
    if request.GET.get("kind") in Stakeholder.Kind.values:
        stakeholders = stakeholders.filter(kind=request.GET["kind"])
    return search_choices_response(
        request,
        queryset=stakeholders,
        label=str,
        lookups=["name", "organisation", "title"],
    )
