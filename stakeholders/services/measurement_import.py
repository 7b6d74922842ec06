"""Measurements imported from a CSV file through core's import pipeline: a dry run that
previews each row, then all rows or none."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import imports

from ..models import SLAObjective, Stakeholder
from .slas import MEASUREMENTS_PER_UPLOAD, measurement_record

MEASUREMENT_CSV_COLUMNS = ("service", "metric", "period_start", "value")
MEASUREMENT_CSV_REQUIRED_COLUMNS = ("metric", "period_start", "value")
MEASUREMENT_CSV_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass
class MeasurementImportRow(imports.ImportRow):
    objective: SLAObjective | None = None
    met: bool | None = None


@dataclass
class MeasurementImport(imports.ImportResult):
    @property
    def breached(self) -> int:
        return sum(1 for row in self.rows if row.met is False)

    @property
    def error_causes(self) -> list[tuple[str, list[int]]]:
        """Each distinct error once, with the lines it stops: a wrong metric on 40 rows is
        one cause to correct, not 40."""
        causes: dict[str, list[int]] = {}
        for row in self.rows:
            for error in row.errors:
                causes.setdefault(str(error), []).append(row.line)
        return list(causes.items())


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


class MeasurementImporter(imports.Importer):
    """A measurement per row, recorded with measurement_record (met or breached computed)."""

    columns = MEASUREMENT_CSV_COLUMNS
    required_columns = MEASUREMENT_CSV_REQUIRED_COLUMNS
    max_rows = MEASUREMENTS_PER_UPLOAD
    too_many_rows = gettext_lazy("Send at most %(count)d measurements at once.")
    row_class = MeasurementImportRow
    result_class = MeasurementImport
    savepoint = False  # measurement_record is atomic: a savepoint of its own per row

    def __init__(self, *, stakeholder: Stakeholder):
        self.stakeholder = stakeholder

    def prepare(self) -> None:
        self.objectives = list(
            SLAObjective.objects.filter(sla__stakeholder=self.stakeholder).select_related("sla")
        )
        self.first_line: dict[tuple[int, date], int] = {}

    def parse(self, row: MeasurementImportRow) -> tuple[date, Decimal]:
        row.objective = _csv_objective(self.objectives, row.values)
        period_start = _csv_date(row.values["period_start"])
        value = _csv_decimal(row.values["value"])
        earlier = self.first_line.setdefault((row.objective.pk, period_start), row.line)
        if earlier != row.line:
            raise imports.RowError(
                _("Line %(line)d already gives this objective's value for this period.")
                % {"line": earlier}
            )
        return period_start, value

    def save(self, row: MeasurementImportRow, parsed: tuple[date, Decimal]) -> None:
        period_start, value = parsed
        measurement = measurement_record(
            objective=row.objective, period_start=period_start, value=value
        )
        row.met = measurement.met

    def messages(self, error: ValidationError) -> list[str]:
        if hasattr(error, "error_dict"):
            return [
                _("%(label)s: %(value)s") % {"label": name, "value": message}
                if name != "__all__"
                else message
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        return list(error.messages)


def measurements_import_csv(
    *, stakeholder: Stakeholder, text: str, dry_run: bool = False
) -> MeasurementImport:
    """Records the measurements of a CSV file (MEASUREMENT_CSV_COLUMNS; the objective is
    found by metric, and service when needed, among the stakeholder's SLAs), met or breached
    computed for each. Saves nothing unless every row is valid; with dry_run, saves nothing."""
    importer = MeasurementImporter(stakeholder=stakeholder)
    return imports.import_text(importer, text=text, dry_run=dry_run)
