"""What the stakeholder map and the alignment pages compute, through the API."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.fields import IdField
from core.api.permissions import RequiresPermission
from journeys import selectors as journey_selectors
from stakeholders import selectors
from stakeholders.models import KPI, Stakeholder


class JourneyQuerySerializer(serializers.Serializer):
    journey = IdField()


class AlignmentQuerySerializer(JourneyQuerySerializer):
    dissonant_only = serializers.BooleanField(
        default=False, help_text="Only the dissonant KPIs and incentives."
    )


class StakeholderMapStageSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField()


class MapInvolvementSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    office = serializers.CharField()
    touchpoint = serializers.IntegerField(source="touchpoint_id", allow_null=True)
    sla_breach_id = serializers.IntegerField(
        allow_null=True,
        help_text="The latest breach, in the current or last period, of the stakeholder's SLA "
        "serving this stage.",
    )


class MapCellSerializer(serializers.Serializer):
    offices = serializers.ListField(child=serializers.CharField())
    involvements = MapInvolvementSerializer(many=True)


class MapStakeholderSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Stakeholder.Kind.choices)
    has_breach = serializers.BooleanField(
        help_text="A recent breach of an SLA serving one of its stages."
    )


class MapRowSerializer(serializers.Serializer):
    stakeholder = MapStakeholderSerializer()
    cells = MapCellSerializer(many=True, help_text="One per stage, in the order of `stages`.")


class StakeholderMapSerializer(serializers.Serializer):
    journey = serializers.IntegerField(source="journey.pk")
    stages = StakeholderMapStageSerializer(many=True)
    rows = MapRowSerializer(many=True)


class StakeholderMapView(APIView):
    """The employee side of a journey: its stages as columns, the stakeholders involved as
    rows, each cell with their involvements (front or back office) at that stage."""

    permission_classes = [RequiresPermission("stakeholders.view_stakeholder")]

    @extend_schema(parameters=[JourneyQuerySerializer], responses=StakeholderMapSerializer)
    def get(self, request):
        query = JourneyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        stakeholder_map = selectors.stakeholder_map_for_journey(
            journey_id=query.validated_data["journey"]
        )
        return Response(StakeholderMapSerializer(stakeholder_map).data)


class AlignedItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    alignment = serializers.ChoiceField(
        choices=KPI.Alignment.choices, help_text="With customer satisfaction."
    )


class StakeholderAlignmentSerializer(serializers.Serializer):
    stakeholder = serializers.IntegerField(source="stakeholder.pk")
    stakeholder_name = serializers.CharField(source="stakeholder.name")
    offices = serializers.ListField(child=serializers.CharField())
    kpis = AlignedItemSerializer(many=True)
    incentives = AlignedItemSerializer(many=True)


class AlignmentScoresSerializer(serializers.Serializer):
    responses = serializers.IntegerField()
    nps = serializers.FloatField(allow_null=True)
    csat = serializers.FloatField(allow_null=True)
    ces_mean = serializers.FloatField(allow_null=True)


class StageAlignmentSerializer(serializers.Serializer):
    stage = StakeholderMapStageSerializer()
    scores = AlignmentScoresSerializer(help_text="The stage's customer scores.")
    dissonant = serializers.IntegerField(help_text="Dissonant KPIs and incentives here.")
    stakeholders = StakeholderAlignmentSerializer(many=True)


class DissonantItemSerializer(serializers.Serializer):
    kind = serializers.SerializerMethodField(help_text='"kpi" or "incentive".')
    id = serializers.IntegerField(source="item.pk")
    name = serializers.CharField(source="item.name")
    stakeholder = serializers.IntegerField(source="stakeholder.pk")
    stages = serializers.SerializerMethodField(help_text="The stages its stakeholder serves.")

    def get_kind(self, dissonant) -> str:
        return "kpi" if isinstance(dissonant.item, KPI) else "incentive"

    def get_stages(self, dissonant) -> list[int]:
        return [row.stage.pk for row in dissonant.stages]


class JourneyAlignmentSerializer(serializers.Serializer):
    journey = serializers.IntegerField(source="journey.pk")
    stages = StageAlignmentSerializer(many=True)
    dissonant = DissonantItemSerializer(many=True)


class AlignmentView(APIView):
    """Per stage of a journey, its customer scores beside the KPIs and incentives of the
    stakeholders who serve it; and the dissonant ones with the stages they weigh on."""

    permission_classes = [RequiresPermission("stakeholders.view_kpi")]

    @extend_schema(parameters=[AlignmentQuerySerializer], responses=JourneyAlignmentSerializer)
    def get(self, request):
        query = AlignmentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        journey = journey_selectors.journey_get(journey_id=query.validated_data["journey"])
        alignment = selectors.journey_alignment(
            journey=journey, dissonant_only=query.validated_data["dissonant_only"]
        )
        return Response(JourneyAlignmentSerializer(alignment).data)
