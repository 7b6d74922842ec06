"""The verbatims in the API: searched and filtered like the page, pinned for the committee,
turned into customer observations; only for the roles that may read what respondents typed."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response as APIResponse

from core import scopes
from core.api.permissions import RequiresPermission, RolePermissions
from core.api.viewsets import call_service
from feedback import selectors, services
from feedback.filters import VerbatimFilterSet
from feedback.models import Verbatim
from journeys.models import Observation

# What the privacy rule (feedback.privacy.may_read_respondents) asks of a reader.
READS_RESPONDENTS = RequiresPermission("feedback.view_respondent")


class VerbatimSerializer(serializers.ModelSerializer):
    risk = serializers.SerializerMethodField(help_text="The dissatisfaction risk of its case.")
    journey = serializers.IntegerField(source="stage.journey_id", read_only=True)

    class Meta:
        model = Verbatim
        fields = [
            "id",
            "text",
            "language",
            "channel",
            "journey",
            "stage",
            "touchpoint",
            "nps",
            "csat",
            "ces",
            "said_at",
            "response",
            "case",
            "risk",
            "pinned_at",
            "pinned_by",
            "observation",
        ]
        read_only_fields = fields

    def get_risk(self, verbatim) -> str:
        case = verbatim.case if verbatim.case_id else getattr(verbatim.response, "case", None)
        return case.category if case is not None else ""


class VerbatimPinSerializer(serializers.Serializer):
    pinned = serializers.BooleanField(default=True, help_text="false unpins.")


class VerbatimObservationSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=Observation.Kind.choices,
        required=False,
        help_text="Default: an enchantment for a promoter's words, else an irritant.",
    )


class VerbatimViewSet(viewsets.ReadOnlyModelViewSet):
    """Every survey comment and complaint text, newest first; `q` searches in French and
    English (accents ignored, words stemmed on PostgreSQL)."""

    read_scope = scopes.RESPONSES_READ

    queryset = selectors.verbatim_list()
    serializer_class = VerbatimSerializer
    filterset_class = VerbatimFilterSet
    permission_classes = [RolePermissions, READS_RESPONDENTS]
    ordering_fields = ["said_at", "id"]

    @extend_schema(summary="Pin for the committee, or unpin", request=VerbatimPinSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[
            RolePermissions,
            READS_RESPONDENTS,
            RequiresPermission("feedback.change_verbatim"),
        ],
    )
    def pin(self, request, pk=None):
        payload = VerbatimPinSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        verbatim = call_service(
            services.verbatim_pin,
            verbatim=self.get_object(),
            user=request.user,
            pinned=payload.validated_data["pinned"],
        )
        return APIResponse(VerbatimSerializer(verbatim).data)

    @extend_schema(
        summary="Turn into a customer observation on the journey map (once)",
        request=VerbatimObservationSerializer,
        responses=VerbatimSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[
            RolePermissions,
            READS_RESPONDENTS,
            RequiresPermission("feedback.change_verbatim"),
            RequiresPermission("journeys.add_observation"),
        ],
    )
    def observation(self, request, pk=None):
        payload = VerbatimObservationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        verbatim = self.get_object()
        call_service(
            services.verbatim_to_observation,
            verbatim=verbatim,
            kind=payload.validated_data.get("kind"),
        )
        return APIResponse(VerbatimSerializer(verbatim).data)
