import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.api.filters import FilterSet, IdFilter
from journeys.fields import JourneyFilter, StageFilter

from .fields import StakeholderFilter
from .models import (
    KPI,
    SLA,
    Incentive,
    Interview,
    Involvement,
    KPIMeasurement,
    Office,
    SLAMeasurement,
    SLAObjective,
    Stakeholder,
)


class StakeholderFilterSet(FilterSet):
    """The stakeholder list's filters, shared by the page and the API."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Stakeholder.Kind.choices, empty_label=_("Internal and external")
    )
    stage = StageFilter(method="at_stage")
    office = django_filters.ChoiceFilter(
        label=_("Office"), choices=Office.choices, empty_label=_("Front and back office")
    )
    sla_breached = django_filters.BooleanFilter(label=_("SLA breached"), method="breached")

    class Meta:
        model = Stakeholder
        fields = ["q", "kind", "stage", "office", "sla_breached"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(title__icontains=value) | Q(organisation__icontains=value)
        )

    def at_stage(self, queryset, name, value):
        # Exists rather than a join: no duplicate rows, and the paginator's count stays simple.
        return queryset.filter(
            Exists(Involvement.objects.filter(stakeholder=OuterRef("pk"), stage=value))
        )

    def breached(self, queryset, name, value):
        breaches = SLAMeasurement.objects.filter(
            objective__sla__stakeholder=OuterRef("pk"), met=False
        )
        return queryset.filter(Exists(breaches) if value else ~Exists(breaches))


class InvolvementFilterSet(FilterSet):
    journey = IdFilter(field_name="stage__journey", label=_("Journey"))

    class Meta:
        model = Involvement
        fields = ["stakeholder", "journey", "stage", "touchpoint", "office"]


class KPIFilterSet(FilterSet):
    class Meta:
        model = KPI
        fields = ["stakeholder", "direction", "alignment"]


class SLAFilterSet(FilterSet):
    class Meta:
        model = SLA
        fields = ["stakeholder"]


class SLAObjectiveFilterSet(FilterSet):
    class Meta:
        model = SLAObjective
        fields = ["sla", "period", "comparison"]


class SLAMeasurementFilterSet(FilterSet):
    stakeholder = IdFilter(field_name="objective__sla__stakeholder", label=_("Stakeholder"))
    sla = IdFilter(field_name="objective__sla", label=_("SLA"))
    period_start_after = django_filters.DateFilter(field_name="period_start", lookup_expr="gte")
    period_start_before = django_filters.DateFilter(field_name="period_start", lookup_expr="lte")

    class Meta:
        model = SLAMeasurement
        fields = ["objective", "sla", "stakeholder", "met"]


class KPIMeasurementFilterSet(FilterSet):
    stakeholder = IdFilter(field_name="kpi__stakeholder", label=_("Stakeholder"))
    period_start_after = django_filters.DateFilter(field_name="period_start", lookup_expr="gte")
    period_start_before = django_filters.DateFilter(field_name="period_start", lookup_expr="lte")

    class Meta:
        model = KPIMeasurement
        fields = ["kpi", "stakeholder"]


class IncentiveFilterSet(FilterSet):
    class Meta:
        model = Incentive
        fields = ["stakeholder", "type", "kpi", "rewards_customer_satisfaction"]


class InterviewFilterSet(FilterSet):
    """The interview list's filters, shared by the page and the API."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    stakeholder = StakeholderFilter()
    journey = JourneyFilter()
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Interview.Status.choices, empty_label=_("Every status")
    )

    class Meta:
        model = Interview
        fields = ["q", "stakeholder", "journey", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(stakeholder__name__icontains=value)
            | Q(interviewer__username__icontains=value)
            | Q(interviewer__last_name__icontains=value)
        )


class BreachFilterSet(FilterSet):
    """The breaches list's filters: who, and from which period on."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    period_start_after = django_filters.DateFilter(
        label=_("From the period starting"),
        field_name="period_start",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = SLAMeasurement
        fields = ["q", "period_start_after"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(objective__sla__stakeholder__name__icontains=value)
            | Q(objective__sla__service__icontains=value)
            | Q(objective__metric__icontains=value)
        )
