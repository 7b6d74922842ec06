from django.contrib import admin

from .models import (
    Case,
    CaseLogEntry,
    FollowUpRule,
    Invitation,
    Respondent,
    Response,
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


@admin.register(FollowUpRule)
class FollowUpRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "stage", "touchpoint", "template", "delay_minutes", "active")
    list_filter = ("active",)
    list_select_related = ("stage", "touchpoint", "template")


@admin.register(ServiceEvent)
class ServiceEventAdmin(admin.ModelAdmin):
    list_display = ("source", "idempotency_key", "respondent", "stage", "occurred_at")
    list_select_related = ("respondent", "stage")
    search_fields = ("idempotency_key", "respondent__external_ref")
    raw_id_fields = ("respondent",)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("id", "respondent", "rule", "status", "send_after", "sent_at", "attempts")
    list_filter = ("status", "suppression_reason")
    list_select_related = ("respondent", "rule")
    raw_id_fields = ("event", "respondent")
    readonly_fields = ("nonce",)


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("invitation", "nps", "csat", "ces", "language", "submitted_at")
    raw_id_fields = ("invitation",)


class CaseLogEntryInline(admin.TabularInline):
    model = CaseLogEntry
    extra = 0


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("title", "stage", "category", "severity", "status", "owner", "due_at")
    list_filter = ("status", "category", "severity")
    list_select_related = ("stage", "owner")
    raw_id_fields = ("response", "respondent")
    inlines = [CaseLogEntryInline]
