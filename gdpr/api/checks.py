"""The register's consistency checks in the API: what the DPO's dashboard and each journey's
register page list as gaps."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.fields import IdField
from core.api.permissions import RequiresPermission
from gdpr import selectors


class ChecksQuerySerializer(serializers.Serializer):
    journey = IdField(required=False, help_text="One journey's checks; all journeys without.")


class CheckEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField(
        source="_meta.model_name", help_text='What is found: "dataitem", "processor", "stage".'
    )
    label = serializers.CharField(source="__str__")


class ConsistencyCheckSerializer(serializers.Serializer):
    code = serializers.CharField(help_text='e.g. "no_legal_basis", "stage_without_entry"')
    title = serializers.CharField()
    passed = serializers.BooleanField()
    entries = CheckEntrySerializer(many=True, help_text="The first findings.")
    more = serializers.BooleanField(help_text="More findings than the entries listed.")


class ConsistencyChecksView(APIView):
    """The register's gaps: personal data without a legal basis or a retention period,
    consent not described, processors without an agreement, special-category data without an
    Article 9 condition, stages collecting personal data without an entry (as-is journeys)."""

    permission_classes = [RequiresPermission("gdpr.view_dataitem")]

    @extend_schema(
        parameters=[ChecksQuerySerializer], responses=ConsistencyCheckSerializer(many=True)
    )
    def get(self, request):
        query = ChecksQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        checks = selectors.consistency_checks(journey_id=query.validated_data.get("journey"))
        return Response(ConsistencyCheckSerializer(checks, many=True).data)
