from rest_framework import serializers

from core.api.fields import TextField
from core.api.serializers import ModelSerializer
from core.models import User
from journeys import services
from journeys.api.standards import StandardStatusSerializer
from journeys.models import (
    Action,
    BuyingGroupMember,
    CivileNeed,
    DissatisfactionRisk,
    Journey,
    MomentOfTruth,
    Observation,
    Persona,
    SpecificNeed,
    Stage,
    Touchpoint,
)


class NeedsSerializer(serializers.Serializer):
    """The SPECIFIC and CIVILE needs, of a persona or a buying group member."""

    specific_needs = serializers.ListField(
        child=serializers.ChoiceField(choices=SpecificNeed.choices), required=False
    )
    civile_needs = serializers.ListField(
        child=serializers.ChoiceField(choices=CivileNeed.choices), required=False
    )


class PersonaSerializer(NeedsSerializer, ModelSerializer):
    class Meta:
        model = Persona
        fields = ["id", *services.PERSONA_FIELDS]


class JourneySerializer(ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False
    )
    escalation_contact = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        allow_null=True,
        required=False,
        help_text="Who an overdue complaint case escalates to; the owner when null.",
    )

    class Meta:
        model = Journey
        fields = ["id", *services.JOURNEY_FIELDS, "source_journey", "created_at", "updated_at"]
        read_only_fields = ["source_journey", "created_at", "updated_at"]


class StageSerializer(ModelSerializer):
    code = TextField(max_length=8, required=False, allow_blank=True)
    position = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="Where to insert the stage (default: last). Change it with the move endpoint.",
    )

    class Meta:
        model = Stage
        fields = ["id", "journey", "position", *services.STAGE_FIELDS, "version"]
        read_only_fields = ["version"]
        # The services check the unique constraints (and keep positions gap-free).
        validators = []


_VERSION_HELP = (
    "The version you read. Optional; when given and someone changed the item since, the "
    "update is refused with 409 Conflict and nothing is saved. Every update adds one."
)


class StageUpdateSerializer(StageSerializer):
    position = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(min_value=1, required=False, help_text=_VERSION_HELP)

    class Meta(StageSerializer.Meta):
        read_only_fields = ["journey", "position"]


class TouchpointSerializer(ModelSerializer):
    position = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="Where to insert the touchpoint in its stage (default: last).",
    )

    class Meta:
        model = Touchpoint
        fields = ["id", "stage", "position", *services.TOUCHPOINT_FIELDS, "version"]
        read_only_fields = ["version"]
        extra_kwargs = {"volume": {"error_messages": {"max_value": Touchpoint.VOLUME_TOO_LARGE}}}
        validators = []


class TouchpointUpdateSerializer(TouchpointSerializer):
    position = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(min_value=1, required=False, help_text=_VERSION_HELP)

    class Meta(TouchpointSerializer.Meta):
        read_only_fields = ["stage", "position"]


def _risks_field() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=DissatisfactionRisk.choices),
        required=False,
        help_text="The dissatisfaction risks (of the 13) it runs or points to.",
    )


class MomentOfTruthSerializer(ModelSerializer):
    risks = _risks_field()

    class Meta:
        model = MomentOfTruth
        fields = ["id", "stage", *services.MOMENT_OF_TRUTH_FIELDS]


class MomentOfTruthUpdateSerializer(MomentOfTruthSerializer):
    class Meta(MomentOfTruthSerializer.Meta):
        read_only_fields = ["stage"]


class ObservationSerializer(ModelSerializer):
    risks = _risks_field()

    class Meta:
        model = Observation
        fields = ["id", "stage", *services.OBSERVATION_FIELDS]


class ObservationUpdateSerializer(ObservationSerializer):
    class Meta(ObservationSerializer.Meta):
        read_only_fields = ["stage"]


class ActionSerializer(ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "journey",
            *services.ACTION_FIELDS,
            "started_on",
            "done_on",
            "baseline",
            "baseline_from",
            "baseline_periods",
        ]
        read_only_fields = [
            "started_on",
            "done_on",
            "baseline",
            "baseline_from",
            "baseline_periods",
        ]
        extra_kwargs = {
            "observation": {
                "help_text": "The observation (of the same journey) the action was made from; "
                "set on creation only."
            }
        }


class ActionUpdateSerializer(ActionSerializer):
    class Meta(ActionSerializer.Meta):
        read_only_fields = ["journey", "observation", *ActionSerializer.Meta.read_only_fields]


CUSTOMER_CHANNELS = [
    choice for choice in Touchpoint.Channel.choices if choice[0] not in Touchpoint.INTERNAL_CHANNELS
]


