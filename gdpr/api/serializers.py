from rest_framework import serializers

from core.api.fields import TextField
from core.api.serializers import ModelSerializer
from core.validators import TEXT_MAX_LENGTH
from gdpr.models import (
    ACTIVITY_FIELDS,
    DATA_ITEM_FIELDS,
    PROCESSOR_FIELDS,
    REQUIREMENT_FIELDS,
    SCREENING_FIELDS,
    DataItem,
    DPIAScreening,
    ProcessingActivity,
    Processor,
    Requirement,
    RespondentAccess,
    ReviewStatus,
    SecurityMeasure,
)
from gdpr.services import SEARCH_MIN_LENGTH

REVIEW_FIELDS = ["review_status", "review_comment", "reviewed_by", "reviewed_at", "review_due_on"]


class ProcessingActivitySerializer(ModelSerializer):
    security_measures = serializers.ListField(
        child=serializers.ChoiceField(choices=SecurityMeasure.choices), required=False
    )

    class Meta:
        model = ProcessingActivity
        fields = [
            "id",
            *ACTIVITY_FIELDS,
            "journeys",
            *REVIEW_FIELDS,
            "updated_at",
        ]
        read_only_fields = [*REVIEW_FIELDS, "updated_at"]
        # The service checks the unique name and the constraints.
        validators = []
        extra_kwargs = {"name": {"validators": []}}


class DataItemSerializer(ModelSerializer):
    class Meta:
        model = DataItem
        fields = [
            "id",
            "stage",
            *DATA_ITEM_FIELDS,
            *REVIEW_FIELDS,
            "updated_at",
        ]
        read_only_fields = [*REVIEW_FIELDS, "updated_at"]
        validators = []


class DataItemUpdateSerializer(DataItemSerializer):
    class Meta(DataItemSerializer.Meta):
        read_only_fields = [*DataItemSerializer.Meta.read_only_fields, "stage"]


class ProcessorSerializer(ModelSerializer):
    class Meta:
        model = Processor
        fields = ["id", "activity", "stakeholder", *PROCESSOR_FIELDS]
        validators = []


class ProcessorUpdateSerializer(ProcessorSerializer):
    class Meta(ProcessorSerializer.Meta):
        read_only_fields = ["activity", "stakeholder"]


class DPIAScreeningSerializer(ModelSerializer):
    # Blank until a DPIA is linked: an empty string is not a "uri".
    dpia_document_url = TextField(
        read_only=True, help_text="A link to the DPIA in the document system, or empty."
    )

    class Meta:
        model = DPIAScreening
        fields = [
            "id",
            "activity",
            *SCREENING_FIELDS,
            "criteria_met",
            "dpia_required",
            "screened_by",
            "screened_at",
        ]
        read_only_fields = fields


class DPIAScreeningInputSerializer(ModelSerializer):
    class Meta:
        model = DPIAScreening
        fields = SCREENING_FIELDS


class RequirementSerializer(ModelSerializer):
    class Meta:
        model = Requirement
        fields = ["id", "key", "position", *REQUIREMENT_FIELDS]
        read_only_fields = ["key", "position"]


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[
            (ReviewStatus.APPROVED, ReviewStatus.APPROVED.label),
            (ReviewStatus.CHANGES_REQUESTED, ReviewStatus.CHANGES_REQUESTED.label),
        ]
    )
    comment = TextField(required=False, allow_blank=True, default="", max_length=TEXT_MAX_LENGTH)


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.JSONField(allow_null=True, help_text="The stored value before.")
    new = serializers.JSONField(allow_null=True, help_text="The stored value after.")
    old_display = serializers.CharField(
        help_text="The value before as a person reads it (labels, names, dates), translated."
    )
    new_display = serializers.CharField(
        help_text="The value after as a person reads it (labels, names, dates), translated."
    )


class HistoryRecordSerializer(serializers.Serializer):
    history_id = serializers.IntegerField(source="record.history_id")
    history_date = serializers.DateTimeField(source="record.history_date")
    history_type = serializers.CharField(
        source="record.history_type", help_text="+ created, ~ changed, - deleted"
    )
    user = serializers.CharField(
        source="record.history_user.username", allow_null=True, default=None
    )
    user_name = serializers.CharField(
        source="user", help_text="Who made the change, by name; empty for the system."
    )
    reason = serializers.CharField(help_text="Why, translated; empty when none was given.")
    changes = FieldChangeSerializer(many=True)


class RespondentAccessSerializer(ModelSerializer):
    class Meta:
        model = RespondentAccess
        fields = ["id", "respondent_id", "action", "place", "user", "at"]
        read_only_fields = fields


class RespondentSearchSerializer(serializers.Serializer):
    q = TextField(
        min_length=SEARCH_MIN_LENGTH,
        max_length=254,
        help_text="The e-mail or external reference, or how it starts (at least 3 characters).",
    )
    page = serializers.IntegerField(
        min_value=1, default=1, help_text="Which page of the matches (20 a page)."
    )


class RespondentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    external_ref = serializers.CharField()
    email = serializers.EmailField(allow_blank=True)
    language = serializers.CharField()
    unsubscribed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class RespondentMatchesSerializer(serializers.Serializer):
    """One page of a search's matches; only these respondents are read and logged."""

    count = serializers.IntegerField(help_text="How many respondents match, at most 100.")
    capped = serializers.BooleanField(
        help_text="More than 100 match: only the first 100 are paged through."
    )
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = RespondentSerializer(many=True, source="respondents")


class RespondentExportSerializer(serializers.Serializer):
    """Everything held about a respondent (the right of access)."""

    respondent = RespondentSerializer()
    service_events = serializers.ListField(child=serializers.DictField())
    invitations = serializers.ListField(child=serializers.DictField())
    cases = serializers.ListField(child=serializers.DictField())
