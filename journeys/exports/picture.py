"""The journey map as a picture (SVG, then PNG or PDF through core.pictures), drawn on the
server from selectors.journey_map, the lanes other apps contribute included: a header
(journey, persona, owner, date), the stage band, one row per lane with the page's colours,
the line of visibility between front and back stage, the emotion curve with its axis, and
a legend. One band of stages per picture: every stage for a slide, a paper's width of
stages per PDF page, the curve running on from page to page."""

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import charts, pictures
from core.pictures import element, text, wrap

from ..selectors import JourneyMap, MapColumn
from . import cards
from .cards import MUTED, PRIMARY, PRIMARY_DARK, Card
from .legend import draw_legend, legend_height

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


def _channel_cards(groups, moment_ids: set[int]) -> list[Card]:
    stack = []
    for group in groups:
        stack.append(cards.channel_heading(group.label))
        stack += [
            cards.touchpoint_card(touchpoint, is_moment=touchpoint.pk in moment_ids)
            for touchpoint in group.touchpoints
        ]
    return stack


def _goal_cards(column: MapColumn) -> list[Card]:
    stage = column.stage
    if not stage.customer_goal and not stage.expectations:
        return []
    return [Card(title=stage.customer_goal, note=stage.expectations, italic=True)]


def _lanes(journey_map: JourneyMap, columns: list[MapColumn]) -> tuple[list[Lane], list[Lane]]:
    """The lanes above the emotion curve and those below it, as the map page orders them."""
    above = [
        Lane("goal", _("Customer goal and expectations"), [_goal_cards(c) for c in columns]),
        Lane(
            "front",
            _("Front-stage touchpoints"),
            [_channel_cards(c.front_stage, c.moment_touchpoint_ids) for c in columns],
        ),
        Lane(
            "back",
            _("Back-stage touchpoints"),
            [_channel_cards(c.back_stage, c.moment_touchpoint_ids) for c in columns],
        ),
        Lane(
            "moments",
            _("Moments of truth"),
            [[cards.moment_card(m) for m in c.stage.moments_of_truth.all()] for c in columns],
        ),
    ]
    below = [
        Lane(
            content.lane.key,
            str(content.lane.title),
            [
                [
                    cards.lane_item_card(content.lane.item_picture(item))
                    for item in column.lanes.get(content.lane.key, [])
                ]
                for column in columns
            ],
        )
        for content in journey_map.lanes
        if content.lane.item_picture and content.lane.title
    ]
    below += [
        Lane(
            "customer",
            _("Customer irritants and enchantments"),
            [[cards.observation_card(o) for o in c.customer_observations] for c in columns],
        ),
        Lane(
            "employee",
            _("Employee irritants and enchantments"),
            [[cards.observation_card(o) for o in c.employee_observations] for c in columns],
        ),
        Lane("actions", _("Actions"), [[cards.action_card(a) for a in c.actions] for c in columns]),
    ]
    return above, below


def _lane_height(lane: Lane) -> float:
    inner = COLUMN - 2 * CELL_PAD
    content = max([cards.stack_height(cell, inner) for cell in lane.cells] + [0])
    title = len(wrap(lane.title, width=TITLE_WIDTH - 2 * CELL_PAD, size=8.5, bold=True))
    return max(content, title * 8.5 * 1.25, 14) + 2 * CELL_PAD


def _lane_title(title: str, y: float, *, colour: str = MUTED) -> str:
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


def _draw_lane(lane: Lane, y: float, band_width: float) -> tuple[str, float]:
    height = _lane_height(lane)
    fill = LANE_FILLS.get(lane.key, "#ffffff")
    parts = [
        element("rect", x=MARGIN, y=y, width=TITLE_WIDTH + band_width, height=height, fill=fill),
        element("rect", x=MARGIN, y=y, width=TITLE_WIDTH, height=height, fill="#f1f5f9"),
        _lane_title(lane.title, y),
    ]
    for index, cell in enumerate(lane.cells):
        x = MARGIN + TITLE_WIDTH + index * COLUMN
        parts.append(cards.draw_stack(cell, x + CELL_PAD, y + CELL_PAD, COLUMN - 2 * CELL_PAD))
    parts.append(_rule(y + height, band_width))
    return "".join(parts), height


def _rule(y: float, band_width: float, **style) -> str:
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


def _header(journey_map: JourneyMap, width: float, page: str) -> tuple[str, float]:
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


def _stage_band(columns: list[MapColumn], y: float) -> tuple[str, float]:
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
        _lane_title(_("Stage"), y, colour="#ffffff"),
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


def _line_of_visibility(y: float, band_width: float) -> tuple[str, float]:
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


def _score_label(score: int) -> str:
    return f"{score:+d}".replace("-", "\u2212") if score else "0"


