"""Editing on the map. Every write answers with the refreshed map body (an out-of-band swap)
and an empty editor; an invalid form comes back into the editor with status 422."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import add_service_errors

from .. import forms, services
from ..models import Action, Journey, MomentOfTruth, Observation, Stage, Touchpoint
from .map import map_changed, map_context


@dataclass(frozen=True)
class MapItemKind:
    """One kind of map item the editor handles, with its form and its services."""

    slug: str
    model: type
    form_class: type
    parent: str  # "journey" or "stage"
    entity: str  # the services' keyword for the item
    create: Callable
    update: Callable
    delete: Callable
    title_add: str
    title_edit: str

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name

    def get_item(self, journey_id: int, item_id: int):
        if (item := self.find_item(journey_id, item_id)) is None:
            raise Http404
        return item

    def find_item(self, journey_id: int, item_id: int):
        journey_path = "journey_id" if self.parent == "journey" else "stage__journey_id"
        return self.model.objects.filter(pk=item_id, **{journey_path: journey_id}).first()


MAP_ITEM_KINDS = [
    MapItemKind(
        "stages",
        Stage,
        forms.StageForm,
        "journey",
        "stage",
        services.stage_create,
        services.stage_update,
        services.stage_delete,
        gettext_lazy("Add a stage"),
        gettext_lazy("Edit the stage"),
    ),
    MapItemKind(
        "touchpoints",
        Touchpoint,
        forms.TouchpointForm,
        "stage",
        "touchpoint",
        services.touchpoint_create,
        services.touchpoint_update,
        services.touchpoint_delete,
        gettext_lazy("Add a touchpoint"),
        gettext_lazy("Edit the touchpoint"),
    ),
    MapItemKind(
        "moments-of-truth",
        MomentOfTruth,
        forms.MomentOfTruthForm,
        "stage",
        "moment",
        services.moment_of_truth_create,
        services.moment_of_truth_update,
        services.moment_of_truth_delete,
        gettext_lazy("Add a moment of truth"),
        gettext_lazy("Edit the moment of truth"),
    ),
    MapItemKind(
        "observations",
        Observation,
        forms.ObservationForm,
        "stage",
        "observation",
        services.observation_create,
        services.observation_update,
        services.observation_delete,
        gettext_lazy("Add an observation"),
        gettext_lazy("Edit the observation"),
    ),
    MapItemKind(
        "actions",
        Action,
        forms.ActionForm,
        "journey",
        "action",
        services.action_create,
        services.action_update,
        services.action_delete,
        gettext_lazy("Add an action"),
        gettext_lazy("Edit the action"),
    ),
]


def _render_item_form(request, form, *, title, action_url, status=200, refreshed_map=None):
    """The editor's form; with `refreshed_map` (a map_context), the map body is redrawn too."""
    context = {"form": form, "title": title, "action_url": action_url}
    if refreshed_map is not None:
        context |= refreshed_map | {"refresh_map": True}
    return render(request, "journeys/_item_form.html", context, status=status)


def _item_create_view(kind: MapItemKind):
    @require_http_methods(["GET", "POST"])
    @permission_required(f"journeys.add_{kind.model_name}", raise_exception=True)
    def view(request, journey_id):
        journey = get_object_or_404(Journey, pk=journey_id)
        parent = {"journey": journey}
        instance = kind.model(journey=journey) if kind.parent == "journey" else None
        action_url = reverse(f"journeys:{kind.slug}_create", args=[journey.pk])
        if kind.parent == "stage":
            stage = get_object_or_404(Stage, pk=request.GET.get("stage") or 0, journey=journey)
            parent = {"stage": stage}
            instance = kind.model(stage=stage)
            action_url += f"?stage={stage.pk}"
        initial = {
            name: request.GET[name] for name in kind.form_class.base_fields if name in request.GET
        }
        form = kind.form_class(request.POST or None, instance=instance, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = {name: value for name, value in form.cleaned_data.items() if name != "version"}
            try:
                kind.create(**parent, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return map_changed(request, journey.pk)
        return _render_item_form(
            request,
            form,
            title=kind.title_add,
            action_url=action_url,
            status=422 if form.errors else 200,
        )

    view.__name__ = f"{kind.model_name}_create"
    return view


STALE_EDIT_MESSAGES = {
    Stage: gettext_lazy(
        "This stage was changed by someone else since you opened it. The map now shows their "
        "changes and your input is kept here: save again to replace their changes, or cancel."
    ),
    Touchpoint: gettext_lazy(
        "This touchpoint was changed by someone else since you opened it. The map now shows "
        "their changes and your input is kept here: save again to replace their changes, or "
        "cancel."
    ),
}


def _item_gone(request, kind: MapItemKind, journey_id: int):
    """Someone deleted the item while it was being edited: say so, redraw the map, and
    show what the user entered so that nothing is lost."""
    entered = [
        (field.label or name, request.POST[name])
        for name, field in kind.form_class.base_fields.items()
        if name != "version" and request.POST.get(name, "").strip()
    ]
    context = map_context(request, journey_id) | {"entered": entered, "refresh_map": True}
    return render(request, "journeys/_item_gone.html", context, status=422)


def _item_update_view(kind: MapItemKind):
    @require_http_methods(["GET", "POST"])
    @permission_required(f"journeys.change_{kind.model_name}", raise_exception=True)
    def view(request, journey_id, item_id):
        item = kind.find_item(journey_id, item_id)
        if item is None:
            deleted = not kind.model.objects.filter(pk=item_id).exists()
            if (
                request.method == "POST"
                and deleted
                and Journey.objects.filter(pk=journey_id).exists()
            ):
                return _item_gone(request, kind, journey_id)
            raise Http404
        form = kind.form_class(request.POST or None, instance=item)
        refreshed_map = None
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            version = {"version": data.pop("version")} if "version" in data else {}
            try:
                kind.update(**{kind.entity: item, "data": data}, **version)
            except services.StaleEdit as error:
                if error.code == "stale":
                    form.add_error(None, STALE_EDIT_MESSAGES[kind.model])
                    form.show_current_version(kind.model.objects.get(pk=item.pk).version)
                else:
                    form.add_error(None, error.message)
                refreshed_map = map_context(request, journey_id)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return map_changed(request, journey_id)
        return _render_item_form(
            request,
            form,
            title=kind.title_edit,
            action_url=reverse(f"journeys:{kind.slug}_update", args=[journey_id, item.pk]),
            status=422 if form.errors else 200,
            refreshed_map=refreshed_map,
        )

    view.__name__ = f"{kind.model_name}_update"
    return view


def _item_delete_view(kind: MapItemKind):
    @require_POST
    @permission_required(f"journeys.delete_{kind.model_name}", raise_exception=True)
    def view(request, journey_id, item_id):
        item = kind.get_item(journey_id, item_id)
        kind.delete(**{kind.entity: item})
        return map_changed(request, journey_id)

    view.__name__ = f"{kind.model_name}_delete"
    return view


ITEM_VIEWS = {
    kind.slug: (_item_create_view(kind), _item_update_view(kind), _item_delete_view(kind))
    for kind in MAP_ITEM_KINDS
}


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
