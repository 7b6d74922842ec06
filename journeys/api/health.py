"""The journey health and the dissatisfaction risks' vocabulary in the API."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.permissions import RequiresPermission
from journeys.models import RISK_DESCRIPTIONS, DissatisfactionRisk


class HealthGapSerializer(serializers.Serializer):
    label = serializers.CharField(help_text='The item with the gap, e.g. "B. Booking".')
    fix_url = serializers.CharField(
        help_text="The page that fills the gap; empty when the caller may not fill it."
    )


class HealthCheckSerializer(serializers.Serializer):
    key = serializers.CharField(source="check.key", help_text='e.g. "stages_without_stakeholder"')
    title = serializers.CharField(source="check.title")
    checked = serializers.IntegerField(help_text="How many items the check looked at.")
    gaps = HealthGapSerializer(many=True)


class JourneyHealthSerializer(serializers.Serializer):
    journey = serializers.IntegerField(source="journey.pk")
    score = serializers.IntegerField(
        allow_null=True,
        help_text="The share of checked items without a gap, in percent (null: nothing checked).",
    )
    checked = serializers.IntegerField()
    gap_count = serializers.IntegerField()
    checks = HealthCheckSerializer(many=True, source="results")


class DissatisfactionRiskSerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=DissatisfactionRisk.choices)
    label = serializers.CharField()
    description = serializers.CharField(help_text="What the risk looks like (seed 003).")


class DissatisfactionRiskView(APIView):
    """The 13 dissatisfaction risks a case, an observation or a moment of truth names, with
    their labels and descriptions in the caller's language."""

    permission_classes = [RequiresPermission("journeys.view_observation")]
    pagination_class = None

    @extend_schema(responses=DissatisfactionRiskSerializer(many=True))
    def get(self, request):
        return Response(
            DissatisfactionRiskSerializer(
                [
                    {
                        "value": risk.value,
                        "label": str(risk.label),
                        "description": str(RISK_DESCRIPTIONS[risk]),
                    }
                    for risk in DissatisfactionRisk
                ],
                many=True,
            ).data
        )
