"""Every write on stakeholders: keyword-only, validated with full_clean(), one transaction each.

A measurement's `met` is always computed here from its objective; an interview's validation
records what it created under a unique key, so that validating it again creates nothing.
"""

import csv
import io
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from core.services import instance_apply
from journeys import services as journey_services
from journeys.models import Journey, Observation, Stage, Touchpoint

from .models import (
    KPI,
    SLA,
    Incentive,
    Interview,
    InterviewOutcome,
    Involvement,
    SLAMeasurement,
    SLAObjective,
    Stakeholder,
)

STAKEHOLDER_FIELDS = ("kind", "name", "title", "organisation", "email", "phone", "office", "notes")
INVOLVEMENT_FIELDS = ("touchpoint", "office", "channels", "volume", "volume_period", "tools")
KPI_FIELDS = ("name", "unit", "target", "current_value", "direction", "alignment", "rationale")
SLA_FIELDS = ("service", "contract_reference", "valid_from", "valid_until")
SLA_OBJECTIVE_FIELDS = ("metric", "unit", "comparison", "target", "period")
INCENTIVE_FIELDS = (
    "type",
    "name",
    "eligible_population",
    "calculation",
    "kpi",
    "rewards_customer_satisfaction",
)
INTERVIEW_FIELDS = ("journey", "scheduled_at")

MEASUREMENTS_PER_UPLOAD = 1000

# The interview form's sections (DOMAIN.md), all required to submit.
TEXT_SECTIONS = ("channels_and_volumes", "tools", "blockers", "suggestions")
SECTION_TITLES = {
    "role_by_stage": _("Role at each stage"),
    "channels_and_volumes": _("Channels and volumes"),
    "tools": _("Tools"),
    "blockers": _("What stops them"),
    "suggestions": _("Suggestions"),
    "kpis": _("KPIs they are judged on"),
    "irritants_and_enchantments": _("Irritants and enchantments"),
    "ease_of_satisfying": _("How easy is it to satisfy the customer?"),
}


def _save(instance: models.Model) -> models.Model:
    instance.full_clean()
    instance.save()
    return instance


# Stakeholders


def stakeholder_create(
    *,
    kind: str,
    name: str,
    title: str = "",
    organisation: str = "",
    email: str = "",
    phone: str = "",
    office: str = "front",
    notes: str = "",
) -> Stakeholder:
    """Records an internal or external stakeholder."""
    return _save(
        Stakeholder(
            kind=kind,
            name=name,
            title=title,
            organisation=organisation,
            email=email,
            phone=phone,
            office=office,
            notes=notes,
        )
    )


def stakeholder_update(*, stakeholder: Stakeholder, data: dict[str, Any]) -> Stakeholder:
    """Changes a stakeholder's fields; an external one with SLAs stays external."""
    if (
        data.get("kind", stakeholder.kind) != Stakeholder.Kind.EXTERNAL
        and stakeholder.pk
        and stakeholder.slas.exists()
    ):
        raise ValidationError({"kind": _("A stakeholder with SLAs must stay external.")})
    instance_apply(stakeholder, data, STAKEHOLDER_FIELDS)
    return stakeholder


def stakeholder_delete(*, stakeholder: Stakeholder) -> None:
    """Deletes a stakeholder with its involvements, KPIs, SLAs, incentives and interviews."""
    stakeholder.delete()


# Involvements


def involvement_create(
    *,
    stakeholder: Stakeholder,
    stage: Stage,
    touchpoint: Touchpoint | None = None,
    office: str = "front",
    channels: list[str] | None = None,
    volume: int | None = None,
    volume_period: str = "",
    tools: str = "",
) -> Involvement:
    """Places a stakeholder at a stage (or one of its touchpoints) of a journey."""
    return _save(
        Involvement(
            stakeholder=stakeholder,
            stage=stage,
            touchpoint=touchpoint,
            office=office,
            channels=channels or [],
            volume=volume,
            volume_period=volume_period,
            tools=tools,
        )
    )


def involvement_update(*, involvement: Involvement, data: dict[str, Any]) -> Involvement:
    """Changes an involvement (not its stakeholder or stage)."""
    instance_apply(involvement, data, INVOLVEMENT_FIELDS)
    return involvement


def involvement_delete(*, involvement: Involvement) -> None:
    """Removes a stakeholder from a stage."""
    involvement.delete()


# KPIs


