import csv
import functools
import hashlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stakeholders import selectors as stakeholder_selectors

from . import exports, forms, selectors, services
from .conditional import Validators
from .filters import JourneyFilterSet, PersonaFilterSet
from .forms import JourneyDuplicateForm, JourneyForm, PersonaForm
from .models import Action, Journey, MomentOfTruth, Observation, Persona, Stage, Touchpoint
from .selectors import EmotionPoint

JOURNEYS_PER_PAGE = 20
PERSONAS_PER_PAGE = 20


@permission_required("journeys.view_journey", raise_exception=True)
def journey_list(request):
    filterset = JourneyFilterSet(request.GET or None, queryset=Journey.objects.none())
    journeys = selectors.journey_list(filters=request.GET)
    page = Paginator(journeys, JOURNEYS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter_form": filterset.form,
        "page": page,
        "query": query.urlencode(),
        "filtered": any(request.GET.get(name) for name in JourneyFilterSet.base_filters),
        # Its own ids: the filter form above has fields of the same names.
        "form": JourneyForm(initial={"owner": request.user}, auto_id="new_%s")
        if request.user.has_perm("journeys.add_journey")
        else None,
    }
    return render(request, "journeys/journey_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("journeys.add_journey", raise_exception=True)
def journey_create(request):
    form = JourneyForm(request.POST or None, initial={"owner": request.user})
    if request.method == "POST" and form.is_valid():
        journey = services.journey_create(**form.cleaned_data)
        messages.success(request, _("Journey “%(name)s” created.") % {"name": journey.name})
        return redirect("journeys:journey_map", journey_id=journey.pk)
    return render(
        request,
        "journeys/journey_form.html",
        {"form": form, "journey": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.change_journey", raise_exception=True)
def journey_update(request, journey_id):
    journey = get_object_or_404(Journey, pk=journey_id)
    form = JourneyForm(request.POST or None, instance=journey)
    if request.method == "POST" and form.is_valid():
        services.journey_update(journey=journey, data=form.cleaned_data)
        messages.success(request, _("Journey “%(name)s” saved.") % {"name": journey.name})
        return redirect("journeys:journey_map", journey_id=journey.pk)
    return render(
        request,
        "journeys/journey_form.html",
        {"form": form, "journey": journey},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.delete_journey", raise_exception=True)
def journey_delete(request, journey_id):
    journey = get_object_or_404(Journey, pk=journey_id)
    if request.method == "POST":
        name = journey.name
        services.journey_delete(journey=journey)
        messages.success(request, _("Journey “%(name)s” deleted.") % {"name": name})
        return redirect("journeys:index")
    counts = {
        "stages": journey.stages.count(),
        "touchpoints": Touchpoint.objects.filter(stage__journey=journey).count(),
        "actions": journey.actions.count(),
    }
    return render(
        request, "journeys/journey_confirm_delete.html", {"journey": journey, "counts": counts}
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.add_journey", raise_exception=True)
def journey_duplicate(request, journey_id):
    journey = get_object_or_404(Journey, pk=journey_id)
    form = JourneyDuplicateForm(
        request.POST or None,
        initial={"name": _("%(name)s (to-be)") % {"name": journey.name}},
    )
    if request.method == "POST" and form.is_valid():
        copy = services.journey_duplicate(
            journey=journey,
            name=form.cleaned_data["name"],
            state=form.cleaned_data["state"],
            owner=request.user,
        )
        messages.success(request, _("Journey copied as “%(name)s”.") % {"name": copy.name})
        return redirect("journeys:journey_map", journey_id=copy.pk)
    return render(
        request,
        "journeys/journey_duplicate.html",
        {"form": form, "journey": journey},
        status=400 if form.errors else 200,
    )


# Personas


@permission_required("journeys.view_persona", raise_exception=True)
def persona_list(request):
    filterset = PersonaFilterSet(request.GET or None, queryset=Persona.objects.none())
    personas = selectors.persona_list(filters=request.GET)
    page = Paginator(personas, PERSONAS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter_form": filterset.form,
        "page": page,
        "query": query.urlencode(),
        "filtered": any(request.GET.get(name) for name in PersonaFilterSet.base_filters),
    }
    return render(request, "journeys/persona_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("journeys.add_persona", raise_exception=True)
def persona_create(request):
    form = PersonaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        persona = services.persona_create(**form.cleaned_data)
        messages.success(request, _("Persona “%(name)s” created.") % {"name": persona.name})
        return redirect("journeys:persona_list")
    return render(
        request,
        "journeys/persona_form.html",
        {"form": form, "persona": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.change_persona", raise_exception=True)
def persona_update(request, persona_id):
    persona = get_object_or_404(Persona, pk=persona_id)
    form = PersonaForm(request.POST or None, instance=persona)
    if request.method == "POST" and form.is_valid():
        services.persona_update(persona=persona, data=form.cleaned_data)
        messages.success(request, _("Persona “%(name)s” saved.") % {"name": persona.name})
        return redirect("journeys:persona_list")
    return render(
        request,
        "journeys/persona_form.html",
        {"form": form, "persona": persona},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.delete_persona", raise_exception=True)
def persona_delete(request, persona_id):
    persona = get_object_or_404(Persona, pk=persona_id)
    if request.method == "POST":
        name = persona.name
        services.persona_delete(persona=persona)
        messages.success(request, _("Persona “%(name)s” deleted.") % {"name": name})
        return redirect("journeys:persona_list")
    journeys = list(persona.journeys.order_by("name", "id"))
    return render(
        request, "journeys/persona_confirm_delete.html", {"persona": persona, "journeys": journeys}
    )


@dataclass
class ChannelGroup:
    channel: str
    label: str
    touchpoints: list[Touchpoint] = field(default_factory=list)


@dataclass
class MapColumn:
    """One stage of the map, with its items sorted into the lanes the template draws."""

    stage: Stage
    front_stage: list[ChannelGroup]
    back_stage: list[ChannelGroup]
    customer_observations: list[Observation]
    employee_observations: list[Observation]
    actions: list
    moment_touchpoint_ids: set[int]
    touchpoint_count: int = 0
    involvements: list = field(default_factory=list)


def _by_channel(touchpoints: list[Touchpoint]) -> list[ChannelGroup]:
    """Touchpoints grouped by channel, groups in the order of their first touchpoint."""
    groups: dict[str, ChannelGroup] = {}
    for touchpoint in touchpoints:
        group = groups.setdefault(
            touchpoint.channel,
            ChannelGroup(touchpoint.channel, touchpoint.get_channel_display()),
        )
        group.touchpoints.append(touchpoint)
    return list(groups.values())


# The emotion curve's drawing: one unit of width per stage, scores -2..+2 from bottom to top.
CURVE_COLUMN = 100
CURVE_HEIGHT = 100
CURVE_MARGIN = 10


def _curve_y(score: int) -> float:
    usable = CURVE_HEIGHT - 2 * CURVE_MARGIN
    return CURVE_MARGIN + (2 - score) * usable / 4


def _emotion_curve_drawing(points: list[EmotionPoint]) -> dict:
    """SVG coordinates for the curve; stages without a score break the line."""
    segments: list[list[tuple[float, float]]] = [[]]
    dots = []
    for index, point in enumerate(points):
        if point.score is None:
            if segments[-1]:
                segments.append([])
            continue
        x, y = index * CURVE_COLUMN + CURVE_COLUMN / 2, _curve_y(point.score)
        segments[-1].append((x, y))
        dots.append({"x": x, "y": y, "point": point})
    return {
        "width": max(len(points), 1) * CURVE_COLUMN,
        "height": CURVE_HEIGHT,
        "neutral_y": _curve_y(0),
        "polylines": [
            " ".join(f"{x:g},{y:g}" for x, y in segment) for segment in segments if segment
        ],
        "dots": dots,
        "survey_codes": [point.code for point in points if point.source == "survey"],
        "min_responses": settings.FEEDBACK_MIN_RESPONSES_FOR_SCORE,
    }


def _map_context(journey_id: int, involvements: dict | None = None) -> dict:
    """What the map body draws: the journey, its columns (with each stage's stakeholders),
    its journey-wide actions and the emotion curve, in at most ten queries: journey_map_get's
    six, the stakeholder lane's one (unless given) and the survey scores' three (unless the
    curve is cached)."""
    journey = selectors.journey_map_get(journey_id=journey_id)
    if involvements is None:
        involvements = stakeholder_selectors.stakeholders_by_stage(journey_id=journey.pk)
    stages = list(journey.stages.all())
    actions = list(journey.actions.all())
    columns = []
    for stage in stages:
        touchpoints = list(stage.touchpoints.all())
        observations = list(stage.observations.all())
        columns.append(
            MapColumn(
                stage=stage,
                front_stage=_by_channel(
                    [tp for tp in touchpoints if tp.lane == Touchpoint.Lane.FRONT_STAGE]
                ),
                back_stage=_by_channel(
                    [tp for tp in touchpoints if tp.lane == Touchpoint.Lane.BACK_STAGE]
                ),
                customer_observations=[
                    o for o in observations if o.side == Observation.Side.CUSTOMER
                ],
                employee_observations=[
                    o for o in observations if o.side == Observation.Side.EMPLOYEE
                ],
                actions=[action for action in actions if action.stage_id == stage.pk],
                moment_touchpoint_ids={
                    moment.touchpoint_id for moment in stage.moments_of_truth.all()
                },
                touchpoint_count=len(touchpoints),
                involvements=involvements.get(stage.pk, []),
            )
        )
    return {
        "journey": journey,
        "columns": columns,
        "stage_count": len(stages),
        "codes_in_order": [stage.code for stage in stages]
        == list(itertools.islice(services.stage_codes(), len(stages))),
        "journey_actions": [action for action in actions if action.stage_id is None],
        "curve": _emotion_curve_drawing(selectors.journey_emotion_curve(journey=journey)),
    }


@functools.cache
def _map_templates_digest() -> str:
    """Changes when a deployment changes what the map page looks like."""
    names = [
        "base.html",
        "journeys/journey_map.html",
        "journeys/_map_body.html",
        "journeys/_channel_groups.html",
        "journeys/_observations.html",
        "journeys/_actions.html",
        "journeys/_item_controls.html",
    ]
    sources = "".join(get_template(name).template.source for name in names)
    return hashlib.sha256(sources.encode()).hexdigest()


@permission_required("journeys.view_journey", raise_exception=True)
def journey_map(request, journey_id):
    """The map; a repeat view answers 304 (conditional GET) while nothing it shows changed:
    the journey and its items, the survey responses, the stakeholder lane, the viewer."""
    freshness = selectors.journey_map_freshness(journey_id=journey_id)
    involvements = (
        stakeholder_selectors.stakeholders_by_stage(journey_id=journey_id)
        if request.user.has_perm("stakeholders.view_stakeholder")
        else {}
    )
    lane = [
        (i.pk, i.stage_id, i.stakeholder_id, i.stakeholder.name, i.office, i.stakeholder_has_breach)
        for stage_involvements in involvements.values()
        for i in stage_involvements
    ]
    validators = Validators(
        "map page",
        freshness.fingerprint,
        lane,
        request.user.pk,
        sorted(request.user.get_all_permissions()),
        get_language(),
        _map_templates_digest(),
        last_modified=freshness.last_modified,
    )
    if not_modified := validators.not_modified(request):
        return not_modified
    context = _map_context(journey_id, involvements)
    context["relatives"] = selectors.journey_relatives(journey=context["journey"])
    return validators.apply(render(request, "journeys/journey_map.html", context))


# Editing on the map. Every write answers with the refreshed map body (an out-of-band swap)
# and an empty editor; an invalid form comes back into the editor with status 422.


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _map_changed(request, journey_id: int):
    if not _is_htmx(request):
        return redirect("journeys:journey_map", journey_id=journey_id)
    return render(request, "journeys/_map_changed.html", _map_context(journey_id))


def _add_service_errors(form, error: ValidationError) -> None:
    """Puts a service's validation errors on the form, under the field when it has one."""
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for name, messages_ in errors.items():
        field_name = name if name in form.fields else None
        for message in messages_:
            form.add_error(field_name, message)


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
    """The editor's form; with `refreshed_map` (a _map_context), the map body is redrawn too."""
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
                _add_service_errors(form, error)
            else:
                return _map_changed(request, journey.pk)
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
    context = _map_context(journey_id) | {"entered": entered, "refresh_map": True}
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
                refreshed_map = _map_context(journey_id)
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                return _map_changed(request, journey_id)
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
        return _map_changed(request, journey_id)

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
    return _map_changed(request, journey_id)


@require_POST
@permission_required("journeys.change_stage", raise_exception=True)
def journey_reletter_stages(request, journey_id):
    journey = get_object_or_404(Journey, pk=journey_id)
    services.journey_reletter_stages(journey=journey)
    return _map_changed(request, journey_id)


@require_POST
@permission_required("journeys.change_touchpoint", raise_exception=True)
def touchpoint_move(request, journey_id, item_id):
    touchpoint = get_object_or_404(Touchpoint, pk=item_id, stage__journey_id=journey_id)
    position = _position(request)
    if position is None:
        return HttpResponseBadRequest(_("Give a position of 1 or more."))
    services.touchpoint_move(touchpoint=touchpoint, position=position)
    return _map_changed(request, journey_id)


# Cross matrix, comparison, CSV


@permission_required("journeys.view_journey", raise_exception=True)
def journey_matrix(request, journey_id):
    journey, acted_on = selectors.journey_matrix_get(journey_id=journey_id)
    context = {
        "journey": journey,
        "rows": selectors.journey_matrix(journey=journey),
        "acted_on": acted_on,
    }
    return render(request, "journeys/journey_matrix.html", context)


@require_POST
@permission_required("journeys.add_action", raise_exception=True)
def observation_to_action(request, journey_id, observation_id):
    observation = get_object_or_404(
        Observation.objects.select_related("stage"), pk=observation_id, stage__journey_id=journey_id
    )
    action, created = services.observation_to_action(observation=observation, owner=request.user)
    if created:
        messages.success(
            request, _("Action “%(title)s” added to the plan.") % {"title": action.title}
        )
    else:
        messages.info(
            request,
            _("This observation already has an action: “%(title)s”.") % {"title": action.title},
        )
    return redirect("journeys:journey_matrix", journey_id=journey_id)


@permission_required("journeys.view_journey", raise_exception=True)
def journey_compare(request, journey_id, other_id):
    before = selectors.journey_compare_get(journey_id=journey_id)
    after = selectors.journey_compare_get(journey_id=other_id)
    differences = selectors.journey_compare(before=before, after=after)
    context = {
        "before": before,
        "after": after,
        "differences": differences,
        "summary": {
            status: sum(1 for difference in differences if difference.status == status)
            for status in ("added", "removed", "changed", "same")
        },
    }
    return render(request, "journeys/journey_compare.html", context)


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
