from django.contrib import admin

from . import services
from .models import (
    Case,
    CaseLogEntry,
    CaseReply,
    FollowUpRule,
    Invitation,
    PromoterFollowUp,
    RecoverySurvey,
    Respondent,
    Response,
    ScoreRollup,
    ServiceEvent,
    SurveyTemplate,
)


@admin.register(Respondent)
class RespondentAdmin(admin.ModelAdmin):
    list_display = ("external_ref", "email", "language", "unsubscribed_at")
    list_filter = ("language",)
    search_fields = ("external_ref", "email")


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "asks_nps", "asks_csat", "asks_ces", "asks_comment")
    search_fields = ("name",)


class PipelineRecordAdmin(admin.ModelAdmin):
    """Read-only: events, invitations and answers are written by the pipeline alone (an answer
    changed or removed here would move scores without the journey map hearing of it)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FollowUpRule)
class FollowUpRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "stage", "touchpoint", "template", "delay_minutes", "active")
    list_filter = ("active",)
    list_select_related = ("stage", "touchpoint", "template")

    def delete_model(self, request, obj):
        services.follow_up_rule_delete(rule=obj)

    def delete_queryset(self, request, queryset):
        for rule in queryset:
            services.follow_up_rule_delete(rule=rule)


@admin.register(ServiceEvent)
class ServiceEventAdmin(PipelineRecordAdmin):
    list_display = ("source", "idempotency_key", "respondent", "stage", "occurred_at")
    list_select_related = ("respondent", "stage")
    search_fields = ("idempotency_key", "respondent__external_ref")
    raw_id_fields = ("respondent",)


@admin.register(Invitation)
class InvitationAdmin(PipelineRecordAdmin):
    list_display = ("id", "respondent", "rule", "status", "send_after", "sent_at", "attempts")
    list_filter = ("status", "suppression_reason")
    list_select_related = ("respondent", "rule")
    raw_id_fields = ("event", "respondent")


@admin.register(Response)
class ResponseAdmin(PipelineRecordAdmin):
    list_display = ("invitation", "nps", "csat", "ces", "language", "submitted_at")
    raw_id_fields = ("invitation",)


class CaseLogEntryInline(admin.TabularInline):
    model = CaseLogEntry
    extra = 0


class CaseReplyInline(admin.TabularInline):
    model = CaseReply
    extra = 0
    fields = ("created_at", "author", "language", "status", "sent_at", "text")
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "stage",
        "channel",
        "category",
        "severity",
        "status",
        "owner",
        "due_at",
    )
    list_filter = ("status", "channel", "category", "severity")
    list_select_related = ("stage", "owner")
    raw_id_fields = ("response", "respondent")
    inlines = [CaseLogEntryInline, CaseReplyInline]


@admin.register(RecoverySurvey)
class RecoverySurveyAdmin(PipelineRecordAdmin):
    list_display = ("case", "status", "score", "send_after", "answered_at")
    list_filter = ("status",)


@admin.register(PromoterFollowUp)
class PromoterFollowUpAdmin(PipelineRecordAdmin):
    list_display = ("response", "status", "send_after", "sent_at")
    list_filter = ("status",)


@admin.register(ScoreRollup)
class ScoreRollupAdmin(PipelineRecordAdmin):
    list_display = (
        "journey",
        "stage",
        "touchpoint_id",
        "rule",
        "month",
        "responses",
        "invitations_sent",
    )
    list_filter = ("journey",)
    list_select_related = ("journey", "stage", "rule")
