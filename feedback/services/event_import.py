"""The CSV (or XLSX) upload of service events: the same intake as the API, all or nothing,
through core's import pipeline."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core import imports
from journeys import selectors as journey_selectors
from journeys.models import Stage

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
class EventImportRow(imports.ImportRow):
    created: bool = False
    invitations: int = 0


@dataclass
class EventImportResult(imports.ImportResult):
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


class ServiceEventImporter(imports.Importer):
    """A service event per row, recorded by service_events_ingest_batch once every row is
    read: the batch reads the invitations of all its events in one query."""

    columns = EVENT_CSV_COLUMNS
    required_columns = EVENT_CSV_REQUIRED_COLUMNS
    max_rows = SERVICE_EVENTS_MAX_PER_BATCH
    row_class = EventImportRow
    result_class = EventImportResult
    savepoint = False  # save() only queues the row for the batch

    def __init__(self, *, journey_id: int, source: str):
        self.journey_id = journey_id
        self.source = source

    def prepare(self) -> None:
        self.stages = {
            stage.code: stage
            for stage in journey_selectors.journey_stages(journey_id=self.journey_id)
        }
        self.touchpoints = {
            (stage_id, name.lower()): pk
            for pk, stage_id, name in journey_selectors.journey_touchpoints(
                journey_id=self.journey_id
            ).values_list("pk", "stage_id", "name")
        }
        self.first_line_of_key: dict[str, int] = {}
        self.queued: list[tuple[EventImportRow, dict[str, Any]]] = []

    def parse(self, row: EventImportRow) -> dict[str, Any]:
        arguments, errors = _event_row_arguments(row.values, self.stages, self.touchpoints)
        key = row.values["idempotency_key"]
        if key in self.first_line_of_key:
            errors.append(
                _("idempotency_key: already used on line %(line)d of this file.")
                % {"line": self.first_line_of_key[key]}
            )
        elif key:
            self.first_line_of_key[key] = row.line
        if errors:
            raise imports.RowError(*errors)
        return {"source": self.source, **arguments}

    def save(self, row: EventImportRow, parsed: dict[str, Any]) -> None:
        self.queued.append((row, parsed))

    def finish(self, result: EventImportResult) -> None:
        ingested = service_events_ingest_batch(
            events=[arguments for _row, arguments in self.queued]
        )
        for (row, _arguments), outcome in zip(self.queued, ingested, strict=True):
            if outcome.error is not None:
                row.errors.extend(outcome.error.messages)
            elif outcome.created:
                row.created = True
                row.invitations = sum(
                    invitation.status == Invitation.Status.SCHEDULED
                    for invitation in outcome.invitations
                )


def service_events_import_csv(
    *, journey_id: int, source: str, text: str, dry_run: bool = False
) -> EventImportResult:
    """Records the service events of a CSV file (EVENT_CSV_COLUMNS; stages by code within the
    journey, touchpoints by name within the stage) through service_events_ingest_batch, with
    `source` as their source system: a key already received creates nothing. Saves nothing
    unless every row is valid; with dry_run, checks everything and saves nothing."""
    importer = ServiceEventImporter(journey_id=journey_id, source=source)
    return imports.import_text(importer, text=text, dry_run=dry_run)
