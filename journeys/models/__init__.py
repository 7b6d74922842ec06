"""The journeys app's data, by concern; callers import this package (`journeys.models`)."""

from .actions import Action
from .journeys import BuyingRole, CivileNeed, Journey, Persona, SpecificNeed
from .map import FunnelPhase, Observation, Stage, Touchpoint
from .moments import (
    MeasurementPeriod,
    MomentOfTruth,
    StandardMeasurement,
    number_display,
    period_start,
)
from .risks import RISK_DESCRIPTIONS, DissatisfactionRisk, risk_labels
from .validators import ChoiceListValidator

__all__ = [
    "RISK_DESCRIPTIONS",
    "Action",
    "BuyingRole",
    "ChoiceListValidator",
    "CivileNeed",
    "DissatisfactionRisk",
    "FunnelPhase",
    "Journey",
    "MeasurementPeriod",
    "MomentOfTruth",
    "Observation",
    "Persona",
    "SpecificNeed",
    "Stage",
    "StandardMeasurement",
    "Touchpoint",
    "number_display",
    "period_start",
    "risk_labels",
]
