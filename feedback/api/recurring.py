"""The recurring causes of complaints in the API: the external loop's candidates for the
improvement plan."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response as APIResponse
from rest_framework.views import APIView

from core.api.fields import IdField
from core.api.permissions import RequiresPermission
from feedback import selectors
from journeys.models import DissatisfactionRisk


class RecurringQuerySerializer(serializers.Serializer):
    journey = IdField()


class RecurringCauseSerializer(serializers.Serializer):
    stage = serializers.IntegerField(source="stage_id")
    stage_label = serializers.CharField()
    category = serializers.ChoiceField(
        choices=DissatisfactionRisk.choices, help_text="The dissatisfaction risk."
    )
    category_label = serializers.CharField()
    cases = serializers.IntegerField(
        help_text="Cases of this risk at this stage not yet in the plan."
    )


class RecurringCausesView(APIView):
    """Dissatisfaction risks that recur at one stage of the journey (at least
    RECURRING_CASE_MINIMUM cases not yet turned into an improvement action), the most
    frequent first."""

    permission_classes = [RequiresPermission("feedback.view_case")]

    @extend_schema(
        parameters=[RecurringQuerySerializer], responses=RecurringCauseSerializer(many=True)
    )
    def get(self, request):
        query = RecurringQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        causes = selectors.recurring_causes(journey_id=query.validated_data["journey"])
        return APIResponse(RecurringCauseSerializer(causes, many=True).data)
