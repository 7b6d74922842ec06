from datetime import UTC, datetime

from django.utils import timezone
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import IdField, MonthField, TextField
from core.api.serializers import ModelSerializer
from feedback.models import (
    FollowUpRule,
    Invitation,
    Language,
    Response,
    SurveyTemplate,
)
from feedback.privacy import may_read_respondents
from feedback.services import (
    FOLLOW_UP_RULE_FIELDS,
    SERVICE_EVENTS_MAX_PER_BATCH,
    SURVEY_TEMPLATE_FIELDS,
)

MAX_EVENTS_PER_CALL = SERVICE_EVENTS_MAX_PER_BATCH
EARLIEST_DATE_TIME = datetime(1900, 1, 1, tzinfo=UTC)


class ServiceEventInputSerializer(serializers.Serializer):
    """A service event as an integration posts it."""

    source = TextField(max_length=100, help_text="The system that sends the event.")
    idempotency_key = TextField(
        max_length=200, help_text="Unique per source: a repeated key returns the first event."
    )
    external_ref = TextField(max_length=100, help_text="The customer's identifier.")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(choices=Language.choices, default=Language.EN)
    stage = IdField(
        source="stage_id",
        required=False,
        help_text="The stage's id; or leave it out and give `journey` and `stage_code`.",
    )
    journey = IdField(
        source="journey_id", required=False, help_text="The stage's journey, with `stage_code`."
    )
    stage_code = TextField(
        max_length=8, required=False, help_text='The stage\'s code in `journey`, e.g. "H".'
    )
    touchpoint = serializers.IntegerField(source="touchpoint_id", required=False, allow_null=True)
    occurred_at = serializers.DateTimeField()

    def validate(self, attrs):
        by_code = "journey_id" in attrs or "stage_code" in attrs
        if "stage_id" in attrs and by_code:
            raise serializers.ValidationError(
                {"stage": ["Give the stage's id, or its journey and code: not both."]}
            )
        if "stage_id" not in attrs and not ("journey_id" in attrs and attrs.get("stage_code")):
            raise serializers.ValidationError(
                {"stage": ["Give the stage's id, or its journey and code."]}
            )
        return attrs


class ServiceEventOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField()
    idempotency_key = serializers.CharField()
    stage = serializers.IntegerField(source="stage_id")
    touchpoint = serializers.IntegerField(source="touchpoint_id", allow_null=True)
    occurred_at = serializers.DateTimeField()
    created = serializers.BooleanField(help_text="False when the key had been received before.")
    invitations = serializers.ListField(
        child=serializers.DictField(), help_text="The invitations with their status and reason."
    )


class SurveyTemplateSerializer(ModelSerializer):
    class Meta:
        model = SurveyTemplate
        fields = ["id", *SURVEY_TEMPLATE_FIELDS]
        validators = []


class FollowUpRuleSerializer(ModelSerializer):
    class Meta:
        model = FollowUpRule
        fields = ["id", *FOLLOW_UP_RULE_FIELDS]
        validators = []


def may_see_respondents(context) -> bool:
    request = context.get("request")
    return request is not None and may_read_respondents(request.user)


class TypedAboutRespondentsMixin:
    """Blanks the free text typed by or about a respondent (`personal_fields`) for users who
    may not see respondents' data: they see scores and counts (DOMAIN.md)."""

    personal_fields: tuple[str, ...] = ()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not may_see_respondents(self.context):
            data.update(dict.fromkeys(self.personal_fields, ""))
        return data


