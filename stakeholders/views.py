from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from journeys.models import Stage

from . import forms, selectors, services
from .filters import BreachFilterSet, InterviewFilterSet, StakeholderFilterSet
from .forms import InterviewAnswersForm, InterviewCreateForm, MeasurementForm, StakeholderForm
from .models import (
    KPI,
    SLA,
    Incentive,
    Interview,
    Involvement,
    SLAObjective,
    Stakeholder,
)

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


def _detail_context(request, stakeholder_id: int) -> dict:
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
        request, "stakeholders/stakeholder_detail.html", _detail_context(request, stakeholder_id)
    )


# Involvements, KPIs, incentives, SLAs and objectives are edited on the stakeholder's page:
# with htmx, the form or the delete confirmation opens in the section's editor and a change
# answers with the page's refreshed sections; without it, the same URLs are whole pages.


def _add_service_errors(form, error: ValidationError) -> None:
    """Puts a service's validation errors on the form, under the field when it has one."""
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for name, messages_ in errors.items():
        field_name = name if name in form.fields else None
        for message in messages_:
            form.add_error(field_name, message)


@dataclass(frozen=True)
class StakeholderPart:
    """One kind of record of a stakeholder's page, with its form, services and wording."""

    slug: str
    model: type
    form_class: type
    section: str
    create: Callable
    update: Callable
    delete: Callable
    title_add: str
    title_edit: str
    question_delete: str
    consequence_delete: str = ""

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name

    @property
    def entity(self) -> str:
        return self.slug

    def get_item(self, stakeholder_id: int, item_id: int):
        owner = "sla__stakeholder_id" if self.model is SLAObjective else "stakeholder_id"
        return get_object_or_404(self.model, pk=item_id, **{owner: stakeholder_id})


STAKEHOLDER_PARTS = {
    part.slug: part
    for part in [
        StakeholderPart(
            "involvement",
            Involvement,
            forms.InvolvementForm,
            "involvements",
            services.involvement_create,
            services.involvement_update,
            services.involvement_delete,
            gettext_lazy("Place on a stage"),
            gettext_lazy("Edit the involvement"),
            gettext_lazy("Remove the stakeholder from “%(item)s”?"),
        ),
        StakeholderPart(
            "kpi",
            KPI,
            forms.KPIForm,
            "kpis",
            services.kpi_create,
            services.kpi_update,
            services.kpi_delete,
            gettext_lazy("Add a KPI"),
            gettext_lazy("Edit the KPI"),
            gettext_lazy("Delete the KPI “%(item)s”?"),
            gettext_lazy("Incentives driven by it will no longer name a KPI."),
        ),
        StakeholderPart(
            "incentive",
            Incentive,
            forms.IncentiveForm,
            "incentives",
            services.incentive_create,
            services.incentive_update,
            services.incentive_delete,
            gettext_lazy("Add an incentive"),
            gettext_lazy("Edit the incentive"),
            gettext_lazy("Delete the incentive “%(item)s”?"),
        ),
        StakeholderPart(
            "sla",
            SLA,
            forms.SLAForm,
            "slas",
            services.sla_create,
            services.sla_update,
            services.sla_delete,
            gettext_lazy("Add an SLA"),
            gettext_lazy("Edit the SLA"),
            gettext_lazy("Delete the SLA “%(item)s”?"),
            gettext_lazy("Its objectives and all their measurements will be deleted too."),
        ),
        StakeholderPart(
            "objective",
            SLAObjective,
            forms.SLAObjectiveForm,
            "slas",
            services.sla_objective_create,
            services.sla_objective_update,
            services.sla_objective_delete,
            gettext_lazy("Add an objective"),
            gettext_lazy("Edit the objective"),
            gettext_lazy("Delete the objective “%(item)s”?"),
            gettext_lazy("All its measurements will be deleted too."),
        ),
    ]
}


def _parts_changed(request, stakeholder_id: int, section: str, notice: str):
    """After a change: the refreshed sections in place (htmx), else back to the page."""
    if not request.htmx:
        messages.success(request, notice)
        return redirect(
            reverse("stakeholders:stakeholder_detail", args=[stakeholder_id]) + f"#{section}"
        )
    context = _detail_context(request, stakeholder_id)
    context["notice"] = notice
    response = render(request, "stakeholders/_parts.html", context)
    return reswap(retarget(response, "#stakeholder-parts"), "outerHTML")


