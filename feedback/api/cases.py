"""Complaint cases on the API: read, opened from a channel, handled (compensation with its
warning, justice checklist) and replied to."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MinValueValidator
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response as APIResponse

from core import scopes
from core.api.fields import TextField
from core.api.permissions import RequiresPermission, RolePermissions
from core.api.serializers import ModelSerializer
from core.api.viewsets import call_service
from core.models import User
from feedback import selectors, services
from feedback.filters import CaseFilterSet
from feedback.models import (
    COMPLAINT_CHANNELS,
    Case,
    CaseLogEntry,
    CaseReply,
    Channel,
    JusticeCheck,
    Language,
    Respondent,
)
from feedback.selectors import respondent_identify
from feedback.services import CASE_FIELDS

from .serializers import EARLIEST_DATE_TIME, TypedAboutRespondentsMixin, may_see_respondents


class CaseLogEntrySerializer(TypedAboutRespondentsMixin, ModelSerializer):
    personal_fields = ("text",)

    class Meta:
        model = CaseLogEntry
        fields = ["id", "author", "at", "text"]


class CaseReplySerializer(TypedAboutRespondentsMixin, ModelSerializer):
    """A reply to the case's customer; its text blank for roles that may not see
    respondents."""

    personal_fields = ("text",)

    class Meta:
        model = CaseReply
        fields = ["id", "author", "text", "language", "status", "created_at", "sent_at"]
        read_only_fields = ["id", "author", "language", "status", "created_at", "sent_at"]


class CaseSerializer(TypedAboutRespondentsMixin, ModelSerializer):
    """A case; its title, the customer's words and contact, justice notes, log and reply
    texts blank for roles that may not see respondents."""

    personal_fields = (
        "title",
        "description",
        "contact_name",
        "contact_email",
        "contact_phone",
        "distributive_justice",
        "procedural_justice",
        "interactional_justice",
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False
    )
    # A plain integer: an enum here would rename Observation.severity's enum in the schema.
    severity = serializers.IntegerField(
        min_value=1, max_value=4, required=False, help_text="1 low, 2 medium, 3 high, 4 critical."
    )
    log_entries = CaseLogEntrySerializer(many=True, read_only=True)
    replies = CaseReplySerializer(many=True, read_only=True)
    justice_checks = serializers.MultipleChoiceField(
        choices=JusticeCheck.choices,
        required=False,
        help_text="The justice checklist: the keys ticked, prefixed by their dimension.",
    )
    compensation_guideline = serializers.SerializerMethodField(
        help_text="The band a fair offer falls in, as [low, high]: 70-80 % of the harm amount, "
        "5 points higher for each of a high-value customer, low substitutability and a severe "
        "inconvenience; null without a harm amount."
    )
    compensation_guideline_percent = serializers.SerializerMethodField(
        help_text="The same band in percent of the harm, as [low, high]; null without a harm."
    )
    compensation_warning = serializers.SerializerMethodField(
        help_text="Set when the offer is outside the guideline (the offer is kept); else empty."
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "response",
            "stage",
            *CASE_FIELDS,
            "overdue_since",
            "escalation_level",
            "escalated_at",
            "double_failure_at",
            "compensation_guideline",
            "compensation_guideline_percent",
            "compensation_warning",
            "improvement_action",
            "created_at",
            "updated_at",
            "log_entries",
            "replies",
        ]
        read_only_fields = [
            "response",
            "stage",
            "overdue_since",
            "escalation_level",
            "escalated_at",
            "double_failure_at",
            "improvement_action",
            "created_at",
            "updated_at",
        ]
        # Earlier is a typo, and there Paris's local mean time (+00:09:21) has no RFC 3339
        # form: the answer would not be a valid date-time.
        extra_kwargs = {"due_at": {"validators": [MinValueValidator(EARLIEST_DATE_TIME)]}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["justice_checks"] = [
            key for key in JusticeCheck.values if key in (instance.justice_checks or ())
        ]
        return data

    def validate_justice_checks(self, value) -> list[str]:
        return [key for key in JusticeCheck.values if key in value]

    def get_compensation_guideline(self, case) -> list[str] | None:
        guideline = case.compensation_guideline()
        return [f"{guideline.low:.2f}", f"{guideline.high:.2f}"] if guideline else None

    def get_compensation_guideline_percent(self, case) -> list[int] | None:
        guideline = case.compensation_guideline()
        return [guideline.low_percent, guideline.high_percent] if guideline else None

    def get_compensation_warning(self, case) -> str:
        return case.compensation_warning()


class CaseCreateSerializer(CaseSerializer):
    """A complaint entered by hand, from a channel: its stage is given; the owner, deadline
    and language have defaults; the customer is looked up by e-mail or reference."""

    channel = serializers.ChoiceField(
        choices=COMPLAINT_CHANNELS,
        default=Channel.OTHER,
        help_text="How the complaint came; a survey answer opens its own case.",
    )
    customer = TextField(
        write_only=True,
        required=False,
        max_length=254,
        help_text="The known customer's e-mail or external reference, or the beginning of "
        "one that only they match. Only for roles that may see respondents.",
    )
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        help_text="The language of the replies. Default: the customer's, else English.",
    )
    due_at = serializers.DateTimeField(
        required=False,
        help_text="Default: by severity, FEEDBACK_CASE_DEADLINE_<SEVERITY>_SECONDS after opening.",
        validators=[MinValueValidator(EARLIEST_DATE_TIME)],
    )

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "customer"]
        read_only_fields = [
            "response",
            "status",
            "customer_annual_value",
            "inconvenience",
            "substitutability",
            "justice_checks",
            "overdue_since",
            "escalation_level",
            "escalated_at",
            "double_failure_at",
            "compensation_offered",
            "distributive_justice",
            "procedural_justice",
            "interactional_justice",
            "recontacted_at",
            "improvement_action",
            "created_at",
            "updated_at",
        ]

    def validate_customer(self, value: str) -> Respondent | None:
        if not value.strip():
            return None
        if not may_see_respondents(self.context):
            raise serializers.ValidationError("Your role may not look customers up.")
        try:
            return respondent_identify(query=value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if "customer" in attrs:
            attrs["respondent"] = attrs.pop("customer")
        return attrs


class CaseReplyInputSerializer(serializers.Serializer):
    text = TextField(max_length=4000, help_text="Sent as written, as a plain-text e-mail.")


@extend_schema_view(
    create=extend_schema(
        summary="Open a complaint that came by phone, letter, e-mail, social media, a review "
        "site or in person",
        request=CaseCreateSerializer,
        responses={201: CaseSerializer},
    ),
    partial_update=extend_schema(
        description="An offer outside the compensation guideline is kept; "
        "`compensation_warning` says so."
    ),
    update=extend_schema(
        description="An offer outside the compensation guideline is kept; "
        "`compensation_warning` says so."
    ),
)
class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Complaint cases: read, open from a channel, update their handling, reply to the
    customer."""

    write_scope = scopes.CASES_WRITE

    queryset = selectors.cases_by_urgency(
        Case.objects.select_related("respondent").prefetch_related(
            Prefetch("log_entries", queryset=CaseLogEntry.objects.order_by("at", "id")),
            Prefetch("replies", queryset=CaseReply.objects.order_by("created_at", "id")),
        )
    )
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet
    ordering_fields = ["due_at", "created_at", "severity", "id"]

    def get_serializer_class(self):
        return CaseCreateSerializer if self.action == "create" else CaseSerializer

    def perform_create(self, serializer):
        serializer.instance = call_service(
            services.case_create, **serializer.validated_data, author=self.request.user
        )

    def perform_update(self, serializer):
        serializer.instance = call_service(
            services.case_update,
            case=serializer.instance,
            data=serializer.validated_data,
            author=self.request.user,
        )

    @extend_schema(
        summary="Reply to the case's customer",
        description="E-mailed once, as written, in the case's language, through the outbox. "
        "Without an address that may be written to, the reply is kept on the case with the "
        "status `no_address` or `suppressed`, not sent. For roles that may see respondents.",
        request=CaseReplyInputSerializer,
        responses={201: CaseReplySerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="replies",
        permission_classes=[
            RolePermissions,
            RequiresPermission("feedback.add_casereply"),
            RequiresPermission("feedback.view_respondent"),
        ],
    )
    def replies(self, request, pk=None):
        case = self.get_object()
        payload = CaseReplyInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reply = call_service(
            services.case_reply_write,
            case=case,
            author=request.user,
            text=payload.validated_data["text"],
        )
        return APIResponse(
            CaseReplySerializer(reply, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
