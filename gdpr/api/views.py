from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.permissions import RequiresPermission, RolePermissions
from core.api.viewsets import ServiceModelViewSet, call_service
from feedback.models import Respondent
from gdpr import exports, selectors, services
from gdpr.filters import (
    DataItemFilterSet,
    DPIAScreeningFilterSet,
    ProcessingActivityFilterSet,
    ProcessorFilterSet,
    RespondentAccessFilterSet,
)
from gdpr.models import (
    DataItem,
    DPIAScreening,
    ProcessingActivity,
    Processor,
    Requirement,
    RespondentAccess,
)

from .serializers import (
    DataItemSerializer,
    DataItemUpdateSerializer,
    DPIAScreeningInputSerializer,
    DPIAScreeningSerializer,
    HistoryRecordSerializer,
    ProcessingActivitySerializer,
    ProcessorSerializer,
    ProcessorUpdateSerializer,
    RequirementSerializer,
    RespondentAccessSerializer,
    RespondentExportSerializer,
    RespondentMatchesSerializer,
    RespondentSearchSerializer,
    RespondentSerializer,
    ReviewSerializer,
)


class ReviewedViewSet(ServiceModelViewSet):
    """Adds the review workflow and the audit trail to a register entry's endpoints."""

    submit_service = None
    review_service = None

    def perform_create(self, serializer):
        serializer.instance = call_service(
            type(self).create_service, user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = call_service(
            type(self).update_service,
            **{self.entity: serializer.instance, "data": serializer.validated_data},
            user=self.request.user,
        )

    def _submit(self, request):
        entry = self.get_object()
        entry = call_service(type(self).submit_service, **{self.entity: entry}, user=request.user)
        return Response(self.get_serializer(entry).data)

    def _review(self, request):
        entry = self.get_object()
        payload = ReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        entry = call_service(
            type(self).review_service,
            **{self.entity: entry},
            reviewer=request.user,
            **payload.validated_data,
        )
        return Response(self.get_serializer(entry).data)

    def _history(self, request):
        entry = self.get_object()
        return Response(
            HistoryRecordSerializer(selectors.entry_history(entry=entry), many=True).data
        )


SUBMIT_SCHEMA = {
    "summary": "Submit for the DPO's review",
    "description": "A draft, or an entry sent back, goes to review.",
    "request": None,
}
REVIEW_SCHEMA = {
    "summary": "Review (DPO)",
    "description": (
        "Approve, or request changes with a comment. Approval sets the next review one year "
        "ahead; any later change sends the entry back to review."
    ),
    "request": ReviewSerializer,
}
HISTORY_SCHEMA = {
    "summary": "The audit trail",
    "description": "Every change, newest first: who, when, why, each field before and after.",
    "responses": HistoryRecordSerializer(many=True),
    "filters": False,
}


class ProcessingActivityViewSet(ReviewedViewSet):
    """Processing activities: the units of the Article 30 record."""

    queryset = ProcessingActivity.objects.prefetch_related("journeys")
    serializer_class = ProcessingActivitySerializer
    filterset_class = ProcessingActivityFilterSet
    ordering_fields = ["name", "review_status", "review_due_on", "id"]
    ordering = ["name"]
    entity = "activity"
    create_service = services.processing_activity_create
    update_service = services.processing_activity_update
    delete_service = services.processing_activity_delete
    submit_service = services.processing_activity_submit
    review_service = services.processing_activity_review

    @extend_schema(responses=ProcessingActivitySerializer, **SUBMIT_SCHEMA)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[RolePermissions, RequiresPermission("gdpr.change_processingactivity")],
    )
    def submit(self, request, pk=None):
        return self._submit(request)

    @extend_schema(responses=ProcessingActivitySerializer, **REVIEW_SCHEMA)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[RolePermissions, RequiresPermission("gdpr.review_processingactivity")],
    )
    def review(self, request, pk=None):
        return self._review(request)

    @extend_schema(**HISTORY_SCHEMA)
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        return self._history(request)

    @extend_schema(
        summary="Record the DPIA screening",
        description=(
            "The nine criteria as yes/no with notes; two or more make a DPIA required. Also "
            "the DPIA's status and document link."
        ),
        request=DPIAScreeningInputSerializer,
        responses=DPIAScreeningSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[RolePermissions, RequiresPermission("gdpr.change_dpiascreening")],
    )
    def screening(self, request, pk=None):
        activity = self.get_object()
        payload = DPIAScreeningInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        screening = call_service(
            services.dpia_screening_record,
            activity=activity,
            user=request.user,
            answers=payload.validated_data,
        )
        return Response(DPIAScreeningSerializer(screening).data)


class DataItemViewSet(ReviewedViewSet):
    """The data collected at each stage: personal, transactional or behavioural."""

    queryset = DataItem.objects.all()
    serializer_class = DataItemSerializer
    update_serializer_class = DataItemUpdateSerializer
    filterset_class = DataItemFilterSet
    ordering_fields = ["name", "stage", "category", "review_status", "review_due_on", "id"]
    ordering = ["stage", "category", "name", "id"]
    entity = "data_item"
    create_service = services.data_item_create
    update_service = services.data_item_update
    delete_service = services.data_item_delete
    submit_service = services.data_item_submit
    review_service = services.data_item_review

    @extend_schema(responses=DataItemSerializer, **SUBMIT_SCHEMA)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[RolePermissions, RequiresPermission("gdpr.change_dataitem")],
    )
    def submit(self, request, pk=None):
        return self._submit(request)

    @extend_schema(responses=DataItemSerializer, **REVIEW_SCHEMA)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[RolePermissions, RequiresPermission("gdpr.review_dataitem")],
    )
    def review(self, request, pk=None):
        return self._review(request)

    @extend_schema(**HISTORY_SCHEMA)
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        return self._history(request)


