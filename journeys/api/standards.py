"""Standards and the plan through the API: a moment's own measurements, its standard's
status on the map, and the plan's actions with their before and after."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.filters import FilterSet, IdFilter
from core.api.permissions import RequiresPermission, RolePermissions
from core.api.serializers import ModelSerializer
from core.api.viewsets import ServiceModelViewSet, call_service
from journeys import selectors, services
from journeys.models import StandardMeasurement


class StandardMeasurementSerializer(ModelSerializer):
    class Meta:
        model = StandardMeasurement
        fields = ["id", "moment", "period_start", "value", "note", "recorded_at"]
        read_only_fields = ["recorded_at"]
        # Recording a period again corrects its value instead of failing.
        validators = []


class StandardMeasurementUpdateSerializer(StandardMeasurementSerializer):
    class Meta(StandardMeasurementSerializer.Meta):
        read_only_fields = ["moment", "period_start", "recorded_at"]


class StandardMeasurementFilterSet(FilterSet):
    journey = IdFilter(field_name="moment__stage__journey", label="Journey")

    class Meta:
        model = StandardMeasurement
        fields = ["journey", "moment"]


class StandardMeasurementViewSet(ServiceModelViewSet):
    """A moment of truth's own measurements, one per period of its standard (the first day
    of the week or month); a standard fed by a KPI or an SLA objective takes theirs instead.
    Posting a period that already has a value corrects it."""

    queryset = StandardMeasurement.objects.all()
    serializer_class = StandardMeasurementSerializer
    update_serializer_class = StandardMeasurementUpdateSerializer
    filterset_class = StandardMeasurementFilterSet
    ordering_fields = ["period_start", "moment", "id"]
    ordering = ["moment", "period_start"]
    entity = "measurement"
    create_service = services.standard_measurement_record
    delete_service = services.standard_measurement_delete

    def perform_update(self, serializer):
        old, data = serializer.instance, serializer.validated_data
        serializer.instance = call_service(
            services.standard_measurement_record,
            moment=old.moment,
            period_start=old.period_start,
            value=data.get("value", old.value),
            note=data.get("note", old.note),
        )


class StandardPointSerializer(serializers.Serializer):
    period_start = serializers.DateField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    met = serializers.BooleanField()


class StandardStatusSerializer(serializers.Serializer):
    source = serializers.CharField(
        help_text="The KPI or SLA objective feeding the standard; empty: its own measurements."
    )
    last = StandardPointSerializer(
        allow_null=True, help_text="The latest measured of the recent periods: met or missed."
    )
    recent = StandardPointSerializer(
        many=True, source="points", help_text="The recent periods measured, oldest first."
    )
    missed = serializers.IntegerField(help_text="How many of the recent periods missed it.")


class MeasureWindowSerializer(serializers.Serializer):
    first = serializers.DateField(help_text="The first period's first day.")
    end = serializers.DateField(help_text="The day after the last period.")
    periods = serializers.IntegerField()


class PlanRowSerializer(serializers.Serializer):
    action = serializers.IntegerField(source="action.pk")
    title = serializers.CharField(source="action.title")
    stage = serializers.CharField(source="action.stage.code", allow_null=True, default=None)
    status = serializers.CharField(source="action.status")
    priority = serializers.IntegerField(source="action.priority")
    measure = serializers.CharField(source="action.measure", help_text="Empty: none named.")
    measure_label = serializers.CharField(
        source="series.label", allow_null=True, help_text="Null: no values for the measure."
    )
    higher_is_better = serializers.BooleanField(
        source="series.higher_is_better", allow_null=True, default=None
    )
    target = serializers.DecimalField(
        source="action.measure_target", max_digits=12, decimal_places=2, allow_null=True
    )
    started_on = serializers.DateField(source="action.started_on", allow_null=True)
    done_on = serializers.DateField(source="action.done_on", allow_null=True)
    before = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text="The baseline, taken when the action started: the measure's mean over "
        "the periods before it.",
    )
    before_window = MeasureWindowSerializer(allow_null=True)
    after = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text="Once done and as many periods as the baseline's are over: the mean "
        "over those periods.",
    )
    after_window = MeasureWindowSerializer(allow_null=True)
    moved = serializers.BooleanField(
        allow_null=True, help_text="Whether the measure moved the right way (null: not known)."
    )
    not_moved = serializers.BooleanField(help_text="Done, and its measure did not move.")
    target_reached = serializers.BooleanField(allow_null=True)


class JourneyPlanActions:
    """JourneyViewSet's `plan`."""

    @extend_schema(
        summary="The improvement plan: each action's measure, before and after",
        description=(
            "The journey's actions in plan order, each with the measure it should move (a "
            "stage's NPS, CSAT or CES, a moment's standard, a KPI), its target, the baseline "
            "taken when it started and, once it is done and as many periods have passed, "
            "the same number of periods after; `not_moved` flags a done action whose "
            "measure did not move."
        ),
        responses=PlanRowSerializer(many=True),
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        pagination_class=None,
        permission_classes=[RolePermissions, RequiresPermission("journeys.view_action")],
    )
    def plan(self, request, pk=None):
        journey = self.get_object()
        rows = selectors.journey_plan(journey_id=journey.pk)
        return Response(PlanRowSerializer(rows, many=True).data)
