import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.api.filters import FilterSet, IdFilter
from core.fields import UserFilter
from journeys.fields import StageFilter

from .models import Case, Channel, DissatisfactionRisk, FollowUpRule, Invitation, Response, Verbatim
from .privacy import may_read_respondents
from .search import verbatim_search


class InvitationFilterSet(FilterSet):
    """The invitation list's filters, shared by the page and the API."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Invitation.Status.choices, empty_label=_("All statuses")
    )
    q = django_filters.CharFilter(
        label=_("Search"), field_name="rule__name", lookup_expr="icontains"
    )
    stage = StageFilter(field_name="event__stage")
    journey = IdFilter(
        field_name="event__stage__journey", label=_("Journey"), widget=forms.HiddenInput
    )
    send_after_from = django_filters.DateFilter(
        label=_("Due from"),
        field_name="send_after",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    send_after_to = django_filters.DateFilter(
        label=_("Due until"),
        field_name="send_after",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Invitation
        fields = ["q", "status", "stage", "journey", "send_after_from", "send_after_to"]


class AnyYesNoWidget(django_filters.widgets.BooleanWidget):
    """Yes / no, with "Any" rather than django-filter's "Unknown" for no filter."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("Any")), *self.choices[1:]]


class CaseFilterSet(FilterSet):
    """The case list's filters, shared by the page and the API."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Case.Status.choices, empty_label=_("All statuses")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"),
        method="filter_overdue",
        widget=AnyYesNoWidget,
    )
    escalation_level = django_filters.ChoiceFilter(
        label=_("Escalation"),
        choices=Case.Escalation.choices,
        empty_label=_("Any escalation"),
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=Channel.choices, empty_label=_("All channels")
    )
    double_failure = django_filters.BooleanFilter(
        label=_("Double failure"),
        field_name="double_failure_at",
        lookup_expr="isnull",
        exclude=True,
        widget=AnyYesNoWidget,
    )
    stage = StageFilter()
    owner = UserFilter(label=_("Owner"), empty_label=_("Anyone"))
    journey = IdFilter(field_name="stage__journey", label=_("Journey"), widget=forms.HiddenInput)
    opened_after = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    opened_before = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = Case
        fields = [
            "q",
            "status",
            "overdue",
            "escalation_level",
            "channel",
            "double_failure",
            "stage",
            "owner",
            "journey",
            "category",
            "opened_after",
            "opened_before",
        ]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.user = user if user is not None else getattr(request, "user", None)

    def filter_search(self, queryset, name, value):
        # A search in titles and comments would answer, yes or no, what they say: for those
        # who may not read them, `q` is ignored.
        if not may_read_respondents(self.user):
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(response__comment__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        late = Q(status__in=Case.OPEN_STATUSES, due_at__lt=timezone.now())
        return queryset.filter(late) if value else queryset.exclude(late)


class ResponseFilterSet(FilterSet):
    journey = IdFilter(field_name="invitation__event__stage__journey", label=_("Journey"))
    stage = IdFilter(field_name="invitation__event__stage", label=_("Stage"))
    submitted_after = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__gte")
    submitted_before = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__lte")

    class Meta:
        model = Response
        fields = ["journey", "stage", "submitted_after", "submitted_before"]


class FollowUpRuleFilterSet(FilterSet):
    """The follow-up rules' filters, shared by the page and the API."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    journey = IdFilter(field_name="stage__journey", label=_("Journey"), widget=forms.HiddenInput)
    stage = StageFilter()
    active = django_filters.BooleanFilter(
        label=_("Active"),
        widget=forms.Select(
            choices=[("", _("Every rule")), ("true", _("Active")), ("false", _("Paused"))]
        ),
    )

    class Meta:
        model = FollowUpRule
        fields = ["q", "journey", "stage", "active"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(stage__name__icontains=value)
            | Q(stage__journey__name__icontains=value)
        )


class ScoreBand(django_filters.ChoiceFilter):
    """The answer's NPS band: detractor 0-6, passive 7-8, promoter 9-10, or no NPS."""

    BANDS = {
        "detractor": Q(nps__lte=6),
        "passive": Q(nps__gte=7, nps__lte=8),
        "promoter": Q(nps__gte=9),
        "none": Q(nps__isnull=True),
    }

    def __init__(self, **kwargs):
        super().__init__(
            choices=[
                ("detractor", _("Detractors (NPS 0-6)")),
                ("passive", _("Passives (NPS 7-8)")),
                ("promoter", _("Promoters (NPS 9-10)")),
                ("none", _("No NPS")),
            ],
            empty_label=_("Any score"),
            method=self.filter_band,
            **kwargs,
        )

    def filter_band(self, queryset, name, value):
        return queryset.filter(self.BANDS[value])


class VerbatimFilterSet(FilterSet):
    """The verbatims page's filters, shared by the page and the API."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    score = ScoreBand(label=_("Score"))
    stage = StageFilter()
    journey = IdFilter(field_name="stage__journey", label=_("Journey"), widget=forms.HiddenInput)
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=Channel.choices, empty_label=_("All channels")
    )
    risk = django_filters.ChoiceFilter(
        label=_("Dissatisfaction risk"),
        choices=DissatisfactionRisk.choices,
        empty_label=_("All risks"),
        method="filter_risk",
    )
    pinned = django_filters.BooleanFilter(
        label=_("Pinned"),
        field_name="pinned_at",
        lookup_expr="isnull",
        exclude=True,
        widget=AnyYesNoWidget,
    )
    said_after = django_filters.DateFilter(
        label=_("From"),
        field_name="said_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    said_before = django_filters.DateFilter(
        label=_("Until"),
        field_name="said_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Verbatim
        fields = [
            "q",
            "score",
            "stage",
            "journey",
            "channel",
            "risk",
            "pinned",
            "said_after",
            "said_before",
        ]

    def filter_search(self, queryset, name, value):
        return verbatim_search(queryset, value)

    def filter_risk(self, queryset, name, value):
        return queryset.filter(Q(case__category=value) | Q(response__case__category=value))
