"""The import of a journey's stages and touchpoints (one row per touchpoint), through the
core import pipeline: this module brings only the row importer."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.imports import Importer, ImportResult, ImportRow, RowError, import_text

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
class JourneyImportRow(ImportRow):
    stage_created: bool = False

    @property
    def item(self) -> str:
        """The row's touchpoint, for the preview."""
        name, channel = self.values["touchpoint_name"], self.values["channel"]
        return f"{name} ({channel})" if name and channel else name


@dataclass
class JourneyImportResult(ImportResult):
    @property
    def stages_created(self) -> int:
        return sum(row.stage_created for row in self.rows if not row.errors)

    @property
    def touchpoints_created(self) -> int:
        return sum(bool(row.values["touchpoint_name"]) for row in self.rows if not row.errors)


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
    value = values[column]
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
    has_touchpoint = bool(values["touchpoint_name"])
    if has_touchpoint:
        required.append("channel")
    for column in required:
        if not values[column]:
            errors.append(_("“%(column)s” is empty; it is required.") % {"column": column})
    for column in CSV_COLUMNS:
        error = _column_error(column, values)
        if error:
            errors.append(error)
    if has_touchpoint and values["volume"] and not values["volume_period"]:
        errors.append(
            _("“volume_period” is empty: say per what period the volume is counted (%(periods)s).")
            % {"periods": ", ".join(Touchpoint.VolumePeriod.values)}
        )
    if not has_touchpoint and any(values[column] for column in _CSV_TOUCHPOINT_COLUMNS):
        errors.append(
            _("“touchpoint_name” is empty but the row has touchpoint columns; name the touchpoint.")
        )
    return errors


def _messages(error: ValidationError, *, touchpoint: bool) -> list[str]:
    """A service's refusal (rare once _row_errors passed), with the CSV column named."""
    columns = {"name": "touchpoint_name" if touchpoint else "stage_name", "code": "stage_code"}
    return column_messages(error, columns)


def column_messages(error: ValidationError, columns: dict[str, str]) -> list[str]:
    """A service's refusal as an import row's errors, each field named by its column
    (`columns`: {field: column}; a field without one keeps its name)."""
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
    return int(value) if value else None


class JourneyImporter(Importer):
    """A row adds its stage unless the journey (or an earlier row) has its code, then its
    touchpoint if the row names one."""

    columns = CSV_COLUMNS
    required_columns = CSV_REQUIRED_COLUMNS
    row_class = JourneyImportRow
    result_class = JourneyImportResult

    def __init__(self, journey: Journey):
        self.journey = journey

    def prepare(self) -> None:
        self.stages = {stage.code: stage for stage in Stage.objects.filter(journey=self.journey)}
        # A code's first line lacking its stage: a later row still lacking it failed there.
        self.first_lines: dict[str, int] = {}

    def parse(self, row: JourneyImportRow) -> None:
        code = row.values["stage_code"]
        if code in self.stages:
            errors = _row_errors(row.values, new_stage=False)
        elif (line := self.first_lines.setdefault(code, row.line)) != row.line:
            errors = _row_errors(row.values, new_stage=False)
            errors.append(
                _("Stage “%(code)s” could not be added: see line %(line)s.")
                % {"code": code, "line": line}
            )
        else:
            errors = _row_errors(row.values, new_stage=True)
        if errors:
            raise RowError(*errors)

    def save(self, row: JourneyImportRow, parsed: None) -> None:
        values = row.values
        code = values["stage_code"]
        stage = self.stages.get(code)
        if stage is None:
            try:
                stage = stage_create(
                    journey=self.journey,
                    code=code,
                    name=values["stage_name"],
                    place=values["place"],
                    funnel_phase=values["funnel_phase"],
                    customer_goal=values["customer_goal"],
                    expectations=values["expectations"],
                    emotion_score=_integer(values["emotion_score"]),
                )
            except ValidationError as error:
                raise RowError(*_messages(error, touchpoint=False)) from error
            row.stage_created = True
        if values["touchpoint_name"]:
            try:
                touchpoint_create(
                    stage=stage,
                    name=values["touchpoint_name"],
                    channel=values["channel"],
                    lane=values["lane"] or Touchpoint.Lane.FRONT_STAGE,
                    volume=_integer(values["volume"]),
                    volume_period=values["volume_period"],
                    tools=values["tools"],
                    collects_personal_data=values["collects_personal_data"].lower() in _CSV_TRUE,
                )
            except ValidationError as error:
                raise RowError(*_messages(error, touchpoint=True)) from error
        self.stages[code] = stage


def journey_import_csv(
    *, journey: Journey, text: str, dry_run: bool = False
) -> JourneyImportResult:
    """Adds the stages and touchpoints of a CSV file (one row per touchpoint, CSV_COLUMNS;
    a row whose stage code exists reuses that stage). Saves nothing unless every row is
    valid; with dry_run, checks everything and saves nothing."""
    return import_text(JourneyImporter(journey), text=text, dry_run=dry_run)
