"""A journey's items as an XLSX workbook, one sheet per kind: stages, touchpoints, moments
of truth, observations and actions, with the columns the workbook import reads back
(services.WORKBOOK_COLUMNS). Written through core.exports, so formula-safe; numbers stay
numbers."""

from collections.abc import Iterator

from ..models import Journey
from ..services import WORKBOOK_COLUMNS


def _blank(value):
    return "" if value is None else value


def _stages(journey: Journey) -> Iterator[list]:
    for stage in journey.stages.all():
        yield [
            stage.code,
            stage.name,
            stage.place,
            stage.funnel_phase,
            stage.customer_goal,
            stage.expectations,
            _blank(stage.emotion_score),
        ]


def _touchpoints(journey: Journey) -> Iterator[list]:
    for stage in journey.stages.all():
        for touchpoint in stage.touchpoints.all():
            yield [
                stage.code,
                stage.name,
                touchpoint.name,
                touchpoint.channel,
                touchpoint.lane,
                _blank(touchpoint.volume),
                touchpoint.volume_period,
                touchpoint.tools,
                "yes" if touchpoint.collects_personal_data else "no",
            ]


def _moments(journey: Journey) -> Iterator[list]:
    for stage in journey.stages.all():
        for moment in stage.moments_of_truth.all():
            yield [
                stage.code,
                moment.touchpoint.name if moment.touchpoint else "",
                moment.description,
                moment.criticality,
                moment.standard,
            ]


def _observations(journey: Journey) -> Iterator[list]:
    for stage in journey.stages.all():
        for observation in stage.observations.all():
            yield [
                stage.code,
                observation.side,
                observation.kind,
                observation.description,
                observation.source,
                observation.severity,
            ]


def _actions(journey: Journey) -> Iterator[list]:
    for action in journey.actions.all():
        yield [
            action.stage.code if action.stage else "",
            action.title,
            action.description,
            action.priority,
            action.status,
            action.due_date.isoformat() if action.due_date else "",
        ]


SHEET_ROWS = {
    "stages": _stages,
    "touchpoints": _touchpoints,
    "moments_of_truth": _moments,
    "observations": _observations,
    "actions": _actions,
}


def journey_workbook_sheets(journey: Journey) -> list[tuple[str, Iterator[list]]]:
    """(sheet, rows) for core.exports.xlsx_workbook_response, of a journey read by
    selectors.journey_map_get; each sheet starts with its header."""
    return [
        (sheet, iter([list(WORKBOOK_COLUMNS[sheet]), *rows(journey)]))
        for sheet, rows in SHEET_ROWS.items()
    ]
