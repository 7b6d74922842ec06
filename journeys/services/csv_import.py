"""The CSV import of a journey's stages and touchpoints (one row per touchpoint), checked
row by row and saved all or nothing."""

import csv
import io
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Journey, Stage, Touchpoint
from .stages import stage_create, touchpoint_create

CSV_COLUMNS = (
    "stage_code",
    "stage_name",
    "place",
    "funnel_phase",
    "customer_goal",
    "expectations",
    "emotion_score",
    "touchpoint_name",
    "channel",
    "lane",
    "volume",
    "volume_period",
    "tools",
    "collects_personal_data",
)
CSV_REQUIRED_COLUMNS = ("stage_code", "stage_name")


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    errors: list[str] = dataclass_field(default_factory=list)
    stage_created: bool = False


@dataclass
class ImportResult:
    rows: list[ImportRow]
    file_errors: list[str] = dataclass_field(default_factory=list)
    stages_created: int = 0
    touchpoints_created: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)


# The CSV columns checked against a model field: its length and choices.
_CSV_FIELDS = {
    "stage_code": (Stage, "code"),
    "stage_name": (Stage, "name"),
    "place": (Stage, "place"),
    "funnel_phase": (Stage, "funnel_phase"),
    "touchpoint_name": (Touchpoint, "name"),
    "channel": (Touchpoint, "channel"),
    "lane": (Touchpoint, "lane"),
    "volume_period": (Touchpoint, "volume_period"),
}
_CSV_TOUCHPOINT_COLUMNS = ("channel", "lane", "volume", "volume_period", "tools")
_CSV_TRUE = ("yes", "true", "1")
_CSV_FALSE = ("", "no", "false", "0")


def _column_error(column: str, values: dict[str, str]) -> str | None:
    """What is wrong with one column of a row, in words a user understands; None if fine."""
    value = values.get(column, "").strip()
    if column in _CSV_FIELDS:
        model, name = _CSV_FIELDS[column]
        field = model._meta.get_field(name)
        if field.max_length and len(value) > field.max_length:
            return _("“%(column)s” is too long: at most %(max)s characters.") % {
                "column": column,
                "max": field.max_length,
            }
        allowed = [choice for choice, _label in field.choices or []]
        if value and allowed and value not in allowed:
            return _("“%(column)s”: “%(value)s” is not allowed; use one of: %(choices)s.") % {
                "column": column,
                "value": value,
                "choices": ", ".join(allowed),
            }
    if column in ("emotion_score", "volume") and value:
        low, high = (-2, 2) if column == "emotion_score" else (0, None)
        try:
            number = int(value)
        except ValueError:
            return _("“%(column)s”: “%(value)s” is not a whole number.") % {
                "column": column,
                "value": value,
            }
        if number < low or (high is not None and number > high):
            if high is None:
                return _("“%(column)s” cannot be negative.") % {"column": column}
            return _("“%(column)s” must be between %(low)s and %(high)s.") % {
                "column": column,
                "low": f"{low:+d}",
                "high": f"{high:+d}",
            }
    if column == "collects_personal_data" and value.lower() not in (*_CSV_TRUE, *_CSV_FALSE):
        return _("“%(column)s”: “%(value)s” is not yes or no.") % {
            "column": column,
            "value": value,
        }
    return None


def _row_errors(values: dict[str, str], *, new_stage: bool) -> list[str]:
    """Every problem of one row, so that a user fixes the file in one go."""
    errors = []
    required = ["stage_code", "stage_name"] if new_stage else ["stage_code"]
    has_touchpoint = bool(values.get("touchpoint_name", "").strip())
    if has_touchpoint:
        required.append("channel")
    for column in required:
        if not values.get(column, "").strip():
            errors.append(_("“%(column)s” is empty; it is required.") % {"column": column})
    for column in CSV_COLUMNS:
        error = _column_error(column, values)
        if error:
            errors.append(error)
    if (
        has_touchpoint
        and values.get("volume", "").strip()
        and not values.get("volume_period", "").strip()
    ):
        errors.append(
            _("“volume_period” is empty: say per what period the volume is counted (%(periods)s).")
            % {"periods": ", ".join(Touchpoint.VolumePeriod.values)}
        )
    if not has_touchpoint and any(
        values.get(column, "").strip() for column in _CSV_TOUCHPOINT_COLUMNS
    ):
        errors.append(
            _("“touchpoint_name” is empty but the row has touchpoint columns; name the touchpoint.")
        )
    return errors


