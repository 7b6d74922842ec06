from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from core.api.permissions import RequiresPermission, RolePermissions
from core.api.viewsets import ServiceModelViewSet, call_service
from journeys import selectors, services
from journeys.conditional import Validators, permissions_digest
from journeys.filters import (
    ActionFilterSet,
    BuyingGroupMemberFilterSet,
    JourneyFilterSet,
    MomentOfTruthFilterSet,
    ObservationFilterSet,
    PersonaFilterSet,
    StageFilterSet,
    TouchpointFilterSet,
)
from journeys.models import (
    Action,
    BuyingGroupMember,
    Journey,
    MomentOfTruth,
    Observation,
    Persona,
    Stage,
    Touchpoint,
)

from .compare import JourneyCompareActions
from .health import JourneyHealthSerializer
from .history import JourneyHistoryActions
from .matrix import JourneyMatrixActions, ObservationMatrixActions
from .serializers import (
    ActionSerializer,
    ActionUpdateSerializer,
    BuyingGroupMemberSerializer,
    BuyingGroupMemberUpdateSerializer,
    JourneyDuplicateSerializer,
    JourneyMapSerializer,
    JourneySerializer,
    MomentOfTruthSerializer,
    MomentOfTruthUpdateSerializer,
    MoveSerializer,
    ObservationSerializer,
    ObservationUpdateSerializer,
    PersonaSerializer,
    StageSerializer,
    StageUpdateSerializer,
    TouchpointSerializer,
    TouchpointUpdateSerializer,
)
from .standards import JourneyPlanActions

# A cached map is named by its validators, so it never goes stale; the time only frees memory.
MAP_API_SECONDS = 24 * 60 * 60


class PersonaViewSet(ServiceModelViewSet):
    """Personas: the customers journeys are drawn for."""

    queryset = Persona.objects.all()
    serializer_class = PersonaSerializer
    filterset_class = PersonaFilterSet
    ordering_fields = ["name", "id"]
    entity = "persona"
    create_service = services.persona_create
    update_service = services.persona_update
    delete_service = services.persona_delete


