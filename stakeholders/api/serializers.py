from datetime import UTC, datetime

from django.core.validators import MinValueValidator
from rest_framework import serializers

from core.api.serializers import ModelSerializer
from journeys.models import Touchpoint
from stakeholders.models import (
    KPI,
    SLA,
    Incentive,
    Interview,
    Involvement,
    SLAMeasurement,
    SLAObjective,
    Stakeholder,
)
from stakeholders.services import MEASUREMENTS_PER_UPLOAD, STAKEHOLDER_FIELDS


class StakeholderSerializer(ModelSerializer):
    """A stakeholder; the contact e-mail and phone only for those who arrange interviews
    (the CX manager and the interviewers): staff's contact details are personal data."""

    class Meta:
        model = Stakeholder
        fields = ["id", *STAKEHOLDER_FIELDS]
        # The service checks the unique constraint.
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not request.user.has_perm("stakeholders.view_interview"):
            data.update(email="", phone="")
        return data


class InvolvementSerializer(ModelSerializer):
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=Touchpoint.Channel.choices), required=False
    )

    class Meta:
        model = Involvement
        fields = [
            "id",
            "stakeholder",
            "stage",
            "touchpoint",
            "office",
            "channels",
            "volume",
            "volume_period",
            "tools",
        ]
        validators = []


class InvolvementUpdateSerializer(InvolvementSerializer):
    class Meta(InvolvementSerializer.Meta):
        read_only_fields = ["stakeholder", "stage"]


class KPISerializer(ModelSerializer):
    class Meta:
        model = KPI
        fields = [
            "id",
            "stakeholder",
            "name",
            "unit",
            "target",
            "current_value",
            "direction",
            "alignment",
            "rationale",
        ]
        validators = []


class KPIUpdateSerializer(KPISerializer):
    class Meta(KPISerializer.Meta):
        read_only_fields = ["stakeholder"]


class SLASerializer(ModelSerializer):
    class Meta:
        model = SLA
        fields = ["id", "stakeholder", "service", "contract_reference", "valid_from", "valid_until"]


class SLAUpdateSerializer(SLASerializer):
    class Meta(SLASerializer.Meta):
        read_only_fields = ["stakeholder"]


class SLAObjectiveSerializer(ModelSerializer):
    class Meta:
        model = SLAObjective
        fields = [
            "id",
            "sla",
            "metric",
            "unit",
            "comparison",
            "target",
            "period",
            "missing_period_start",
        ]
        read_only_fields = ["missing_period_start"]


class SLAObjectiveUpdateSerializer(SLAObjectiveSerializer):
    class Meta(SLAObjectiveSerializer.Meta):
        read_only_fields = ["sla", "missing_period_start"]


class SLAMeasurementSerializer(ModelSerializer):
    class Meta:
        model = SLAMeasurement
        fields = ["id", "objective", "period_start", "value", "met", "recorded_at"]
        read_only_fields = ["met", "recorded_at"]
        # Recording a period again corrects its value instead of failing.
        validators = []


class SLAMeasurementUpdateSerializer(SLAMeasurementSerializer):
    class Meta(SLAMeasurementSerializer.Meta):
        read_only_fields = ["objective", "period_start", "met", "recorded_at"]


class SLAMeasurementBulkSerializer(serializers.Serializer):
    measurements = SLAMeasurementSerializer(
        many=True, allow_empty=False, max_length=MEASUREMENTS_PER_UPLOAD
    )


class IncentiveSerializer(ModelSerializer):
    class Meta:
        model = Incentive
        fields = [
            "id",
            "stakeholder",
            "type",
            "name",
            "eligible_population",
            "calculation",
            "kpi",
            "rewards_customer_satisfaction",
        ]


class IncentiveUpdateSerializer(IncentiveSerializer):
    class Meta(IncentiveSerializer.Meta):
        read_only_fields = ["stakeholder"]


class InterviewSerializer(ModelSerializer):
    class Meta:
        model = Interview
        fields = [
            "id",
            "stakeholder",
            "journey",
            "interviewer",
            "scheduled_at",
            "status",
            "answers",
            "ease_of_satisfying",
            "updated_at",
            "submitted_at",
            "validated_at",
            "validated_by",
        ]
        read_only_fields = [
            "interviewer",
            "status",
            "answers",
            "ease_of_satisfying",
            "updated_at",
            "submitted_at",
            "validated_at",
            "validated_by",
        ]
        extra_kwargs = {
            # Earlier is a typo, and there Paris's local mean time (+00:09:21) has no
            # RFC 3339 form: the answer would not be a valid date-time.
            "scheduled_at": {"validators": [MinValueValidator(datetime(1900, 1, 1, tzinfo=UTC))]},
        }


class InterviewUpdateSerializer(InterviewSerializer):
    class Meta(InterviewSerializer.Meta):
        read_only_fields = [*InterviewSerializer.Meta.read_only_fields, "stakeholder"]


class InterviewAnswersSerializer(serializers.Serializer):
    answers = serializers.JSONField(
        help_text=(
            'The form\'s sections: {"stages": {"<stage id>": {"role": "", "irritants": [], '
            '"enchantments": []}}, "channels_and_volumes": "", "tools": "", "kpis": [{"name": '
            '"", "unit": "", "target": ""}], "incentives": [{"type": "", '
            '"eligible_population": "", "calculation": ""}], "blockers": "", "suggestions": ""}'
        )
    )
    ease_of_satisfying = serializers.IntegerField(
        min_value=1, max_value=5, required=False, allow_null=True
    )
