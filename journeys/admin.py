from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .forms import PersonaForm
from .models import (
    Action,
    Journey,
    JourneySnapshot,
    MomentOfTruth,
    Observation,
    Persona,
    Stage,
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
    list_display = ("name", "persona", "state", "owner", "source_journey", "updated_at")
    list_filter = ("state", "persona", "owner")
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
    list_display = ("__str__", "stage", "touchpoint", "criticality", "standard")
    list_filter = ("criticality", "stage__journey")
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
    list_display = ("title", "journey", "stage", "priority", "owner", "due_date", "status")
    list_filter = ("status", "priority", "journey")
    list_select_related = ("journey", "stage", "owner")
    search_fields = ("title", "description")
    autocomplete_fields = ("journey", "stage", "owner")


@admin.register(JourneySnapshot)
class JourneySnapshotAdmin(admin.ModelAdmin):
    list_display = ("name", "journey", "taken_at", "taken_by")
    list_select_related = ("journey", "taken_by")
    search_fields = ("name", "journey__name")
    autocomplete_fields = ("journey", "taken_by")
