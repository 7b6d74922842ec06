"""The DPIA screening of a processing activity."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from core.forms import add_service_errors

from .. import services
from ..forms import DPIAScreeningForm
from ..models import DPIAScreening, ProcessingActivity
from ..models.compliance import DPIA_CRITERIA, DPIA_THRESHOLD
from ._shared import form_response


def criteria_met_message(count: int) -> str:
    if count >= DPIA_THRESHOLD:
        message = ngettext(
            "%(count)s criterion met: a DPIA is required.",
            "%(count)s criteria met: a DPIA is required.",
            count,
        )
    else:
        message = ngettext(
            "%(count)s criterion met: a DPIA is not required in principle.",
            "%(count)s criteria met: a DPIA is not required in principle.",
            count,
        )
    return message % {"count": count}


@require_http_methods(["GET", "POST"])
@permission_required("gdpr.change_dpiascreening", raise_exception=True)
def screening_update(request, activity_id):
    activity = get_object_or_404(ProcessingActivity, pk=activity_id)
    screening = DPIAScreening.objects.filter(activity=activity).first()
    form = DPIAScreeningForm(request.POST or None, instance=screening)
    if request.method == "POST" and form.is_valid():
        try:
            screening = services.dpia_screening_record(
                activity=activity, user=request.user, answers=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if screening.dpia_required:
                messages.warning(request, criteria_met_message(screening.criteria_met))
            else:
                messages.success(request, criteria_met_message(screening.criteria_met))
            return redirect("gdpr:activity_detail", activity_id=activity.pk)
    return form_response(
        request,
        "gdpr/screening_form.html",
        {
            "form": form,
            "activity": activity,
            # The page counts ticked boxes as the DPO goes: one sentence per possible count, so
            # the plural follows the language's rules.
            "criteria_messages": [
                criteria_met_message(count) for count in range(len(DPIA_CRITERIA) + 1)
            ],
        },
        form,
    )