def _render_part(request, template: str, context: dict, status: int = 200):
    """The fragment for the section's editor (htmx), else the whole page around it."""
    context["in_place"] = bool(request.htmx)
    context["cancel_url"] = (
        reverse("stakeholders:stakeholder_detail", args=[context["stakeholder"].pk])
        + f"#{context['part'].section}"
    )
    if not request.htmx:
        context["fragment"] = template
        template = "stakeholders/part_page.html"
    return render(request, template, context, status=status)


def _part_create_view(part: StakeholderPart):
    @require_http_methods(["GET", "POST"])
    @permission_required(f"stakeholders.add_{part.model_name}", raise_exception=True)
    def view(request, stakeholder_id, sla_id=None):
        stakeholder = get_object_or_404(Stakeholder, pk=stakeholder_id)
        if part.model is SLAObjective:
            sla = get_object_or_404(SLA, pk=sla_id, stakeholder=stakeholder)
            parent = {"sla": sla}
            action_url = reverse("stakeholders:objective_create", args=[stakeholder.pk, sla.pk])
        else:
            parent = {"stakeholder": stakeholder}
            action_url = reverse(f"stakeholders:{part.slug}_create", args=[stakeholder.pk])
        form = part.form_class(request.POST or None, instance=part.model(**parent))
        if request.method == "POST" and form.is_valid():
            try:
                item = part.create(**parent, **form.cleaned_data)
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                notice = _("“%(item)s” added.") % {"item": item}
                return _parts_changed(request, stakeholder.pk, part.section, notice)
        context = {
            "stakeholder": stakeholder,
            "part": part,
            "form": form,
            "title": part.title_add,
            "action_url": action_url,
        }
        status = 422 if form.errors else 200
        return _render_part(request, "stakeholders/_part_form.html", context, status)

    view.__name__ = f"{part.slug}_create"
    return view


def _part_update_view(part: StakeholderPart):
    @require_http_methods(["GET", "POST"])
    @permission_required(f"stakeholders.change_{part.model_name}", raise_exception=True)
    def view(request, stakeholder_id, item_id):
        item = part.get_item(stakeholder_id, item_id)
        form = part.form_class(request.POST or None, instance=item)
        if request.method == "POST" and form.is_valid():
            try:
                part.update(**{part.entity: item, "data": form.cleaned_data})
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                notice = _("“%(item)s” saved.") % {"item": item}
                return _parts_changed(request, stakeholder_id, part.section, notice)
        context = {
            "stakeholder": get_object_or_404(Stakeholder, pk=stakeholder_id),
            "part": part,
            "form": form,
            "item": item,
            "title": part.title_edit,
            "action_url": reverse(
                f"stakeholders:{part.slug}_update", args=[stakeholder_id, item.pk]
            ),
        }
        status = 422 if form.errors else 200
        return _render_part(request, "stakeholders/_part_form.html", context, status)

    view.__name__ = f"{part.slug}_update"
    return view


def _part_delete_view(part: StakeholderPart):
    @require_http_methods(["GET", "POST"])
    @permission_required(f"stakeholders.delete_{part.model_name}", raise_exception=True)
    def view(request, stakeholder_id, item_id):
        item = part.get_item(stakeholder_id, item_id)
        if request.method == "POST":
            name = str(item)
            part.delete(**{part.entity: item})
            notice = _("“%(item)s” deleted.") % {"item": name}
            return _parts_changed(request, stakeholder_id, part.section, notice)
        context = {
            "stakeholder": get_object_or_404(Stakeholder, pk=stakeholder_id),
            "part": part,
            "item": item,
            "title": part.question_delete % {"item": item},
            "action_url": reverse(
                f"stakeholders:{part.slug}_delete", args=[stakeholder_id, item.pk]
            ),
        }
        return _render_part(request, "stakeholders/_part_confirm_delete.html", context)

    view.__name__ = f"{part.slug}_delete"
    return view


PART_VIEWS = {
    slug: (_part_create_view(part), _part_update_view(part), _part_delete_view(part))
    for slug, part in STAKEHOLDER_PARTS.items()
}


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