def kpi_create(
    *,
    stakeholder: Stakeholder,
    name: str,
    unit: str = "",
    target: Decimal | None = None,
    current_value: Decimal | None = None,
    direction: str = KPI.Direction.HIGHER_IS_BETTER,
    alignment: str = KPI.Alignment.NEUTRAL,
    rationale: str = "",
) -> KPI:
    """Records a KPI the stakeholder is judged on."""
    return _save(
        KPI(
            stakeholder=stakeholder,
            name=name,
            unit=unit,
            target=target,
            current_value=current_value,
            direction=direction,
            alignment=alignment,
            rationale=rationale,
        )
    )


def kpi_update(*, kpi: KPI, data: dict[str, Any]) -> KPI:
    """Changes a KPI's fields."""
    instance_apply(kpi, data, KPI_FIELDS)
    return kpi


def kpi_delete(*, kpi: KPI) -> None:
    """Deletes a KPI; incentives that depended on it keep going without it."""
    kpi.delete()


# SLAs


def sla_create(
    *,
    stakeholder: Stakeholder,
    service: str,
    valid_from: date,
    contract_reference: str = "",
    valid_until: date | None = None,
) -> SLA:
    """Records the SLA of an external stakeholder."""
    return _save(
        SLA(
            stakeholder=stakeholder,
            service=service,
            contract_reference=contract_reference,
            valid_from=valid_from,
            valid_until=valid_until,
        )
    )


def sla_update(*, sla: SLA, data: dict[str, Any]) -> SLA:
    """Changes an SLA's fields."""
    instance_apply(sla, data, SLA_FIELDS)
    return sla


def sla_delete(*, sla: SLA) -> None:
    """Deletes an SLA with its objectives and measurements."""
    sla.delete()


def sla_objective_create(
    *,
    sla: SLA,
    metric: str,
    comparison: str,
    target: Decimal,
    period: str = SLAObjective.Period.MONTH,
    unit: str = "",
) -> SLAObjective:
    """Adds an objective to an SLA."""
    return _save(
        SLAObjective(
            sla=sla, metric=metric, comparison=comparison, target=target, period=period, unit=unit
        )
    )


@transaction.atomic
def sla_objective_update(*, objective: SLAObjective, data: dict[str, Any]) -> SLAObjective:
    """Changes an objective; its measurements are judged again against the new target."""
    instance_apply(objective, data, SLA_OBJECTIVE_FIELDS)
    measurements = list(objective.measurements.all())
    for measurement in measurements:
        measurement.met = objective.is_met_by(measurement.value)
    SLAMeasurement.objects.bulk_update(measurements, ["met"])
    return objective


def sla_objective_delete(*, objective: SLAObjective) -> None:
    """Deletes an objective with its measurements."""
    objective.delete()


# Measurements


def _period_start(objective: SLAObjective, day: date) -> date:
    """The first day of the objective's period that contains `day`."""
    if objective.period == SLAObjective.Period.WEEK:
        return day - timedelta(days=day.weekday())
    if objective.period == SLAObjective.Period.QUARTER:
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(day=1)


