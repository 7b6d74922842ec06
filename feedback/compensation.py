"""The compensation guideline of a complaint case (seed 003, "politique de dédommagement").

A compensation ideally covers 70 to 80 % of the harm. It weighs the severity of the failure,
its consequences for the customer and the customer's value in annual revenue, and follows
the principle of equity: the customer's substitutability and the inconvenience they felt.
It never weighs the customer's attitude. The rule, written down once here:

- the band starts at 70-80 % of the harm amount;
- each of these three facts moves the whole band up by 5 points of the harm:
  - a high-value customer: an annual value at or above FEEDBACK_HIGH_VALUE_CUSTOMER;
  - low substitutability: the customer could not easily have gone elsewhere;
  - a severe inconvenience (3 on the 1-3 scale);
- so 75-85 % with one of them, 80-90 % with two, 85-95 % with all three: toward the upper
  bound of 80 %, then above it. An unknown fact (left empty) moves nothing.

An offer outside the band is not refused: the page and the API warn.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext as _

BASE_LOW_PERCENT = 70
BASE_HIGH_PERCENT = 80
STEP_PERCENT = 5
SEVERE_INCONVENIENCE = 3
LOW_SUBSTITUTABILITY = "low"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Guideline:
    """The band a fair offer falls in, in money and in percent of the harm, and why."""

    low: Decimal
    high: Decimal
    low_percent: int
    high_percent: int
    reasons: tuple[str, ...]


def guideline_reasons(
    *, annual_value: Decimal | None, inconvenience: int | None, substitutability: str
) -> tuple[str, ...]:
    """The facts that move the band up, as codes: high_value, low_substitutability,
    severe_inconvenience."""
    reasons = []
    if annual_value is not None and annual_value >= Decimal(settings.FEEDBACK_HIGH_VALUE_CUSTOMER):
        reasons.append("high_value")
    if substitutability == LOW_SUBSTITUTABILITY:
        reasons.append("low_substitutability")
    if inconvenience == SEVERE_INCONVENIENCE:
        reasons.append("severe_inconvenience")
    return tuple(reasons)


def guideline_for(
    *,
    harm: Decimal | None,
    annual_value: Decimal | None = None,
    inconvenience: int | None = None,
    substitutability: str = "",
) -> Guideline | None:
    """The guideline for a harm amount and what is known of the customer; none without a
    harm amount."""
    if harm is None:
        return None
    reasons = guideline_reasons(
        annual_value=annual_value, inconvenience=inconvenience, substitutability=substitutability
    )
    shift = STEP_PERCENT * len(reasons)
    low_percent, high_percent = BASE_LOW_PERCENT + shift, BASE_HIGH_PERCENT + shift
    return Guideline(
        low=(harm * low_percent / 100).quantize(CENT, rounding=ROUND_HALF_UP),
        high=(harm * high_percent / 100).quantize(CENT, rounding=ROUND_HALF_UP),
        low_percent=low_percent,
        high_percent=high_percent,
        reasons=reasons,
    )


def offer_position(guideline: Guideline | None, offer: Decimal | None) -> str:
    """ "below" or "above" when an offer falls outside the guideline, else ""."""
    if guideline is None or offer is None:
        return ""
    if offer < guideline.low:
        return "below"
    if offer > guideline.high:
        return "above"
    return ""


def offer_warning(guideline: Guideline | None, offer: Decimal | None) -> str:
    """The warning an offer outside the guideline calls for, in the active language (the
    amounts with a dot, as the API writes them); "" within it."""
    position = offer_position(guideline, offer)
    if not position:
        return ""
    values = {
        "offer": f"{offer:.2f}",
        "low": f"{guideline.low:.2f}",
        "high": f"{guideline.high:.2f}",
        "low_percent": guideline.low_percent,
        "high_percent": guideline.high_percent,
    }
    if position == "below":
        return (
            _(
                "The offer of %(offer)s is below the guideline of %(low)s to %(high)s "
                "(%(low_percent)s to %(high_percent)s %% of the harm)."
            )
            % values
        )
    return (
        _(
            "The offer of %(offer)s is above the guideline of %(low)s to %(high)s "
            "(%(low_percent)s to %(high_percent)s %% of the harm)."
        )
        % values
    )
