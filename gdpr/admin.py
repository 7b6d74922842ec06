from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    DataItem,
    DPIAScreening,
    ProcessingActivity,
    Processor,
    Requirement,
    RespondentAccess,
)


class ProcessorInline(admin.TabularInline):
    model = Processor
    fields = ("stakeholder", "service", "agreement_signed_on", "agreement_location")
    raw_id_fields = ("stakeholder",)
    extra = 0


@admin.register(ProcessingActivity)
class ProcessingActivityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "legal_basis", "review_status", "review_due_on", "transfers_outside_eu")
    list_filter = ("review_status", "legal_basis", "transfers_outside_eu")
    search_fields = ("name", "purposes")
    filter_horizontal = ("journeys",)
    readonly_fields = ("reviewed_by", "reviewed_at", "updated_at")
    inlines = [ProcessorInline]


@admin.register(DataItem)
class DataItemAdmin(SimpleHistoryAdmin):
    list_display = ("name", "stage", "category", "activity", "special_category", "review_status")
    list_filter = ("category", "review_status", "special_category")
    search_fields = ("name", "source")
    raw_id_fields = ("stage", "touchpoint")
    list_select_related = ("stage", "activity")
    readonly_fields = ("reviewed_by", "reviewed_at", "updated_at")


@admin.register(Processor)
class ProcessorAdmin(SimpleHistoryAdmin):
    list_display = ("stakeholder", "activity", "agreement_signed_on")
    list_select_related = ("stakeholder", "activity")
    raw_id_fields = ("stakeholder",)


@admin.register(DPIAScreening)
class DPIAScreeningAdmin(SimpleHistoryAdmin):
    list_display = ("activity", "criteria_met", "dpia_required", "dpia_status")
    list_filter = ("dpia_required", "dpia_status")
    list_select_related = ("activity",)
    readonly_fields = ("criteria_met", "dpia_required", "screened_by", "screened_at")


@admin.register(Requirement)
class RequirementAdmin(SimpleHistoryAdmin):
    list_display = ("key", "status", "owner", "done_on")
    list_filter = ("status",)


@admin.register(RespondentAccess)
class RespondentAccessAdmin(admin.ModelAdmin):
    """The access log can be read, never written or changed by hand."""

    list_display = ("at", "action", "respondent_id", "user")
    list_filter = ("action",)
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
