"""Involvements, KPIs, incentives, SLAs and objectives, edited on the stakeholder's page
(core.inline): with htmx, the form or the delete confirmation opens in the section's editor
and a change answers with the page's refreshed sections; without it, the same URLs are whole
pages."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django_htmx.http import reswap, retarget

from core.inline import InlineKind, InlinePage, inline_views

from .. import forms, services
from ..models import KPI, SLA, Incentive, Involvement, SLAObjective, Stakeholder
from .stakeholders import detail_context

STAKEHOLDER_PARTS = [
    InlineKind(
        slug="involvement",
        model=Involvement,
        form_class=forms.InvolvementForm,
        parent="stakeholder",
        entity="involvement",
        create=services.involvement_create,
        update=services.involvement_update,
        delete=services.involvement_delete,
        title_add=gettext_lazy("Place on a stage"),
        title_edit=gettext_lazy("Edit the involvement"),
        question_delete=gettext_lazy("Remove the stakeholder from “%(item)s”?"),
        section="involvements",
    ),
    InlineKind(
        slug="kpi",
        model=KPI,
        form_class=forms.KPIForm,
        parent="stakeholder",
        entity="kpi",
        create=services.kpi_create,
        update=services.kpi_update,
        delete=services.kpi_delete,
        title_add=gettext_lazy("Add a KPI"),
        title_edit=gettext_lazy("Edit the KPI"),
        question_delete=gettext_lazy("Delete the KPI “%(item)s”?"),
        consequence_delete=gettext_lazy("Incentives driven by it will no longer name a KPI."),
        section="kpis",
    ),
    InlineKind(
        slug="incentive",
        model=Incentive,
        form_class=forms.IncentiveForm,
        parent="stakeholder",
        entity="incentive",
        create=services.incentive_create,
        update=services.incentive_update,
        delete=services.incentive_delete,
        title_add=gettext_lazy("Add an incentive"),
        title_edit=gettext_lazy("Edit the incentive"),
        question_delete=gettext_lazy("Delete the incentive “%(item)s”?"),
        section="incentives",
    ),
    InlineKind(
        slug="sla",
        model=SLA,
        form_class=forms.SLAForm,
        parent="stakeholder",
        entity="sla",
        create=services.sla_create,
        update=services.sla_update,
        delete=services.sla_delete,
        title_add=gettext_lazy("Add an SLA"),
        title_edit=gettext_lazy("Edit the SLA"),
        question_delete=gettext_lazy("Delete the SLA “%(item)s”?"),
        consequence_delete=gettext_lazy(
            "Its objectives and all their measurements will be deleted too."
        ),
        section="slas",
    ),
    InlineKind(
        slug="objective",
        model=SLAObjective,
        form_class=forms.SLAObjectiveForm,
        parent="sla",
        entity="objective",
        create=services.sla_objective_create,
        update=services.sla_objective_update,
        delete=services.sla_objective_delete,
        title_add=gettext_lazy("Add an objective"),
        title_edit=gettext_lazy("Edit the objective"),
        question_delete=gettext_lazy("Delete the objective “%(item)s”?"),
        consequence_delete=gettext_lazy("All its measurements will be deleted too."),
        section="slas",
    ),
]

NOTICES = {
    "added": gettext_lazy("“%(item)s” added."),
    "saved": gettext_lazy("“%(item)s” saved."),
    "deleted": gettext_lazy("“%(item)s” deleted."),
}


def _section_url(stakeholder_id: int, kind: InlineKind) -> str:
    return reverse("stakeholders:stakeholder_detail", args=[stakeholder_id]) + f"#{kind.section}"


class StakeholderPage(InlinePage):
    """The stakeholder's page: objectives are added under their SLA (in the URL); with htmx
    a change redraws the sections, without it the user goes back to the page's section."""

    namespace = "stakeholders"
    owner_model = Stakeholder
    form_template = "stakeholders/_part_form.html"
    confirm_template = "stakeholders/_part_confirm_delete.html"

    def find_parent(self, request, kind, owner, url):
        return get_object_or_404(SLA, pk=url["sla_id"], stakeholder=owner), ""

    def render(self, request, kind, template, context, url, *, status=200, redraw=False):
        """The fragment for the section's editor (htmx), else the whole page around it."""
        if "stakeholder" not in context:
            context["stakeholder"] = get_object_or_404(Stakeholder, pk=url["stakeholder_id"])
        context["part"] = kind
        context["in_place"] = bool(request.htmx)
        context["cancel_url"] = _section_url(context["stakeholder"].pk, kind)
        if not request.htmx:
            context["fragment"] = template
            template = "stakeholders/part_page.html"
        return render(request, template, context, status=status)

    def notice(self, kind, done, item):
        return NOTICES[done] % {"item": item}

    def changed(self, request, kind, notice, url):
        stakeholder_id = url["stakeholder_id"]
        if not request.htmx:
            messages.success(request, notice)
            return redirect(_section_url(stakeholder_id, kind))
        context = detail_context(request, stakeholder_id)
        context["notice"] = notice
        response = render(request, "stakeholders/_parts.html", context)
        return reswap(retarget(response, "#stakeholder-parts"), "outerHTML")


PART_VIEWS = inline_views(STAKEHOLDER_PARTS, StakeholderPage())
