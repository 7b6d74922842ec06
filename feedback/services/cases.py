"""Complaint cases: opened for a low answer or by hand, handled, flagged when overdue, and
their recurring causes turned into improvement actions."""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import events
from core.models import User
from core.selectors import users_active
from core.services import instance_apply
from journeys import selectors as journey_selectors
from journeys import services as journeys_services
from journeys.models import Action, Stage
from stakeholders import selectors as stakeholders_selectors

from ..models import (
    Case,
    CaseLogEntry,
    Channel,
    DissatisfactionRisk,
    Language,
    Respondent,
    Response,
)
from ..selectors import (
    COMPLAINT_MIN_CES,
    DETRACTOR_MAX_NPS,
    DISSATISFIED_MAX_CSAT,
    RECURRING_CASE_MINIMUM,
    SEVERE_CES,
    SEVERE_CSAT,
    SEVERE_MAX_NPS,
)
from .verbatims import verbatim_record_for_case

# The fields a user edits, in the order the case's form shows them.
CASE_FIELDS = (
    "title",
    "status",
    "owner",
    "category",
    "severity",
    "due_at",
    "channel",
    "description",
    "language",
    "contact_name",
    "contact_email",
    "contact_phone",
    "harm_amount",
    "customer_annual_value",
    "inconvenience",
    "substitutability",
    "compensation_offered",
    "distributive_justice",
    "procedural_justice",
    "interactional_justice",
    "justice_checks",
    "recontacted_at",
)


def response_needs_case(response: Response) -> bool:
    """Whether an answer is low enough to open a complaint case."""
    return (
        (response.nps is not None and response.nps <= DETRACTOR_MAX_NPS)
        or (response.csat is not None and response.csat <= DISSATISFIED_MAX_CSAT)
        or (response.ces is not None and response.ces >= COMPLAINT_MIN_CES)
    )


def response_severity(response: Response) -> int:
    """The severity of the case a low answer opens."""
    if (
        (response.nps is not None and response.nps <= SEVERE_MAX_NPS)
        or response.csat == SEVERE_CSAT
        or response.ces == SEVERE_CES
    ):
        return Case.Severity.HIGH
    return Case.Severity.MEDIUM


def case_default_owner(*, stage: Stage, touchpoint_id: int | None = None) -> User | None:
    """Who handles a complaint about the stage: the active user whose e-mail is that of the
    stakeholder responsible for the touchpoint (the event's first, then the stage's in
    order), or else the journey's owner."""
    emails = [
        email.lower()
        for email in stakeholders_selectors.responsible_stakeholder_emails(
            stage_id=stage.pk, touchpoint_id=touchpoint_id
        )
    ]
    users: dict[str, User] = {}
    if emails:
        for user in (
            users_active()
            .annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails)
            .order_by("-pk")
        ):
            users[user.email_lower] = user  # the lowest pk wins, as with .first()
    found = next((users[email] for email in emails if email in users), None)
    return found if found is not None else stage.journey.owner


def case_deadline(*, severity: int, opened_at: datetime) -> datetime:
    """When a case of this severity must be handled: FEEDBACK_CASE_DEADLINE_SECONDS."""
    name = Case.Severity(severity).name.lower()
    return opened_at + timedelta(seconds=settings.FEEDBACK_CASE_DEADLINE_SECONDS[name])


def _announce_assigned(case: Case) -> None:
    if case.owner_id is not None:
        events.announce("case.assigned", case_id=case.pk, user_id=case.owner_id)


@transaction.atomic
def case_open_for_response(*, response: Response, stage: Stage, now: datetime) -> Case:
    """Opens the case a low score calls for, due as its severity says."""
    scores = ", ".join(
        f"{label} {value}"
        for label, value in (("NPS", response.nps), ("CSAT", response.csat), ("CES", response.ces))
        if value is not None
    )
    severity = response_severity(response)
    case = Case.objects.create(
        response=response,
        respondent=response.invitation.respondent,
        channel=Channel.SURVEY,
        language=response.language,
        stage=stage,
        owner=case_default_owner(
            stage=stage, touchpoint_id=response.invitation.event.touchpoint_id
        ),
        title=f"{stage.code}. {stage.name} — {scores}"[:200],
        severity=severity,
        due_at=case_deadline(severity=severity, opened_at=now),
    )
    events.announce("case.opened", case_id=case.pk)
    _announce_assigned(case)
    return case


@transaction.atomic
def case_create(
    *,
    stage: Stage,
    title: str,
    channel: str = Channel.OTHER,
    description: str = "",
    respondent: Respondent | None = None,
    language: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    owner: User | None = None,
    category: str = "",
    severity: int = Case.Severity.MEDIUM,
    due_at: datetime | None = None,
    harm_amount: Decimal | None = None,
    author: User | None = None,
) -> Case:
    """Opens a complaint that came by phone, letter, e-mail, social media, a review site or in
    person, with or without a known respondent (else, optionally, free-text contact details).
    Due as its severity says unless told; owned by the stage's default owner unless told; in
    the respondent's language unless told (else English). Its owner is told the case is
    theirs, unless they opened it."""
    case = Case(
        stage=stage,
        title=title,
        channel=channel,
        description=description,
        respondent=respondent,
        language=language or (respondent.language if respondent is not None else Language.EN),
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        owner=owner if owner is not None else case_default_owner(stage=stage),
        category=category,
        severity=severity,
        due_at=due_at or case_deadline(severity=severity, opened_at=timezone.now()),
        harm_amount=harm_amount,
    )
    case.full_clean()
    case.save()
    # The complaint's words, searchable with the survey comments.
    verbatim_record_for_case(case=case)
    events.announce("case.opened", case_id=case.pk)
    if author is None or case.owner_id != author.pk:
        _announce_assigned(case)
    return case


