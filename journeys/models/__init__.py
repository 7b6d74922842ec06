"""The journeys app's data, by concern; callers import this package (`journeys.models`)."""

from .buying import BuyingGroupMember
from .journeys import BuyingRole, CivileNeed, Journey, JourneySnapshot, Persona, SpecificNeed
from .map import Action, MomentOfTruth, Observation, Stage, Touchpoint
from .phases import (
    PHASE_EQUIVALENTS,
    PHASES,
    FunnelPhase,
    PhaseSet,
    RelationshipPhase,
    phase_choices,
    phase_set_of,
)
from .risks import RISK_DESCRIPTIONS, DissatisfactionRisk, risk_labels
from .sharing import ShareLink
from .templates import JourneyTemplate, validate_template_structure
from .validators import ChoiceListValidator

__all__ = [
    "PHASES",
    "PHASE_EQUIVALENTS",
    "RISK_DESCRIPTIONS",
    "Action",
    "BuyingGroupMember",
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
    "PhaseSet",
    "RelationshipPhase",
    "ShareLink",
    "SpecificNeed",
    "Stage",
    "Touchpoint",
    "phase_choices",
    "phase_set_of",
    "risk_labels",
    "validate_template_structure",
]
