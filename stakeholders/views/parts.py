"""Involvements, KPIs, incentives, SLAs and objectives, edited on the stakeholder's page: with
htmx, the form or the delete confirmation opens in the section's editor and a change answers
with the page's refreshed sections; without it, the same URLs are whole pages."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_htmx.http import reswap, retarget

from core.forms import add_service_errors

from .. import forms, services
from ..models import KPI, SLA, Incentive, Involvement, SLAObjective, Stakeholder
from .stakeholders import detail_context


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
    context = detail_context(request, stakeholder_id)
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
                add_service_errors(form, error)
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
                add_service_errors(form, error)
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
