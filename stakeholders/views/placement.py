"""The journey health panel's fixes that stakeholders owns: place a stakeholder on a stage no
one serves, name who answers for a touchpoint. Both go back to the journey's map."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import add_service_errors
from journeys import selectors as journey_selectors

from .. import forms, services


def _answer(request, form, *, title: str, subject: str, journey):
    return render(
        request,
        "stakeholders/placement_form.html",
        {"form": form, "title": title, "subject": subject, "journey": journey},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("stakeholders.add_involvement", raise_exception=True)
def stage_place(request, stage_id):
    stage = journey_selectors.stage_find(stage_id=stage_id)
    if stage is None:
        raise Http404
    form = forms.StagePlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.involvement_create(stage=stage, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(stakeholder)s now serves stage %(stage)s.")
                % {"stakeholder": form.cleaned_data["stakeholder"].name, "stage": stage},
            )
            return redirect("journeys:journey_map", journey_id=stage.journey_id)
    return _answer(
        request,
        form,
        title=_("Place a stakeholder on a stage"),
        subject=str(stage),
        journey=stage.journey,
    )


@require_http_methods(["GET", "POST"])
@permission_required("stakeholders.add_touchpointresponsibility", raise_exception=True)
def touchpoint_responsible(request, touchpoint_id):
    touchpoint = journey_selectors.touchpoint_options().filter(pk=touchpoint_id).first()
    if touchpoint is None:
        raise Http404
    form = forms.ResponsibleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.touchpoint_responsible_set(
            touchpoint=touchpoint, stakeholder=form.cleaned_data["stakeholder"]
        )
        messages.success(
            request,
            _("%(stakeholder)s now answers for “%(touchpoint)s”.")
            % {"stakeholder": form.cleaned_data["stakeholder"].name, "touchpoint": touchpoint},
        )
        return redirect("journeys:journey_map", journey_id=touchpoint.stage.journey_id)
    return _answer(
        request,
        form,
        title=_("Name the responsible stakeholder"),
        subject=f"{touchpoint.stage.code}. {touchpoint.name}",
        journey=touchpoint.stage.journey,
    )