class ProcessorViewSet(ServiceModelViewSet):
    """External stakeholders processing an activity's data, with their agreement."""

    queryset = Processor.objects.all()
    serializer_class = ProcessorSerializer
    update_serializer_class = ProcessorUpdateSerializer
    filterset_class = ProcessorFilterSet
    ordering_fields = ["activity", "stakeholder", "agreement_signed_on", "id"]
    ordering = ["activity", "id"]
    entity = "processor"
    create_service = services.processor_create
    update_service = services.processor_update
    delete_service = services.processor_delete


class DPIAScreeningViewSet(viewsets.ReadOnlyModelViewSet):
    """DPIA screenings; recorded with `POST processing-activities/{id}/screening/`."""

    queryset = DPIAScreening.objects.all()
    serializer_class = DPIAScreeningSerializer
    filterset_class = DPIAScreeningFilterSet
    ordering_fields = ["activity", "criteria_met", "id"]
    ordering = ["activity"]


class RequirementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The seven GDPR requirements: status, owner, evidence and date."""

    queryset = Requirement.objects.all()
    serializer_class = RequirementSerializer
    ordering_fields = ["position"]
    ordering = ["position"]
    filterset_fields = ["status"]

    def perform_update(self, serializer):
        serializer.instance = call_service(
            services.requirement_update,
            requirement=serializer.instance,
            data=serializer.validated_data,
            user=self.request.user,
        )


class RespondentAccessViewSet(viewsets.ReadOnlyModelViewSet):
    """The log of every access by a DPO to a respondent's personal data."""

    queryset = RespondentAccess.objects.all()
    serializer_class = RespondentAccessSerializer
    filterset_class = RespondentAccessFilterSet
    ordering_fields = ["at", "id"]
    ordering = ["-at", "-id"]


# Respondents are feedback's: the path's id is described here, not read from a queryset.
RESPONDENT_ID = OpenApiParameter(
    "id",
    int,
    OpenApiParameter.PATH,
    description="A unique integer value identifying this respondent.",
)


def _respondent_id(pk: str) -> int:
    """The path's respondent id; anything but digits is an unknown respondent (a JSON 404)."""
    if not (pk.isascii() and pk.isdigit()):
        raise Http404
    return int(pk)


class RespondentViewSet(viewsets.GenericViewSet):
    """A respondent's access and erasure requests (DPO only); every access is logged."""

    permission_classes = [RequiresPermission("gdpr.handle_respondentaccess")]
    serializer_class = RespondentSerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(
        summary="Find respondents by e-mail or external reference, or how it starts",
        description=(
            "A POST, so that the address never lands in an access log. At least 3 "
            "characters; at most 100 matches, 20 a page; each respondent returned is logged."
        ),
        request=RespondentSearchSerializer,
        responses={200: RespondentMatchesSerializer},
    )
    @action(detail=False, methods=["post"])
    def search(self, request):
        query = RespondentSearchSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        matches = call_service(
            services.respondents_find,
            query=query.validated_data["q"],
            page=query.validated_data["page"],
            user=request.user,
            place=RespondentAccess.Place.API,
        )
        return Response(RespondentMatchesSerializer(matches).data)

    @extend_schema(
        summary="Export everything held about a respondent",
        parameters=[RESPONDENT_ID],
        responses=RespondentExportSerializer,
    )
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        try:
            data = services.respondent_export(
                respondent_id=_respondent_id(pk),
                user=request.user,
                place=RespondentAccess.Place.API,
            )
        except Respondent.DoesNotExist:
            raise Http404 from None
        return Response(data)

    @extend_schema(
        summary="Erase a respondent's personal data",
        description="Their answers stay, anonymised, so scores do not move.",
        parameters=[RESPONDENT_ID],
        request=None,
        responses={204: OpenApiResponse(description="Erased.")},
    )
    @action(detail=True, methods=["post"])
    def erase(self, request, pk=None):
        try:
            services.respondent_erase(
                respondent_id=_respondent_id(pk),
                user=request.user,
                place=RespondentAccess.Place.API,
            )
        except Respondent.DoesNotExist:
            raise Http404 from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class Article30ExportView(APIView):
    """The Article 30 record of processing activities as a file."""

    permission_classes = [RequiresPermission("gdpr.view_processingactivity")]

    @extend_schema(
        summary="Download the Article 30 record",
        parameters=[
            OpenApiParameter(
                "file_format", str, OpenApiParameter.PATH, enum=["xlsx", "csv", "pdf"]
            ),
            OpenApiParameter("language", str, enum=["en", "fr"], default="en"),
        ],
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): (
                OpenApiTypes.BINARY
            ),
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/pdf"): OpenApiTypes.BINARY,
        },
    )
    def get(self, request, file_format):
        language = request.query_params.get("language", "en")
        if language not in ("en", "fr"):
            return Response({"language": ["Choose en or fr."]}, status=status.HTTP_400_BAD_REQUEST)
        return exports.article30_response(format=file_format, language=language)
