"""The data register of the generated organisation (`manage.py generate_data`): at scale 1,
three processing activities per journey and 2,000 data items spread over the journeys'
stages, with processors among the subcontractors and a DPIA screening per activity. Each
row gets its "created" history record, as the audit trail expects."""

import random
from datetime import timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.generate import scaled
from core.roles import Role
from journeys.models import Journey, Stage, Touchpoint
from stakeholders.models import Stakeholder

from .models import (
    DPIA_CRITERIA,
    DPIA_THRESHOLD,
    Article9Condition,
    DataItem,
    DPIAScreening,
    LegalBasis,
    ProcessingActivity,
    Processor,
    ReviewStatus,
    SecurityMeasure,
)

DATA_ITEMS = 2_000
# purpose, legal basis, retention, the category of data it covers
ACTIVITIES = [
    ("Bookings and contracts", LegalBasis.CONTRACT, "5 years after the contract", "personal"),
    ("Payments and invoicing", LegalBasis.LEGAL_OBLIGATION, "10 years", "transactional"),
    ("Service improvement", LegalBasis.CONSENT, "13 months", "behavioural"),
]
ACTIVITY_OF_CATEGORY = {category: index for index, (*_, category) in enumerate(ACTIVITIES)}
# name, category, source
CATALOGUE = [
    ("First name and name", DataItem.Category.PERSONAL, "booking form"),
    ("E-mail address", DataItem.Category.PERSONAL, "booking form"),
    ("Postal address", DataItem.Category.PERSONAL, "booking form"),
    ("IP address", DataItem.Category.PERSONAL, "web server logs"),
    ("Phone number", DataItem.Category.PERSONAL, "booking form"),
    ("Date of birth", DataItem.Category.PERSONAL, "identity check"),
    ("Driving licence number", DataItem.Category.PERSONAL, "counter"),
    ("Login", DataItem.Category.PERSONAL, "customer account"),
    ("Order number", DataItem.Category.TRANSACTIONAL, "booking engine"),
    ("Payment method", DataItem.Category.TRANSACTIONAL, "payment provider"),
    ("Amount paid", DataItem.Category.TRANSACTIONAL, "payment provider"),
    ("Invoice address", DataItem.Category.TRANSACTIONAL, "billing"),
    ("Transaction ID", DataItem.Category.TRANSACTIONAL, "payment provider"),
    ("Visit duration", DataItem.Category.BEHAVIOURAL, "analytics cookies"),
    ("Pages visited", DataItem.Category.BEHAVIOURAL, "analytics cookies"),
    ("Competitor sites visited", DataItem.Category.BEHAVIOURAL, "advertising partner"),
    ("Subscription preferences", DataItem.Category.BEHAVIOURAL, "customer account"),
    ("Distance driven", DataItem.Category.BEHAVIOURAL, "telematics"),
    ("Health condition (reduced mobility)", DataItem.Category.PERSONAL, "assistance request"),
    ("Loyalty tier", DataItem.Category.BEHAVIOURAL, "CRM"),
]
SPECIAL = "Health condition (reduced mobility)"


STEP = "register"


