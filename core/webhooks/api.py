"""/api/v1/webhooks/ (subscriptions, their secret's rotation), /api/v1/webhook-deliveries/
(the log, replay) and /api/v1/webhook-events/ (each event type's payload, in the schema)."""

import re

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.permissions import RequiresPermission
from core.api.serializers import ModelSerializer
from core.api.viewsets import ServiceModelViewSet, call_service

from . import selectors, services
from .filters import DeliveryFilterSet
from .models import EVENT_TYPE_CHOICES, EVENT_TYPES, WebhookDelivery, WebhookSubscription

SCOPE = "webhooks:manage"


class SubscriptionSerializer(ModelSerializer):
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_TYPE_CHOICES), allow_empty=False
    )
    owner = serializers.CharField(source="owner.username", read_only=True)

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "url",
            "description",
            "event_types",
            "is_active",
            "owner",
            "secret",
            "previous_secret_expires_at",
            "paused_at",
            "consecutive_failures",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "owner",
            "secret",
            "previous_secret_expires_at",
            "paused_at",
            "consecutive_failures",
            "created_at",
            "updated_at",
        ]


class WebhookViewSet(ServiceModelViewSet):
    """Webhook subscriptions: the URL, the event types, active or paused, and the signing
    secret (`whsec_…`, Standard Webhooks). PATCH `is_active` pauses or resumes."""

    read_scope = write_scope = SCOPE
    serializer_class = SubscriptionSerializer
    entity = "subscription"
    update_service = services.subscription_update
    delete_service = services.subscription_delete

    def get_queryset(self):
        return selectors.subscriptions_visible()

    def perform_create(self, serializer):
        serializer.instance = call_service(
            services.subscription_create, owner=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=None, responses=SubscriptionSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[RequiresPermission("core.change_webhooksubscription")],
    )
    def rotate(self, request, pk=None):
        """A new secret; the former one signs too during WEBHOOK_SECRET_OVERLAP."""
        subscription = services.subscription_rotate_secret(subscription=self.get_object())
        return Response(SubscriptionSerializer(subscription).data)


class DeliverySerializer(ModelSerializer):
    payload = serializers.JSONField(source="payload_data", read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "subscription",
            "event_type",
            "webhook_id",
            "payload",
            "status",
            "attempts",
            "next_attempt_at",
            "status_code",
            "duration_ms",
            "error",
            "created_at",
            "delivered_at",
        ]
        read_only_fields = fields


class DeliveryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The delivery log, newest first; `?subscription=<id>` for one subscription's."""

    read_scope = write_scope = SCOPE
    serializer_class = DeliverySerializer
    filterset_class = DeliveryFilterSet

    def get_queryset(self):
        return WebhookDelivery.objects.order_by("-created_at", "-id")

    @extend_schema(request=None, responses=DeliverySerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[RequiresPermission("core.change_webhookdelivery")],
    )
    def replay(self, request, pk=None):
        """Sends the message again: the same webhook-id and body, a new series of attempts."""
        return Response(
            DeliverySerializer(services.delivery_replay(delivery=self.get_object())).data
        )


# The payloads, one schema per event type: `data` carries ids and states only.
_INT = serializers.IntegerField
EVENT_DATA = {
    "response.created": {"response_id": _INT, "journey_id": _INT},
    "case.opened": {"case_id": _INT},
    "case.escalated": {"case_id": _INT, "level": _INT},
    "case.resolved": {"case_id": _INT},
    "sla.breached": {"measurement_id": _INT, "stakeholder_id": _INT},
    "register.entry_reviewed": {
        "entry": lambda: serializers.CharField(help_text="app.model, e.g. gdpr.dataitem"),
        "entry_id": _INT,
        "status": serializers.CharField,
    },
    "journey.changed": {
        "journey_id": _INT,
        "change": lambda: serializers.ChoiceField(choices=["created", "updated", "deleted"]),
    },
    "interview.validated": {"interview_id": _INT},
}


def _camel(event_type: str) -> str:
    return "".join(part.capitalize() for part in event_type.replace(".", "_").split("_"))


def _type_field(event_type: str) -> serializers.CharField:
    """The event's type, one value: the payloads' oneOf tells them apart by it (a pattern,
    not an enum: the schema's enums are named by field, and every one here is `type`)."""
    schema = {"type": "string", "pattern": f"^{re.escape(event_type)}$"}
    field_class = type(f"{_camel(event_type)}Type", (serializers.CharField,), {})
    return extend_schema_field(schema)(field_class)()


def _event_serializer(event_type: str) -> type[serializers.Serializer]:
    data = type(
        f"{_camel(event_type)}Data",
        (serializers.Serializer,),
        {name: field() for name, field in EVENT_DATA[event_type].items()},
    )
    return type(
        f"{_camel(event_type)}Event",
        (serializers.Serializer,),
        {
            "__doc__": f"{EVENT_TYPES[event_type]} (`{event_type}`).",
            "type": _type_field(event_type),
            "version": serializers.IntegerField(help_text=f"{services.PAYLOAD_VERSION}"),
            "timestamp": serializers.DateTimeField(),
            "data": data(),
        },
    )


EVENT_SERIALIZERS = {event_type: _event_serializer(event_type) for event_type in EVENT_DATA}


class EventTypeSerializer(serializers.Serializer):
    event_type = serializers.ChoiceField(choices=EVENT_TYPE_CHOICES)
    description = serializers.CharField()
    example = PolymorphicProxySerializer(
        component_name="WebhookPayload",
        serializers=EVENT_SERIALIZERS,
        resource_type_field_name="type",
    )


class WebhookEventsView(APIView):
    """The event types a subscription may choose, each with an example of the JSON body
    POSTed (signed with the headers webhook-id, webhook-timestamp and webhook-signature)."""

    read_scope = write_scope = SCOPE
    permission_classes = [RequiresPermission("core.view_webhooksubscription")]

    @extend_schema(responses=EventTypeSerializer(many=True))
    def get(self, request):
        return Response(
            [
                {
                    "event_type": event_type,
                    "description": str(EVENT_TYPES[event_type]),
                    "example": {
                        "type": event_type,
                        "version": services.PAYLOAD_VERSION,
                        "timestamp": "2026-12-06T09:30:00.000Z",
                        "data": {name: _example(name) for name in fields},
                    },
                }
                for event_type, fields in EVENT_DATA.items()
            ]
        )


def _example(name: str):
    return {"entry": "gdpr.dataitem", "status": "approved", "change": "updated"}.get(name, 42)
