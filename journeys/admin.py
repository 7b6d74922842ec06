from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .forms import PersonaForm
from .models import (
    Action,
    BuyingGroupMember,
    Journey,
    JourneySnapshot,
    JourneyTemplate,
    MomentOfTruth,
    Observation,
    Persona,
    ShareLink,
    Stage,
    StandardMeasurement,
    Touchpoint,
)


@admin.register(Persona)
class PersonaAdmin(admin.ModelAdmin):
    form = PersonaForm
    list_display = ("name", "buying_role")
    list_filter = ("buying_role",)
    search_fields = ("name", "description")


class StageInline(admin.TabularInline):
    model = Stage
    fields = ("position", "code", "name", "place", "funnel_phase", "emotion_score")
    extra = 0
    show_change_link = True


@admin.register(Journey)
class JourneyAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "persona",
        "state",
        "phase_set",
        "owner",
        "source_journey",
        "updated_at",
    )
    list_filter = ("state", "phase_set", "persona", "owner")
    list_select_related = ("persona", "owner", "source_journey")
    search_fields = ("name", "description")
    autocomplete_fields = ("persona", "owner", "source_journey")
    inlines = [StageInline]


class TouchpointInline(admin.TabularInline):
    model = Touchpoint
    fields = (
        "position",
        "name",
        "channel",
        "lane",
        "volume",
        "volume_period",
        "collects_personal_data",
    )
    extra = 0


@admin.register(Stage)
class StageAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "journey", "position", "place", "funnel_phase", "emotion_score")
    list_filter = ("funnel_phase", "journey")
    list_select_related = ("journey",)
    search_fields = ("name", "code", "place", "journey__name")
    autocomplete_fields = ("journey",)
    readonly_fields = ("version",)
    inlines = [TouchpointInline]


@admin.register(Touchpoint)
class TouchpointAdmin(SimpleHistoryAdmin):
    list_display = ("name", "stage", "position", "channel", "lane", "volume", "volume_period")
    list_filter = ("channel", "lane", "collects_personal_data", "stage__journey")
    list_select_related = ("stage",)
    search_fields = ("name", "tools", "stage__name")
    autocomplete_fields = ("stage",)
    readonly_fields = ("version",)


@admin.register(MomentOfTruth)
class MomentOfTruthAdmin(SimpleHistoryAdmin):
    list_display = (
        "__str__",
        "stage",
        "touchpoint",
        "criticality",
        "standard",
        "standard_kind",
        "comparison",
        "target",
    )
    list_filter = ("criticality", "standard_kind", "stage__journey")
    list_select_related = ("stage", "touchpoint")
    search_fields = ("description", "standard")
    autocomplete_fields = ("stage", "touchpoint")


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "stage", "kind", "side", "source", "severity")
    list_filter = ("kind", "side", "source", "severity", "stage__journey")
    list_select_related = ("stage",)
    search_fields = ("description",)
    autocomplete_fields = ("stage",)


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "journey", "stage", "priority", "status", "measure", "due_date")
    list_filter = ("status", "priority", "measure", "journey")
    list_select_related = ("journey", "stage", "owner")
    search_fields = ("title", "description")
    autocomplete_fields = ("journey", "stage", "owner")
    readonly_fields = ("started_on", "done_on", "baseline", "baseline_from", "baseline_periods")


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    """Links are created and revoked from the map, where their password is hashed: here they
    are only read (and revoked by setting the time)."""

    list_display = ("journey", "label", "created_by", "expires_at", "revoked_at", "view_count")
    list_filter = ("revoked_at",)
    list_select_related = ("journey", "created_by")
    fields = ("journey", "label", "created_by", "expires_at", "revoked_at", "view_count")
    readonly_fields = ("journey", "created_by", "view_count")
    search_fields = ("label", "journey__name")

    def has_add_permission(self, request):
        return False


@admin.register(JourneyTemplate)
class JourneyTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "language", "key", "created_by", "created_at")
    list_filter = ("language",)
    list_select_related = ("created_by",)
    search_fields = ("name", "description")


@admin.register(BuyingGroupMember)
class BuyingGroupMemberAdmin(admin.ModelAdmin):
    list_display = ("persona", "journey", "role")
    list_filter = ("role", "journey")
    list_select_related = ("persona", "journey")
    search_fields = ("persona__name", "journey__name", "needs")
    autocomplete_fields = ("journey", "persona", "stages")


@admin.register(StandardMeasurement)
class StandardMeasurementAdmin(admin.ModelAdmin):
    list_display = ("moment", "period_start", "value", "note")
    list_filter = ("moment__stage__journey",)
    list_select_related = ("moment",)
    autocomplete_fields = ("moment",)
    readonly_fields = ("recorded_at",)


@admin.register(JourneySnapshot)
class JourneySnapshotAdmin(admin.ModelAdmin):
    list_display = ("name", "journey", "taken_at", "taken_by")
    list_select_related = ("journey", "taken_by")
    search_fields = ("name", "journey__name")
    autocomplete_fields = ("journey", "taken_by")
