"""Interviews with stakeholders: a draft, submitted to the CX manager, validated into
observations, KPIs and incentives. Validation records what it created under a unique key, so
that validating again creates nothing."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import events
from core.models import User
from core.services import instance_apply
from journeys import selectors as journey_selectors
from journeys.models import Journey, Touchpoint

from ..models import KPI, Incentive, Interview, InterviewSendBack, Stakeholder
from .stakeholders import validated_save

INTERVIEW_FIELDS = ("journey", "scheduled_at")
KPI_KEYS = ("name", "unit", "direction", "target")
INCENTIVE_KEYS = ("type", "eligible_population", "calculation")
# The severity of a stage's irritants when the interviewer gave none (Observation's default).
DEFAULT_SEVERITY = 2

# The interview form's sections (DOMAIN.md), all required to submit.
TEXT_SECTIONS = ("channels_and_volumes", "tools", "blockers", "suggestions")
SECTION_TITLES = {
    "role_by_stage": gettext_lazy("Role at each stage"),
    "channels_and_volumes": gettext_lazy("Channels and volumes"),
    "tools": gettext_lazy("Tools"),
    "blockers": gettext_lazy("What stops them"),
    "suggestions": gettext_lazy("Suggestions"),
    "kpis": gettext_lazy("KPIs they are judged on"),
    "irritants_and_enchantments": gettext_lazy("Irritants and enchantments"),
    "ease_of_satisfying": gettext_lazy("How easy is it to satisfy the customer?"),
}


@transaction.atomic
def interview_create(
    *,
    stakeholder: Stakeholder,
    interviewer: User,
    scheduled_at,
    journey: Journey | None = None,
) -> Interview:
    """Schedules an interview with a stakeholder, as an empty draft."""
    return validated_save(
        Interview(
            stakeholder=stakeholder,
            interviewer=interviewer,
            scheduled_at=scheduled_at,
            journey=journey,
        )
    )


@transaction.atomic
def interview_update(*, interview: Interview, data: dict[str, Any]) -> Interview:
    """Changes when and about which journey an interview is held."""
    instance_apply(interview, data, INTERVIEW_FIELDS)
    return interview


@transaction.atomic
def interview_delete(*, interview: Interview) -> None:
    """Deletes an interview; what its validation created stays."""
    interview.delete()


def _text(value: Any) -> str:
    return str(value if value is not None else "").strip()


def _clean_rows(section: str, items: Any, keys: tuple[str, ...]) -> list[dict[str, str]]:
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ValidationError({"answers": _("The KPIs and incentives must be lists of objects.")})
    rows = [{key: _text(item.get(key)) for key in keys} for item in items]
    return [row for row in rows if any(row.values())]


def _check_kpi(row: dict[str, str], number: int) -> None:
    if not row["name"]:
        raise ValidationError({"answers": _("KPI %(number)s: give its name.") % {"number": number}})
    if row["direction"] and row["direction"] not in KPI.Direction.values:
        raise ValidationError(
            {"answers": _("KPI %(number)s: unknown direction.") % {"number": number}}
        )
    if row["target"] and decimal_or_none(row["target"]) is None:
        raise ValidationError(
            {"answers": _("KPI %(number)s: the target must be a number.") % {"number": number}}
        )


def _check_incentive(row: dict[str, str], number: int) -> None:
    if row["type"] not in Incentive.Type.values:
        raise ValidationError(
            {
                "answers": _("Incentive %(number)s: choose its type from the list.")
                % {"number": number}
            }
        )
    if not row["calculation"]:
        raise ValidationError(
            {"answers": _("Incentive %(number)s: say how it is calculated.") % {"number": number}}
        )


def _lines(items: Any) -> list[str]:
    if not isinstance(items, list):
        raise ValidationError({"answers": _("A stage's lists must be lists of texts.")})
    return [_text(text) for text in items if _text(text)]


def _whole_number(value: Any, low: int, high: int, message: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError({"answers": message})
    return value


def _clean_stage(answers: Any) -> dict[str, Any]:
    """One stage's answers: the role, the ease (1 to 5), blockers and suggestions, irritants
    (with their severity) and enchantments, and the channels and volume handled there."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("A stage's answers must be an object.")})
    severity = answers.get("severity") or DEFAULT_SEVERITY
    if severity not in (1, 2, 3):
        raise ValidationError({"answers": _("A severity runs from 1 to 3.")})
    channels = answers.get("channels") or []
    if not isinstance(channels, list) or set(channels) - set(Touchpoint.Channel.values):
        raise ValidationError({"answers": _("Choose the channels from the list.")})
    period = _text(answers.get("volume_period"))
    if period and period not in Touchpoint.VolumePeriod.values:
        raise ValidationError({"answers": _("Choose the volume's period from the list.")})
    return {
        "role": _text(answers.get("role")),
        "ease": _whole_number(
            answers.get("ease"), 1, 5, _("The ease of satisfying the customer runs from 1 to 5.")
        ),
        "blockers": _lines(answers.get("blockers", [])),
        "suggestions": _lines(answers.get("suggestions", [])),
        "irritants": _lines(answers.get("irritants", [])),
        "enchantments": _lines(answers.get("enchantments", [])),
        "severity": severity,
        "channels": list(dict.fromkeys(channels)),
        "volume": _whole_number(
            answers.get("volume"), 0, Touchpoint.VOLUME_MAX, str(Touchpoint.VOLUME_TOO_LARGE)
        ),
        "volume_period": period,
    }


