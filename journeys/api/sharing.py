"""Share links and journey templates in the API."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.fields import TextField
from core.api.permissions import RequiresPermission
from core.api.serializers import ModelSerializer
from core.api.viewsets import call_service
from journeys import services
from journeys.filters import JourneyTemplateFilterSet, ShareLinkFilterSet
from journeys.models import Journey, JourneyTemplate, Persona, ShareLink

from .serializers import JourneySerializer


class ShareLinkSerializer(ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The address to send: it opens the map.")
    created_by = serializers.SerializerMethodField(help_text="Who created it, by name.")
    has_password = serializers.BooleanField(read_only=True)
    is_active = serializers.BooleanField(
        read_only=True, help_text="Neither revoked nor expired: the link opens the map."
    )

    class Meta:
        model = ShareLink
        fields = [
            "id",
            "journey",
            "label",
            "url",
            "created_by",
            "created_at",
            "expires_at",
            "revoked_at",
            "has_password",
            "is_active",
            "view_count",
            "last_viewed_at",
        ]
        read_only_fields = fields

    def get_url(self, share_link) -> str:
        path = reverse("shared:map", args=[share_link.token])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_created_by(self, share_link) -> str:
        user = share_link.created_by
        return (user.get_full_name() or user.username) if user else ""


class ShareLinkCreateSerializer(serializers.Serializer):
    journey = serializers.PrimaryKeyRelatedField(queryset=Journey.objects.all())
    label = TextField(max_length=200, required=False, allow_blank=True)
    days = serializers.ChoiceField(
        choices=services.SHARE_LINK_DAYS, help_text="How many days the link stays valid."
    )
    password = TextField(
        max_length=128,
        required=False,
        allow_blank=True,
        write_only=True,
        trim_whitespace=False,
        help_text="Asked before the map opens; kept hashed, never returned.",
    )


class ShareLinkViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Read-only links to a journey map for people without an account (filter the list with
    `journey`); every view of the map through a link is counted. A link expires and can be
    revoked; it is never edited."""

    queryset = ShareLink.objects.select_related("created_by")
    serializer_class = ShareLinkSerializer
    filterset_class = ShareLinkFilterSet
    ordering_fields = ["created_at", "expires_at", "id"]

    @extend_schema(request=ShareLinkCreateSerializer, responses={201: ShareLinkSerializer})
    def create(self, request, *args, **kwargs):
        payload = ShareLinkCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        share_link = call_service(
            services.share_link_create, created_by=request.user, **payload.validated_data
        )
        return Response(self.get_serializer(share_link).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Revoke a share link",
        description="From then on the link answers 410 Gone. Revoking it again changes nothing.",
        request=None,
        responses=ShareLinkSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[
            RequiresPermission("journeys.change_sharelink", on_object=True),
        ],
    )
    def revoke(self, request, pk=None):
        share_link = services.share_link_revoke(share_link=self.get_object())
        return Response(self.get_serializer(share_link).data)


class JourneyTemplateSerializer(ModelSerializer):
    # Not the model's slug pattern: a template saved by a user has an empty key.
    key = serializers.CharField(
        read_only=True, help_text="Set on the shipped templates, empty on the others."
    )

    class Meta:
        model = JourneyTemplate
        fields = ["id", "name", "description", "language", "key", "structure", "created_at"]
        read_only_fields = ["id", "key", "created_at"]


class JourneyTemplateCreateSerializer(serializers.Serializer):
    name = TextField(max_length=200)
    description = TextField(max_length=10000, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=JourneyTemplate._meta.get_field("language").choices)
    journey = serializers.PrimaryKeyRelatedField(
        queryset=Journey.objects.all(),
        required=False,
        help_text="The journey whose structure the template keeps; or give `structure`.",
    )
    structure = serializers.JSONField(
        required=False,
        help_text='{"stages": [{"code", "name", "place", "funnel_phase", "customer_goal", '
        '"expectations", "touchpoints": [{"name", "channel", "lane"}], "moments_of_truth": '
        '[{"description", "criticality", "standard", "touchpoint": index or null}]}]}',
    )

    def validate(self, attrs):
        if ("journey" in attrs) == ("structure" in attrs):
            raise serializers.ValidationError("Give either `journey` or `structure`.")
        return attrs


class JourneyFromTemplateSerializer(serializers.Serializer):
    name = TextField(max_length=200)
    persona = serializers.PrimaryKeyRelatedField(
        queryset=Persona.objects.all(), required=False, allow_null=True
    )
    state = serializers.ChoiceField(choices=Journey.State.choices, default=Journey.State.AS_IS)


class JourneyTemplateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Journey templates: stages, touchpoint placeholders and moments of truth to start a
    journey from. Three ship with Parcours in English and French (their `key` is set)."""

    queryset = JourneyTemplate.objects.all()
    serializer_class = JourneyTemplateSerializer
    filterset_class = JourneyTemplateFilterSet
    ordering_fields = ["name", "id"]

    @extend_schema(
        summary="Save a journey (or a structure) as a template",
        request=JourneyTemplateCreateSerializer,
        responses={201: JourneyTemplateSerializer},
    )
    def create(self, request, *args, **kwargs):
        payload = JourneyTemplateCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if "journey" in data:
            template = call_service(services.journey_template_save, created_by=request.user, **data)
        else:
            template = call_service(
                services.journey_template_create, created_by=request.user, **data
            )
        return Response(self.get_serializer(template).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.journey_template_delete(template=instance)

    @extend_schema(
        summary="Create a journey from the template",
        description="The new journey gets the template's stages, touchpoints and moments of "
        "truth, and belongs to the caller.",
        request=JourneyFromTemplateSerializer,
        responses={201: JourneySerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[
            RequiresPermission("journeys.view_journeytemplate"),
            RequiresPermission("journeys.add_journey", on_object=True),
        ],
    )
    def journeys(self, request, pk=None):
        template = self.get_object()
        payload = JourneyFromTemplateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        journey = call_service(
            services.journey_create_from_template,
            template=template,
            owner=request.user,
            **payload.validated_data,
        )
        return Response(JourneySerializer(journey).data, status=status.HTTP_201_CREATED)
