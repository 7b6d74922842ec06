"""KPI values per period, the KPI or SLA objective feeding a moment's standard, and the KPI an
improvement action should move."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import add_service_errors
from journeys.models import Action, MomentOfTruth

from .. import services
from ..forms.measures import ActionKPIForm, KPIMeasurementForm, StandardFeedForm
from ..models import ActionKPI, Stakeholder, StandardFeed


def _answer(request, template, context, form):
    return render(request, template, context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@permission_required("stakeholders.add_kpimeasurement", raise_exception=True)
def kpi_measurement_create(request, stakeholder_id):
    stakeholder = get_object_or_404(Stakeholder, pk=stakeholder_id)
    form = KPIMeasurementForm(request.POST or None, stakeholder=stakeholder)
    if request.method == "POST" and form.is_valid():
        try:
            services.kpi_measurement_record(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("KPI value recorded."))
            return redirect(
                reverse("stakeholders:stakeholder_detail", args=[stakeholder.pk]) + "#kpis"
            )
    context = {"form": form, "stakeholder": stakeholder, "title": _("Record a KPI value")}
    return _answer(request, "stakeholders/kpi_measurement_form.html", context, form)


@require_http_methods(["GET", "POST"])
@permission_required("stakeholders.add_standardfeed", raise_exception=True)
def standard_feed(request, moment_id):
    """Which KPI or SLA objective feeds a moment's standard (same period)."""
    moment = get_object_or_404(MomentOfTruth.objects.select_related("stage__journey"), pk=moment_id)
    feed = StandardFeed.objects.filter(moment=moment).first()
    initial = {"kpi": feed.kpi_id, "objective": feed.objective_id} if feed else {}
    form = StandardFeedForm(request.POST or None, initial=initial, moment=moment)
    back = reverse("journeys:moment_standard", args=[moment.stage.journey_id, moment.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.standard_feed_set(moment=moment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(back)
    context = {"form": form, "moment": moment, "back": back}
    return _answer(request, "stakeholders/standard_feed_form.html", context, form)


@require_http_methods(["GET", "POST"])
@permission_required("stakeholders.add_actionkpi", raise_exception=True)
def action_kpi(request, action_id):
    """The KPI an action of a journey's plan should move."""
    action = get_object_or_404(Action.objects.select_related("journey"), pk=action_id)
    link = ActionKPI.objects.filter(action=action).first()
    initial = {"kpi": link.kpi_id} if link else {}
    form = ActionKPIForm(request.POST or None, initial=initial, action=action)
    back = reverse("journeys:journey_plan", args=[action.journey_id]) + f"#plan-action-{action.pk}"
    if request.method == "POST" and form.is_valid():
        try:
            services.action_kpi_set(action=action, kpi=form.cleaned_data["kpi"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(back)
    context = {"form": form, "action": action, "back": back}
    return _answer(request, "stakeholders/action_kpi_form.html", context, form)
