"""The cross matrix through the API: the journey's matrix, an employee observation's links
to the customer observations it explains, and merging near-duplicates."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.permissions import RequiresPermission, RolePermissions
from core.api.viewsets import call_service
from journeys import selectors, services
from journeys.models import Observation


class QuadrantSerializer(serializers.Serializer):
    customer_kind = serializers.CharField(help_text='"irritant", "enchantment" or "" (none).')
    employee_kind = serializers.CharField(help_text='"irritant", "enchantment" or "" (none).')
    priority = serializers.IntegerField(source="advice.priority")
    label = serializers.CharField(source="advice.label")
    advice = serializers.CharField(source="advice.advice")
    count = serializers.IntegerField()
    pairs = serializers.SerializerMethodField()
    customer = serializers.SerializerMethodField(help_text="Unlinked customer observations.")
    employee = serializers.SerializerMethodField(help_text="Unlinked employee observations.")

    def get_pairs(self, quadrant) -> list[dict[str, int]]:
        return [{"customer": p.customer.pk, "employee": p.employee.pk} for p in quadrant.pairs]

    def get_customer(self, quadrant) -> list[int]:
        return [o.pk for o in quadrant.customer]

    def get_employee(self, quadrant) -> list[int]:
        return [o.pk for o in quadrant.employee]


class MatrixStageSerializer(serializers.Serializer):
    stage = serializers.IntegerField(source="stage.pk")
    code = serializers.CharField(source="stage.code")
    name = serializers.CharField(source="stage.name")
    quadrants = QuadrantSerializer(many=True, help_text="Only the quadrants holding something.")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["quadrants"] = [q for q in data["quadrants"] if q["count"]]
        return data


class ObservationLinksSerializer(serializers.Serializer):
    explains = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="The customer observations (same stage) this employee observation explains; "
        "all of them: an empty list unlinks.",
    )


class ObservationMergeSerializer(serializers.Serializer):
    merged = serializers.ListField(
        child=serializers.IntegerField(),
        min_length=1,
        help_text="The near-duplicates (same stage, side and kind) merged into this one.",
    )
    dry_run = serializers.BooleanField(default=False, help_text="Only say what the merge gives.")


class MergePreviewSerializer(serializers.Serializer):
    description = serializers.CharField()
    severity = serializers.IntegerField()
    links = serializers.IntegerField(help_text="Links to the other side that move.")
    actions = serializers.IntegerField(help_text="Actions that move.")


class JourneyMatrixActions:
    """JourneyViewSet's `matrix`."""

    @extend_schema(
        summary="The cross matrix of the journey",
        description=(
            "Stage by stage, the quadrants holding something: customer kind against employee "
            "kind, with the plan's priority (1 to 3), its label and advice, the pairs (an "
            "employee observation and a customer observation it explains) and the unlinked "
            "observations crossed at the stage."
        ),
        responses=MatrixStageSerializer(many=True),
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def matrix(self, request, pk=None):
        journey = self.get_object()
        journey, _acted_on = selectors.journey_matrix_get(journey_id=journey.pk)
        rows = selectors.journey_matrix(journey=journey)
        return Response(MatrixStageSerializer(rows, many=True).data)


def _observations(ids: list[int], field: str) -> list[Observation]:
    found = list(Observation.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        # By field, as every other 400 of the API (the schema's error object).
        raise serializers.ValidationError({field: ["Unknown observation."]})
    return found


class ObservationMatrixActions:
    """ObservationViewSet's `links` and `merge`."""

    @extend_schema(
        summary="Set the customer observations an employee observation explains",
        request=ObservationLinksSerializer,
        responses=ObservationLinksSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[
            RolePermissions,
            RequiresPermission("journeys.change_observation", on_object=True),
        ],
    )
    def links(self, request, pk=None):
        observation = self.get_object()
        payload = ObservationLinksSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        explains = _observations(payload.validated_data["explains"], "explains")
        call_service(services.observation_link, observation=observation, explains=explains)
        return Response({"explains": sorted(observation.explains.values_list("pk", flat=True))})

    @extend_schema(
        summary="Merge near-duplicate observations into this one",
        description=(
            "Same stage, side and kind only. This observation's text gains theirs, it takes "
            "the highest severity, their links and actions move to it, then they are deleted. "
            "With `dry_run`, only answers what the merge gives."
        ),
        request=ObservationMergeSerializer,
        responses={200: MergePreviewSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[
            RolePermissions,
            RequiresPermission("journeys.delete_observation", on_object=True),
        ],
    )
    def merge(self, request, pk=None):
        kept = self.get_object()
        payload = ObservationMergeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        merged = _observations(payload.validated_data["merged"], "merged")
        preview = call_service(services.observation_merge_preview, kept=kept, merged=merged)
        if not payload.validated_data["dry_run"]:
            call_service(services.observation_merge, kept=kept, merged=merged)
        return Response(MergePreviewSerializer(preview).data)