class BuyingGroupMemberSerializer(NeedsSerializer, ModelSerializer):
    preferred_channels = serializers.ListField(
        child=serializers.ChoiceField(choices=CUSTOMER_CHANNELS), required=False
    )
    stages = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Stage.objects.all(),
        required=False,
        help_text="The stages (of the same journey) where this persona matters.",
    )

    class Meta:
        model = BuyingGroupMember
        fields = ["id", "journey", *services.BUYING_GROUP_MEMBER_FIELDS]
        # The service checks that a persona is in a journey's group once.
        validators = []


class BuyingGroupMemberUpdateSerializer(BuyingGroupMemberSerializer):
    class Meta(BuyingGroupMemberSerializer.Meta):
        read_only_fields = ["journey"]


class MoveSerializer(serializers.Serializer):
    position = serializers.IntegerField(
        min_value=1, help_text="The new position, 1 for first; beyond the last means last."
    )


class JourneyDuplicateSerializer(serializers.Serializer):
    name = TextField(max_length=200)
    state = serializers.ChoiceField(choices=Journey.State.choices, default=Journey.State.TO_BE)


# The whole map, nested, read-only.


class MapTouchpointSerializer(ModelSerializer):
    class Meta:
        model = Touchpoint
        fields = ["id", "position", *services.TOUCHPOINT_FIELDS, "version"]


class MapMomentOfTruthSerializer(ModelSerializer):
    risks = _risks_field()
    standard_status = StandardStatusSerializer(
        read_only=True,
        allow_null=True,
        help_text="A measurable standard's recent periods, met or missed (null otherwise).",
    )

    class Meta:
        model = MomentOfTruth
        fields = ["id", *services.MOMENT_OF_TRUTH_FIELDS, "standard_status"]


class MapObservationSerializer(ModelSerializer):
    risks = _risks_field()

    class Meta:
        model = Observation
        fields = ["id", *services.OBSERVATION_FIELDS]


class MapStageSerializer(ModelSerializer):
    touchpoints = MapTouchpointSerializer(many=True, read_only=True)
    moments_of_truth = MapMomentOfTruthSerializer(many=True, read_only=True)
    observations = MapObservationSerializer(many=True, read_only=True)

    class Meta:
        model = Stage
        fields = [
            "id",
            "position",
            *services.STAGE_FIELDS,
            "version",
            "touchpoints",
            "moments_of_truth",
            "observations",
        ]


class EmotionPointSerializer(serializers.Serializer):
    stage_id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    score = serializers.IntegerField(allow_null=True)
    # A plain string: an enum here would collide with Observation.source in the schema.
    source = serializers.CharField(
        help_text='Where the score comes from: "survey" (the stage\'s NPS on the -2..+2 scale, '
        'once FEEDBACK_MIN_RESPONSES_FOR_SCORE customers have answered) or "manual" (the '
        "stage's emotion score, elsewhere)."
    )


class MapLaneStageSerializer(serializers.Serializer):
    stage_id = serializers.IntegerField()
    items = serializers.ListField(
        child=serializers.DictField(),
        help_text="What the lane shows at this stage; each item's fields are the lane's own "
        '(the "stakeholders" lane: id, stakeholder_id, stakeholder, office, sla_breached, and '
        "sla_breach_id and sla_id: the latest breach, in the current or last period, of an "
        'SLA serving this stage; the "case_risks" lane: risk, cases, the complaint cases '
        "of each dissatisfaction risk at this stage).",
    )


class MapLaneSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='The lane, e.g. "stakeholders" or "case_risks".')
    stages = MapLaneStageSerializer(many=True, help_text="Every stage, in map order.")


class MapBuyingGroupMemberSerializer(BuyingGroupMemberSerializer):
    persona_name = serializers.CharField(source="persona.name", read_only=True)
    stages = serializers.SerializerMethodField(help_text="The stages where they matter.")

    class Meta(BuyingGroupMemberSerializer.Meta):
        fields = ["id", "persona_name", *services.BUYING_GROUP_MEMBER_FIELDS]

    def get_stages(self, member) -> list[int]:
        return [stage.pk for stage in member.stages.all()]


class JourneyMapSerializer(ModelSerializer):
    persona = PersonaSerializer(read_only=True, allow_null=True)
    buying_group = MapBuyingGroupMemberSerializer(
        many=True,
        read_only=True,
        source="map_buying_group",
        help_text="Who else takes part in the journey, with their buying role and the stages "
        "where they matter (whose stage it is).",
    )
    stages = MapStageSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)
    emotion_curve = EmotionPointSerializer(many=True, read_only=True)
    lanes = MapLaneSerializer(
        many=True,
        read_only=True,
        help_text="The lanes other apps add to the map that the caller may see (the "
        'stakeholders of each stage, with their SLA breaches, for "view stakeholder").',
    )

    class Meta:
        model = Journey
        fields = [
            *JourneySerializer.Meta.fields,
            "stages",
            "actions",
            "emotion_curve",
            "lanes",
            "buying_group",
        ]
