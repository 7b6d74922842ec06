"""Trends in the API: each stage's scores month by month over a period, and the response
rate of each follow-up rule."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response as APIResponse
from rest_framework.views import APIView

from core.api.fields import IdField, MonthField
from core.api.permissions import RequiresPermission
from feedback import selectors
from feedback.trends import MAX_MONTHS

from .serializers import ScoresSerializer


class TrendsQuerySerializer(serializers.Serializer):
    journey = IdField()
    first = MonthField(help_text="YYYY-MM, the first month")
    last = MonthField(help_text="YYYY-MM, the last month (at most 36 months after the first)")

    def validate(self, attrs):
        if attrs["first"] > attrs["last"]:
            raise serializers.ValidationError({"last": "The period ends after it starts."})
        if len(selectors.Period(attrs["first"], attrs["last"]).months) > MAX_MONTHS:
            raise serializers.ValidationError({"first": f"At most {MAX_MONTHS} months."})
        return attrs


class MonthScoresSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="The month's first day.")
    scores = ScoresSerializer()


class StageTrendSerializer(serializers.Serializer):
    stage = serializers.IntegerField(source="stage.pk")
    code = serializers.CharField(source="stage.code")
    months = MonthScoresSerializer(many=True)


class RuleRateSerializer(serializers.Serializer):
    rule = serializers.IntegerField(source="rule.pk")
    name = serializers.CharField(source="rule.name")
    sent = serializers.IntegerField()
    answered = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text="% of the invitations sent")


class TrendsSerializer(serializers.Serializer):
    stages = StageTrendSerializer(many=True)
    rules = RuleRateSerializer(many=True)


class TrendsView(APIView):
    """NPS, CSAT and CES per stage and month over a period (months without answers
    included, empty), and each follow-up rule's response rate over the same period."""

    permission_classes = [RequiresPermission("feedback.view_response")]

    @extend_schema(parameters=[TrendsQuerySerializer], responses=TrendsSerializer)
    def get(self, request):
        query = TrendsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        journey_id = query.validated_data["journey"]
        period = selectors.Period(query.validated_data["first"], query.validated_data["last"])
        stages = [
            {
                "stage": trend.stage,
                "months": [{"month": month, "scores": scores} for month, scores in trend.months],
            }
            for trend in selectors.stage_trends(journey_id=journey_id, period=period)
        ]
        rules = selectors.response_rate_by_rule(journey_id=journey_id, period=period)
        return APIResponse(TrendsSerializer({"stages": stages, "rules": rules}).data)