def _previous_period_start(period: str, today: date) -> date:
    if period == SLAObjective.Period.WEEK:
        return today - timedelta(days=today.weekday() + 7)
    if period == SLAObjective.Period.QUARTER:
        quarter_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        previous = quarter_start - timedelta(days=1)
        return previous.replace(month=(previous.month - 1) // 3 * 3 + 1, day=1)
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def _judged(objective: SLAObjective, period_start: date, value: Decimal) -> SLAMeasurement:
    """The measurement as it is to be saved, validated but not yet saved."""
    if period_start != _period_start(objective, period_start):
        raise ValidationError(
            {"period_start": _("Give the first day of the objective's measurement period.")}
        )
    measurement = SLAMeasurement(
        objective=objective,
        period_start=period_start,
        value=value,
        met=objective.is_met_by(Decimal(value)),
    )
    measurement.full_clean(exclude=["objective"], validate_unique=False)
    return measurement


@transaction.atomic
def measurement_record(
    *, objective: SLAObjective, period_start: date, value: Decimal
) -> SLAMeasurement:
    """Records (or corrects) the value of one period; met or breached follows from the
    objective's comparison and target."""
    judged = _judged(objective, period_start, value)
    # The unique constraint decides between two requests recording the same period: the
    # second one's insert fails, and get_or_create then locks and corrects the first one's row.
    measurement, created = SLAMeasurement.objects.select_for_update().get_or_create(
        objective=objective,
        period_start=period_start,
        defaults={"value": judged.value, "met": judged.met},
    )
    if not created:
        measurement.value, measurement.met = judged.value, judged.met
        measurement.save()
    if objective.missing_period_start == period_start:
        SLAObjective.objects.filter(pk=objective.pk, missing_period_start=period_start).update(
            missing_period_start=None
        )
        objective.missing_period_start = None
    return measurement


@transaction.atomic
def measurements_record_many(*, rows: list[dict[str, Any]]) -> list[SLAMeasurement]:
    """Records up to 1000 measurements at once, all or none; errors name the row."""
    if len(rows) > MEASUREMENTS_PER_UPLOAD:
        raise ValidationError(
            _("Send at most %(count)d measurements at once.") % {"count": MEASUREMENTS_PER_UPLOAD}
        )
    errors = {}
    recorded = []
    for index, row in enumerate(rows):
        try:
            recorded.append(measurement_record(**row))
        except ValidationError as error:
            errors[str(index)] = error.messages
    if errors:
        raise ValidationError(errors)
    return recorded


MEASUREMENT_CSV_COLUMNS = ("service", "metric", "period_start", "value")
MEASUREMENT_CSV_REQUIRED_COLUMNS = ("metric", "period_start", "value")
MEASUREMENT_CSV_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass
class MeasurementImportRow:
    line: int
    values: dict[str, str]
    errors: list[str] = dataclass_field(default_factory=list)
    objective: SLAObjective | None = None
    met: bool | None = None


@dataclass
class MeasurementImport:
    rows: list[MeasurementImportRow]
    file_errors: list[str] = dataclass_field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    @property
    def breached(self) -> int:
        return sum(1 for row in self.rows if row.met is False)


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{name}: {message}" if name != "__all__" else message
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


def _csv_objective(objectives: list[SLAObjective], values: dict[str, str]) -> SLAObjective:
    metric, service = values.get("metric", ""), values.get("service", "")
    if not metric:
        raise ValidationError({"metric": _("Give the objective's metric.")})
    matches = [
        objective
        for objective in objectives
        if objective.metric.casefold() == metric.casefold()
        and (not service or objective.sla.service.casefold() == service.casefold())
    ]
    if not matches:
        raise ValidationError(
            {
                "metric": _("No SLA objective of this stakeholder is called “%(metric)s”.")
                % {"metric": metric}
            }
        )
    if len(matches) > 1:
        raise ValidationError(
            {
                "service": _("Several SLAs measure “%(metric)s”: say which in the service column.")
                % {"metric": metric}
            }
        )
    return matches[0]


def _csv_date(value: str) -> date:
    for date_format in MEASUREMENT_CSV_DATE_FORMATS:
        try:
            return datetime.strptime(value, date_format).date()
        except ValueError:
            continue
    raise ValidationError({"period_start": _("Enter a date as YYYY-MM-DD, e.g. 2025-03-01.")})


def _csv_decimal(value: str) -> Decimal:
    try:
        number = Decimal(value.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite():
        raise ValidationError({"value": _("Enter a number, e.g. 97.5.")})
    return number


@transaction.atomic
def measurements_import_csv(
    *, stakeholder: Stakeholder, text: str, dry_run: bool = False
) -> MeasurementImport:
    """Records the measurements of a CSV file (MEASUREMENT_CSV_COLUMNS; the objective is
    found by metric, and service when needed, among the stakeholder's SLAs), met or breached
    computed for each. Saves nothing unless every row is valid; with dry_run, saves nothing."""
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in MEASUREMENT_CSV_REQUIRED_COLUMNS if name not in header]
    if missing:
        return MeasurementImport(
            rows=[],
            file_errors=[_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}],
        )
    reader.fieldnames = header
    objectives = list(
        SLAObjective.objects.filter(sla__stakeholder=stakeholder).select_related("sla")
    )
    result = MeasurementImport(rows=[])
    first_line: dict[tuple[int, date], int] = {}
    for line, raw in enumerate(reader, start=2):
        if len(result.rows) == MEASUREMENTS_PER_UPLOAD:
            result.file_errors.append(
                _("Send at most %(count)d measurements at once.")
                % {"count": MEASUREMENTS_PER_UPLOAD}
            )
            break
        values = {
            column: raw[column].strip() if isinstance(raw.get(column), str) else ""
            for column in MEASUREMENT_CSV_COLUMNS
        }
        row = MeasurementImportRow(line=line, values=values)
        result.rows.append(row)
        try:
            row.objective = _csv_objective(objectives, values)
            period_start = _csv_date(values.get("period_start", ""))
            value = _csv_decimal(values.get("value", ""))
            earlier = first_line.setdefault((row.objective.pk, period_start), line)
            if earlier != line:
                raise ValidationError(
                    _("Line %(line)d already gives this objective's value for this period.")
                    % {"line": earlier}
                )
            # A savepoint per row: a failed row leaves the others checkable.
            with transaction.atomic():
                measurement = measurement_record(
                    objective=row.objective, period_start=period_start, value=value
                )
            row.met = measurement.met
        except ValidationError as error:
            row.errors = _messages(error)
    if not result.rows and not result.file_errors:
        result.file_errors.append(_("The file has no rows."))
    if dry_run or not result.is_valid:
        transaction.set_rollback(True)
    return result