def clean_answers(interview: Interview, answers: dict[str, Any]) -> dict[str, Any]:
    """Checks the shape of the answers (not their completeness) and keeps known sections; a
    KPI or incentive row that does not hold together is refused, never guessed."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("The answers must be an object.")})
    stage_ids = (
        {
            str(pk)
            for pk in journey_selectors.journey_stages(journey_id=interview.journey_id).values_list(
                "pk", flat=True
            )
        }
        if interview.journey_id
        else set()
    )
    stages = answers.get("stages") or {}
    if not isinstance(stages, dict) or set(stages) - stage_ids:
        raise ValidationError({"answers": _("The answers name a stage outside the journey.")})
    cleaned: dict[str, Any] = {"stages": {}}
    for stage_id, stage_answers in stages.items():
        cleaned["stages"][stage_id] = _clean_stage(stage_answers)
    for section in TEXT_SECTIONS:
        cleaned[section] = _text(answers.get(section))
    cleaned["kpis"] = _clean_rows("kpis", answers.get("kpis") or [], KPI_KEYS)
    for number, row in enumerate(cleaned["kpis"], start=1):
        _check_kpi(row, number)
    cleaned["incentives"] = _clean_rows(
        "incentives", answers.get("incentives") or [], INCENTIVE_KEYS
    )
    for number, row in enumerate(cleaned["incentives"], start=1):
        _check_incentive(row, number)
    return cleaned


def lock_interview(interview: Interview) -> Interview:
    return Interview.objects.select_for_update().get(pk=interview.pk)


@transaction.atomic
def interview_save_draft(
    *, interview: Interview, answers: dict[str, Any], ease_of_satisfying: int | None = None
) -> Interview:
    """Saves the answers as they are, complete or not; only a draft can change."""
    locked = lock_interview(interview)
    if not locked.is_answerable:
        raise ValidationError(_("A submitted interview can no longer be changed."))
    locked.answers = clean_answers(locked, answers)
    locked.ease_of_satisfying = ease_of_satisfying
    validated_save(locked)
    return locked


def interview_missing_sections(*, interview: Interview) -> list[str]:
    """The sections still to answer before the interview can be submitted."""
    answers = interview.answers or {}
    missing = []
    stages = answers.get("stages") or {}
    if not any(stage.get("role") for stage in stages.values()):
        missing.append("role_by_stage")
    missing += [section for section in TEXT_SECTIONS if not answers.get(section)]
    if not answers.get("kpis"):
        missing.append("kpis")
    if not any(stage.get("irritants") or stage.get("enchantments") for stage in stages.values()):
        missing.append("irritants_and_enchantments")
    if interview.ease_of_satisfying is None:
        missing.append("ease_of_satisfying")
    return missing


@transaction.atomic
def interview_submit(
    *,
    interview: Interview,
    answers: dict[str, Any] | None = None,
    ease_of_satisfying: int | None = None,
) -> Interview:
    """Saves the last answers, checks every required section, and hands it to the CX manager."""
    if answers is not None:
        interview = interview_save_draft(
            interview=interview, answers=answers, ease_of_satisfying=ease_of_satisfying
        )
    locked = lock_interview(interview)
    if not locked.is_answerable:
        raise ValidationError(_("This interview has already been submitted."))
    if not locked.journey_id:
        raise ValidationError({"journey": _("Choose the journey the interview goes through.")})
    missing = interview_missing_sections(interview=locked)
    if missing:
        raise ValidationError(
            {
                "answers": _("Answer every section first: %(sections)s.")
                % {"sections": "; ".join(str(SECTION_TITLES[section]) for section in missing)}
            }
        )
    locked.status = Interview.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    events.announce("interview.submitted", interview_id=locked.pk)
    return locked


def decimal_or_none(value: Any) -> Decimal | None:
    """A KPI target typed as "12" or "12,5"; None when empty or not a number."""
    text = _text(value).replace(",", ".").replace("\u202f", "").replace(" ", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


@transaction.atomic
def interview_send_back(*, interview: Interview, sent_by: User, comment: str) -> Interview:
    """Sends a submitted interview back to its interviewer with the CX manager's comment
    (logged); the interviewer can change and submit it again, and is told."""
    locked = lock_interview(interview)
    if locked.status != Interview.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted interview can be sent back."))
    send_back = InterviewSendBack(interview=locked, sent_by=sent_by, comment=_text(comment))
    validated_save(send_back)
    locked.status = Interview.Status.SENT_BACK
    locked.save(update_fields=["status", "updated_at"])
    events.announce("interview.sent_back", interview_id=locked.pk)
    return locked
