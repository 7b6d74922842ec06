"""The CSV upload of service events: the same intake as the API, all or nothing."""

import csv
import io
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from journeys.models import Stage, Touchpoint

from ..models import Invitation, Language
from .intake import SERVICE_EVENTS_MAX_PER_BATCH, service_events_ingest_batch

EVENT_CSV_COLUMNS = (
    "idempotency_key",
    "external_ref",
    "email",
    "language",
    "stage_code",
    "touchpoint",
    "occurred_at",
)
EVENT_CSV_REQUIRED_COLUMNS = ("idempotency_key", "external_ref", "stage_code", "occurred_at")


@dataclass
class EventImportRow:
    line: int
    values: dict[str, str]
    errors: list[str] = dataclass_field(default_factory=list)
    created: bool = False
    invitations: int = 0


@dataclass
class EventImportResult:
    rows: list[EventImportRow]
    file_errors: list[str] = dataclass_field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    @property
    def created(self) -> int:
        return sum(row.created for row in self.rows)

    @property
    def already_received(self) -> int:
        return sum(not row.created for row in self.rows)


def _event_row_arguments(
    values: dict[str, str], stages: dict[str, Stage], touchpoints: dict[tuple[int, str], int]
) -> tuple[dict[str, Any], list[str]]:
    """The keyword arguments of service_event_ingest for one CSV row, or its errors."""
    errors = []
    for column in EVENT_CSV_REQUIRED_COLUMNS:
        if not values[column]:
            errors.append(_("%(column)s: this column is required.") % {"column": column})
    arguments: dict[str, Any] = {
        "idempotency_key": values["idempotency_key"],
        "external_ref": values["external_ref"],
        "email": values["email"],
        "language": values["language"] or Language.EN,
    }
    for column, limit in (("idempotency_key", 200), ("external_ref", 100), ("email", 254)):
        if len(values[column]) > limit:
            errors.append(
                _("%(column)s: at most %(limit)d characters.") % {"column": column, "limit": limit}
            )
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.append(
                _("email: “%(value)s” is not an e-mail address.") % {"value": values["email"]}
            )
    if arguments["language"] not in Language.values:
        errors.append(
            _("language: “%(value)s” is not one of %(choices)s.")
            % {"value": values["language"], "choices": ", ".join(Language.values)}
        )
    stage = stages.get(values["stage_code"])
    if values["stage_code"] and stage is None:
        errors.append(
            _("stage_code: no stage “%(code)s” in this journey.") % {"code": values["stage_code"]}
        )
    if stage is not None:
        arguments["stage_id"] = stage.pk
        arguments["touchpoint_id"] = None
        if values["touchpoint"]:
            arguments["touchpoint_id"] = touchpoints.get((stage.pk, values["touchpoint"].lower()))
            if arguments["touchpoint_id"] is None:
                errors.append(
                    _("touchpoint: no touchpoint “%(name)s” at stage %(code)s.")
                    % {"name": values["touchpoint"], "code": stage.code}
                )
    if values["occurred_at"]:
        try:
            occurred_at = parse_datetime(values["occurred_at"])
        except ValueError:
            occurred_at = None
        if occurred_at is None:
            errors.append(
                _("occurred_at: “%(value)s” is not a date and time such as 2026-11-20 18:30.")
                % {"value": values["occurred_at"]}
            )
        elif timezone.is_naive(occurred_at):
            occurred_at = timezone.make_aware(occurred_at)
        arguments["occurred_at"] = occurred_at
    return arguments, errors


@transaction.atomic
def service_events_import_csv(
    *, journey_id: int, source: str, text: str, dry_run: bool = False
) -> EventImportResult:
    """Records the service events of a CSV file (EVENT_CSV_COLUMNS; stages by code within the
    journey, touchpoints by name within the stage) through service_events_ingest_batch, with
    `source` as their source system: a key already received creates nothing. Saves nothing
    unless every row is valid; with dry_run, checks everything and saves nothing."""
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in EVENT_CSV_REQUIRED_COLUMNS if name not in header]
    if missing:
        return EventImportResult(
            rows=[],
            file_errors=[_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}],
        )
    reader.fieldnames = header
    stages = {stage.code: stage for stage in Stage.objects.filter(journey_id=journey_id)}
    touchpoints = {
        (stage_id, name.lower()): pk
        for pk, stage_id, name in Touchpoint.objects.filter(
            stage__journey_id=journey_id
        ).values_list("pk", "stage_id", "name")
    }
    result = EventImportResult(rows=[])
    first_line_of_key: dict[str, int] = {}
    valid: list[tuple[EventImportRow, dict[str, Any]]] = []
    for line, raw in enumerate(reader, start=2):
        if len(result.rows) == SERVICE_EVENTS_MAX_PER_BATCH:
            result.file_errors.append(
                _("At most %(count)d rows per file: split it.")
                % {"count": SERVICE_EVENTS_MAX_PER_BATCH}
            )
            break
        values = {column: (raw.get(column) or "").strip() for column in EVENT_CSV_COLUMNS}
        row = EventImportRow(line=line, values=values)
        result.rows.append(row)
        arguments, row.errors = _event_row_arguments(values, stages, touchpoints)
        key = values["idempotency_key"]
        if key in first_line_of_key:
            row.errors.append(
                _("idempotency_key: already used on line %(line)d of this file.")
                % {"line": first_line_of_key[key]}
            )
        elif key:
            first_line_of_key[key] = line
        if not row.errors:
            valid.append((row, {"source": source, **arguments}))
    ingested = service_events_ingest_batch(events=[arguments for _row, arguments in valid])
    for (row, _arguments), outcome in zip(valid, ingested, strict=True):
        if outcome.error is not None:
            row.errors.extend(outcome.error.messages)
        elif outcome.created:
            row.created = True
            row.invitations = sum(
                invitation.status == Invitation.Status.SCHEDULED
                for invitation in outcome.invitations
            )
    if not result.rows and not result.file_errors:
        result.file_errors.append(_("The file has no rows."))
    if dry_run or not result.is_valid:
        # The rolled-back transaction also drops the dispatch nudges queued on commit.
        transaction.set_rollback(True)
    return result
