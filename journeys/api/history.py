"""The version history through the API: a journey's timeline, the diff between two points,
restoring a point, and named snapshots."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api.permissions import RequiresPermission, RolePermissions
from core.api.serializers import ModelSerializer
from core.api.viewsets import ServiceModelViewSet, call_service
from journeys import selectors, services
from journeys.filters import JourneySnapshotFilterSet
from journeys.models import JourneySnapshot

POINT_HELP = (
    '"now", "snapshot-<id>" (a named snapshot of this journey) or an ISO 8601 date and time.'
)


class ItemFieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(source="name")
    before = serializers.JSONField(help_text="The stored value (an id for a link).")
    after = serializers.JSONField()


class TimelineEntrySerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text='"journey", "stages", "touchpoints", "moments_of_truth", "observations" '
        'or "actions".'
    )
    id = serializers.IntegerField(source="record.id", help_text="The item's id.")
    action = serializers.CharField(help_text='"added", "changed" or "removed".')
    name = serializers.CharField()
    changes = ItemFieldChangeSerializer(many=True)


class TimelineGroupSerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text="Give it as `at` to restore this version.")
    user = serializers.CharField(allow_null=True, help_text="Who made the change, by name.")
    reason = serializers.CharField()
    entries = TimelineEntrySerializer(many=True)


class TimelinePageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Recorded changes in all pages.")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = TimelineGroupSerializer(many=True)


class ItemChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    moved = serializers.BooleanField()
    fields = ItemFieldChangeSerializer(many=True)

    def get_name(self, change) -> str:
        return str(change.record.history_object)


class KindChangesSerializer(serializers.Serializer):
    added = ItemChangeSerializer(many=True)
    removed = ItemChangeSerializer(many=True)
    changed = ItemChangeSerializer(many=True, help_text="Changed fields, or moved in order.")


class PointSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    snapshot = serializers.IntegerField(source="snapshot.pk", allow_null=True, default=None)


class JourneyDiffSerializer(serializers.Serializer):
    before = PointSerializer()
    after = PointSerializer()
    journey = ItemFieldChangeSerializer(many=True, help_text="The journey's own fields.")
    stages = KindChangesSerializer()
    touchpoints = KindChangesSerializer()
    moments_of_truth = KindChangesSerializer()
    observations = KindChangesSerializer()
    actions = KindChangesSerializer()


class RestoreSerializer(serializers.Serializer):
    at = serializers.CharField(help_text=f"The point to restore: {POINT_HELP}")


class JourneySnapshotSerializer(ModelSerializer):
    taken_by = serializers.StringRelatedField(help_text="Who took it, by name.")

    class Meta:
        model = JourneySnapshot
        fields = ["id", "journey", "name", "taken_at", "taken_by"]
        read_only_fields = ["taken_at", "taken_by"]


def _point(journey_id: int, token: str) -> selectors.Point:
    point = selectors.history_point(journey_id=journey_id, token=token)
    if point is None:
        raise NotFound("No such point in this journey's history.")
    return point


def _by_status(changes) -> dict:
    grouped = {"added": [], "removed": [], "changed": []}
    for change in changes:
        if change.status != "same":
            grouped[change.status].append(change)
    return grouped


class JourneyHistoryActions:
    """JourneyViewSet's `history`, `diff` and `restore`."""

    @extend_schema(
        summary="The journey's timeline",
        description=(
            "Every recorded change of the journey and of its items, newest first, 50 records "
            "a page, grouped into the edits one person made at once; each change with the "
            "fields before and after."
        ),
        parameters=[OpenApiParameter("page", OpenApiTypes.INT, required=False)],
        responses=TimelinePageSerializer,
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        journey = self.get_object()
        page, groups = selectors.journey_timeline(
            journey_id=journey.pk, page_number=request.query_params.get("page")
        )
        for group in groups:
            group.user = str(group.user) if group.user else None
        return Response(
            TimelinePageSerializer(
                {
                    "count": page.paginator.count,
                    "page": page.number,
                    "pages": page.paginator.num_pages,
                    "results": groups,
                }
            ).data
        )

    @extend_schema(
        summary="What changed between two points of the journey's history",
        description=(
            "Per kind of item, the items added, removed and changed (fields before and after, "
            "or `moved` when their place in the order changed) between `before` and `after`."
        ),
        parameters=[
            OpenApiParameter("before", OpenApiTypes.STR, required=True, description=POINT_HELP),
            OpenApiParameter("after", OpenApiTypes.STR, required=False, description=POINT_HELP),
        ],
        responses=JourneyDiffSerializer,
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def diff(self, request, pk=None):
        journey = self.get_object()
        before = _point(journey.pk, request.query_params.get("before", ""))
        after = _point(journey.pk, request.query_params.get("after", "now"))
        diff = selectors.journey_diff(
            before=selectors.journey_state_at(journey_id=journey.pk, at=before.at),
            after=selectors.journey_state_at(journey_id=journey.pk, at=after.at),
        )
        data = {"before": before, "after": after, "journey": diff.journey_fields}
        data |= {kind: _by_status(changes) for kind, changes in diff.changes.items()}
        return Response(JourneyDiffSerializer(data).data)

    @extend_schema(
        summary="Restore an earlier version of the journey",
        description=(
            "Brings the journey and its items back to what they were at `at`, as new versions: "
            "items added since are deleted, deleted ones come back with their id, changed ones "
            "get their former values. Nothing is lost: the restore shows in the history."
        ),
        request=RestoreSerializer,
        responses={200: None},
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[
            RolePermissions,
            RequiresPermission("journeys.change_journey", on_object=True),
        ],
    )
    def restore(self, request, pk=None):
        journey = self.get_object()
        payload = RestoreSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        point = _point(journey.pk, payload.validated_data["at"])
        call_service(services.journey_restore, journey=journey, at=point.at)
        return Response(status=status.HTTP_200_OK)


class JourneySnapshotViewSet(ServiceModelViewSet):
    """Named snapshots of journeys ("after the March workshop"): points of the history to
    compare and restore."""

    queryset = JourneySnapshot.objects.select_related("taken_by")
    serializer_class = JourneySnapshotSerializer
    filterset_class = JourneySnapshotFilterSet
    ordering_fields = ["taken_at", "id"]
    http_method_names = ["get", "post", "delete", "head", "options"]
    entity = "snapshot"
    delete_service = services.snapshot_delete

    def perform_create(self, serializer):
        serializer.instance = call_service(
            services.snapshot_create, taken_by=self.request.user, **serializer.validated_data
        )
