"""/api/v1/notifications/: the caller's own inbox, marked read one by one or all at once, and
/api/v1/notification-preferences/: how each kind reaches them and when their digest goes."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.models import Notification
from core.notifications import kinds_known, selectors, services
from core.notifications.models import Delivery, time_zone_choices

from .permissions import TokenScopes
from .serializers import ModelSerializer


class NotificationSerializer(ModelSerializer):
    title = serializers.CharField(read_only=True, help_text="In the request's language.")

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "url", "created_at", "read_at"]
        read_only_fields = fields


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were newly marked read.")


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's notifications, newest first; `?unread=true` for the unread ones only."""

    serializer_class = NotificationSerializer
    permission_classes = [TokenScopes, IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        rows = selectors.inbox(user=self.request.user)
        if self.request.query_params.get("unread") in ("true", "1"):
            rows = rows.filter(read_at__isnull=True)
        return rows

    @extend_schema(request=None, responses=MarkedSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        marked = services.notification_mark_read(notification=notification)
        return Response({"marked": int(marked)})

    @extend_schema(request=None, responses=MarkedSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.notifications_mark_all_read(user=request.user)})


class PreferencesSerializer(serializers.Serializer):
    deliveries = serializers.DictField(
        child=serializers.ChoiceField(choices=Delivery.choices),
        help_text="How each kind is e-mailed: immediately, digest or off (inbox only).",
    )
    digest_hour = serializers.IntegerField(min_value=0, max_value=23)
    time_zone = serializers.ChoiceField(choices=time_zone_choices())

    def validate_deliveries(self, value):
        known = {kind.name for kind in kinds_known()}
        unknown = sorted(set(value) - known)
        if unknown:
            raise serializers.ValidationError(f"Unknown kinds: {', '.join(unknown)}.")
        return value


class NotificationPreferencesView(APIView):
    permission_classes = [TokenScopes, IsAuthenticated]
    serializer_class = PreferencesSerializer

    def _current(self, user):
        deliveries, schedule = selectors.preferences_of(user=user)
        return {
            "deliveries": deliveries,
            "digest_hour": schedule.hour,
            "time_zone": schedule.time_zone,
        }

    def get(self, request):
        return Response(PreferencesSerializer(self._current(request.user)).data)

    @extend_schema(request=PreferencesSerializer, responses=PreferencesSerializer)
    def put(self, request):
        serializer = PreferencesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            services.preferences_update(
                user=request.user,
                deliveries=data["deliveries"],
                hour=data["digest_hour"],
                time_zone=data["time_zone"],
            )
        except ValidationError as error:
            return Response(error.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response(PreferencesSerializer(self._current(request.user)).data)
