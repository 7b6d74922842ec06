"""The journeys app's data, by concern; callers import this package (`journeys.models`)."""

from .journeys import BuyingRole, CivileNeed, Journey, JourneySnapshot, Persona, SpecificNeed
from .map import Action, FunnelPhase, MomentOfTruth, Observation, Stage, Touchpoint
from .risks import RISK_DESCRIPTIONS, DissatisfactionRisk, risk_labels
from .sharing import ShareLink
from .templates import JourneyTemplate, validate_template_structure
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
    "JourneyTemplate",
    "MomentOfTruth",
    "Observation",
    "Persona",
    "ShareLink",
    "SpecificNeed",
    "Stage",
    "Touchpoint",
    "risk_labels",
    "validate_template_structure",
]
