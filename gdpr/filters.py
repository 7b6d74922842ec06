import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.api.filters import FilterSet
from journeys.fields import JourneyFilter, StageFilter

from .fields import ActivityFilter
from .models import (
    DataItem,
    DPIAScreening,
    LegalBasis,
    ProcessingActivity,
    Processor,
    RespondentAccess,
    ReviewStatus,
)

NO_LEGAL_BASIS = "none"


def overdue_review() -> Q:
    """Approved entries whose yearly review date has passed."""
    return Q(review_status=ReviewStatus.APPROVED, review_due_on__lt=timezone.localdate())


def yes_no_any() -> forms.Select:
    """A select for a yes/no filter whose empty choice reads "Any", not "Unknown"."""
    return forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])


LEGAL_BASIS_CHOICES = [*LegalBasis.choices, (NO_LEGAL_BASIS, _("no legal basis"))]


class DataItemFilterSet(FilterSet):
    """The register's filters, shared by the register page and the API."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    journey = JourneyFilter(field_name="stage__journey")
    stage = StageFilter()
    activity = ActivityFilter()
    review_status = django_filters.ChoiceFilter(
        label=_("Review status"), choices=ReviewStatus.choices, empty_label=_("All statuses")
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=DataItem.Category.choices, empty_label=_("All categories")
    )
    legal_basis = django_filters.ChoiceFilter(
        label=_("Legal basis"),
        choices=LEGAL_BASIS_CHOICES,
        method="with_legal_basis",
        empty_label=_("All legal bases"),
    )
    special_category = django_filters.BooleanFilter(
        label=_("Special category"), widget=yes_no_any()
    )
    transfers_outside_eu = django_filters.BooleanFilter(
        label=_("Transferred outside the EU"),
        field_name="activity__transfers_outside_eu",
        widget=yes_no_any(),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Review overdue"), method="with_overdue_review", widget=yes_no_any()
    )

    class Meta:
        model = DataItem
        fields = [
            "q",
            "journey",
            "stage",
            "activity",
            "review_status",
            "category",
            "legal_basis",
            "special_category",
            "transfers_outside_eu",
            "overdue",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(source__icontains=value))

    def with_overdue_review(self, queryset, name, value):
        return queryset.filter(overdue_review() if value else ~overdue_review())

    def with_legal_basis(self, queryset, name, value):
        if value == NO_LEGAL_BASIS:
            return queryset.filter(Q(activity__isnull=True) | Q(activity__legal_basis=""))
        return queryset.filter(activity__legal_basis=value)


# The register page filters one journey: the journey is in its address.
REGISTER_FILTERS = [
    "q",
    "review_status",
    "category",
    "legal_basis",
    "special_category",
    "transfers_outside_eu",
]


class ProcessingActivityFilterSet(FilterSet):
    """The activity list's filters, shared by the page and the API."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    review_status = django_filters.ChoiceFilter(
        label=_("Review status"), choices=ReviewStatus.choices, empty_label=_("All statuses")
    )
    legal_basis = django_filters.ChoiceFilter(
        label=_("Legal basis"), choices=LegalBasis.choices, empty_label=_("All legal bases")
    )
    transfers_outside_eu = django_filters.BooleanFilter(
        label=_("Transferred outside the EU"), widget=yes_no_any()
    )
    journey = JourneyFilter(field_name="journeys")
    dpia_required = django_filters.BooleanFilter(
        label=_("DPIA required"), field_name="dpia_screening__dpia_required", widget=yes_no_any()
    )

    class Meta:
        model = ProcessingActivity
        fields = [
            "q",
            "review_status",
            "legal_basis",
            "transfers_outside_eu",
            "journey",
            "dpia_required",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(purposes__icontains=value))


class ProcessorFilterSet(FilterSet):
    has_agreement = django_filters.BooleanFilter(
        label=_("Agreement signed"),
        field_name="agreement_signed_on",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = Processor
        fields = ["activity", "stakeholder", "has_agreement"]


class DPIAScreeningFilterSet(FilterSet):
    class Meta:
        model = DPIAScreening
        fields = ["activity", "dpia_required", "dpia_status"]


class RespondentAccessFilterSet(FilterSet):
    class Meta:
        model = RespondentAccess
        fields = ["respondent_id", "action", "user"]
