from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response as APIResponse
from rest_framework.views import APIView

from core import scopes
from core.api.permissions import RequiresPermission
from core.api.viewsets import RowsViewSet, ServiceModelViewSet, call_service
from feedback import selectors, services
from feedback.filters import (
    FollowUpRuleFilterSet,
    InvitationFilterSet,
    ResponseFilterSet,
)
from feedback.models import (
    FollowUpRule,
    Invitation,
    Response,
    ServiceEvent,
    SurveyTemplate,
)

from .serializers import (
    MAX_EVENTS_PER_CALL,
    FollowUpRuleSerializer,
    InvitationSerializer,
    ResponseSerializer,
    ScoresQuerySerializer,
    ScoresSerializer,
    ServiceEventInputSerializer,
    ServiceEventOutputSerializer,
    SurveyTemplateSerializer,
)


class ServiceEventViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Service events posted by integrations: one object, or a list of up to 1,000."""

    write_scope = scopes.EVENTS_WRITE

    queryset = ServiceEvent.objects.all()
    serializer_class = ServiceEventInputSerializer

    @extend_schema(
        summary="Record service events (idempotent)",
        description=(
            "Posts one event or a list of up to 1,000. The stage is given by its id (`stage`) "
            "or by its journey and code (`journey` and `stage_code`). A (source, idempotency_key) "
            "already received returns the first event with `created: false` and creates nothing. "
            "201 when at least one event is new, 200 otherwise. A list is all or nothing."
        ),
        request=ServiceEventInputSerializer,
        responses={201: ServiceEventOutputSerializer, 200: ServiceEventOutputSerializer},
        examples=[
            OpenApiExample(
                "Car returned",
                value={
                    "source": "rental-desk",
                    "idempotency_key": "return-2026-000123",
                    "external_ref": "CUST-0042",
                    "email": "jane@example.com",
                    "language": "fr",
                    "stage": 8,
                    "occurred_at": "2026-11-20T18:30:00+01:00",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Car returned, stage by journey and code",
                value={
                    "source": "rental-desk",
                    "idempotency_key": "return-2026-000124",
                    "external_ref": "CUST-0043",
                    "email": "paul@example.com",
                    "language": "en",
                    "journey": 1,
                    "stage_code": "H",
                    "occurred_at": "2026-11-20T18:45:00+01:00",
                },
                request_only=True,
            ),
        ],
    )
    def create(self, request, *args, **kwargs):
        many = isinstance(request.data, list)
        if many and len(request.data) > MAX_EVENTS_PER_CALL:
            raise serializers.ValidationError(
                {"non_field_errors": [f"At most {MAX_EVENTS_PER_CALL} events per call."]}
            )
        payload = ServiceEventInputSerializer(data=request.data, many=many)
        payload.is_valid(raise_exception=True)
        items = payload.validated_data if many else [payload.validated_data]
        results = call_service(
            services.service_events_ingest_batch, events=items, stop_at_first_error=True
        )
        body = [
            ServiceEventOutputSerializer(
                {
                    "id": result.event.pk,
                    "source": result.event.source,
                    "idempotency_key": result.event.idempotency_key,
                    "stage_id": result.event.stage_id,
                    "touchpoint_id": result.event.touchpoint_id,
                    "occurred_at": result.event.occurred_at,
                    "created": result.created,
                    "invitations": [
                        {
                            "id": invitation.pk,
                            "status": invitation.status,
                            "suppression_reason": invitation.suppression_reason,
                            "send_after": invitation.send_after,
                        }
                        for invitation in result.invitations
                    ],
                }
            ).data
            for result in results
        ]
        any_created = any(result.created for result in results)
        return APIResponse(
            body if many else body[0],
            status=status.HTTP_201_CREATED if any_created else status.HTTP_200_OK,
        )


class SurveyTemplateViewSet(ServiceModelViewSet):
    """Survey templates: the questions asked and their wording."""

    queryset = SurveyTemplate.objects.all()
    serializer_class = SurveyTemplateSerializer
    ordering_fields = ["name", "id"]
    entity = "template"
    create_service = services.survey_template_create
    update_service = services.survey_template_update
    delete_service = services.survey_template_delete


class FollowUpRuleViewSet(ServiceModelViewSet):
    """Follow-up rules: which event schedules which survey, when."""

    queryset = FollowUpRule.objects.all()
    serializer_class = FollowUpRuleSerializer
    filterset_class = FollowUpRuleFilterSet
    ordering_fields = ["name", "id"]
    entity = "rule"
    create_service = services.follow_up_rule_create
    update_service = services.follow_up_rule_update
    delete_service = services.follow_up_rule_delete


class InvitationViewSet(RowsViewSet):
    """Survey invitations; the respondent's e-mail only for roles that may see it."""

    read_scope = scopes.RESPONSES_READ

    queryset = Invitation.objects.order_by("-send_after", "-id")
    serializer_class = InvitationSerializer
    filterset_class = InvitationFilterSet
    ordering_fields = ["send_after", "sent_at", "id"]


class ResponseViewSet(RowsViewSet):
    """Customers' answers; the respondent's e-mail only for roles that may see it."""

    read_scope = scopes.RESPONSES_READ

    queryset = Response.objects.order_by("-submitted_at", "-id")
    serializer_class = ResponseSerializer
    filterset_class = ResponseFilterSet
    ordering_fields = ["submitted_at", "id"]


class ScoresView(APIView):
    """NPS, CSAT and CES of the responses, filtered by journey, stage, touchpoint and month."""

    permission_classes = [RequiresPermission("feedback.view_response")]

    @extend_schema(parameters=[ScoresQuerySerializer], responses=ScoresSerializer)
    def get(self, request):
        query = ScoresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        scores = selectors.scores_get(
            journey_id=query.validated_data.get("journey"),
            stage_id=query.validated_data.get("stage"),
            touchpoint_id=query.validated_data.get("touchpoint"),
            month=query.validated_data.get("month"),
        )
        return APIResponse(ScoresSerializer(scores).data)