def _messages(error: ValidationError, *, touchpoint: bool) -> list[str]:
    """A service's refusal (rare once _row_errors passed), with the CSV column named."""
    columns = {"name": "touchpoint_name" if touchpoint else "stage_name", "code": "stage_code"}
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    return [
        message
        if name == "__all__"
        else _("“%(column)s”: %(message)s")
        % {"column": columns.get(name, name), "message": message}
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def _integer(value: str) -> int | None:
    return int(value) if value.strip() else None


class _RowRefused(Exception):
    """A service refused the row; its savepoint is rolled back."""

    def __init__(self, row: ImportRow):
        self.row = row


def _import_row(journey: Journey, values: dict[str, str], stages: dict[str, Stage]) -> ImportRow:
    row = ImportRow(line=0, values=values)
    code = values["stage_code"].strip()
    stage = stages.get(code)
    if stage is None:
        try:
            stage = stage_create(
                journey=journey,
                code=code,
                name=values["stage_name"].strip(),
                place=values.get("place", "").strip(),
                funnel_phase=values.get("funnel_phase", "").strip(),
                customer_goal=values.get("customer_goal", "").strip(),
                expectations=values.get("expectations", "").strip(),
                emotion_score=_integer(values.get("emotion_score", "")),
            )
        except ValidationError as error:
            row.errors = _messages(error, touchpoint=False)
            raise _RowRefused(row) from error
        row.stage_created = True
    if values.get("touchpoint_name", "").strip():
        try:
            touchpoint_create(
                stage=stage,
                name=values["touchpoint_name"].strip(),
                channel=values.get("channel", "").strip(),
                lane=values.get("lane", "").strip() or Touchpoint.Lane.FRONT_STAGE,
                volume=_integer(values.get("volume", "")),
                volume_period=values.get("volume_period", "").strip(),
                tools=values.get("tools", "").strip(),
                collects_personal_data=values.get("collects_personal_data", "").strip().lower()
                in _CSV_TRUE,
            )
        except ValidationError as error:
            row.errors = _messages(error, touchpoint=True)
            raise _RowRefused(row) from error
    stages[code] = stage
    return row


@transaction.atomic
def journey_import_csv(*, journey: Journey, text: str, dry_run: bool = False) -> ImportResult:
    """Adds the stages and touchpoints of a CSV file (one row per touchpoint, CSV_COLUMNS;
    a row whose stage code exists reuses that stage). Saves nothing unless every row is
    valid; with dry_run, checks everything and saves nothing."""
    # Read through once first: a malformed file (a stray carriage return, a huge field) is one
    # clear error rather than a crash halfway through the rows.
    checker = csv.reader(io.StringIO(text, newline=""))
    try:
        for _record in checker:
            pass
    except csv.Error:
        return ImportResult(
            rows=[],
            file_errors=[
                _("Line %(line)s is not valid CSV: quote fields that hold line breaks or commas.")
                % {"line": checker.line_num}
            ],
        )
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in CSV_REQUIRED_COLUMNS if name not in header]
    if missing:
        return ImportResult(
            rows=[],
            file_errors=[_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}],
        )
    reader.fieldnames = header
    stages = {stage.code: stage for stage in Stage.objects.filter(journey=journey)}
    result = ImportResult(rows=[])
    failed_stages: dict[str, int] = {}  # code → the line where adding the stage failed
    for line, values in enumerate(reader, start=2):
        values = {key: (value or "") for key, value in values.items() if key in CSV_COLUMNS}
        values.setdefault("stage_code", "")
        values.setdefault("stage_name", "")
        code = values["stage_code"].strip()
        if code in failed_stages and code not in stages:
            errors = _row_errors(values, new_stage=False)
            errors.append(
                _("Stage “%(code)s” could not be added: see line %(line)s.")
                % {"code": code, "line": failed_stages[code]}
            )
        else:
            errors = _row_errors(values, new_stage=code not in stages)
        if errors:
            row = ImportRow(line=line, values=values, errors=errors)
        else:
            try:
                # A savepoint per row: a failed row leaves the others checkable.
                with transaction.atomic():
                    row = _import_row(journey, values, stages)
            except _RowRefused as refused:
                row = refused.row
        row.line = line
        result.rows.append(row)
        if row.errors and code not in stages:
            failed_stages.setdefault(code, line)
        if not row.errors:
            result.stages_created += row.stage_created
            result.touchpoints_created += bool(values.get("touchpoint_name", "").strip())
    if not result.rows:
        result.file_errors.append(_("The file has no rows."))
    if dry_run or not result.is_valid:
        transaction.set_rollback(True)
    return result
