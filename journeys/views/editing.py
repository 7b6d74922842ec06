"""Editing on the map (core.inline). Every write answers with the refreshed map body (an
out-of-band swap) and an empty editor; an invalid form comes back into the editor with status
422."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.inline import InlineKind, InlinePage, Versioning, inline_views

from .. import forms, services
from ..models import (
    Action,
    BuyingGroupMember,
    Journey,
    MomentOfTruth,
    Observation,
    Stage,
    Touchpoint,
)
from .map import action_draft_for, map_changed, map_context

MAP_ITEM_KINDS = [
    InlineKind(
        slug="stages",
        model=Stage,
        form_class=forms.StageForm,
        parent="journey",
        entity="stage",
        create=services.stage_create,
        update=services.stage_update,
        delete=services.stage_delete,
        title_add=gettext_lazy("Add a stage"),
        title_edit=gettext_lazy("Edit the stage"),
        versioning=Versioning(
            field="version",
            conflict=services.StaleEdit,
            stale_message=gettext_lazy(
                "This stage was changed by someone else since you opened it. The map now "
                "shows their changes and your input is kept here: save again to replace their "
                "changes, or cancel."
            ),
        ),
    ),
    InlineKind(
        slug="touchpoints",
        model=Touchpoint,
        form_class=forms.TouchpointForm,
        parent="stage",
        entity="touchpoint",
        create=services.touchpoint_create,
        update=services.touchpoint_update,
        delete=services.touchpoint_delete,
        title_add=gettext_lazy("Add a touchpoint"),
        title_edit=gettext_lazy("Edit the touchpoint"),
        versioning=Versioning(
            field="version",
            conflict=services.StaleEdit,
            stale_message=gettext_lazy(
                "This touchpoint was changed by someone else since you opened it. The map "
                "now shows their changes and your input is kept here: save again to replace "
                "their changes, or cancel."
            ),
        ),
    ),
    InlineKind(
        slug="moments-of-truth",
        model=MomentOfTruth,
        form_class=forms.MomentOfTruthForm,
        parent="stage",
        entity="moment",
        create=services.moment_of_truth_create,
        update=services.moment_of_truth_update,
        delete=services.moment_of_truth_delete,
        title_add=gettext_lazy("Add a moment of truth"),
        title_edit=gettext_lazy("Edit the moment of truth"),
    ),
    InlineKind(
        slug="observations",
        model=Observation,
        form_class=forms.ObservationForm,
        parent="stage",
        entity="observation",
        create=services.observation_create,
        update=services.observation_update,
        delete=services.observation_delete,
        title_add=gettext_lazy("Add an observation"),
        title_edit=gettext_lazy("Edit the observation"),
    ),
    InlineKind(
        slug="actions",
        model=Action,
        form_class=forms.ActionForm,
        parent="journey",
        entity="action",
        create=services.action_create,
        update=services.action_update,
        delete=services.action_delete,
        title_add=gettext_lazy("Add an action"),
        title_edit=gettext_lazy("Edit the action"),
    ),
    InlineKind(
        slug="buying-group",
        model=BuyingGroupMember,
        form_class=forms.BuyingGroupMemberForm,
        parent="journey",
        entity="member",
        create=services.buying_group_member_create,
        update=services.buying_group_member_update,
        delete=services.buying_group_member_delete,
        title_add=gettext_lazy("Add a persona to the buying group"),
        title_edit=gettext_lazy("Edit the buying group member"),
    ),
]


class JourneyMapPage(InlinePage):
    """The map: items of a stage are added under the stage named in the query string, and
    every change redraws the map body out of band."""

    namespace = "journeys"
    owner_model = Journey
    form_template = "journeys/_item_form.html"
    gone_template = "journeys/_item_gone.html"

    def find_parent(self, request, kind, owner, url):
        stage = get_object_or_404(Stage, pk=request.GET.get("stage") or 0, journey=owner)
        return stage, f"?stage={stage.pk}"

    def initial(self, request, kind):
        if kind.model is Action and request.GET.get("observation"):
            return action_draft_for(request, request.resolver_match.kwargs["journey_id"])
        return {
            name: request.GET[name] for name in kind.form_class.base_fields if name in request.GET
        }

    def render(self, request, kind, template, context, url, *, status=200, redraw=False):
        if redraw:
            context |= map_context(request, url["journey_id"]) | {"refresh_map": True}
        return render(request, template, context, status=status)

    def changed(self, request, kind, notice, url):
        return map_changed(request, url["journey_id"])


ITEM_VIEWS = inline_views(MAP_ITEM_KINDS, JourneyMapPage())


def _position(request) -> int | None:
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        return None
    return position if position >= 1 else None


@require_POST
@permission_required("journeys.change_stage", raise_exception=True)
def stage_move(request, journey_id, item_id):
    stage = get_object_or_404(Stage, pk=item_id, journey_id=journey_id)
    position = _position(request)
    if position is None:
        return HttpResponseBadRequest(_("Give a position of 1 or more."))
    services.stage_move(stage=stage, position=position)
    return map_changed(request, journey_id)


@require_POST
@permission_required("journeys.change_stage", raise_exception=True)
def journey_reletter_stages(request, journey_id):
    journey = get_object_or_404(Journey, pk=journey_id)
    services.journey_reletter_stages(journey=journey)
    return map_changed(request, journey_id)


@require_POST
@permission_required("journeys.change_touchpoint", raise_exception=True)
def touchpoint_move(request, journey_id, item_id):
    touchpoint = get_object_or_404(Touchpoint, pk=item_id, stage__journey_id=journey_id)
    position = _position(request)
    if position is None:
        return HttpResponseBadRequest(_("Give a position of 1 or more."))
    services.touchpoint_move(touchpoint=touchpoint, position=position)
    return map_changed(request, journey_id)
