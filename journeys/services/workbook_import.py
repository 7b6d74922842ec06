"""The import of a journey's workbook (the XLSX export: one sheet per kind) through the core
pipeline's workbook import: stages and touchpoints go through the CSV import's row importer,
moments of truth, observations and actions through the importers below, in that order, so
that a later sheet finds the stages and touchpoints an earlier one added. A CSV file (or a
workbook without these sheets) is the stages-and-touchpoints import of csv_import."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.imports import Importer, ImportResult, ImportRow, RowError, import_workbook

from ..models import Journey, Stage, Touchpoint
from .csv_import import CSV_COLUMNS, JourneyImporter, column_messages
from .map_items import action_create, moment_of_truth_create, observation_create

WORKBOOK_COLUMNS = {
    "stages": CSV_COLUMNS[:7],
    "touchpoints": ("stage_code", "stage_name", *CSV_COLUMNS[7:]),
    "moments_of_truth": ("stage_code", "touchpoint_name", "description", "criticality", "standard"),
    "observations": ("stage_code", "side", "kind", "description", "source", "severity"),
    "actions": ("stage_code", "title", "description", "priority", "status", "due_date"),
}


@dataclass
class JourneyWorkbookResult(ImportResult):
    def _count(self, sheet: str) -> int:
        return sum(1 for row in self.rows if row.sheet == sheet and not row.errors)

    @property
    def stages_created(self) -> int:
        return sum(getattr(row, "stage_created", False) for row in self.rows if not row.errors)

    @property
    def touchpoints_created(self) -> int:
        return sum(
            bool(row.values.get("touchpoint_name"))
            for row in self.rows
            if not row.errors and row.sheet in ("", "stages", "touchpoints")
        )

    @property
    def moments_created(self) -> int:
        return self._count("moments_of_truth")

    @property
    def observations_created(self) -> int:
        return self._count("observations")

    @property
    def actions_created(self) -> int:
        return self._count("actions")


@dataclass
class StageItemRow(ImportRow):
    @property
    def item(self) -> str:
        """The row's moment of truth, observation or action, for the preview."""
        return self.values.get("description") or self.values.get("title", "")


def _integer(row: ImportRow, column: str, *, default: int | None = None) -> int | None:
    value = row.values[column]
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise RowError(
            _("“%(column)s”: “%(value)s” is not a whole number.")
            % {"column": column, "value": value}
        ) from None


class StageItemImporter(Importer):
    """A row of an item of a stage named by its code (`stage_code`)."""

    # The model fields the services check, by the column that carries them.
    fields: dict[str, str] = {}
    stage_required = True
    row_class = StageItemRow

    def __init__(self, journey: Journey):
        self.journey = journey

    def prepare(self) -> None:
        self.stages = {stage.code: stage for stage in Stage.objects.filter(journey=self.journey)}

    def stage(self, row: ImportRow) -> Stage | None:
        code = row.values["stage_code"]
        if not code and not self.stage_required:
            return None
        if code not in self.stages:
            raise RowError(_("“stage_code”: the journey has no stage “%(code)s”.") % {"code": code})
        return self.stages[code]

    def messages(self, error: ValidationError) -> list[str]:
        return column_messages(error, {field: column for column, field in self.fields.items()})


class MomentOfTruthImporter(StageItemImporter):
    columns = WORKBOOK_COLUMNS["moments_of_truth"]
    required_columns = ("stage_code", "description")
    fields = {"description": "description", "criticality": "criticality", "standard": "standard"}

    def prepare(self) -> None:
        super().prepare()
        self.touchpoints = {
            (touchpoint.stage_id, touchpoint.name): touchpoint
            for touchpoint in Touchpoint.objects.filter(stage__journey=self.journey)
        }

    def parse(self, row: ImportRow) -> dict:
        stage = self.stage(row)
        name = row.values["touchpoint_name"]
        touchpoint = self.touchpoints.get((stage.pk, name)) if name else None
        if name and touchpoint is None:
            raise RowError(
                _("“touchpoint_name”: stage “%(code)s” has no touchpoint “%(name)s”.")
                % {"code": stage.code, "name": name}
            )
        return {
            "stage": stage,
            "touchpoint": touchpoint,
            "description": row.values["description"],
            "criticality": row.values["criticality"] or "medium",
            "standard": row.values["standard"],
        }

    def save(self, row: ImportRow, parsed: dict) -> None:
        moment_of_truth_create(**parsed)


class ObservationImporter(StageItemImporter):
    columns = WORKBOOK_COLUMNS["observations"]
    required_columns = ("stage_code", "side", "kind", "description")
    fields = {column: column for column in ("side", "kind", "description", "source", "severity")}

    def parse(self, row: ImportRow) -> dict:
        return {
            "stage": self.stage(row),
            "side": row.values["side"],
            "kind": row.values["kind"],
            "description": row.values["description"],
            "source": row.values["source"] or "other",
            "severity": _integer(row, "severity", default=2),
        }

    def save(self, row: ImportRow, parsed: dict) -> None:
        observation_create(**parsed)


class ActionImporter(StageItemImporter):
    """An action at a stage, or for the whole journey when `stage_code` is empty."""

    columns = WORKBOOK_COLUMNS["actions"]
    required_columns = ("title",)
    fields = {
        column: column for column in ("title", "description", "priority", "status", "due_date")
    }
    stage_required = False

    def parse(self, row: ImportRow) -> dict:
        due_date = row.values["due_date"]
        try:
            due = datetime.date.fromisoformat(due_date) if due_date else None
        except ValueError:
            raise RowError(
                _("“due_date”: “%(value)s” is not a date (YYYY-MM-DD).") % {"value": due_date}
            ) from None
        return {
            "journey": self.journey,
            "stage": self.stage(row),
            "title": row.values["title"],
            "description": row.values["description"],
            "priority": _integer(row, "priority", default=2),
            "status": row.values["status"] or "todo",
            "due_date": due,
        }

    def save(self, row: ImportRow, parsed: dict) -> None:
        action_create(**parsed)


def journey_import_workbook(
    *, journey: Journey, sheets: dict[str, str], dry_run: bool = False
) -> JourneyWorkbookResult:
    """Adds the items of a journey's workbook ({sheet: CSV text}, as core.imports reads an
    upload): every row of every sheet, or nothing; with dry_run, checks everything and
    saves nothing. A CSV file's one sheet, or a workbook without a sheet of the export's,
    is read as the stages-and-touchpoints CSV (csv_import)."""
    if not any(sheet in WORKBOOK_COLUMNS for sheet in sheets):
        sheets = {"": next(iter(sheets.values()), "")}
    importers = [
        ("", JourneyImporter(journey)),
        ("stages", JourneyImporter(journey)),
        ("touchpoints", JourneyImporter(journey)),
        ("moments_of_truth", MomentOfTruthImporter(journey)),
        ("observations", ObservationImporter(journey)),
        ("actions", ActionImporter(journey)),
    ]
    return import_workbook(
        importers, sheets=sheets, result=JourneyWorkbookResult(rows=[]), dry_run=dry_run
    )
