from datetime import UTC, datetime

from django.core.validators import MinValueValidator
from rest_framework import serializers

from core.api.serializers import ModelSerializer
from journeys.models import Observation, Touchpoint
from stakeholders.models import (
    KPI,
    SLA,
    Incentive,
    Interview,
    Involvement,
    KPIMeasurement,
    SLAMeasurement,
    SLAObjective,
    Stakeholder,
)
from stakeholders.services import (
    INVOLVEMENT_FIELDS,
    KPI_FIELDS,
    MEASUREMENTS_PER_UPLOAD,
    STAKEHOLDER_FIELDS,
)


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
            *INVOLVEMENT_FIELDS,
        ]
        validators = []


class InvolvementUpdateSerializer(InvolvementSerializer):
    class Meta(InvolvementSerializer.Meta):
        read_only_fields = ["stakeholder", "stage"]


class KPISerializer(ModelSerializer):
    class Meta:
        model = KPI
        fields = ["id", "stakeholder", *KPI_FIELDS]
        validators = []


class KPIUpdateSerializer(KPISerializer):
    class Meta(KPISerializer.Meta):
        read_only_fields = ["stakeholder"]


class SLASerializer(ModelSerializer):
    class Meta:
        model = SLA
        fields = [
            "id",
            "stakeholder",
            "service",
            "contract_reference",
            "valid_from",
            "valid_until",
            "stages",
            "touchpoints",
        ]
        extra_kwargs = {
            "stages": {
                "required": False,
                "help_text": "The stages (ids) the service delivers: the journey map shows a "
                "breach of the current or last period on these stages only.",
            },
            "touchpoints": {
                "required": False,
                "help_text": "Or only some touchpoints (ids): a breach shows on their stages.",
            },
        }


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


class KPIMeasurementSerializer(ModelSerializer):
    class Meta:
        model = KPIMeasurement
        fields = ["id", "kpi", "period_start", "value", "recorded_at"]
        read_only_fields = ["recorded_at"]
        # Recording a period again corrects its value instead of failing.
        validators = []


class KPIMeasurementUpdateSerializer(KPIMeasurementSerializer):
    class Meta(KPIMeasurementSerializer.Meta):
        read_only_fields = ["kpi", "period_start", "recorded_at"]


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


class StageAnswersSerializer(serializers.Serializer):
    role = serializers.CharField(allow_blank=True, required=False, default="")
    irritants = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    enchantments = serializers.ListField(
        child=serializers.CharField(), required=False, default=list
    )
    severity = serializers.ChoiceField(
        choices=Observation._meta.get_field("severity").choices,
        required=False,
        default=2,
        help_text="The irritants' severity.",
    )
    ease = serializers.IntegerField(
        min_value=1,
        max_value=5,
        required=False,
        allow_null=True,
        default=None,
        help_text="How easy it is to satisfy the customer at this stage (1 to 5).",
    )
    blockers = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="What blocks them."
    )
    suggestions = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=Touchpoint.Channel.choices),
        required=False,
        default=list,
        help_text="The channels they handle at this stage.",
    )
    volume = serializers.IntegerField(
        min_value=0, max_value=Touchpoint.VOLUME_MAX, required=False, allow_null=True, default=None
    )
    volume_period = serializers.ChoiceField(
        choices=Touchpoint.VolumePeriod.choices, required=False, allow_blank=True, default=""
    )


class KPIRowSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    unit = serializers.CharField(max_length=40, allow_blank=True, required=False, default="")
    direction = serializers.ChoiceField(
        choices=KPI.Direction.choices, required=False, default=KPI.Direction.HIGHER_IS_BETTER
    )
    target = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="A number, or empty."
    )


class IncentiveRowSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=Incentive.Type.choices)
    eligible_population = serializers.CharField(
        max_length=200, allow_blank=True, required=False, default=""
    )
    calculation = serializers.CharField()


class InterviewAnswersContentSerializer(serializers.Serializer):
    """The interview form's sections; the KPIs and incentives as rows."""

    stages = serializers.DictField(
        child=StageAnswersSerializer(), required=False, default=dict, help_text="By stage id."
    )
    channels_and_volumes = serializers.CharField(allow_blank=True, required=False, default="")
    tools = serializers.CharField(allow_blank=True, required=False, default="")
    kpis = KPIRowSerializer(many=True, required=False, default=list)
    incentives = IncentiveRowSerializer(many=True, required=False, default=list)
    blockers = serializers.CharField(allow_blank=True, required=False, default="")
    suggestions = serializers.CharField(allow_blank=True, required=False, default="")


class InterviewSerializer(ModelSerializer):
    answers = InterviewAnswersContentSerializer(read_only=True)

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
    answers = InterviewAnswersContentSerializer()
    ease_of_satisfying = serializers.IntegerField(
        min_value=1, max_value=5, required=False, allow_null=True
    )


class InterviewValidateSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(
        default=False, help_text="Only say what validating would create."
    )
    answers = InterviewAnswersContentSerializer(
        required=False, help_text="The CX manager's revision of the outcome, if any."
    )
    ease_of_satisfying = serializers.IntegerField(
        min_value=1, max_value=5, required=False, allow_null=True
    )
    accept_involvements = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="The stage ids of the proposed involvements to create (the plan's "
        "`involvements`); the others are not created.",
    )


class InterviewSendBackSerializer(serializers.Serializer):
    comment = serializers.CharField(help_text="What the interviewer should change.")


class PlannedObservationSerializer(serializers.Serializer):
    stage = serializers.IntegerField(source="stage.pk")
    kind = serializers.CharField()
    severity = serializers.IntegerField()
    description = serializers.CharField()


class PlannedKPISerializer(serializers.Serializer):
    name = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField()
    target = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    existing = serializers.IntegerField(
        source="existing.pk",
        read_only=True,
        allow_null=True,
        help_text="The id of the KPI already recorded.",
    )


class PlannedIncentiveSerializer(serializers.Serializer):
    type = serializers.CharField()
    eligible_population = serializers.CharField()
    calculation = serializers.CharField()


class PlannedInvolvementSerializer(serializers.Serializer):
    stage = serializers.IntegerField(source="stage.pk")
    role = serializers.CharField()
    channels = serializers.ListField(child=serializers.CharField())
    volume = serializers.IntegerField(allow_null=True)
    volume_period = serializers.CharField()
    tools = serializers.CharField()


class ValidationPlanSerializer(serializers.Serializer):
    """What validating creates (a dry run); `existing` names a KPI already recorded;
    `involvements` are proposed, created only when accepted."""

    involvements = PlannedInvolvementSerializer(many=True)

    observations = PlannedObservationSerializer(many=True)
    kpis = PlannedKPISerializer(many=True)
    incentives = PlannedIncentiveSerializer(many=True)