def measurement_delete(*, measurement: SLAMeasurement) -> None:
    """Deletes a measurement."""
    measurement.delete()


def sla_objectives_flag_missing(*, today: date) -> int:
    """Flags each objective of a running SLA whose last period has no measurement, and
    clears the flag of the others; returns how many are flagged."""
    flagged = 0
    for period in SLAObjective.Period.values:
        period_start = _previous_period_start(period, today)
        running = SLAObjective.objects.filter(
            Q(sla__valid_until__isnull=True) | Q(sla__valid_until__gte=period_start),
            period=period,
            sla__valid_from__lte=period_start,
        )
        measured = SLAMeasurement.objects.filter(
            objective=OuterRef("pk"), period_start=period_start
        )
        flagged += running.filter(~Exists(measured)).update(missing_period_start=period_start)
        SLAObjective.objects.filter(period=period).filter(
            Q(Exists(measured)) | ~Q(pk__in=running.values("pk"))
        ).exclude(missing_period_start=None).update(missing_period_start=None)
    return flagged


# Incentives


def incentive_create(
    *,
    stakeholder: Stakeholder,
    type: str,
    name: str,
    eligible_population: str = "",
    calculation: str = "",
    kpi: KPI | None = None,
    rewards_customer_satisfaction: bool = False,
) -> Incentive:
    """Records an incentive of the stakeholder."""
    return _save(
        Incentive(
            stakeholder=stakeholder,
            type=type,
            name=name,
            eligible_population=eligible_population,
            calculation=calculation,
            kpi=kpi,
            rewards_customer_satisfaction=rewards_customer_satisfaction,
        )
    )


def incentive_update(*, incentive: Incentive, data: dict[str, Any]) -> Incentive:
    """Changes an incentive's fields."""
    instance_apply(incentive, data, INCENTIVE_FIELDS)
    return incentive


def incentive_delete(*, incentive: Incentive) -> None:
    """Deletes an incentive."""
    incentive.delete()


# Interviews


def interview_create(
    *,
    stakeholder: Stakeholder,
    interviewer: User,
    scheduled_at,
    journey: Journey | None = None,
) -> Interview:
    """Schedules an interview with a stakeholder, as an empty draft."""
    return _save(
        Interview(
            stakeholder=stakeholder,
            interviewer=interviewer,
            scheduled_at=scheduled_at,
            journey=journey,
        )
    )


def interview_update(*, interview: Interview, data: dict[str, Any]) -> Interview:
    """Changes when and about which journey an interview is held."""
    instance_apply(interview, data, INTERVIEW_FIELDS)
    return interview


def interview_delete(*, interview: Interview) -> None:
    """Deletes an interview; what its validation created stays."""
    interview.delete()


