"""Reads of the data register, reused by the pages, the API and the exports."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.generations import Generation
from core.pagination import count_of
from feedback import selectors as feedback_selectors
from journeys import selectors as journey_selectors
from journeys.models import Journey, Stage

from .filters import DataItemFilterSet, ProcessingActivityFilterSet, overdue_review
from .history import entry_history as entry_history  # read by the pages and the API
from .models import (
    DataItem,
    DPIAScreening,
    LegalBasis,
    ProcessingActivity,
    Processor,
    Requirement,
    RespondentAccess,
    ReviewStatus,
)

# A check lists at most this many entries on a page; the rest are counted as "more".
FINDINGS_SHOWN = 20
# The whole register's checks and counts read every entry: they are kept until an entry, an
# activity, a processor or a journey's stages or touchpoints change (gdpr.apps), or this long.
REGISTER = Generation("parcours:register:generation")
REGISTER_FIGURES_SECONDS = 300


def data_item_list(*, filters: dict[str, Any] | None = None) -> QuerySet[DataItem]:
    """Data items with their stage, journey, touchpoint and activity, filtered."""
    items = DataItem.objects.select_related(
        "stage__journey", "touchpoint", "activity", "reviewed_by"
    ).order_by("stage__journey__name", "stage__journey_id", "stage__position", "category", "id")
    return DataItemFilterSet(filters or None, queryset=items).qs


def processing_activity_list(
    *, filters: dict[str, Any] | None = None
) -> QuerySet[ProcessingActivity]:
    """Activities with their screening and how many data items and processors they have."""
    activities = ProcessingActivity.objects.select_related("dpia_screening").annotate(
        item_count=count_of(DataItem.objects.filter(activity=OuterRef("pk")), "activity"),
        processor_count=count_of(Processor.objects.filter(activity=OuterRef("pk")), "activity"),
    )
    return ProcessingActivityFilterSet(filters or None, queryset=activities).qs.order_by("name")


def processing_activity_get(*, activity_id: int) -> ProcessingActivity:
    """One activity with its journeys, processors, screening and data items."""
    return (
        ProcessingActivity.objects.select_related("dpia_screening", "reviewed_by")
        .prefetch_related(
            "journeys",
            Prefetch("processors", queryset=Processor.objects.select_related("stakeholder")),
            Prefetch("data_items", queryset=DataItem.objects.select_related("stage__journey")),
        )
        .get(pk=activity_id)
    )


@dataclass
class RegisterCell:
    stage: Stage
    items: list[DataItem] = field(default_factory=list)


@dataclass
class RegisterRow:
    category: str
    label: str
    cells: list[RegisterCell]


@dataclass
class Register:
    journey: Journey
    stages: list[Stage]
    rows: list[RegisterRow]
    item_count: int


def register_for_journey(*, journey_id: int, filters: dict[str, Any] | None = None) -> Register:
    """The source table: the journey's stages as columns, the three categories as rows, each
    cell the stage's items of that category that match the filters. Three queries."""
    journey = journey_selectors.journey_get(journey_id=journey_id)
    stages = list(journey_selectors.journey_stages(journey_id=journey.pk))
    # The journey is the page's own: filtered here, not looked up again by the filter.
    filters = {name: value for name, value in (filters or {}).items() if name != "journey"}
    cells = {
        (stage.pk, category): RegisterCell(stage=stage)
        for stage in stages
        for category in DataItem.Category.values
    }
    count = 0
    for item in data_item_list(filters=filters).filter(stage__journey_id=journey.pk):
        cells[(item.stage_id, item.category)].items.append(item)
        count += 1
    rows = [
        RegisterRow(
            category=category,
            label=label,
            cells=[cells[(stage.pk, category)] for stage in stages],
        )
        for category, label in DataItem.Category.choices
    ]
    return Register(journey=journey, stages=stages, rows=rows, item_count=count)


def register_journeys() -> QuerySet[Journey]:
    """Journeys with how many data items the register holds for each."""
    return journey_selectors.journey_options().annotate(
        item_count=count_of(
            DataItem.objects.filter(stage__journey=OuterRef("pk")), "stage__journey"
        )
    )


# Consistency checks


@dataclass
class Check:
    code: str
    title: str
    entries: list
    more: bool

    @property
    def passed(self) -> bool:
        return not self.entries


def _check(code: str, title, queryset) -> Check:
    entries = list(queryset[: FINDINGS_SHOWN + 1])
    return Check(
        code=code,
        title=title,
        entries=entries[:FINDINGS_SHOWN],
        more=len(entries) > FINDINGS_SHOWN,
    )


def _stages_without_entry(journey_ids: list[int]) -> QuerySet[Stage] | list[Stage]:
    if not journey_ids:
        return []
    collecting = journey_selectors.stages_collecting_personal_data(journey_ids=journey_ids)
    return (
        collecting.filter(
            ~Exists(
                DataItem.objects.filter(stage=OuterRef("pk"), category=DataItem.Category.PERSONAL)
            ),
            journey__state=Journey.State.AS_IS,
        )
        .select_related("journey")
        .order_by("journey__name", "position")
    )


