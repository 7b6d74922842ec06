from django.contrib import admin

from .models import (
    KPI,
    SLA,
    ActionKPI,
    Incentive,
    Interview,
    InterviewOutcome,
    Involvement,
    KPIMeasurement,
    SLAMeasurement,
    SLAObjective,
    Stakeholder,
    StandardFeed,
    TouchpointResponsibility,
)


class InvolvementInline(admin.TabularInline):
    model = Involvement
    fields = ("stage", "touchpoint", "office", "channels", "volume", "volume_period")
    raw_id_fields = ("stage", "touchpoint")
    extra = 0


class KPIInline(admin.TabularInline):
    model = KPI
    fields = ("name", "unit", "target", "current_value", "direction", "alignment")
    extra = 0


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "title", "organisation", "office")
    list_filter = ("kind", "office")
    search_fields = ("name", "title", "organisation")
    inlines = [InvolvementInline, KPIInline]


@admin.register(Involvement)
class InvolvementAdmin(admin.ModelAdmin):
    list_display = ("stakeholder", "stage", "touchpoint", "office", "volume", "volume_period")
    list_filter = ("office",)
    list_select_related = ("stakeholder", "stage", "touchpoint")
    raw_id_fields = ("stage", "touchpoint")
    autocomplete_fields = ("stakeholder",)


@admin.register(TouchpointResponsibility)
class TouchpointResponsibilityAdmin(admin.ModelAdmin):
    list_display = ("touchpoint", "stakeholder")
    list_select_related = ("touchpoint", "stakeholder")
    search_fields = ("touchpoint__name", "stakeholder__name")
    raw_id_fields = ("touchpoint",)
    autocomplete_fields = ("stakeholder",)


@admin.register(KPI)
class KPIAdmin(admin.ModelAdmin):
    list_display = ("name", "stakeholder", "target", "current_value", "direction", "alignment")
    list_filter = ("alignment", "direction")
    list_select_related = ("stakeholder",)
    search_fields = ("name", "stakeholder__name")
    autocomplete_fields = ("stakeholder",)


class SLAObjectiveInline(admin.TabularInline):
    model = SLAObjective
    fields = ("metric", "unit", "comparison", "target", "period")
    extra = 0
    show_change_link = True


@admin.register(SLA)
class SLAAdmin(admin.ModelAdmin):
    list_display = ("service", "stakeholder", "contract_reference", "valid_from", "valid_until")
    list_select_related = ("stakeholder",)
    search_fields = ("service", "contract_reference", "stakeholder__name")
    autocomplete_fields = ("stakeholder",)
    inlines = [SLAObjectiveInline]


@admin.register(SLAObjective)
class SLAObjectiveAdmin(admin.ModelAdmin):
    list_display = ("metric", "sla", "comparison", "target", "period", "missing_period_start")
    list_filter = ("period", "comparison")
    list_select_related = ("sla",)
    readonly_fields = ("missing_period_start",)


@admin.register(SLAMeasurement)
class SLAMeasurementAdmin(admin.ModelAdmin):
    """Read-only: `met` is computed by the service, so values are entered in the app."""

    list_display = ("objective", "period_start", "value", "met")
    list_filter = ("met",)
    list_select_related = ("objective",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Incentive)
class IncentiveAdmin(admin.ModelAdmin):
    list_display = ("name", "stakeholder", "type", "kpi", "rewards_customer_satisfaction")
    list_filter = ("type", "rewards_customer_satisfaction")
    list_select_related = ("stakeholder", "kpi")
    autocomplete_fields = ("stakeholder",)


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ("stakeholder", "interviewer", "scheduled_at", "status", "validated_by")
    list_filter = ("status",)
    list_select_related = ("stakeholder", "interviewer", "validated_by")
    readonly_fields = ("status", "submitted_at", "validated_at", "validated_by")
    autocomplete_fields = ("stakeholder",)


@admin.register(InterviewOutcome)
class InterviewOutcomeAdmin(admin.ModelAdmin):
    list_display = ("key", "interview", "observation", "kpi", "incentive")
    list_select_related = ("interview", "observation", "kpi", "incentive")


@admin.register(KPIMeasurement)
class KPIMeasurementAdmin(admin.ModelAdmin):
    list_display = ("kpi", "period_start", "value")
    list_filter = ("kpi__stakeholder",)
    list_select_related = ("kpi",)
    autocomplete_fields = ("kpi",)
    readonly_fields = ("recorded_at",)


@admin.register(StandardFeed)
class StandardFeedAdmin(admin.ModelAdmin):
    list_display = ("moment", "kpi", "objective")
    list_select_related = ("moment", "kpi", "objective")
    autocomplete_fields = ("moment", "kpi")
    raw_id_fields = ("objective",)


@admin.register(ActionKPI)
class ActionKPIAdmin(admin.ModelAdmin):
    list_display = ("action", "kpi")
    list_select_related = ("action", "kpi")
    autocomplete_fields = ("action", "kpi")
