"""The emotion curve's row of the map's picture, with its axis (core.charts geometry)."""

from django.utils.translation import gettext as _

from core import charts
from core.pictures import element, text

from ..selectors import JourneyMap
from .cards import MUTED, PRIMARY
from .layout import (
    COLUMN,
    CURVE_HEIGHT,
    CURVE_SCALE,
    MARGIN,
    SCORE_COLOURS,
    TITLE_WIDTH,
    lane_title,
    rule,
)


def _score_label(score: int) -> str:
    return f"{score:+d}".replace("-", "\u2212") if score else "0"


def emotion_lane(
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
        lane_title(_("Emotion curve"), y),
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
    parts.append(rule(y + CURVE_HEIGHT, band_width))
    return "".join(parts)
