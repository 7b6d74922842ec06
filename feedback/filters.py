import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from journeys.models import Stage

from .models import Case, FollowUpRule, Invitation, Response


class InvitationFilterSet(django_filters.FilterSet):
    """The invitation list's filters, shared by the page and the API."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Invitation.Status.choices, empty_label=_("All statuses")
    )
    stage = django_filters.ModelChoiceFilter(
        label=_("Stage"),
        field_name="event__stage",
        queryset=Stage.objects.select_related("journey").order_by("journey__name", "position"),
        empty_label=_("All stages"),
    )
    journey = django_filters.NumberFilter(
        field_name="event__stage__journey", label=_("Journey"), widget=forms.HiddenInput
    )

    class Meta:
        model = Invitation
        fields = ["status", "stage", "journey"]


class CaseFilterSet(django_filters.FilterSet):
    """The case list's filters, shared by the page and the API."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Case.Status.choices, empty_label=_("All statuses")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"),
        method="filter_overdue",
        widget=django_filters.widgets.BooleanWidget,
    )
    stage = django_filters.ModelChoiceFilter(
        label=_("Stage"),
        queryset=Stage.objects.select_related("journey").order_by("journey__name", "position"),
        empty_label=_("All stages"),
    )
    journey = django_filters.NumberFilter(
        field_name="stage__journey", label=_("Journey"), widget=forms.HiddenInput
    )
    opened_after = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    opened_before = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = Case
        fields = [
            "status",
            "overdue",
            "stage",
            "journey",
            "category",
            "opened_after",
            "opened_before",
        ]

    def filter_overdue(self, queryset, name, value):
        late = Q(status__in=Case.OPEN_STATUSES, due_at__lt=timezone.now())
        return queryset.filter(late) if value else queryset.exclude(late)


class ResponseFilterSet(django_filters.FilterSet):
    journey = django_filters.NumberFilter(
        field_name="invitation__event__stage__journey", label=_("Journey")
    )
    stage = django_filters.NumberFilter(field_name="invitation__event__stage", label=_("Stage"))
    submitted_after = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__gte")
    submitted_before = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__lte")

    class Meta:
        model = Response
        fields = ["journey", "stage", "submitted_after", "submitted_before"]


class FollowUpRuleFilterSet(django_filters.FilterSet):
    journey = django_filters.NumberFilter(field_name="stage__journey", label=_("Journey"))

    class Meta:
        model = FollowUpRule
        fields = ["journey", "stage", "active"]
