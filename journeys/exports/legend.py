"""The legend under the map's picture: what each colour and mark means."""

from django.utils.translation import gettext as _

from core.pictures import element, text, text_width

from . import cards

SIZE = 7.5
ROW = 16.0
SWATCH = 12.0


def _entries() -> list[tuple[str, str]]:
    """(kind of swatch, label), in reading order."""
    return [
        ("front", _("Front stage: seen by the customer")),
        ("back", _("Back stage: behind the scenes")),
        ("visibility", _("Line of visibility")),
        ("moment", _("Moment of truth")),
        ("irritant", _("Irritant")),
        ("enchantment", _("Enchantment")),
        ("survey", _("Emotion from surveys (NPS)")),
        ("manual", _("Emotion entered by hand")),
        ("personal", _("Collects personal data")),
        ("alert", _("SLA breached")),
    ]


def _swatch(kind: str, x: float, y: float) -> str:
    box = {"x": x, "y": y, "width": SWATCH, "height": SWATCH - 3, "rx": 2}
    if kind == "front":
        return element("rect", **box, fill="#f0f9ff", stroke=cards.BORDER, stroke_width=0.8)
    if kind == "back":
        return element("rect", **box, fill="#f8fafc", stroke=cards.BORDER, stroke_width=0.8)
    if kind == "visibility":
        middle = y + (SWATCH - 3) / 2
        return element(
            "line",
            x1=x,
            y1=middle,
            x2=x + SWATCH,
            y2=middle,
            stroke=cards.PRIMARY,
            stroke_width=2,
            stroke_dasharray="4 2",
        )
    if kind == "moment":
        return element("rect", **box, fill=cards.MOMENT_FILL, stroke=cards.MOMENT, stroke_width=1.6)
    if kind in ("irritant", "enchantment"):
        colour = cards.IRRITANT if kind == "irritant" else cards.ENCHANTMENT
        return element("rect", **box, fill="#ffffff", stroke=cards.BORDER, stroke_width=0.6) + (
            element("rect", x=x, y=y, width=3, height=SWATCH - 3, fill=colour)
        )
    if kind in ("survey", "manual"):
        survey = kind == "survey"
        return element(
            "circle",
            cx=x + SWATCH / 2,
            cy=y + (SWATCH - 3) / 2,
            r=5 if survey else 3.8,
            fill=cards.PRIMARY,
            stroke="#ffffff" if survey else None,
            stroke_width=1.2 if survey else None,
        )
    fill = cards.TONES[kind][0]
    return element("rect", **box, fill=fill)


def _layout(width: float) -> list[tuple[str, str, float, float]]:
    """Each entry with its position, wrapping to as many rows as the width needs."""
    placed = []
    x, row = 0.0, 0
    for kind, label in _entries():
        entry = SWATCH + 4 + text_width(label, size=SIZE) + 14
        if x and x + entry > width:
            x, row = 0.0, row + 1
        placed.append((kind, label, x, row * ROW))
        x += entry
    return placed


def legend_height(width: float) -> float:
    return max(y for _kind, _label, _x, y in _layout(width - 60)) + ROW


def draw_legend(x: float, y: float, width: float) -> str:
    heading = element(
        "text",
        text(_("Legend")),
        x=x,
        y=y + 8,
        font_size=SIZE,
        font_weight="bold",
        fill=cards.MUTED,
    )
    parts = [heading]
    for kind, label, left, top in _layout(width - 60):
        parts.append(_swatch(kind, x + 60 + left, y + top))
        parts.append(
            element(
                "text",
                text(label),
                x=x + 60 + left + SWATCH + 4,
                y=y + top + 8,
                font_size=SIZE,
                fill=cards.INK,
            )
        )
    return "".join(parts)
