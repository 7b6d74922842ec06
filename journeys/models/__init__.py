"""The journeys app's data, by concern; callers import this package (`journeys.models`)."""

from .journeys import BuyingRole, CivileNeed, Journey, JourneySnapshot, Persona, SpecificNeed
from .map import Action, FunnelPhase, MomentOfTruth, Observation, Stage, Touchpoint
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
    "JourneySnapshot",
    "MomentOfTruth",
    "Observation",
    "Persona",
    "SpecificNeed",
    "Stage",
    "Touchpoint",
    "risk_labels",
]
