"""The demo organisation's data register: the car-rental table of DOMAIN.md on stages A-H,
two processing activities, the shuttle operator as a processor under agreement, a marketing
activity that needs a DPIA, and entries in every review state, in English or in French. The
tables below hold what every language shares (stages, categories, legal bases, review
states); `content_en` and `content_fr` hold the words, under the same keys."""

from datetime import date, timedelta
from types import ModuleType

from django.db import transaction
from django.utils import timezone

from core.models import User
from journeys import demo as journeys_demo
from journeys.models import Stage
from stakeholders.models import Stakeholder

from .. import services
from ..models import DataItem, ProcessingActivity, Requirement, ReviewStatus
from . import content_en, content_fr

CONTENT: dict[str, ModuleType] = {"en": content_en, "fr": content_fr}
CONTRACT, MARKETING = "contract", "marketing"

PERSONAL, TRANSACTIONAL, BEHAVIOURAL = DataItem.Category.values
DRAFT, IN_REVIEW, APPROVED, SENT_BACK = (
    ReviewStatus.DRAFT,
    ReviewStatus.IN_REVIEW,
    ReviewStatus.APPROVED,
    ReviewStatus.CHANGES_REQUESTED,
)

# The source table, cell by cell: stage code, category, data item, touchpoint (or None),
# activity, consent needed, review state.
ITEMS = [
    ("A", PERSONAL, "ip_address_offers", "offers_page", MARKETING, True, IN_REVIEW),
    ("A", BEHAVIOURAL, "visit_duration", "offers_page", MARKETING, True, IN_REVIEW),
    ("C", PERSONAL, "ip_address_pre_booking", "pre_booking_form", CONTRACT, False, APPROVED),
    ("C", TRANSACTIONAL, "pre_booking", "pre_booking_form", CONTRACT, False, IN_REVIEW),
    ("C", BEHAVIOURAL, "competitor_sites", None, MARKETING, True, SENT_BACK),
    ("D", PERSONAL, "identity", "payment_page", CONTRACT, False, APPROVED),
    ("D", PERSONAL, "login", "payment_page", CONTRACT, False, APPROVED),
    ("D", TRANSACTIONAL, "payment_method", "payment_page", CONTRACT, False, IN_REVIEW),
    ("D", BEHAVIOURAL, "subscription", "confirmation", MARKETING, True, IN_REVIEW),
    ("G", PERSONAL, "second_driver", "damage_check", CONTRACT, False, IN_REVIEW),
    ("G", PERSONAL, "children", "damage_check", CONTRACT, False, DRAFT),
    ("G", TRANSACTIONAL, "transaction_id", "bay_number", CONTRACT, False, APPROVED),
    ("H", BEHAVIOURAL, "distance", "return_check", CONTRACT, False, IN_REVIEW),
]

# What the activities share across languages.
ACTIVITIES = {
    CONTRACT: {
        "dpo_contact": "David Leroy — dpo@rental.example",
        "legal_basis": "contract",
        "security_measures": ["access_control", "traceability", "backup", "encryption"],
        "review": APPROVED,
    },
    MARKETING: {
        "dpo_contact": "David Leroy — dpo@rental.example",
        "legal_basis": "consent",
        "transfers_outside_eu": True,
        "transfer_safeguard": "standard_clauses",
        "security_measures": ["access_control", "processor_control"],
        "review": IN_REVIEW,
    },
}


def loaded_language() -> str | None:
    """The language the demo register was loaded in, found by its activities' names; None
    before the first load."""
    for language, content in CONTENT.items():
        names = [activity["name"] for activity in content.ACTIVITIES.values()]
        if ProcessingActivity.objects.filter(name__in=names).exists():
            return language
    return None


def _reviewed(
    entry, status: str, *, submit, review, manager: User, dpo: User, comment: str
) -> None:
    if status == DRAFT:
        return
    submit(entry, manager)
    if status == APPROVED:
        review(entry, dpo, APPROVED, "")
    elif status == SENT_BACK:
        review(entry, dpo, SENT_BACK, comment)


@transaction.atomic
def load_demo(*, owner: User, language: str) -> str:
    """Creates the demo register in that language; a second run finds it by name and changes
    nothing. Returns the line load_demo prints."""
    content = CONTENT[language]
    if ProcessingActivity.objects.filter(name=content.ACTIVITIES[MARKETING]["name"]).exists():
        return "Demo data register: 0 new data items"
    manager = owner
    dpo = User.objects.get(username="david")
    journey = journeys_demo.as_is_journey(language=language)
    stages = {stage.code: stage for stage in Stage.objects.filter(journey=journey)}
    touchpoints = journeys_demo.touchpoints_by_key(journey=journey, language=language)

    def submit_activity(activity, user):
        services.processing_activity_submit(activity=activity, user=user)

    def review_activity(activity, user, decision, comment):
        services.processing_activity_review(
            activity=activity, reviewer=user, decision=decision, comment=comment
        )

    def submit_item(item, user):
        services.data_item_submit(data_item=item, user=user)

    def review_item(item, user, decision, comment):
        services.data_item_review(data_item=item, reviewer=user, decision=decision, comment=comment)

    activities = {}
    for key, shared in ACTIVITIES.items():
        data = {**shared, **content.ACTIVITIES[key]}
        status = data.pop("review")
        activity = services.processing_activity_create(journeys=[journey], user=manager, **data)
        _reviewed(
            activity,
            status,
            submit=submit_activity,
            review=review_activity,
            manager=manager,
            dpo=dpo,
            comment=content.SENT_BACK,
        )
        activities[key] = activity

    for code, category, key, touchpoint, activity, consent_needed, status in ITEMS:
        name, source, consent_collection, retention = content.ITEMS[key]
        item = services.data_item_create(
            stage=stages[code],
            category=category,
            name=name,
            touchpoint=touchpoints[touchpoint] if touchpoint else None,
            activity=activities[activity],
            source=source,
            consent_needed=consent_needed,
            consent_collection=consent_collection,
            retention=retention,
            user=manager,
        )
        _reviewed(
            item,
            status,
            submit=submit_item,
            review=review_item,
            manager=manager,
            dpo=dpo,
            comment=content.SENT_BACK,
        )

    shuttle = Stakeholder.objects.get(name="Navette Aéro")
    services.processor_create(
        activity=activities[CONTRACT],
        stakeholder=shuttle,
        agreement_signed_on=date(timezone.localdate().year - 1, 3, 1),
        user=manager,
        **content.PROCESSOR,
    )
    services.dpia_screening_record(
        activity=activities[MARKETING],
        user=dpo,
        answers={
            "evaluation_scoring": True,
            "matching_datasets": True,
            "large_scale": True,
            "dpia_status": "in_progress",
            **content.DPIA[MARKETING],
        },
    )
    services.dpia_screening_record(
        activity=activities[CONTRACT],
        user=dpo,
        answers={"large_scale": True, **content.DPIA[CONTRACT]},
    )
    requirements = {r.key: r for r in Requirement.objects.all()}
    today = timezone.localdate()
    for key, status, who, done_on in [
        ("appoint_dpo", "done", dpo, today - timedelta(400)),
        ("map_processing", "in_progress", dpo, None),
        ("dpia", "in_progress", dpo, None),
        ("online_consent", "done", manager, today),
    ]:
        evidence = content.REQUIREMENTS[key]
        services.requirement_update(
            requirement=requirements[key],
            data={"status": status, "owner": who, "evidence": evidence, "done_on": done_on},
            user=who,
        )
    return f"Demo data register: {len(ITEMS)} new data items"
