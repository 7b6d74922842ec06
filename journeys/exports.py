"""The journey map as a PDF: A3 landscape, one column per stage and one row per lane, as on
the map page; at most STAGES_PER_PAGE stages side by side, the next ones on the following
pages, in DejaVu Sans Condensed (core.fonts)."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF, XPos, YPos
from fpdf.fonts import FontFace

from core.fonts import DEJAVU_SANS_CONDENSED

from .models import Journey, Observation, Touchpoint
from .selectors import EmotionPoint

FONT = DEJAVU_SANS_CONDENSED
STAGES_PER_PAGE = 8
LANE_WIDTH = 42
# Only the regular face is embedded: headings are shaded rather than bold.
NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
HEADINGS = FontFace(emphasis="", fill_color=(226, 232, 240))
LANE_TITLES = FontFace(emphasis="", fill_color=(241, 245, 249))


def _touchpoints(stage, lane: str) -> str:
    lines = []
    for touchpoint in stage.touchpoints.all():
        if touchpoint.lane != lane:
            continue
        line = f"• {touchpoint.name} ({touchpoint.get_channel_display()})"
        if touchpoint.collects_personal_data:
            line += " — " + _("personal data")
        lines.append(line)
    return "\n".join(lines)


def _moments(stage) -> str:
    lines = []
    for moment in stage.moments_of_truth.all():
        line = f"★ {moment.description}"
        if moment.standard:
            line += "\n  " + _("Standard:") + " " + moment.standard
        lines.append(line)
    return "\n".join(lines)


def _observations(stage, side: str) -> str:
    return "\n".join(
        f"{'\u2212' if o.kind == Observation.Kind.IRRITANT else '+'} {o.description}"
        for o in stage.observations.all()
        if o.side == side
    )


def _emotion(point: EmotionPoint) -> str:
    if point.score is None:
        return "—"
    source = _("survey score") if point.source == "survey" else _("manual score")
    return f"{point.score:+d} ({source})" if point.score else f"0 ({source})"


def journey_map_pdf(*, journey: Journey, curve: list[EmotionPoint]) -> bytes:
    """The PDF of a journey read by selectors.journey_map_get, with its emotion curve."""
    pdf = FPDF(orientation="landscape", format="A3")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_title(journey.name)
    pdf.add_page()
    pdf.set_font("DejaVu", size=16)
    pdf.multi_cell(0, 8, f"{journey.name} ({journey.get_state_display()})", **NEXT_LINE)
    pdf.set_font("DejaVu", size=9)
    details = [
        _("Persona:") + " " + (journey.persona.name if journey.persona else "—"),
        _("Owner:") + " " + (journey.owner.get_full_name() or journey.owner.username)
        if journey.owner
        else _("Owner:") + " —",
        formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
    ]
    pdf.multi_cell(0, 5, " · ".join(details), **NEXT_LINE)
    if journey.description:
        pdf.multi_cell(0, 5, journey.description, **NEXT_LINE)
    pdf.ln(3)

    stages = list(journey.stages.all())
    points = {point.stage_id: point for point in curve}
    actions = list(journey.actions.all())
    lanes = [
        (_("Funnel phase and place"), lambda s: f"{s.get_funnel_phase_display()}\n{s.place}"),
        (
            _("Customer goal and expectations"),
            lambda s: "\n".join(filter(None, [s.customer_goal, s.expectations])),
        ),
        (
            _("Front-stage touchpoints"),
            lambda s: _touchpoints(s, Touchpoint.Lane.FRONT_STAGE),
        ),
        (_("Back-stage touchpoints"), lambda s: _touchpoints(s, Touchpoint.Lane.BACK_STAGE)),
        (_("Moments of truth"), _moments),
        (_("Emotion score"), lambda s: _emotion(points[s.pk])),
        (
            _("Customer irritants and enchantments"),
            lambda s: _observations(s, Observation.Side.CUSTOMER),
        ),
        (
            _("Employee irritants and enchantments"),
            lambda s: _observations(s, Observation.Side.EMPLOYEE),
        ),
        (
            _("Actions"),
            lambda s: "\n".join(f"• {a.title}" for a in actions if a.stage_id == s.pk),
        ),
    ]
    if not stages:
        pdf.multi_cell(0, 6, _("This journey has no stage yet."), **NEXT_LINE)
    usable = pdf.epw - LANE_WIDTH
    pdf.set_font("DejaVu", size=7)
    for start in range(0, len(stages), STAGES_PER_PAGE):
        chunk = stages[start : start + STAGES_PER_PAGE]
        if start:
            pdf.add_page()
        width = usable / max(len(chunk), 4)  # a short journey keeps readable columns
        with pdf.table(
            col_widths=[LANE_WIDTH, *[width] * len(chunk)],
            width=LANE_WIDTH + width * len(chunk),
            align="LEFT",
            text_align="LEFT",
            line_height=3.4,
            headings_style=HEADINGS,
            padding=1.2,
        ) as table:
            head = table.row()
            head.cell(_("Stage"))
            for stage in chunk:
                head.cell(f"{stage.code}. {stage.name}")
            for title, text in lanes:
                row = table.row()
                row.cell(title, style=LANE_TITLES)
                for stage in chunk:
                    row.cell(text(stage))
    journey_wide = [action for action in actions if action.stage_id is None]
    if journey_wide:
        pdf.ln(4)
        pdf.set_font("DejaVu", size=10)
        pdf.multi_cell(0, 6, _("Actions for the whole journey"), **NEXT_LINE)
        pdf.set_font("DejaVu", size=8)
        for action in journey_wide:
            pdf.multi_cell(
                0, 4.5, f"• {action.title} ({action.get_priority_display()})", **NEXT_LINE
            )
    return bytes(pdf.output())
