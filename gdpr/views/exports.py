"""The Article 30 record, downloaded from the DPO's dashboard."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse

from .. import exports
from ..forms import ExportForm


@permission_required("gdpr.view_processingactivity", raise_exception=True)
def article30_export(request):
    form = ExportForm(request.GET)
    if not form.is_valid():
        return HttpResponse(status=400)
    return exports.article30_response(**form.cleaned_data)
