"""The journey map as a picture (SVG, then PNG or PDF through core.pictures), drawn on the
server from selectors.journey_map, the lanes other apps contribute included: a header
(journey, persona, owner, date), the stage band, one row per lane with the page's colours,
the line of visibility between front and back stage, the emotion curve with its axis, and
a legend. One band of stages per picture: every stage for a slide, a paper's width of
stages per PDF page, the curve running on from page to page."""

from django.utils.translation import gettext as _

from core import pictures
from core.pictures import element, text

from ..selectors import JourneyMap, MapColumn
from . import cards
from .cards import MUTED, Card
from .curve import emotion_lane
from .layout import (
    COLUMN,
    CURVE_HEIGHT,
    MARGIN,
    PAGE_SIZES,
    STAGES_PER_PAGE,
    TITLE_WIDTH,
    Lane,
    draw_lane,
    header,
    line_of_visibility,
    stage_band,
)
from .legend import draw_legend, legend_height


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


def _member_card(member) -> Card:
    """A persona of the buying group who matters at the stage, with their role."""
    return Card(title=member.persona.name, label=member.get_role_display(), note=member.needs)


def _lanes(journey_map: JourneyMap, columns: list[MapColumn]) -> tuple[list[Lane], list[Lane]]:
    """The lanes above the emotion curve and those below it, as the map page orders them."""
    # The buying group's row only where the journey has one, as on the page.
    buying_group = Lane(
        "buying_group",
        _("Buying group: whose stage it is"),
        [[_member_card(member) for member in c.buying_group] for c in columns],
    )
    above = [
        *([buying_group] if journey_map.buying_group else []),
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
    drawn, y = header(journey_map, width, page)
    parts.append(drawn)
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
    band, height = stage_band(columns, y)
    parts.append(band)
    y += height
    above, below = _lanes(journey_map, columns)
    for lane in above[:2]:
        drawn, height = draw_lane(lane, y, band_width)
        parts.append(drawn)
        y += height
    drawn, height = line_of_visibility(y, band_width)
    parts.append(drawn)
    y += height
    for lane in above[2:]:
        drawn, height = draw_lane(lane, y, band_width)
        parts.append(drawn)
        y += height
    parts.append(emotion_lane(journey_map, start, len(columns), y, band_width))
    y += CURVE_HEIGHT
    for lane in below:
        drawn, height = draw_lane(lane, y, band_width)
        parts.append(drawn)
        y += height
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
