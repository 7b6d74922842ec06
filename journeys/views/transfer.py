"""A journey's map exported as a picture (PDF, PNG, SVG), a workbook (XLSX) or CSV, and its
items imported from the same workbook or CSV."""

import itertools

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from core.exports import csv_response, xlsx_workbook_response
from core.imports import WorkbookConfirmForm, import_view, workbook_sheets

from .. import exports, forms, selectors, services
from ..models import Journey


@permission_required("journeys.view_journey", raise_exception=True)
def journey_export_csv(request, journey_id):
    journey = get_object_or_404(Journey.objects.only("pk"), pk=journey_id)
    rows = selectors.journey_csv_rows(journey_id=journey.pk)
    return csv_response(
        itertools.chain([services.CSV_COLUMNS], rows), filename=f"journey-{journey.pk}.csv"
    )


@permission_required("journeys.view_journey", raise_exception=True)
def journey_export_xlsx(request, journey_id):
    """Stages, touchpoints, moments of truth, observations and actions, a sheet each."""
    journey = selectors.journey_map_get(journey_id=journey_id)
    return xlsx_workbook_response(
        exports.journey_workbook_sheets(journey), filename=f"journey-{journey.pk}.xlsx"
    )


PAPERS = ("a3", "a4")


def _download(content: bytes | str, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required("journeys.view_journey", raise_exception=True)
def journey_export_pdf(request, journey_id):
    """The map as a presentation PDF: A3 landscape, or A4 with ?paper=a4."""
    paper = request.GET.get("paper", "a3")
    if paper not in PAPERS:
        paper = "a3"
    journey_map = selectors.journey_map(journey_id=journey_id, user=request.user)
    return _download(
        exports.map_pdf(journey_map, paper=paper),
        content_type="application/pdf",
        filename=f"journey-{journey_id}.pdf",
    )


@permission_required("journeys.view_journey", raise_exception=True)
def journey_export_png(request, journey_id):
    """The map as one image, every stage side by side, for a slide."""
    journey_map = selectors.journey_map(journey_id=journey_id, user=request.user)
    return _download(
        exports.map_png(journey_map), content_type="image/png", filename=f"journey-{journey_id}.png"
    )


@permission_required("journeys.view_journey", raise_exception=True)
def journey_export_svg(request, journey_id):
    journey_map = selectors.journey_map(journey_id=journey_id, user=request.user)
    return _download(
        exports.map_svg(journey_map),
        content_type="image/svg+xml",
        filename=f"journey-{journey_id}.svg",
    )


def _item_counts(result) -> dict[str, str]:
    return {
        "moments": ngettext(
            "%(count)s moment of truth", "%(count)s moments of truth", result.moments_created
        )
        % {"count": result.moments_created},
        "observations": ngettext(
            "%(count)s observation", "%(count)s observations", result.observations_created
        )
        % {"count": result.observations_created},
        "actions": ngettext("%(count)s action", "%(count)s actions", result.actions_created)
        % {"count": result.actions_created},
    }


@require_http_methods(["GET", "POST"])
@permission_required(["journeys.add_stage", "journeys.add_touchpoint"], raise_exception=True)
def journey_import_csv(request, journey_id):
    """Upload, then a preview (a dry run of the import), then the import on confirmation."""
    journey = get_object_or_404(Journey, pk=journey_id)

    def saved(result):
        counts = {
            "stages": ngettext("%(count)s stage", "%(count)s stages", result.stages_created)
            % {"count": result.stages_created},
            "touchpoints": ngettext(
                "%(count)s touchpoint", "%(count)s touchpoints", result.touchpoints_created
            )
            % {"count": result.touchpoints_created},
        }
        if result.moments_created or result.observations_created or result.actions_created:
            counts |= _item_counts(result)
            message = _(
                "Imported %(stages)s, %(touchpoints)s, %(moments)s, %(observations)s "
                "and %(actions)s."
            )
        else:
            message = _("Imported %(stages)s and %(touchpoints)s.")
        messages.success(request, message % counts)
        return redirect("journeys:journey_map", journey_id=journey.pk)

    return import_view(
        request,
        run=lambda data, text, dry_run: services.journey_import_workbook(
            journey=journey, sheets=workbook_sheets(text), dry_run=dry_run
        ),
        template="journeys/journey_import.html",
        context={
            "journey": journey,
            "columns": services.CSV_COLUMNS,
            "sheets": services.WORKBOOK_COLUMNS,
        },
        on_saved=saved,
        form_class=forms.JourneyImportForm,
        confirm_form_class=WorkbookConfirmForm,
    )