class JourneyViewSet(
    JourneyCompareActions,
    JourneyHistoryActions,
    JourneyMatrixActions,
    JourneyPlanActions,
    ServiceModelViewSet,
):
    """Customer journeys; `map` returns one journey's whole map nested."""

    queryset = Journey.objects.all()
    serializer_class = JourneySerializer
    filterset_class = JourneyFilterSet
    ordering_fields = ["name", "created_at", "updated_at", "id"]
    entity = "journey"
    create_service = services.journey_create
    update_service = services.journey_update
    delete_service = services.journey_delete

    @extend_schema(
        summary="The whole journey map, nested",
        description=(
            "The journey with its stages in order, each with its touchpoints, moments of "
            "truth and observations; the journey's actions; the emotion curve, one point "
            'per stage, whose `source` says where the score comes from ("survey" where enough '
            'customers answered, "manual" elsewhere); and the lanes other apps contribute '
            "that the caller may see, such as the stakeholders of each stage."
        ),
        responses=JourneyMapSerializer,
    )
    @action(detail=True, methods=["get"])
    def map(self, request, pk=None):
        freshness = selectors.journey_map_freshness(journey_id=pk)
        lanes = selectors.journey_map_lanes(journey_id=pk, user=request.user)
        validators = Validators(
            "map api",
            freshness.fingerprint,
            [lane.fingerprint for lane in lanes],
            # The standards' recent periods move with the date.
            timezone.localdate().isoformat(),
            last_modified=freshness.last_modified,
        )
        if not_modified := validators.not_modified(request):
            return not_modified
        # The validators name everything the map depends on but the caller's rights and
        # language: with those, they name one body, built once for every caller alike.
        key = (
            f"journey-map-api:{validators.etag}:{get_language()}:{permissions_digest(request.user)}"
        )
        data = cache.get(key)
        if data is None:
            journey_map = selectors.journey_map(journey_id=pk, user=request.user, lanes=lanes)
            journey = journey_map.journey
            journey.emotion_curve = journey_map.emotion_curve
            journey.lanes = journey_map.lanes_data
            journey.map_buying_group = journey_map.buying_group
            data = JourneyMapSerializer(journey).data
            cache.set(key, data, MAP_API_SECONDS)
        return validators.apply(Response(data))

    @extend_schema(
        summary="The journey's health: the gaps of its map",
        description=(
            "What the map's health panel lists: stages without a stakeholder, touchpoints "
            "without a responsible, moments of truth without a measurable standard, "
            "standards missed in their latest period, stages "
            "of an as-is journey without a follow-up rule, touchpoints collecting personal "
            "data without a register entry (the checks the caller may see), each gap with the "
            "page that fills it; and the score, the share of checked items without a gap."
        ),
        responses=JourneyHealthSerializer,
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def health(self, request, pk=None):
        journey = self.get_object()
        health = selectors.journey_health(journey=journey, user=request.user)
        return Response(JourneyHealthSerializer(health).data)

    @extend_schema(
        summary="Duplicate a journey to start a to-be version",
        description=(
            "Deep-copies the stages, touchpoints, moments of truth, observations and the "
            "buying group (not the actions). The copy points to this journey as its source "
            "and belongs to the caller."
        ),
        request=JourneyDuplicateSerializer,
        responses={201: JourneySerializer},
        examples=[
            OpenApiExample(
                "To-be copy",
                value={"name": "Car rental — business trip (to-be)", "state": "to_be"},
                request_only=True,
            )
        ],
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[
            RolePermissions,
            RequiresPermission("journeys.add_journey", on_object=True),
        ],
    )
    def duplicate(self, request, pk=None):
        journey = self.get_object()
        payload = JourneyDuplicateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        copy = call_service(
            services.journey_duplicate,
            journey=journey,
            owner=request.user,
            **payload.validated_data,
        )
        return Response(JourneySerializer(copy).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Give the stages the codes A, B, C… in their order",
        description=(
            "A stage keeps its code when it moves (comparisons and CSV imports match stages "
            "by code); this gives the codes A, B, C… (then A2, B2…) in the current order, "
            "and adds one to each stage's version. Returns the stages in order."
        ),
        request=None,
        responses=StageSerializer(many=True),
        filters=False,
    )
    # A list answered whole: without a paginator the schema promises the list, not a page.
    @action(
        detail=True,
        methods=["post"],
        url_path="reletter-stages",
        pagination_class=None,
        permission_classes=[
            RolePermissions,
            RequiresPermission("journeys.change_stage", on_object=True),
        ],
    )
    def reletter_stages(self, request, pk=None):
        journey = self.get_object()
        services.journey_reletter_stages(journey=journey)
        return Response(StageSerializer(journey.stages.order_by("position"), many=True).data)


class EditConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This item was changed by someone else since you read it.")
    default_code = "conflict"


class VersionedServiceModelViewSet(ServiceModelViewSet):
    """Updates carry the `version` the caller read: a stale one gets 409 Conflict."""

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version", None)

        def update_unless_stale(**kwargs):
            try:
                return type(self).update_service(**kwargs)
            except services.StaleEdit as error:
                raise EditConflict(error.message) from error

        serializer.instance = call_service(
            update_unless_stale, **{self.entity: serializer.instance, "data": data}, version=version
        )


_CONFLICT = OpenApiResponse(
    description="The `version` sent is not the current one: someone changed the item since it "
    "was read. Nothing is saved; read it again, then retry."
)

_MOVE_EXAMPLE = OpenApiExample("Move to first", value={"position": 1}, request_only=True)


@extend_schema_view(
    create=extend_schema(
        description="Adds a stage; without `code` the next free letter is used, without "
        "`position` it goes last."
    ),
    update=extend_schema(responses={200: StageUpdateSerializer, 409: _CONFLICT}),
    partial_update=extend_schema(responses={200: StageUpdateSerializer, 409: _CONFLICT}),
)
class StageViewSet(VersionedServiceModelViewSet):
    """Stages, ordered 1..n in their journey without gaps."""

    queryset = Stage.objects.all()
    serializer_class = StageSerializer
    update_serializer_class = StageUpdateSerializer
    filterset_class = StageFilterSet
    ordering_fields = ["journey", "position", "id"]
    ordering = ["journey", "position"]
    entity = "stage"
    create_service = services.stage_create
    update_service = services.stage_update
    delete_service = services.stage_delete

    @extend_schema(
        summary="Move a stage to another position",
        request=MoveSerializer,
        responses=StageSerializer,
        examples=[_MOVE_EXAMPLE],
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[
            RolePermissions,
            RequiresPermission("journeys.change_stage", on_object=True),
        ],
    )
    def move(self, request, pk=None):
        stage = self.get_object()
        payload = MoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        stage = services.stage_move(stage=stage, position=payload.validated_data["position"])
        return Response(StageSerializer(stage).data)


@extend_schema_view(
    update=extend_schema(responses={200: TouchpointUpdateSerializer, 409: _CONFLICT}),
    partial_update=extend_schema(responses={200: TouchpointUpdateSerializer, 409: _CONFLICT}),
)
class TouchpointViewSet(VersionedServiceModelViewSet):
    """Touchpoints, ordered 1..n in their stage without gaps."""

    queryset = Touchpoint.objects.all()
    serializer_class = TouchpointSerializer
    update_serializer_class = TouchpointUpdateSerializer
    filterset_class = TouchpointFilterSet
    ordering_fields = ["stage", "position", "channel", "id"]
    ordering = ["stage", "position"]
    entity = "touchpoint"
    create_service = services.touchpoint_create
    update_service = services.touchpoint_update
    delete_service = services.touchpoint_delete

    @extend_schema(
        summary="Move a touchpoint to another position in its stage",
        request=MoveSerializer,
        responses=TouchpointSerializer,
        examples=[_MOVE_EXAMPLE],
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[
            RolePermissions,
            RequiresPermission("journeys.change_touchpoint", on_object=True),
        ],
    )
    def move(self, request, pk=None):
        touchpoint = self.get_object()
        payload = MoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        touchpoint = services.touchpoint_move(
            touchpoint=touchpoint, position=payload.validated_data["position"]
        )
        return Response(TouchpointSerializer(touchpoint).data)


class MomentOfTruthViewSet(ServiceModelViewSet):
    """Moments of truth, each with its measurable internal standard."""

    queryset = MomentOfTruth.objects.all()
    serializer_class = MomentOfTruthSerializer
    update_serializer_class = MomentOfTruthUpdateSerializer
    filterset_class = MomentOfTruthFilterSet
    ordering_fields = ["stage", "criticality", "id"]
    entity = "moment"
    create_service = services.moment_of_truth_create
    update_service = services.moment_of_truth_update
    delete_service = services.moment_of_truth_delete


class ObservationViewSet(ObservationMatrixActions, ServiceModelViewSet):
    """Irritants and enchantments, on the customer's or the employee's side."""

    queryset = Observation.objects.all()
    serializer_class = ObservationSerializer
    update_serializer_class = ObservationUpdateSerializer
    filterset_class = ObservationFilterSet
    ordering_fields = ["stage", "severity", "id"]
    entity = "observation"
    create_service = services.observation_create
    update_service = services.observation_update
    delete_service = services.observation_delete

    @extend_schema(
        summary="Turn an observation into an action of the plan",
        description=(
            "Creates the action once: the priority is that of the observation's cross-matrix "
            "quadrant (an irritant on both sides or a customer irritant staff do not see 1, "
            "other irritants 2, an enchantment 3). Calling it again returns the same action "
            "with status 200 instead of 201."
        ),
        request=None,
        responses={201: ActionSerializer, 200: ActionSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="to-action",
        permission_classes=[
            RolePermissions,
            RequiresPermission("journeys.add_action", on_object=True),
        ],
    )
    def to_action(self, request, pk=None):
        observation = self.get_object()
        action_, created = services.observation_to_action(
            observation=observation, owner=request.user
        )
        return Response(
            ActionSerializer(action_).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ActionViewSet(ServiceModelViewSet):
    """The improvement plan's actions."""

    queryset = Action.objects.all()
    serializer_class = ActionSerializer
    update_serializer_class = ActionUpdateSerializer
    filterset_class = ActionFilterSet
    ordering_fields = ["priority", "due_date", "status", "id"]
    entity = "action"
    create_service = services.action_create
    update_service = services.action_update
    delete_service = services.action_delete


class BuyingGroupMemberViewSet(ServiceModelViewSet):
    """The personas of each journey's buying group: their buying role, preferred channels,
    the stages where they matter and their needs there."""

    queryset = BuyingGroupMember.objects.prefetch_related("stages")
    serializer_class = BuyingGroupMemberSerializer
    update_serializer_class = BuyingGroupMemberUpdateSerializer
    filterset_class = BuyingGroupMemberFilterSet
    ordering_fields = ["journey", "role", "id"]
    ordering = ["journey", "id"]
    entity = "member"
    create_service = services.buying_group_member_create
    update_service = services.buying_group_member_update
    delete_service = services.buying_group_member_delete
