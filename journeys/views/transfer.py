"""A journey's map exported as CSV or PDF, and stages and touchpoints imported from CSV."""

import csv
import itertools

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import exports, forms, selectors, services
from ..models import Journey


class _Echo:
    """A file-like object whose write() hands the line back, for a streamed CSV."""

    def write(self, value):
        return value


@permission_required("journeys.view_journey", raise_exception=True)
def journey_export_csv(request, journey_id):
    journey = get_object_or_404(Journey.objects.only("pk", "name"), pk=journey_id)
    writer = csv.writer(_Echo())
    rows = selectors.journey_csv_rows(journey_id=journey.pk)
    lines = (writer.writerow(row) for row in itertools.chain([services.CSV_COLUMNS], rows))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="journey-{journey.pk}.csv"'
    return response


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
    context = {"journey": journey, "columns": services.CSV_COLUMNS, "result": None}
    form = forms.JourneyImportForm()
    status = 200
    if request.method == "POST" and "content" in request.POST:
        confirm = forms.JourneyImportConfirmForm(request.POST)
        if confirm.is_valid():
            result = services.journey_import_csv(
                journey=journey, text=confirm.cleaned_data["content"]
            )
            if result.is_valid:
                messages.success(
                    request,
                    _("Imported %(stages)s stages and %(touchpoints)s touchpoints.")
                    % {"stages": result.stages_created, "touchpoints": result.touchpoints_created},
                )
                return redirect("journeys:journey_map", journey_id=journey.pk)
            context["result"] = result
            status = 422
        else:
            status = 400
    elif request.method == "POST":
        form = forms.JourneyImportForm(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["file"]
            result = services.journey_import_csv(journey=journey, text=text, dry_run=True)
            context["result"] = result
            if result.is_valid:
                context["confirm_form"] = forms.JourneyImportConfirmForm(initial={"content": text})
            else:
                status = 422
        else:
            status = 422
    context["form"] = form
    return render(request, "journeys/journey_import.html", context, status=status)