@require_http_methods(["GET", "POST"])
@permission_required("stakeholders.add_slameasurement", raise_exception=True)
def measurement_import(request, stakeholder_id):
    """Upload, then a preview (a dry run listing every row, met, breached or in error), then
    the import on confirmation, all rows or none."""
    stakeholder = get_object_or_404(Stakeholder, pk=stakeholder_id)
    context = {
        "stakeholder": stakeholder,
        "columns": services.MEASUREMENT_CSV_COLUMNS,
        "objectives": SLAObjective.objects.filter(sla__stakeholder=stakeholder)
        .select_related("sla")
        .order_by("sla__service", "metric"),
        "result": None,
    }
    form = forms.MeasurementImportForm()
    status = 200
    if request.method == "POST" and "content" in request.POST:
        confirm = forms.MeasurementImportConfirmForm(request.POST)
        if confirm.is_valid():
            result = services.measurements_import_csv(
                stakeholder=stakeholder, text=confirm.cleaned_data["content"]
            )
            if result.is_valid:
                messages.success(
                    request,
                    _("Imported %(count)s measurements, %(breached)s breached.")
                    % {"count": len(result.rows), "breached": result.breached},
                )
                return redirect(
                    reverse("stakeholders:stakeholder_detail", args=[stakeholder.pk]) + "#slas"
                )
            context["result"] = result
            status = 422
        else:
            status = 400
    elif request.method == "POST":
        form = forms.MeasurementImportForm(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["file"]
            result = services.measurements_import_csv(
                stakeholder=stakeholder, text=text, dry_run=True
            )
            context["result"] = result
            if result.is_valid:
                context["confirm_form"] = forms.MeasurementImportConfirmForm(
                    initial={"content": text}
                )
            else:
                status = 422
        else:
            status = 422
    context["form"] = form
    return render(request, "stakeholders/measurement_import.html", context, status=status)


@permission_required("stakeholders.view_kpi", raise_exception=True)
def alignment(request):
    """Per journey, the KPIs and incentives of each stage's stakeholders beside the stage's
    customer scores, the dissonant ones flagged."""
    form = forms.AlignmentForm(request.GET)
    form.is_valid()  # an unknown journey falls back to the first one
    journey = form.cleaned_data.get("journey") or selectors.alignment_default_journey()
    context = {
        "form": form,
        "alignment": selectors.journey_alignment(
            journey=journey, dissonant_only=form.cleaned_data.get("dissonant_only", False)
        )
        if journey is not None
        else None,
    }
    return render(request, "stakeholders/alignment.html", context)


@permission_required("stakeholders.view_slameasurement", raise_exception=True)
def breach_list(request):
    page, query = _page(request, selectors.sla_breaches(filters=request.GET), BREACHES_PER_PAGE)
    context = {
        "filter_form": BreachFilterSet(request.GET or None).form,
        "filtered": any(request.GET.get(name) for name in BreachFilterSet.base_filters),
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
    page, query = _page(
        request,
        selectors.interview_list(user=request.user, filters=request.GET),
        INTERVIEWS_PER_PAGE,
    )
    context = {
        "filter_form": InterviewFilterSet(request.GET or None).form,
        "filtered": any(request.GET.get(name) for name in InterviewFilterSet.base_filters),
        "page": page,
        "query": query,
    }
    return render(request, "stakeholders/interview_list.html", context)


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
@permission_required("stakeholders.change_interview", raise_exception=True)
def interview_autosave(request, interview_id):
    """The form's answers saved as a draft while the interviewer types (stakeholders.js), so
    that a closed browser loses nothing; answers JSON for the status line."""
    interview = _interview(request, interview_id)
    if interview.status != Interview.Status.DRAFT:
        raise PermissionDenied
    stages = list(Stage.objects.filter(journey_id=interview.journey_id).order_by("position"))
    form = InterviewAnswersForm(request.POST, stages=stages)
    if not form.is_valid():
        return JsonResponse(
            {"saved": False, "message": _("Not saved: check the form.")}, status=422
        )
    try:
        interview = services.interview_save_draft(
            interview=interview,
            answers=form.answers(),
            ease_of_satisfying=form.cleaned_data["ease_of_satisfying"],
        )
    except ValidationError as error:
        return JsonResponse({"saved": False, "message": " ".join(error.messages)}, status=422)
    saved_at = timezone.localtime(interview.updated_at)
    return JsonResponse(
        {
            "saved": True,
            "message": _("Draft saved at %(time)s.") % {"time": date_format(saved_at, "H:i")},
        }
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
