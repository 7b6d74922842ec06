from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from journeys.models import Stage

from . import selectors, services
from .filters import StakeholderFilterSet
from .forms import InterviewAnswersForm, InterviewCreateForm, MeasurementForm, StakeholderForm
from .models import Interview, SLAObjective, Stakeholder

STAKEHOLDERS_PER_PAGE = 20
BREACHES_PER_PAGE = 50
INTERVIEWS_PER_PAGE = 20


def _page(request, queryset, per_page):
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@permission_required("stakeholders.view_stakeholder", raise_exception=True)
def stakeholder_list(request):
    filterset = StakeholderFilterSet(request.GET or None, queryset=Stakeholder.objects.none())
    page, query = _page(
        request, selectors.stakeholder_list(filters=request.GET), STAKEHOLDERS_PER_PAGE
    )
    context = {
        "filter_form": filterset.form,
        "page": page,
        "query": query,
        "filtered": any(request.GET.get(name) for name in StakeholderFilterSet.base_filters),
        "form": StakeholderForm()
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


@permission_required("stakeholders.view_stakeholder", raise_exception=True)
def stakeholder_detail(request, stakeholder_id):
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
    context = {
        "stakeholder": stakeholder,
        "journeys": list(journeys.values()),
        "slas": slas,
        "chart_bar": CHART_BAR,
        "interviews": list(stakeholder.interviews.all()) if may_see_interviews else None,
    }
    return render(request, "stakeholders/stakeholder_detail.html", context)


@permission_required("stakeholders.view_stakeholder", raise_exception=True)
def stakeholder_map(request, journey_id):
    stakeholder_map = selectors.stakeholder_map_for_journey(journey_id=journey_id)
    return render(request, "stakeholders/stakeholder_map.html", {"map": stakeholder_map})


@require_http_methods(["GET", "POST"])
@permission_required("stakeholders.add_slameasurement", raise_exception=True)
def measurement_create(request, stakeholder_id):
    stakeholder = get_object_or_404(Stakeholder, pk=stakeholder_id)
    form = MeasurementForm(request.POST or None, stakeholder=stakeholder)
    if request.method == "POST" and form.is_valid():
        try:
            measurement = services.measurement_record(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if measurement.met:
                messages.success(request, _("Measurement recorded: objective met."))
            else:
                messages.warning(request, _("Measurement recorded: objective breached."))
            return redirect("stakeholders:stakeholder_detail", stakeholder_id=stakeholder.pk)
    return render(
        request,
        "stakeholders/measurement_form.html",
        {"form": form, "stakeholder": stakeholder},
        status=400 if form.errors else 200,
    )


@permission_required("stakeholders.view_slameasurement", raise_exception=True)
def breach_list(request):
    page, query = _page(request, selectors.sla_breaches(), BREACHES_PER_PAGE)
    context = {
        "page": page,
        "query": query,
        "missing": list(selectors.objectives_missing_measurement()),
    }
    return render(request, "stakeholders/breach_list.html", context)


# Interviews: every lookup goes through interviews_for_user, so another interviewer's
# interview is a 404, exactly like one that does not exist.


def _interview(request, interview_id) -> Interview:
    return get_object_or_404(
        selectors.interviews_for_user(user=request.user).select_related(
            "stakeholder", "journey", "interviewer", "validated_by"
        ),
        pk=interview_id,
    )


@permission_required("stakeholders.view_interview", raise_exception=True)
def interview_list(request):
    page, query = _page(request, selectors.interview_list(user=request.user), INTERVIEWS_PER_PAGE)
    return render(request, "stakeholders/interview_list.html", {"page": page, "query": query})


@require_http_methods(["GET", "POST"])
@permission_required("stakeholders.add_interview", raise_exception=True)
def interview_create(request):
    form = InterviewCreateForm(
        request.POST or None,
        user=request.user,
        initial={"stakeholder": request.GET.get("stakeholder")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.setdefault("interviewer", request.user)
        interview = services.interview_create(**data)
        messages.success(request, _("Interview scheduled."))
        return redirect("stakeholders:interview_detail", interview_id=interview.pk)
    return render(
        request,
        "stakeholders/interview_create.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("stakeholders.view_interview", raise_exception=True)
def interview_detail(request, interview_id):
    interview = _interview(request, interview_id)
    stages = (
        list(Stage.objects.filter(journey_id=interview.journey_id).order_by("position"))
        if interview.journey_id
        else []
    )
    editable = interview.status == Interview.Status.DRAFT and request.user.has_perm(
        "stakeholders.change_interview"
    )
    form = InterviewAnswersForm(
        request.POST or None,
        stages=stages,
        initial=InterviewAnswersForm.initial_from(interview),
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                # The draft is kept even when the submission is refused.
                services.interview_save_draft(
                    interview=interview,
                    answers=form.answers(),
                    ease_of_satisfying=form.cleaned_data["ease_of_satisfying"],
                )
                if "submit" in request.POST:
                    services.interview_submit(interview=interview)
                    messages.success(request, _("Interview submitted."))
                else:
                    messages.success(request, _("Draft saved."))
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return redirect("stakeholders:interview_detail", interview_id=interview.pk)
    context = {
        "interview": interview,
        "form": form,
        "editable": editable,
        "may_validate": interview.status == Interview.Status.SUBMITTED
        and request.user.has_perm("stakeholders.change_stakeholder"),
    }
    return render(
        request,
        "stakeholders/interview_detail.html",
        context,
        status=400 if form.errors else 200,
    )


@require_POST
@permission_required("stakeholders.change_stakeholder", raise_exception=True)
def interview_validate(request, interview_id):
    interview = _interview(request, interview_id)
    try:
        services.interview_validate(interview=interview, validated_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Interview validated: its observations are on the journey."))
    return redirect("stakeholders:interview_detail", interview_id=interview.pk)
