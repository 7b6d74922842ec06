"""The rows of the map's picture: sizes and colours, the header, the stage band, a lane of
cards with its title, the line of visibility. Coordinates are SVG user units (points)."""

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import charts
from core.pictures import element, text, wrap

from ..selectors import JourneyMap, MapColumn
from . import cards
from .cards import MUTED, PRIMARY, PRIMARY_DARK, Card

MARGIN = 24.0
TITLE_WIDTH = 118.0
COLUMN = 170.0
CELL_PAD = 6.0
CURVE_HEIGHT = 110.0
CURVE_SCALE = charts.Scale(low=-2, high=2, size=CURVE_HEIGHT, margin=14)
STAGES_PER_PAGE = {"a3": 6, "a4": 4}
PAGE_SIZES = {"a3": ("420mm", "297mm"), "a4": ("297mm", "210mm")}
LANE_FILLS = {
    "front": "#f0f9ff",
    "back": "#f8fafc",
    "moments": cards.MOMENT_FILL,
    "emotion": "#ffffff",
}
SCORE_COLOURS = {-2: cards.IRRITANT, -1: cards.IRRITANT, 1: cards.ENCHANTMENT, 2: cards.ENCHANTMENT}


@dataclass
class Lane:
    """A row of the picture: its title and the cards of each stage of the band."""

    key: str
    title: str
    cells: list[list[Card]]


def lane_height(lane: Lane) -> float:
    inner = COLUMN - 2 * CELL_PAD
    content = max([cards.stack_height(cell, inner) for cell in lane.cells] + [0])
    title = len(wrap(lane.title, width=TITLE_WIDTH - 2 * CELL_PAD, size=8.5, bold=True))
    return max(content, title * 8.5 * 1.25, 14) + 2 * CELL_PAD


def lane_title(title: str, y: float, *, colour: str = MUTED) -> str:
    lines = wrap(title, width=TITLE_WIDTH - 2 * CELL_PAD, size=8.5, bold=True)
    return "".join(
        element(
            "text",
            text(line),
            x=MARGIN + CELL_PAD,
            y=y + CELL_PAD + (index + 1) * 8.5 * 1.25 - 2.5,
            font_size=8.5,
            font_weight="bold",
            fill=colour,
        )
        for index, line in enumerate(lines)
    )


def draw_lane(lane: Lane, y: float, band_width: float) -> tuple[str, float]:
    height = lane_height(lane)
    fill = LANE_FILLS.get(lane.key, "#ffffff")
    parts = [
        element("rect", x=MARGIN, y=y, width=TITLE_WIDTH + band_width, height=height, fill=fill),
        element("rect", x=MARGIN, y=y, width=TITLE_WIDTH, height=height, fill="#f1f5f9"),
        lane_title(lane.title, y),
    ]
    for index, cell in enumerate(lane.cells):
        x = MARGIN + TITLE_WIDTH + index * COLUMN
        parts.append(cards.draw_stack(cell, x + CELL_PAD, y + CELL_PAD, COLUMN - 2 * CELL_PAD))
    parts.append(rule(y + height, band_width))
    return "".join(parts), height


def rule(y: float, band_width: float, **style) -> str:
    return element(
        "line",
        x1=MARGIN,
        y1=y,
        x2=MARGIN + TITLE_WIDTH + band_width,
        y2=y,
        stroke=style.get("stroke", "#e2e8f0"),
        stroke_width=style.get("width", 0.8),
        stroke_dasharray=style.get("dash"),
    )


