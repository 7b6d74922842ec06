from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.permissions import RequiresPermission, RolePermissions
from core.api.viewsets import ServiceModelViewSet, call_service
from stakeholders import selectors, services
from stakeholders.filters import (
    IncentiveFilterSet,
    InterviewFilterSet,
    InvolvementFilterSet,
    KPIFilterSet,
    KPIMeasurementFilterSet,
    SLAFilterSet,
    SLAMeasurementFilterSet,
    SLAObjectiveFilterSet,
    StakeholderFilterSet,
)
from stakeholders.models import (
    KPI,
    SLA,
    Incentive,
    Interview,
    Involvement,
    KPIMeasurement,
    SLAMeasurement,
    SLAObjective,
    Stakeholder,
)

from .serializers import (
    IncentiveSerializer,
    IncentiveUpdateSerializer,
    InterviewAnswersSerializer,
    InterviewSendBackSerializer,
    InterviewSerializer,
    InterviewUpdateSerializer,
    InterviewValidateSerializer,
    InvolvementSerializer,
    InvolvementUpdateSerializer,
    KPIMeasurementSerializer,
    KPIMeasurementUpdateSerializer,
    KPISerializer,
    KPIUpdateSerializer,
    SLAMeasurementBulkSerializer,
    SLAMeasurementSerializer,
    SLAMeasurementUpdateSerializer,
    SLAObjectiveSerializer,
    SLAObjectiveUpdateSerializer,
    SLASerializer,
    SLAUpdateSerializer,
    StakeholderSerializer,
    ValidationPlanSerializer,
)


class StakeholderViewSet(ServiceModelViewSet):
    """Internal and external stakeholders."""

    queryset = Stakeholder.objects.all()
    serializer_class = StakeholderSerializer
    filterset_class = StakeholderFilterSet
    ordering_fields = ["name", "kind", "id"]
    ordering = ["name", "id"]
    entity = "stakeholder"
    create_service = services.stakeholder_create
    update_service = services.stakeholder_update
    delete_service = services.stakeholder_delete


class InvolvementViewSet(ServiceModelViewSet):
    """Where each stakeholder takes part in a journey: stage, touchpoint, office, volumes."""

    queryset = Involvement.objects.all()
    serializer_class = InvolvementSerializer
    update_serializer_class = InvolvementUpdateSerializer
    filterset_class = InvolvementFilterSet
    ordering_fields = ["stakeholder", "stage", "id"]
    ordering = ["id"]
    entity = "involvement"
    create_service = services.involvement_create
    update_service = services.involvement_update
    delete_service = services.involvement_delete


class KPIViewSet(ServiceModelViewSet):
    """The indicators stakeholders are judged on, with their alignment with satisfaction."""

    queryset = KPI.objects.all()
    serializer_class = KPISerializer
    update_serializer_class = KPIUpdateSerializer
    filterset_class = KPIFilterSet
    ordering_fields = ["stakeholder", "name", "id"]
    ordering = ["stakeholder", "name"]
    entity = "kpi"
    create_service = services.kpi_create
    update_service = services.kpi_update
    delete_service = services.kpi_delete


class SLAViewSet(ServiceModelViewSet):
    """Service level agreements of external stakeholders."""

    queryset = SLA.objects.prefetch_related("stages", "touchpoints")
    serializer_class = SLASerializer
    update_serializer_class = SLAUpdateSerializer
    filterset_class = SLAFilterSet
    ordering_fields = ["stakeholder", "service", "valid_from", "id"]
    ordering = ["stakeholder", "service"]
    entity = "sla"
    create_service = services.sla_create
    update_service = services.sla_update
    delete_service = services.sla_delete


class SLAObjectiveViewSet(ServiceModelViewSet):
    """The objectives of an SLA: metric, comparison, target and measurement period."""

    queryset = SLAObjective.objects.all()
    serializer_class = SLAObjectiveSerializer
    update_serializer_class = SLAObjectiveUpdateSerializer
    filterset_class = SLAObjectiveFilterSet
    ordering_fields = ["sla", "metric", "id"]
    ordering = ["sla", "metric"]
    entity = "objective"
    create_service = services.sla_objective_create
    update_service = services.sla_objective_update
    delete_service = services.sla_objective_delete


class KPIMeasurementViewSet(ServiceModelViewSet):
    """A KPI's values per period (its week or month, given by the period's first day); a
    moment of truth's standard fed by the KPI is judged on them. Posting a period that
    already has a value corrects it."""

    queryset = KPIMeasurement.objects.all()
    serializer_class = KPIMeasurementSerializer
    update_serializer_class = KPIMeasurementUpdateSerializer
    filterset_class = KPIMeasurementFilterSet
    ordering_fields = ["period_start", "kpi", "id"]
    ordering = ["kpi", "period_start"]
    entity = "measurement"
    create_service = services.kpi_measurement_record
    delete_service = services.kpi_measurement_delete

    def perform_update(self, serializer):
        old = serializer.instance
        value = serializer.validated_data.get("value", old.value)
        serializer.instance = call_service(
            services.kpi_measurement_record, kpi=old.kpi, period_start=old.period_start, value=value
        )