def _emotion_lane(
    journey_map: JourneyMap, start: int, count: int, y: float, band_width: float
) -> str:
    """The curve of the band's stages, with the segments to the stages just before and after
    it so that the line runs on across pages; clipped to the band."""
    points = journey_map.emotion_curve
    window = range(start - 1, start + count + 1)
    values = [points[i].score if 0 <= i < len(points) else None for i in window]
    plot = charts.plot(values, scale=CURVE_SCALE, column=COLUMN)
    left = MARGIN + TITLE_WIDTH
    parts = [
        element(
            "rect",
            x=MARGIN,
            y=y,
            width=TITLE_WIDTH + band_width,
            height=CURVE_HEIGHT,
            fill="#ffffff",
        ),
        element("rect", x=MARGIN, y=y, width=TITLE_WIDTH, height=CURVE_HEIGHT, fill="#f1f5f9"),
        _lane_title(_("Emotion curve"), y),
        element(
            "clipPath",
            element("rect", x=left, y=y, width=band_width, height=CURVE_HEIGHT),
            id=f"band-{start}",
        ),
    ]
    for value, position in CURVE_SCALE.ticks(1):
        tick_y = y + float(position)
        parts.append(
            element(
                "text",
                text(_score_label(int(value))),
                x=left - 5,
                y=tick_y + 2.5,
                font_size=7,
                fill=MUTED,
                text_anchor="end",
            )
        )
        parts.append(
            element(
                "line",
                x1=left,
                y1=tick_y,
                x2=left + band_width,
                y2=tick_y,
                stroke="#94a3b8" if value == 0 else "#e2e8f0",
                stroke_width=1 if value == 0 else 0.6,
                stroke_dasharray="4 3" if value == 0 else None,
            )
        )
    curve = []
    for line in plot.polylines:
        curve.append(
            element(
                "polyline",
                points=line,
                fill="none",
                stroke=PRIMARY,
                stroke_width=2.5,
                stroke_linejoin="round",
            )
        )
    for dot in plot.dots:
        index = start - 1 + dot.index
        point = points[index]
        survey = point.source == "survey"
        colour = SCORE_COLOURS.get(point.score, PRIMARY)
        curve.append(
            element(
                "circle",
                cx=dot.x,
                cy=dot.y,
                r=6.5 if survey else 5,
                fill=colour,
                stroke="#ffffff" if survey else None,
                stroke_width=1.5 if survey else None,
            )
        )
        curve.append(
            element(
                "text",
                text(_score_label(point.score)),
                x=float(dot.x),
                y=float(dot.y) - 9,
                font_size=8,
                font_weight="bold",
                fill=colour,
                text_anchor="middle",
            )
        )
    parts.append(
        element(
            "g",
            element(
                "g",
                "".join(curve),
                transform=f"translate({charts.number(left - COLUMN)} {charts.number(y)})",
            ),
            clip_path=f"url(#band-{start})",
        )
    )
    parts.append(_rule(y + CURVE_HEIGHT, band_width))
    return "".join(parts)


def _band(
    journey_map: JourneyMap,
    start: int,
    count: int,
    *,
    page: str = "",
    width_stages: int | None = None,
) -> tuple[str, float, float]:
    """One band of `count` stages from `start`: the SVG content, its width and height."""
    columns = journey_map.columns[start : start + count]
    band_width = COLUMN * len(columns)
    width = 2 * MARGIN + TITLE_WIDTH + COLUMN * max(width_stages or len(columns), len(columns), 1)
    parts = []
    header, y = _header(journey_map, width, page)
    parts.append(header)
    if not columns:
        parts.append(
            element(
                "text",
                text(_("This journey has no stage yet.")),
                x=MARGIN,
                y=y + 20,
                font_size=11,
                fill=MUTED,
            )
        )
        return "".join(parts), width, y + 40
    band, height = _stage_band(columns, y)
    parts.append(band)
    y += height
    above, below = _lanes(journey_map, columns)
    for lane in above[:2]:
        drawn, height = _draw_lane(lane, y, band_width)
        parts.append(drawn)
        y += height
    drawn, height = _line_of_visibility(y, band_width)
    parts.append(drawn)
    y += height
    for lane in above[2:]:
        drawn, height = _draw_lane(lane, y, band_width)
        parts.append(drawn)
        y += height
    parts.append(_emotion_lane(journey_map, start, len(columns), y, band_width))
    y += CURVE_HEIGHT
    for lane in below:
        drawn, height = _draw_lane(lane, y, band_width)
        parts.append(drawn)
        y += height
    for index in range(len(columns) + 1):
        x = MARGIN + TITLE_WIDTH + index * COLUMN
        parts.append(element("line", x1=x, y1=y - 1, x2=x, y2=y, stroke="#e2e8f0"))
    y += 14
    parts.append(draw_legend(MARGIN, y, width - 2 * MARGIN))
    y += legend_height(width - 2 * MARGIN)
    return "".join(parts), width, y + MARGIN


def _title(journey_map: JourneyMap) -> str:
    return _("Journey map: %(name)s") % {"name": journey_map.journey.name}


def map_svg(journey_map: JourneyMap) -> str:
    """Every stage side by side, for a slide (SVG as it is, or as a PNG)."""
    content, width, height = _band(journey_map, 0, len(journey_map.columns))
    return pictures.svg_document(content, width=width, height=height, title=_title(journey_map))


def map_png(journey_map: JourneyMap) -> bytes:
    return pictures.png(map_svg(journey_map))


def map_pdf(journey_map: JourneyMap, *, paper: str = "a3") -> bytes:
    """One page per band of stages as wide as the paper (landscape), as many as needed."""
    per_page = STAGES_PER_PAGE[paper]
    starts = list(range(0, len(journey_map.columns), per_page)) or [0]
    pages = []
    for number, start in enumerate(starts, start=1):
        label = (
            _("Page %(number)s of %(count)s") % {"number": number, "count": len(starts)}
            if len(starts) > 1
            else ""
        )
        content, width, height = _band(
            journey_map, start, per_page, page=label, width_stages=per_page
        )
        # A band drawn at the paper's proportions at least, so that a short one keeps its size.
        paper_width, paper_height = pictures.PAPERS[paper]
        height = max(height, width * paper_height / paper_width)
        pages.append(
            pictures.svg_document(
                content,
                width=width,
                height=height,
                title=_title(journey_map),
                page=PAGE_SIZES[paper],
            )
        )
    return pictures.pdf(pages, paper=paper, title=_title(journey_map))