def consistency_checks(*, journey_id: int | None = None) -> list[Check]:
    """The register's gaps, for one journey or all of them: six or seven queries. A to-be
    journey is a design, not processing that takes place: only as-is journeys are checked."""
    items = (
        DataItem.objects.select_related("stage__journey", "activity")
        .filter(stage__journey__state=Journey.State.AS_IS)
        .order_by("stage__journey__name", "stage__position", "name")
    )
    processors = Processor.objects.select_related("stakeholder", "activity").order_by(
        "activity__name", "stakeholder__name"
    )
    if journey_id is not None:
        items = items.filter(stage__journey_id=journey_id)
        processors = processors.filter(
            activity__journeys=journey_id, activity__journeys__state=Journey.State.AS_IS
        )
        journey_ids = [journey_id]
    else:
        journey_ids = list(
            journey_selectors.journey_options()
            .filter(state=Journey.State.AS_IS)
            .values_list("pk", flat=True)
        )
    personal = items.filter(category=DataItem.Category.PERSONAL)
    no_activity_basis = Q(activity__isnull=True) | Q(activity__legal_basis="")
    no_activity_retention = Q(activity__isnull=True) | Q(activity__retention="")
    return [
        _check(
            "no_legal_basis",
            _("Personal data without a legal basis"),
            personal.filter(no_activity_basis),
        ),
        _check(
            "no_retention",
            _("Personal data without a retention period"),
            personal.filter(no_activity_retention, retention=""),
        ),
        _check(
            "consent_undescribed",
            _("Consent with no description of how it is collected"),
            items.filter(consent_collection="").filter(
                Q(consent_needed=True)
                | Q(category=DataItem.Category.PERSONAL, activity__legal_basis=LegalBasis.CONSENT)
            ),
        ),
        _check(
            "processor_without_agreement",
            _("Processors without a data processing agreement"),
            processors.filter(agreement_signed_on__isnull=True),
        ),
        _check(
            "special_without_condition",
            _("Special-category data without an Article 9 condition"),
            items.filter(special_category=True, article9_condition=""),
        ),
        _check(
            "stage_without_entry",
            _("Stages whose touchpoints collect personal data with no register entry"),
            _stages_without_entry(journey_ids),
        ),
    ]


# The DPO's dashboard


@dataclass
class Dashboard:
    item_counts: dict[str, int]
    activity_counts: dict[str, int]
    overdue_items: list[DataItem]
    overdue_activities: list[ProcessingActivity]
    dpia_missing: list[ProcessingActivity]
    not_screened: list[ProcessingActivity]
    requirements: list[Requirement]
    checks: list[Check]

    @property
    def requirements_done(self) -> int:
        return sum(1 for r in self.requirements if r.status == Requirement.Status.DONE)


def _status_counts(queryset) -> dict[str, int]:
    counts = dict.fromkeys(ReviewStatus.values, 0)
    for row in queryset.values("review_status").annotate(count=Count("pk")).order_by():
        counts[row["review_status"]] = row["count"]
    return counts


def dashboard_get() -> Dashboard:
    """Counts by status, overdue reviews, missing DPIAs, the checklist and the checks."""
    return Dashboard(
        item_counts=REGISTER.kept(
            "parcours:register:item-counts",
            lambda: _status_counts(DataItem.objects.all()),
            REGISTER_FIGURES_SECONDS,
        ),
        activity_counts=_status_counts(ProcessingActivity.objects.all()),
        overdue_items=list(
            DataItem.objects.filter(overdue_review())
            .select_related("stage__journey")
            .order_by("review_due_on", "id")[:FINDINGS_SHOWN]
        ),
        overdue_activities=list(
            ProcessingActivity.objects.filter(overdue_review()).order_by("review_due_on", "id")[
                :FINDINGS_SHOWN
            ]
        ),
        dpia_missing=list(
            ProcessingActivity.objects.filter(dpia_screening__dpia_required=True)
            .exclude(dpia_screening__dpia_status=DPIAScreening.DPIAStatus.DONE)
            .select_related("dpia_screening")
            .order_by("name")[:FINDINGS_SHOWN]
        ),
        not_screened=list(
            ProcessingActivity.objects.filter(dpia_screening__isnull=True).order_by("name")[
                :FINDINGS_SHOWN
            ]
        ),
        requirements=list(requirement_list()),
        checks=REGISTER.kept(
            "parcours:register:checks", consistency_checks, REGISTER_FIGURES_SECONDS
        ),
    )


def requirement_list() -> QuerySet[Requirement]:
    return Requirement.objects.select_related("owner").order_by("position")


def respondent_access_list() -> QuerySet[RespondentAccess]:
    return RespondentAccess.objects.select_related("user").order_by("-at", "-id")


def respondent_references(*, accesses) -> dict[int, str]:
    """The reference of each respondent the log lines name, by id; an erased or deleted
    respondent has none. One query."""
    return feedback_selectors.respondent_references(
        respondent_ids=[access.respondent_id for access in accesses]
    )
