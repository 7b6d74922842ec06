import django_filters
from django.conf import settings
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.api.filters import FilterSet, IdChoiceFilter, IdFilter
from core.choices import SearchSelect
from core.fields import UserFilter

from .models import (
    Action,
    BuyingGroupMember,
    BuyingRole,
    Journey,
    JourneySnapshot,
    JourneyTemplate,
    MomentOfTruth,
    Observation,
    Persona,
    ShareLink,
    Stage,
    Touchpoint,
)


class JourneyFilterSet(FilterSet):
    """The journey list's filters, shared by the page and the API."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    persona = IdChoiceFilter(
        label=_("Persona"),
        queryset=Persona.objects.order_by("name", "id"),
        empty_label=_("All personas"),
        widget=SearchSelect(options_url=reverse_lazy("journeys:persona_choices")),
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=Journey.State.choices, empty_label=_("All states")
    )
    owner = UserFilter(label=_("Owner"), empty_label=_("All owners"))

    class Meta:
        model = Journey
        fields = ["q", "persona", "state", "owner"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))


class PersonaFilterSet(FilterSet):
    """The persona list's filters, shared by the page and the API."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    buying_role = django_filters.ChoiceFilter(
        label=_("Buying role"), choices=BuyingRole.choices, empty_label=_("All buying roles")
    )

    class Meta:
        model = Persona
        fields = ["q", "buying_role"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))


class StageFilterSet(FilterSet):
    class Meta:
        model = Stage
        fields = ["journey", "funnel_phase"]


class TouchpointFilterSet(FilterSet):
    journey = IdFilter(field_name="stage__journey", label=_("Journey"))

    class Meta:
        model = Touchpoint
        fields = ["journey", "stage", "channel", "lane", "collects_personal_data"]


class MomentOfTruthFilterSet(FilterSet):
    journey = IdFilter(field_name="stage__journey", label=_("Journey"))

    class Meta:
        model = MomentOfTruth
        fields = ["journey", "stage", "touchpoint", "criticality"]


class ObservationFilterSet(FilterSet):
    journey = IdFilter(field_name="stage__journey", label=_("Journey"))

    class Meta:
        model = Observation
        fields = ["journey", "stage", "kind", "side", "source", "severity"]


class ActionFilterSet(FilterSet):
    class Meta:
        model = Action
        fields = ["journey", "stage", "priority", "status", "owner"]


class ShareLinkFilterSet(FilterSet):
    journey = IdFilter(label=_("Journey"), field_name="journey_id")

    class Meta:
        model = ShareLink
        fields = ["journey"]


class JourneyTemplateFilterSet(FilterSet):
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, empty_label=_("All languages")
    )

    class Meta:
        model = JourneyTemplate
        fields = ["language"]


class JourneySnapshotFilterSet(FilterSet):
    class Meta:
        model = JourneySnapshot
        fields = ["journey"]


class BuyingGroupMemberFilterSet(FilterSet):
    class Meta:
        model = BuyingGroupMember
        fields = ["journey", "persona", "role"]