class SLAMeasurementViewSet(ServiceModelViewSet):
    """Measured values per period; `met` is computed from the objective, never sent.
    Posting a period that already has a value corrects it."""

    queryset = SLAMeasurement.objects.all()
    serializer_class = SLAMeasurementSerializer
    update_serializer_class = SLAMeasurementUpdateSerializer
    filterset_class = SLAMeasurementFilterSet
    ordering_fields = ["period_start", "objective", "id"]
    ordering = ["objective", "period_start"]
    entity = "measurement"
    create_service = services.measurement_record
    delete_service = services.measurement_delete

    def perform_update(self, serializer):
        measurement = serializer.instance
        serializer.instance = call_service(
            services.measurement_record,
            objective=measurement.objective,
            period_start=measurement.period_start,
            value=serializer.validated_data.get("value", measurement.value),
        )

    @extend_schema(
        summary="Record many measurements at once",
        description=(
            "Up to 1000 measurements, all recorded or none: a 400 names the rows in error by "
            "their index."
        ),
        request=SLAMeasurementBulkSerializer,
        responses={201: SLAMeasurementSerializer(many=True)},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        payload = SLAMeasurementBulkSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        recorded = call_service(
            services.measurements_record_many, rows=payload.validated_data["measurements"]
        )
        return Response(
            SLAMeasurementSerializer(recorded, many=True).data, status=status.HTTP_201_CREATED
        )


class IncentiveViewSet(ServiceModelViewSet):
    """Recognition, rewards, bonuses and commissions, with the KPI that drives each."""

    queryset = Incentive.objects.all()
    serializer_class = IncentiveSerializer
    update_serializer_class = IncentiveUpdateSerializer
    filterset_class = IncentiveFilterSet
    ordering_fields = ["stakeholder", "name", "id"]
    ordering = ["stakeholder", "name", "id"]
    entity = "incentive"
    create_service = services.incentive_create
    update_service = services.incentive_update
    delete_service = services.incentive_delete


class InterviewViewSet(ServiceModelViewSet):
    """Interviews with stakeholders. An interviewer sees only their own; the answers change
    through `answers` (a draft) and `submit`, and a CX manager validates."""

    serializer_class = InterviewSerializer
    update_serializer_class = InterviewUpdateSerializer
    filterset_class = InterviewFilterSet
    ordering_fields = ["scheduled_at", "status", "id"]
    ordering = ["-scheduled_at", "id"]
    entity = "interview"
    update_service = services.interview_update
    delete_service = services.interview_delete

    def get_queryset(self):
        return selectors.interviews_for_user(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = call_service(
            services.interview_create, interviewer=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        self._check_draft(serializer.instance)
        super().perform_update(serializer)

    def _check_draft(self, interview: Interview) -> None:
        # A submitted interview is read-only for its interviewer; the CX manager may still fix it.
        if not interview.is_answerable and not self.request.user.has_perm(
            "stakeholders.change_stakeholder"
        ):
            self.permission_denied(self.request, message="A submitted interview is read-only.")

    @extend_schema(
        summary="Save the answers as a draft",
        request=InterviewAnswersSerializer,
        responses=InterviewSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[
            RolePermissions,
            RequiresPermission("stakeholders.change_interview", on_object=True),
        ],
    )
    def answers(self, request, pk=None):
        interview = self.get_object()
        payload = InterviewAnswersSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        interview = call_service(
            services.interview_save_draft, interview=interview, **payload.validated_data
        )
        return Response(InterviewSerializer(interview).data)

    @extend_schema(
        summary="Submit the interview",
        description="Checks that every section is answered; the interview becomes read-only.",
        request=None,
        responses=InterviewSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[
            RolePermissions,
            RequiresPermission("stakeholders.change_interview", on_object=True),
        ],
    )
    def submit(self, request, pk=None):
        interview = self.get_object()
        interview = call_service(services.interview_submit, interview=interview)
        return Response(InterviewSerializer(interview).data)

    @extend_schema(
        summary="Validate a submitted interview (CX manager)",
        description=(
            "Creates employee-side observations from its irritants and enchantments (with the "
            "severity the interviewer gave), and KPIs and incentives from its rows. With "
            "`dry_run`, only answers what would be created. `answers` revises the outcome "
            "first. Validating again creates nothing more."
        ),
        request=InterviewValidateSerializer,
        responses={
            200: PolymorphicProxySerializer(
                component_name="InterviewValidation",
                serializers=[InterviewSerializer, ValidationPlanSerializer],
                resource_type_field_name=None,
            )
        },
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[
            RolePermissions,
            RequiresPermission("stakeholders.change_stakeholder", on_object=True),
        ],
    )
    def validate(self, request, pk=None):
        interview = self.get_object()
        payload = InterviewValidateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        answers = payload.validated_data.get("answers")
        if payload.validated_data["dry_run"]:
            plan = call_service(
                services.interview_validation_plan, interview=interview, answers=answers
            )
            return Response(ValidationPlanSerializer(plan).data)
        interview = call_service(
            services.interview_validate,
            interview=interview,
            validated_by=request.user,
            answers=answers,
            ease_of_satisfying=payload.validated_data.get("ease_of_satisfying"),
            accepted_involvements=[
                f"involvement:{stage_id}"
                for stage_id in payload.validated_data["accept_involvements"]
            ],
        )
        return Response(InterviewSerializer(interview).data)

    @extend_schema(
        summary="Send a submitted interview back to its interviewer (CX manager)",
        description=(
            "The interview becomes editable again for its interviewer, who is notified; the "
            "comment is kept in the interview's log."
        ),
        request=InterviewSendBackSerializer,
        responses=InterviewSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="send-back",
        permission_classes=[
            RolePermissions,
            RequiresPermission("stakeholders.change_stakeholder", on_object=True),
        ],
    )
    def send_back(self, request, pk=None):
        interview = self.get_object()
        payload = InterviewSendBackSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        interview = call_service(
            services.interview_send_back,
            interview=interview,
            sent_by=request.user,
            comment=payload.validated_data["comment"],
        )
        return Response(InterviewSerializer(interview).data)