def generate(*, scale: float, seed: int, ids: dict[str, list[int]]) -> dict[str, int]:
    """Creates activities, data items, processors and screenings; returns the item count."""
    journey_ids, dpo_ids = ids["journeys"], ids[Role.DPO]
    rng = random.Random(seed)
    now = timezone.now()
    journeys = list(Journey.objects.filter(pk__in=journey_ids).order_by("pk"))
    security = SecurityMeasure.values

    def review() -> dict:
        status = rng.choice(ReviewStatus.values)
        reviewed = status in (ReviewStatus.APPROVED, ReviewStatus.CHANGES_REQUESTED)
        return {
            "review_status": status,
            "review_comment": "Retention to be confirmed." if reviewed else "",
            "reviewed_by_id": rng.choice(dpo_ids) if reviewed and dpo_ids else None,
            "reviewed_at": now - timedelta(days=rng.randrange(1, 200)) if reviewed else None,
            "review_due_on": (now + timedelta(days=rng.randrange(30, 365))).date(),
        }

    activities = bulk_create_with_history(
        [
            ProcessingActivity(
                name=f"{journey.name}: {purpose.lower()}",
                purposes=f"{purpose} of the {journey.name.lower()}.",
                controller_contact="Parcours Rental SA, 1 rue de la Paix, Paris",
                dpo_contact="dpo@company.example",
                data_subjects="Customers and prospects",
                legal_basis=basis,
                legal_basis_justification="Necessary for the service the customer asked for.",
                retention=retention,
                recipients="Customer service; processors",
                security_measures=rng.sample(security, 3),
                **review(),
            )
            for journey in journeys
            for purpose, basis, retention, _category in ACTIVITIES
        ],
        ProcessingActivity,
        batch_size=2000,
        default_date=now,
    )
    ProcessingActivity.journeys.through.objects.bulk_create(
        [
            ProcessingActivity.journeys.through(
                processingactivity_id=activity.pk, journey_id=journey.pk
            )
            for journey, activity in zip(
                (journey for journey in journeys for _ in ACTIVITIES), activities, strict=True
            )
        ],
        batch_size=2000,
    )
    by_journey = {
        journey.pk: activities[index * len(ACTIVITIES) : (index + 1) * len(ACTIVITIES)]
        for index, journey in enumerate(journeys)
    }

    stages = list(Stage.objects.filter(journey__in=journeys).order_by("journey_id", "position"))
    first_touchpoint = dict(
        Touchpoint.objects.filter(stage__in=stages, position=1).values_list("stage_id", "id")
    )
    count = min(scaled(DATA_ITEMS, scale), len(stages) * len(CATALOGUE))
    items = []
    for number in range(count):
        # Stage after stage, then the next entry of the catalogue: unique per stage.
        stage = stages[number % len(stages)]
        name, category, source = CATALOGUE[number // len(stages)]
        special = name == SPECIAL
        items.append(
            DataItem(
                stage=stage,
                touchpoint_id=first_touchpoint.get(stage.pk) if number % 3 == 0 else None,
                activity=by_journey[stage.journey_id][ACTIVITY_OF_CATEGORY[category]],
                name=name,
                category=category,
                special_category=special,
                article9_condition=Article9Condition.EXPLICIT_CONSENT if special else "",
                source=source,
                consent_needed=category == DataItem.Category.BEHAVIOURAL,
                consent_collection="Cookie banner" if category == "behavioural" else "",
                **review(),
            )
        )
    bulk_create_with_history(items, DataItem, batch_size=2000, default_date=now)

    externals = list(
        Stakeholder.objects.filter(kind=Stakeholder.Kind.EXTERNAL).values_list("pk", flat=True)
    )
    bulk_create_with_history(
        [
            Processor(
                activity=activity,
                stakeholder_id=stakeholder_id,
                service="Hosting and support of the customer data",
                agreement_signed_on=(now - timedelta(days=rng.randrange(30, 900))).date(),
                agreement_location="Contracts drive",
            )
            for activity in activities
            for stakeholder_id in rng.sample(externals, min(2, len(externals)))
        ],
        Processor,
        batch_size=2000,
        default_date=now,
    )
    screenings = []
    for activity in activities:
        met = {name: rng.random() < 0.2 for name, _label in DPIA_CRITERIA}
        criteria_met = sum(met.values())
        required = criteria_met >= DPIA_THRESHOLD
        screenings.append(
            DPIAScreening(
                activity=activity,
                **met,
                criteria_met=criteria_met,
                dpia_required=required,
                conclusion="Two criteria or more: a DPIA is carried out." if required else "",
                dpia_status=rng.choice(["to_do", "in_progress", "done"])
                if required
                else DPIAScreening.DPIAStatus.NOT_REQUIRED,
                screened_by_id=rng.choice(dpo_ids) if dpo_ids else None,
                screened_at=now - timedelta(days=rng.randrange(1, 300)),
            )
        )
    bulk_create_with_history(screenings, DPIAScreening, batch_size=2000, default_date=now)
    return {"register items": len(items)}
