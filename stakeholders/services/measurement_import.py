"""Measurements imported from a CSV file: a dry run that previews each row, then all rows or
none. Kept in one module: its generic parts (header check, dry run, errors by line) are to
move to core's import pipeline."""

import csv
import io
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import SLAObjective, Stakeholder
from .slas import MEASUREMENTS_PER_UPLOAD, measurement_record

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
