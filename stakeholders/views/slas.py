"""SLA measurements, typed one by one or imported from a CSV file, and the breaches."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from core.imports import import_view
from core.pagination import page_of

from .. import forms, selectors, services
from ..filters import BreachFilterSet
from ..forms import MeasurementForm
from ..models import SLAObjective, Stakeholder

BREACHES_PER_PAGE = 50


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

    def run(data, *, text, dry_run):
        return services.measurements_import_csv(stakeholder=stakeholder, text=text, dry_run=dry_run)

    def saved(result):
        messages.success(
            request,
            ngettext(
                "Imported %(count)s measurement, %(breached)s breached.",
                "Imported %(count)s measurements, %(breached)s breached.",
                len(result.rows),
            )
            % {"count": len(result.rows), "breached": result.breached},
        )
        return redirect(reverse("stakeholders:stakeholder_detail", args=[stakeholder.pk]) + "#slas")

    context = {
        "stakeholder": stakeholder,
        "columns": services.MEASUREMENT_CSV_COLUMNS,
        "objectives": SLAObjective.objects.filter(sla__stakeholder=stakeholder)
        .select_related("sla")
        .order_by("sla__service", "metric"),
    }
    return import_view(
        request,
        run=run,
        template="stakeholders/measurement_import.html",
        context=context,
        on_saved=saved,
        form_class=forms.MeasurementImportForm,
    )


@permission_required("stakeholders.view_slameasurement", raise_exception=True)
def breach_list(request):
    page, query = page_of(
        request, selectors.sla_breaches(filters=request.GET), per_page=BREACHES_PER_PAGE
    )
    context = {
        "filter_form": BreachFilterSet(request.GET or None).form,
        "filtered": any(request.GET.get(name) for name in BreachFilterSet.base_filters),
        "page": page,
        "query": query,
        "missing": list(selectors.objectives_missing_measurement()),
    }
    return render(request, "stakeholders/breach_list.html", context)