def header(journey_map: JourneyMap, width: float, page: str) -> tuple[str, float]:
    journey = journey_map.journey
    owner = journey.owner.get_full_name() or journey.owner.username if journey.owner else "—"
    details = [
        _("Persona:") + " " + (journey.persona.name if journey.persona else "—"),
        _("Owner:") + " " + owner,
        formats.date_format(timezone.localdate(), "DATE_FORMAT"),
    ]
    title = f"{journey.name} ({journey.get_state_display()})"
    title_lines = wrap(title, width=width - 2 * MARGIN - 80, size=18, bold=True)
    parts = [
        element(
            "text",
            text(line),
            x=MARGIN,
            y=MARGIN + 18 + index * 22,
            font_size=18,
            font_weight="bold",
            fill=PRIMARY_DARK,
        )
        for index, line in enumerate(title_lines)
    ]
    y = MARGIN + 18 + (len(title_lines) - 1) * 22 + 16
    parts.append(
        element("text", text(" · ".join(details)), x=MARGIN, y=y, font_size=9.5, fill=MUTED)
    )
    if page:
        parts.append(
            element(
                "text",
                text(page),
                x=width - MARGIN,
                y=MARGIN + 18,
                font_size=9,
                fill=MUTED,
                text_anchor="end",
            )
        )
    return "".join(parts), y + 12


def stage_band(columns: list[MapColumn], y: float) -> tuple[str, float]:
    inner = COLUMN - 2 * CELL_PAD
    heights = []
    for column in columns:
        stage = column.stage
        lines = len(wrap(stage.name, width=inner - 22, size=10, bold=True))
        extra = sum(1 for value in (stage.funnel_phase, stage.place) if value)
        heights.append(lines * 12.5 + extra * 10 + 2 * CELL_PAD + 2)
    height = max([*heights, 30])
    parts = [
        element("rect", x=MARGIN, y=y, width=TITLE_WIDTH, height=height, fill=PRIMARY_DARK),
        lane_title(_("Stage"), y, colour="#ffffff"),
    ]
    for index, column in enumerate(columns):
        stage = column.stage
        x = MARGIN + TITLE_WIDTH + index * COLUMN
        parts.append(element("rect", x=x, y=y, width=COLUMN, height=height, fill=PRIMARY))
        parts.append(
            element("line", x1=x, y1=y, x2=x, y2=y + height, stroke="#ffffff", stroke_width=1)
        )
        parts.append(
            element(
                "rect", x=x + CELL_PAD, y=y + CELL_PAD, width=18, height=15, rx=3, fill="#ffffff"
            )
        )
        parts.append(
            element(
                "text",
                text(stage.code),
                x=x + CELL_PAD + 9,
                y=y + CELL_PAD + 11.5,
                font_size=10,
                font_weight="bold",
                fill=PRIMARY,
                text_anchor="middle",
            )
        )
        top = y + CELL_PAD
        for line in wrap(stage.name, width=inner - 22, size=10, bold=True):
            top += 12.5
            parts.append(
                element(
                    "text",
                    text(line),
                    x=x + CELL_PAD + 22,
                    y=top - 1.5,
                    font_size=10,
                    font_weight="bold",
                    fill="#ffffff",
                )
            )
        for value in (stage.get_funnel_phase_display() if stage.funnel_phase else "", stage.place):
            if value:
                top += 10
                parts.append(
                    element(
                        "text",
                        text(value),
                        x=x + CELL_PAD + 22,
                        y=top,
                        font_size=7.5,
                        fill="#dbeafe",
                    )
                )
    return "".join(parts), height


def line_of_visibility(y: float, band_width: float) -> tuple[str, float]:
    height = 16.0
    middle = y + height / 2
    parts = [
        element(
            "rect", x=MARGIN, y=y, width=TITLE_WIDTH + band_width, height=height, fill="#ffffff"
        ),
        element(
            "text",
            text(_("Line of visibility")),
            x=MARGIN + CELL_PAD,
            y=middle + 3,
            font_size=8,
            font_weight="bold",
            fill=PRIMARY,
        ),
        element(
            "line",
            x1=MARGIN + TITLE_WIDTH,
            y1=middle,
            x2=MARGIN + TITLE_WIDTH + band_width,
            y2=middle,
            stroke=PRIMARY,
            stroke_width=2,
            stroke_dasharray="6 4",
        ),
        element(
            "text",
            text("▲ " + _("Seen by the customer") + "   ▼ " + _("Behind the scenes")),
            x=MARGIN + TITLE_WIDTH + band_width - CELL_PAD,
            y=middle - 3,
            font_size=6.5,
            fill=PRIMARY,
            text_anchor="end",
        ),
    ]
    return "".join(parts), height
