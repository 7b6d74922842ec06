"""The demo organisation's data register: the car-rental table of DOMAIN.md on stages A-H,
two processing activities, the shuttle operator as a processor under agreement, a marketing
activity that needs a DPIA, and entries in every review state."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from core.models import User
from journeys.models import Journey, Stage, Touchpoint
from stakeholders.models import Stakeholder

from . import services
from .models import DataItem, ProcessingActivity, Requirement, ReviewStatus

JOURNEY_NAME = "Car rental — business trip"
CONTRACT = "Car rental bookings and contracts"
MARKETING = "Website audience and marketing"

PERSONAL, TRANSACTIONAL, BEHAVIOURAL = DataItem.Category.values
DRAFT, IN_REVIEW, APPROVED, SENT_BACK = (
    ReviewStatus.DRAFT,
    ReviewStatus.IN_REVIEW,
    ReviewStatus.APPROVED,
    ReviewStatus.CHANGES_REQUESTED,
)

# The source table, cell by cell: stage code, category, data, touchpoint (or None),
# activity, source, consent needed, how consent is collected, retention if it differs,
# review state.
ITEMS = [
    ("A", PERSONAL, "IP address", "Offers page", MARKETING, "Web server and audience cookies",
     True, "Cookie banner: audience cookies are off until the visitor accepts.", "13 months",
     IN_REVIEW),
    ("A", BEHAVIOURAL, "visit duration", "Offers page", MARKETING, "Audience measurement",
     True, "Cookie banner: audience cookies are off until the visitor accepts.", "13 months",
     IN_REVIEW),
    ("C", PERSONAL, "IP address", "Pre-booking form", CONTRACT, "Booking engine logs",
     False, "", "6 months (security logs)", APPROVED),
    ("C", TRANSACTIONAL, "pre-booking information", "Pre-booking form", CONTRACT,
     "Pre-booking form: dates, airport, car category", False, "",
     "3 months if the booking is not confirmed", IN_REVIEW),
    ("C", BEHAVIOURAL, "competitor sites visited", None, MARKETING,
     "Advertising partner's cross-site data", True, "", "", SENT_BACK),
    ("D", PERSONAL, "first name, name, address", "Payment page", CONTRACT, "Booking form",
     False, "", "", APPROVED),
    ("D", PERSONAL, "login", "Payment page", CONTRACT, "Customer account", False, "",
     "Until the account is closed, or after 3 years without a login", APPROVED),
    ("D", TRANSACTIONAL, "payment method", "Payment page", CONTRACT,
     "Payment provider (card number never stored by us)", False, "",
     "13 months after the payment (chargebacks)", IN_REVIEW),
    ("D", BEHAVIOURAL, "subscription preferences", "Booking confirmation", MARKETING,
     "Newsletter opt-in on the booking form", True,
     "Unticked opt-in box on the booking form; unsubscribe link in every e-mail.",
     "3 years after the last contact", IN_REVIEW),
    ("G", PERSONAL, "second driver", "Damage check in the app", CONTRACT,
     "Rental contract: second driver's name and licence", False, "", "", IN_REVIEW),
    ("G", PERSONAL, "children", "Damage check in the app", CONTRACT,
     "Child seats requested: number and age band of children", False, "", "", DRAFT),
    ("G", TRANSACTIONAL, "transaction ID", "Bay number on the contract", CONTRACT,
     "Counter software", False, "", "10 years (accounting records)", APPROVED),
    ("H", BEHAVIOURAL, "distance driven", "Return check by an agent", CONTRACT,
     "Odometer reading at return", False, "", "", IN_REVIEW),
]  # fmt: skip

ACTIVITIES = [
    {
        "name": CONTRACT,
        "purposes": (
            "Take and manage bookings, prepare and perform the rental contract, invoice it, "
            "and handle the vehicle's return, damage and fines."
        ),
        "controller_contact": "Rental company SA — 12 avenue de l'Aéroport, 75000 Paris",
        "dpo_contact": "David Leroy — dpo@rental.example",
        "data_subjects": "Customers, second drivers and the children travelling with them",
        "legal_basis": "contract",
        "legal_basis_justification": "Needed to perform the rental contract (Art. 6(1)(b)).",
        "retention": "3 years after the end of the contract; invoices 10 years",
        "recipients": (
            "Booking and counter staff, fleet management, accounting; the shuttle operator "
            "(processor)"
        ),
        "security_measures": ["access_control", "traceability", "backup", "encryption"],
        "security_notes": "Role-based access, TLS everywhere, daily encrypted backups.",
        "review": APPROVED,
    },
    {
        "name": MARKETING,
        "purposes": (
            "Measure the website's audience, target advertising with a partner's data, and "
            "send the newsletter."
        ),
        "controller_contact": "Rental company SA — 12 avenue de l'Aéroport, 75000 Paris",
        "dpo_contact": "David Leroy — dpo@rental.example",
        "data_subjects": "Website visitors, prospects and customers",
        "legal_basis": "consent",
        "legal_basis_justification": "Cookies and newsletter only with the visitor's consent.",
        "retention": "13 months for cookies; 3 years after the last contact for prospects",
        "recipients": "Marketing team; advertising partner (joint controller)",
        "transfers_outside_eu": True,
        "transfer_countries": "United States",
        "transfer_safeguard": "standard_clauses",
        "security_measures": ["access_control", "processor_control"],
        "review": IN_REVIEW,
    },
]


def _reviewed(entry, status: str, *, submit, review, manager: User, dpo: User) -> None:
    if status == DRAFT:
        return
    submit(entry, manager)
    if status == APPROVED:
        review(entry, dpo, APPROVED, "")
    elif status == SENT_BACK:
        review(
            entry,
            dpo,
            SENT_BACK,
            "Cross-site data from the advertising partner is profiling with external data: "
            "describe how consent is collected, and wait for the DPIA.",
        )


@transaction.atomic
def load_demo(*, owner: User) -> str:
    """Creates the demo register; a second run finds it by name and changes nothing.
    Returns the line load_demo prints."""
    if ProcessingActivity.objects.filter(name=MARKETING).exists():
        return "Demo data register: 0 new data items"
    manager = owner
    dpo = User.objects.get(username="david")
    journey = Journey.objects.get(name=JOURNEY_NAME)
    stages = {stage.code: stage for stage in Stage.objects.filter(journey=journey)}
    touchpoints = {tp.name: tp for tp in Touchpoint.objects.filter(stage__journey=journey)}

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
    for data in ACTIVITIES:
        data = dict(data)
        status = data.pop("review")
        activity = services.processing_activity_create(journeys=[journey], user=manager, **data)
        _reviewed(
            activity,
            status,
            submit=submit_activity,
            review=review_activity,
            manager=manager,
            dpo=dpo,
        )
        activities[activity.name] = activity

    for (
        code,
        category,
        name,
        touchpoint,
        activity,
        source,
        consent_needed,
        consent_collection,
        retention,
        status,
    ) in ITEMS:
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
        _reviewed(item, status, submit=submit_item, review=review_item, manager=manager, dpo=dpo)

    shuttle = Stakeholder.objects.get(name="Navette Aéro")
    services.processor_create(
        activity=activities[CONTRACT],
        stakeholder=shuttle,
        service="Drives customers from the terminal to the car park; receives name and flight",
        agreement_signed_on=date(timezone.localdate().year - 1, 3, 1),
        agreement_location="Contracts drive / Navette Aéro / DPA (Article 28)",
        user=manager,
    )
    services.dpia_screening_record(
        activity=activities[MARKETING],
        user=dpo,
        answers={
            "evaluation_scoring": True,
            "evaluation_scoring_notes": "Visitors are profiled for targeted advertising.",
            "matching_datasets": True,
            "matching_datasets_notes": (
                "The advertising partner's cross-site data is combined with ours."
            ),
            "large_scale": True,
            "large_scale_notes": "About 40,000 visitors a month.",
            "conclusion": "Three criteria, and on the CNIL's list (profiling with external data).",
            "dpia_status": "in_progress",
        },
    )
    services.dpia_screening_record(
        activity=activities[CONTRACT],
        user=dpo,
        answers={
            "large_scale": True,
            "large_scale_notes": "About 90,000 rentals a year.",
            "conclusion": "One criterion: no DPIA in principle.",
        },
    )
    requirements = {r.key: r for r in Requirement.objects.all()}
    today = timezone.localdate()
    for key, status, who, evidence, done_on in [
        ("appoint_dpo", "done", dpo, "Appointment declared to the CNIL.", today - timedelta(400)),
        ("map_processing", "in_progress", dpo, "This register, stage by stage.", None),
        ("dpia", "in_progress", dpo, "Marketing DPIA under way.", None),
        ("online_consent", "done", manager, "Cookie banner and unticked opt-in box.", today),
    ]:  # fmt: skip
        services.requirement_update(
            requirement=requirements[key],
            data={"status": status, "owner": who, "evidence": evidence, "done_on": done_on},
            user=who,
        )
    return f"Demo data register: {len(ITEMS)} new data items"