def _clean_answers(interview: Interview, answers: dict[str, Any]) -> dict[str, Any]:
    """Checks the shape of the answers (not their completeness) and keeps known sections."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("The answers must be an object.")})
    stage_ids = (
        {str(pk) for pk in interview.journey.stages.values_list("pk", flat=True)}
        if interview.journey_id
        else set()
    )
    stages = answers.get("stages") or {}
    if not isinstance(stages, dict) or set(stages) - stage_ids:
        raise ValidationError({"answers": _("The answers name a stage outside the journey.")})
    cleaned: dict[str, Any] = {"stages": {}}
    for stage_id, stage_answers in stages.items():
        cleaned["stages"][stage_id] = {
            "role": str(stage_answers.get("role", "")).strip(),
            "irritants": [
                str(text).strip()
                for text in stage_answers.get("irritants", [])
                if str(text).strip()
            ],
            "enchantments": [
                str(text).strip()
                for text in stage_answers.get("enchantments", [])
                if str(text).strip()
            ],
        }
    for section in TEXT_SECTIONS:
        cleaned[section] = str(answers.get(section, "")).strip()
    for section, keys in (
        ("kpis", ("name", "unit", "target")),
        ("incentives", ("type", "eligible_population", "calculation")),
    ):
        items = answers.get(section) or []
        if not isinstance(items, list):
            raise ValidationError({"answers": _("The KPIs and incentives must be lists.")})
        cleaned[section] = [
            {key: str(item.get(key, "")).strip() for key in keys}
            for item in items
            if isinstance(item, dict)
            and str(item.get(keys[0] if section == "kpis" else "calculation", "")).strip()
        ]
    for item in cleaned["incentives"]:
        if item["type"] not in Incentive.Type.values:
            item["type"] = Incentive.Type.OTHER
    return cleaned


def _lock(interview: Interview) -> Interview:
    return Interview.objects.select_for_update().get(pk=interview.pk)


@transaction.atomic
def interview_save_draft(
    *, interview: Interview, answers: dict[str, Any], ease_of_satisfying: int | None = None
) -> Interview:
    """Saves the answers as they are, complete or not; only a draft can change."""
    locked = _lock(interview)
    if locked.status != Interview.Status.DRAFT:
        raise ValidationError(_("A submitted interview can no longer be changed."))
    locked.answers = _clean_answers(locked, answers)
    locked.ease_of_satisfying = ease_of_satisfying
    _save(locked)
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
    locked = _lock(interview)
    if locked.status != Interview.Status.DRAFT:
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
    return locked


@transaction.atomic
def interview_validate(*, interview: Interview, validated_by: User) -> Interview:
    """Turns a submitted interview's irritants and enchantments into employee-side
    observations and its KPIs and incentives into records. Validating again adds nothing."""
    locked = _lock(interview)
    if locked.status == Interview.Status.DRAFT:
        raise ValidationError(_("Only a submitted interview can be validated."))
    done = set(locked.outcomes.values_list("key", flat=True))
    stages = {str(stage.pk): stage for stage in Stage.objects.filter(journey_id=locked.journey_id)}
    outcomes = []
    answers = locked.answers or {}
    for stage_id, stage_answers in (answers.get("stages") or {}).items():
        for kind, texts in (
            (Observation.Kind.IRRITANT, stage_answers.get("irritants", [])),
            (Observation.Kind.ENCHANTMENT, stage_answers.get("enchantments", [])),
        ):
            for index, text in enumerate(texts):
                key = f"{kind}:{stage_id}:{index}"
                if key in done or stage_id not in stages:
                    continue
                observation = journey_services.observation_create(
                    stage=stages[stage_id],
                    kind=kind,
                    side=Observation.Side.EMPLOYEE,
                    description=text,
                    source=Observation.Source.INTERVIEW,
                )
                outcomes.append(
                    InterviewOutcome(interview=locked, key=key, observation=observation)
                )
    kpis = {kpi.name: kpi for kpi in KPI.objects.filter(stakeholder_id=locked.stakeholder_id)}
    for index, item in enumerate(answers.get("kpis", [])):
        key = f"kpi:{index}"
        if key in done:
            continue
        kpi = kpis.get(item["name"])
        if kpi is None:
            kpi = kpi_create(
                stakeholder=locked.stakeholder,
                name=item["name"],
                unit=item.get("unit", "")[:40],
                target=_decimal_or_none(item.get("target")),
            )
            kpis[kpi.name] = kpi
        outcomes.append(InterviewOutcome(interview=locked, key=key, kpi=kpi))
    for index, item in enumerate(answers.get("incentives", [])):
        key = f"incentive:{index}"
        if key in done:
            continue
        incentive = incentive_create(
            stakeholder=locked.stakeholder,
            type=item.get("type") or Incentive.Type.OTHER,
            name=item["calculation"][:200],
            eligible_population=item.get("eligible_population", "")[:200],
            calculation=item["calculation"],
        )
        outcomes.append(InterviewOutcome(interview=locked, key=key, incentive=incentive))
    InterviewOutcome.objects.bulk_create(outcomes)
    if locked.status != Interview.Status.VALIDATED:
        locked.status = Interview.Status.VALIDATED
        locked.validated_at = timezone.now()
        locked.validated_by = validated_by
        locked.save(update_fields=["status", "validated_at", "validated_by", "updated_at"])
    return locked


def _decimal_or_none(value) -> Decimal | None:
    try:
        return Decimal(str(value).replace(",", ".")) if str(value or "").strip() else None
    except ArithmeticError:
        return None
