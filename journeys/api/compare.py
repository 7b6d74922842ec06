"""Two journeys compared stage by stage through the API: what the comparison page shows."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.fields import IdField
from journeys import selectors

STATUS_HELP = '"added", "removed", "changed" or "same".'


class CompareQuerySerializer(serializers.Serializer):
    other = IdField(help_text="The journey compared with this one (usually its to-be copy).")


class TouchpointDifferenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    status = serializers.CharField(help_text=STATUS_HELP)
    changed_fields = serializers.ListField(child=serializers.CharField())


class StageDifferenceSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stages are matched by code.")
    status = serializers.CharField(help_text=STATUS_HELP)
    before = serializers.IntegerField(source="before.pk", allow_null=True, default=None)
    after = serializers.IntegerField(source="after.pk", allow_null=True, default=None)
    changed_fields = serializers.ListField(child=serializers.CharField())
    emotion_before = serializers.IntegerField(
        source="before.emotion_score", allow_null=True, default=None
    )
    emotion_after = serializers.IntegerField(
        source="after.emotion_score", allow_null=True, default=None
    )
    emotion_difference = serializers.IntegerField(allow_null=True)
    touchpoints = TouchpointDifferenceSerializer(
        many=True, help_text="Matched by name within the stage."
    )


class ComparisonSerializer(serializers.Serializer):
    before = serializers.IntegerField(source="before.pk")
    after = serializers.IntegerField(source="after.pk")
    summary = serializers.DictField(
        child=serializers.IntegerField(), help_text="How many stages are in each status."
    )
    stages = StageDifferenceSerializer(many=True, source="differences")


class JourneyCompareActions:
    """JourneyViewSet's `compare`."""

    @extend_schema(
        summary="This journey compared with another, stage by stage",
        description=(
            "What the comparison page shows: the stages matched by code (in this journey's "
            "order, then the other's new ones), each added, removed, changed or the same, "
            "with the fields that changed, the manual emotion scores of both, and the "
            "touchpoints matched by name."
        ),
        parameters=[CompareQuerySerializer],
        responses=ComparisonSerializer,
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def compare(self, request, pk=None):
        query = CompareQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        comparison = selectors.journey_comparison(
            journey_id=pk, other_id=query.validated_data["other"]
        )
        return Response(ComparisonSerializer(comparison).data)