@transaction.atomic
def recurring_cause_to_action(*, stage_id: int, category: str, owner: User | None = None) -> Action:
    """Turns a recurring cause (the cases of one dissatisfaction risk at one stage not yet in
    the plan) into an improvement action of the journey, and links those cases to it. The
    cases' row locks make a second click wait, then find nothing left to turn."""
    case_ids = list(
        Case.objects.select_for_update()
        .filter(stage_id=stage_id, category=category, improvement_action__isnull=True)
        .values_list("pk", flat=True)
    )
    if len(case_ids) < RECURRING_CASE_MINIMUM:
        raise ValidationError(
            ngettext(
                "Fewer than %(count)d case of this kind is left outside the plan.",
                "Fewer than %(count)d cases of this kind are left outside the plan.",
                RECURRING_CASE_MINIMUM,
            )
            % {"count": RECURRING_CASE_MINIMUM}
        )
    stage = journey_selectors.stage_find(stage_id=stage_id)
    if stage is None:
        raise Stage.DoesNotExist
    risk = DissatisfactionRisk(category).label
    action = journeys_services.action_create(
        journey=stage.journey,
        stage=stage,
        title=_("Recurring complaints: %(risk)s") % {"risk": risk},
        description=ngettext(
            "%(count)d complaint case at this stage was classified as “%(risk)s”. "
            "Find the cause and fix it.",
            "%(count)d complaint cases at this stage were classified as “%(risk)s”. "
            "Find the cause and fix it.",
            len(case_ids),
        )
        % {"count": len(case_ids), "risk": risk},
        priority=Action.Priority.FIRST,
        owner=owner,
    )
    Case.objects.filter(pk__in=case_ids).update(improvement_action=action)
    return action


@transaction.atomic
def case_update(*, case: Case, data: dict[str, Any], author: User | None = None) -> Case:
    """Changes a case; a status change is written to its log, and a case resolved sends its
    customer the recovery survey (once per case)."""
    before = case.get_status_display()
    old_status, old_owner_id = case.status, case.owner_id
    instance_apply(case, data, CASE_FIELDS)
    if case.status != old_status:
        CaseLogEntry.objects.create(
            case=case, author=author, text=f"{before} → {case.get_status_display()}"
        )
    if case.owner_id != old_owner_id and case.owner_id != getattr(author, "pk", None):
        _announce_assigned(case)
    if case.status == Case.Status.RESOLVED and old_status != Case.Status.RESOLVED:
        # Imported here: the recovery survey's double failure reopens cases with this module.
        from .recovery import recovery_survey_schedule

        recovery_survey_schedule(case=case)
        events.announce("case.resolved", case_id=case.pk)
    return case


@transaction.atomic
def case_log_add(*, case: Case, author: User | None, text: str) -> CaseLogEntry:
    """Adds an action to a case's log."""
    entry = CaseLogEntry(case=case, author=author, text=text)
    entry.full_clean()
    entry.save()
    return entry


def _take_step(queryset, *, changes: dict[str, Any]) -> list[int]:
    """Locks the cases of `queryset` no other run holds and applies `changes` to them (the
    queryset's own conditions make it a step taken once); returns their ids."""
    ids = list(
        queryset.select_for_update(skip_locked=True).order_by("pk").values_list("pk", flat=True)
    )
    if ids:
        Case.objects.filter(pk__in=ids).update(**changes)
    return ids


@transaction.atomic
def cases_flag_overdue(*, now: datetime | None = None) -> int:
    """The deadlines' steps, each taken once per case: tells the owner a case is due soon,
    stamps and announces it overdue at its deadline, escalates it to the journey's escalation
    contact FEEDBACK_CASE_ESCALATION_SECONDS later, and to the CX managers as long again.
    Returns how many cases were newly flagged overdue."""
    now = now or timezone.now()
    open_cases = Case.objects.filter(status__in=Case.OPEN_STATUSES)
    delay = timedelta(seconds=settings.FEEDBACK_CASE_ESCALATION_SECONDS)
    due_soon = _take_step(
        open_cases.filter(
            due_soon_notified_at__isnull=True,
            overdue_since__isnull=True,
            due_at__gte=now,
            due_at__lt=now + timedelta(seconds=settings.FEEDBACK_CASE_DUE_SOON_SECONDS),
        ),
        changes={"due_soon_notified_at": now},
    )
    for case_id in due_soon:
        events.announce("case.due_soon", case_id=case_id)
    overdue = _take_step(
        open_cases.filter(due_at__lt=now, overdue_since__isnull=True),
        changes={"overdue_since": now},
    )
    for case_id in overdue:
        events.announce("case.overdue", case_id=case_id)
    for level, wait in ((Case.Escalation.CONTACT, delay), (Case.Escalation.CX_MANAGERS, 2 * delay)):
        escalated = _take_step(
            open_cases.filter(escalation_level=level - 1, due_at__lt=now - wait),
            changes={"escalation_level": level, "escalated_at": now},
        )
        text = Case.Escalation(level).label
        CaseLogEntry.objects.bulk_create(
            [CaseLogEntry(case_id=case_id, author=None, text=str(text)) for case_id in escalated]
        )
        for case_id in escalated:
            events.announce("case.escalated", case_id=case_id, level=int(level))
    return len(overdue)
