"""The boxes the map's picture stacks in a stage's cell: a touchpoint, a moment of truth, an
observation, an action, a stakeholder… each a Card, measured then drawn at a width."""

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from core.pictures import element, text, text_width, wrap

from ..extensions import LaneItemPicture
from ..models import Action, MomentOfTruth, Observation, Touchpoint, number_display

# The map page's colours (static/css/app.css).
PRIMARY = "#1d4ed8"
PRIMARY_DARK = "#1e3a8a"
IRRITANT = "#b91c1c"
ENCHANTMENT = "#047857"
MUTED = "#64748b"
INK = "#1e293b"
BORDER = "#cbd5e1"
MOMENT = "#d97706"
MOMENT_FILL = "#fffbeb"
CRITICALITY = {"high": IRRITANT, "medium": MOMENT, "low": "#facc15"}
# Badge tones: (fill, text).
TONES = {
    "front": ("#dbeafe", "#1e40af"),
    "back": ("#e2e8f0", "#334155"),
    "alert": (IRRITANT, "#ffffff"),
    "personal": ("#ede9fe", "#5b21b6"),
    "neutral": ("#f1f5f9", INK),
}

SIZE = 8.0
SMALL = 6.8
LINE = 1.25  # line height, in font sizes
PAD = 3.5
BAR = 3.0
GAP = 4.0


@dataclass
class Card:
    """A box of text: an optional small coloured label, a main text, a muted note, badges;
    with a left bar, a fill and a border as the page draws the item. A card with neither
    fill nor border nor bar is bare text (a channel's name, a stage's goal)."""

    title: str = ""
    label: str = ""
    label_colour: str = MUTED
    note: str = ""
    badges: list[tuple[str, str]] = field(default_factory=list)
    bar: str | None = None
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 0.8
    italic: bool = False

    @property
    def boxed(self) -> bool:
        return bool(self.bar or self.fill or self.stroke)

    def _inner(self, width: float) -> float:
        inner = width - (2 * PAD if self.boxed else 0)
        return inner - (BAR + 1 if self.bar else 0)

    def _lines(self, width: float) -> list[tuple[str, float, bool, str]]:
        """(text, size, bold, colour) for each line, wrapped to the card's inside."""
        inner = self._inner(width)
        lines = []
        if self.label:
            lines += [
                (line, SMALL, True, self.label_colour)
                for line in wrap(self.label, width=inner, size=SMALL, bold=True)
            ]
        if self.title:
            lines += [(line, SIZE, False, INK) for line in wrap(self.title, width=inner, size=SIZE)]
        if self.note:
            lines += [
                (line, SMALL, False, MUTED) for line in wrap(self.note, width=inner, size=SMALL)
            ]
        return lines

    def _badge_rows(self, width: float) -> list[list[tuple[str, str, float]]]:
        rows: list[list[tuple[str, str, float]]] = []
        inner = self._inner(width)
        used = 0.0
        for label, tone in self.badges:
            badge = text_width(label, size=SMALL, bold=True) + 6
            if not rows or (rows[-1] and used + badge > inner):
                rows.append([])
                used = 0.0
            rows[-1].append((label, tone, badge))
            used += badge + 3
        return rows

    def height(self, width: float) -> float:
        lines = self._lines(width)
        body = sum(size * LINE for _text, size, _bold, _colour in lines)
        body += len(self._badge_rows(width)) * (SMALL + 5)
        return body + (2 * PAD if self.boxed else 0)

    def draw(self, x: float, y: float, width: float) -> str:
        height = self.height(width)
        parts = []
        if self.fill or self.stroke:
            parts.append(
                element(
                    "rect",
                    x=x,
                    y=y,
                    width=width,
                    height=height,
                    rx=2.5,
                    fill=self.fill or "none",
                    stroke=self.stroke or "none",
                    stroke_width=self.stroke_width,
                )
            )
        if self.bar:
            parts.append(element("rect", x=x, y=y, width=BAR, height=height, fill=self.bar))
        left = x + (PAD if self.boxed else 0) + (BAR + 1 if self.bar else 0)
        top = y + (PAD if self.boxed else 0)
        for line, size, bold, colour in self._lines(width):
            top += size * LINE
            parts.append(
                element(
                    "text",
                    text(line),
                    x=left,
                    y=top - size * 0.3,
                    font_size=size,
                    font_weight="bold" if bold else None,
                    font_style="italic" if self.italic and not bold else None,
                    fill=colour,
                )
            )
        for row in self._badge_rows(width):
            at = left
            for label, tone, badge in row:
                fill, ink = TONES.get(tone, TONES["neutral"])
                parts.append(
                    element(
                        "rect", x=at, y=top + 1.5, width=badge, height=SMALL + 3, rx=2, fill=fill
                    )
                )
                parts.append(
                    element(
                        "text",
                        text(label),
                        x=at + 3,
                        y=top + 1.5 + SMALL + 0.4,
                        font_size=SMALL,
                        font_weight="bold",
                        fill=ink,
                    )
                )
                at += badge + 3
            top += SMALL + 5
        return "".join(parts)