@extend_schema_field(
    {
        "type": "object",
        "description": "id and language; external_ref, email and unsubscribed_at too for "
        "roles that may see respondents.",
        "properties": {
            "id": {"type": "integer"},
            "language": {"type": "string"},
            "external_ref": {"type": "string"},
            "email": {"type": "string"},
            "unsubscribed_at": {"type": "string", "format": "date-time", "nullable": True},
        },
        "required": ["id", "language"],
    }
)
class RespondentField(serializers.Field):
    """The respondent in full for users who may see personal data, anonymised otherwise (for
    the schema: the row serializers below write it themselves)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)


class RowSerializer(ModelSerializer):
    """A read-only serializer of rows fetched with `values(*columns)`: the declared fields
    describe the schema, and `row_representation` writes each row directly. DRF's field by
    field representation, and a model built per row, were most of a list's time (issue 20).
    The viewset's queryset must be `values(*columns)`."""

    columns: tuple[str, ...] = ()

    @cached_property
    def may_see_respondents(self) -> bool:
        return may_see_respondents(self.context)

    @cached_property
    def timezone(self):
        return timezone.get_current_timezone()

    def when(self, value: datetime | None) -> str | None:
        """A date and time as DRF's DateTimeField writes it: local time, ISO 8601, Z for UTC."""
        if value is None:
            return None
        text = value.astimezone(self.timezone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    def respondent(self, row: dict, prefix: str) -> dict:
        if not self.may_see_respondents:
            return {"id": row[f"{prefix}id"], "language": row[f"{prefix}language"]}
        return {
            "id": row[f"{prefix}id"],
            "external_ref": row[f"{prefix}external_ref"],
            "email": row[f"{prefix}email"],
            "language": row[f"{prefix}language"],
            "unsubscribed_at": self.when(row[f"{prefix}unsubscribed_at"]),
        }

    def to_representation(self, row):
        return self.row_representation(row)

    def row_representation(self, row: dict) -> dict:
        raise NotImplementedError


def respondent_columns(prefix: str) -> tuple[str, ...]:
    return tuple(
        f"{prefix}{name}" for name in ("id", "external_ref", "email", "language", "unsubscribed_at")
    )


class InvitationSerializer(RowSerializer):
    """An invitation; its sending error only for roles that may see respondents."""

    respondent = RespondentField()
    error = serializers.CharField(
        allow_null=True,
        read_only=True,
        help_text="The last sending error's class and SMTP code; null for roles that may not "
        "see respondents.",
    )
    # Declared: a read-only model field would lose the empty value from the schema's enum.
    suppression_reason = serializers.ChoiceField(
        choices=Invitation.SuppressionReason.choices, allow_blank=True, read_only=True
    )
    stage = serializers.IntegerField(source="event.stage_id", read_only=True)

    columns = (
        "id",
        "event_id",
        "rule_id",
        "event__stage_id",
        *respondent_columns("respondent__"),
        "status",
        "suppression_reason",
        "error",
        "send_after",
        "reminder_due_at",
        "expires_at",
        "attempts",
        "sent_at",
        "reminded_at",
        "answered_at",
    )

    class Meta:
        model = Invitation
        fields = [
            "id",
            "event",
            "rule",
            "stage",
            "respondent",
            "status",
            "suppression_reason",
            "error",
            "send_after",
            "reminder_due_at",
            "expires_at",
            "attempts",
            "sent_at",
            "reminded_at",
            "answered_at",
        ]
        read_only_fields = fields

    def row_representation(self, row):
        when = self.when
        return {
            "id": row["id"],
            "event": row["event_id"],
            "rule": row["rule_id"],
            "stage": row["event__stage_id"],
            "respondent": self.respondent(row, "respondent__"),
            "status": row["status"],
            "suppression_reason": row["suppression_reason"],
            "error": row["error"] if self.may_see_respondents else None,
            "send_after": when(row["send_after"]),
            "reminder_due_at": when(row["reminder_due_at"]),
            "expires_at": when(row["expires_at"]),
            "attempts": row["attempts"],
            "sent_at": when(row["sent_at"]),
            "reminded_at": when(row["reminded_at"]),
            "answered_at": when(row["answered_at"]),
        }


class ResponseSerializer(RowSerializer):
    """A response; its comment blank for roles that may not see respondents."""

    respondent = RespondentField(source="invitation.respondent")
    stage = serializers.IntegerField(source="invitation.event.stage_id", read_only=True)

    columns = (
        "id",
        "invitation_id",
        "invitation__event__stage_id",
        *respondent_columns("invitation__respondent__"),
        "nps",
        "csat",
        "ces",
        "comment",
        "language",
        "submitted_at",
    )

    class Meta:
        model = Response
        fields = [
            "id",
            "invitation",
            "stage",
            "respondent",
            "nps",
            "csat",
            "ces",
            "comment",
            "language",
            "submitted_at",
        ]
        read_only_fields = fields

    def row_representation(self, row):
        return {
            "id": row["id"],
            "invitation": row["invitation_id"],
            "stage": row["invitation__event__stage_id"],
            "respondent": self.respondent(row, "invitation__respondent__"),
            "nps": row["nps"],
            "csat": row["csat"],
            "ces": row["ces"],
            "comment": row["comment"] if self.may_see_respondents else "",
            "language": row["language"],
            "submitted_at": self.when(row["submitted_at"]),
        }


class ScoresQuerySerializer(serializers.Serializer):
    journey = IdField(required=False)
    stage = IdField(required=False)
    touchpoint = IdField(required=False)
    month = MonthField(required=False, help_text="YYYY-MM")


class ScoresSerializer(serializers.Serializer):
    responses = serializers.IntegerField()
    nps = serializers.FloatField(allow_null=True, help_text="% promoters - % detractors")
    nps_count = serializers.IntegerField()
    csat = serializers.FloatField(allow_null=True, help_text="% of answers at 4-5")
    csat_count = serializers.IntegerField()
    ces_mean = serializers.FloatField(allow_null=True)
    ces_high = serializers.FloatField(allow_null=True, help_text="% of answers at 5-7")
    ces_count = serializers.IntegerField()
