"""A journey's map exported as CSV or PDF, and stages and touchpoints imported from CSV."""

import itertools

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from core.exports import csv_response
from core.imports import import_view

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
def journey_export_pdf(request, journey_id):
    journey = selectors.journey_map_get(journey_id=journey_id)
    curve = selectors.journey_emotion_curve(journey=journey)
    response = HttpResponse(
        exports.journey_map_pdf(journey=journey, curve=curve), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="journey-{journey.pk}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@permission_required(["journeys.add_stage", "journeys.add_touchpoint"], raise_exception=True)
def journey_import_csv(request, journey_id):
    """Upload, then a preview (a dry run of the import), then the import on confirmation."""
    journey = get_object_or_404(Journey, pk=journey_id)

    def saved(result):
        messages.success(
            request,
            _("Imported %(stages)s and %(touchpoints)s.")
            % {
                "stages": ngettext("%(count)s stage", "%(count)s stages", result.stages_created)
                % {"count": result.stages_created},
                "touchpoints": ngettext(
                    "%(count)s touchpoint", "%(count)s touchpoints", result.touchpoints_created
                )
                % {"count": result.touchpoints_created},
            },
        )
        return redirect("journeys:journey_map", journey_id=journey.pk)

    return import_view(
        request,
        run=lambda data, text, dry_run: services.journey_import_csv(
            journey=journey, text=text, dry_run=dry_run
        ),
        template="journeys/journey_import.html",
        context={"journey": journey, "columns": services.CSV_COLUMNS},
        on_saved=saved,
        form_class=forms.JourneyImportForm,
    )