def stack_height(cards: list[Card], width: float) -> float:
    return sum(card.height(width) + GAP for card in cards) - (GAP if cards else 0)


def draw_stack(cards: list[Card], x: float, y: float, width: float) -> str:
    parts = []
    for card in cards:
        parts.append(card.draw(x, y, width))
        y += card.height(width) + GAP
    return "".join(parts)


def channel_heading(label: str) -> Card:
    return Card(label=label.upper(), label_colour=PRIMARY)


def touchpoint_card(touchpoint: Touchpoint, *, is_moment: bool) -> Card:
    badges = [(_("personal data"), "personal")] if touchpoint.collects_personal_data else []
    note = ""
    if touchpoint.volume is not None:
        note = _("%(volume)s %(period)s") % {
            "volume": formats.number_format(touchpoint.volume, force_grouping=True),
            "period": touchpoint.get_volume_period_display(),
        }
    return Card(
        title=("★ " if is_moment else "") + touchpoint.name,
        note=note,
        badges=badges,
        fill=MOMENT_FILL if is_moment else "#ffffff",
        stroke=MOMENT if is_moment else BORDER,
        stroke_width=1.6 if is_moment else 0.8,
    )


def moment_card(moment: MomentOfTruth) -> Card:
    notes = []
    if moment.touchpoint:
        notes.append(moment.touchpoint.name)
    if moment.standard:
        notes.append(_("Standard:") + " " + moment.standard)
    status = getattr(moment, "standard_status", None)
    if status is not None and status.last is not None:
        notes.append(
            (
                _("%(target)s: met (%(value)s)")
                if status.last.met
                else _("%(target)s: missed (%(value)s)")
            )
            % {"target": moment.target_display, "value": number_display(status.last.value)}
        )
    return Card(
        label=_("Criticality:") + " " + moment.get_criticality_display(),
        label_colour=CRITICALITY.get(moment.criticality, MOMENT),
        title="★ " + moment.description,
        note="\n".join(notes),
        bar=CRITICALITY.get(moment.criticality, MOMENT),
        fill="#ffffff",
    )


def observation_card(observation: Observation) -> Card:
    colour = IRRITANT if observation.kind == Observation.Kind.IRRITANT else ENCHANTMENT
    return Card(
        label=observation.get_kind_display().upper(),
        label_colour=colour,
        title=observation.description,
        note=_("%(source)s, severity %(severity)s")
        % {"source": observation.get_source_display(), "severity": observation.severity},
        bar=colour,
        fill="#ffffff",
    )


def action_card(action: Action) -> Card:
    details = [action.get_priority_display(), action.get_status_display()]
    if action.owner:
        details.append(action.owner.get_full_name() or action.owner.username)
    if action.due_date:
        details.append(formats.date_format(action.due_date, "DATE_FORMAT"))
    return Card(
        title=action.title,
        note=" · ".join(details),
        bar=IRRITANT if action.priority == 1 else MUTED,
        fill="#ffffff",
    )


def lane_item_card(picture: LaneItemPicture) -> Card:
    return Card(title=picture.text, badges=list(picture.badges), fill="#ffffff", stroke=BORDER)
