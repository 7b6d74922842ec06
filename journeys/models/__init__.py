"""The journeys app's data, by concern; callers import this package (`journeys.models`)."""

from .actions import Action
from .buying import BuyingGroupMember
from .journeys import BuyingRole, CivileNeed, Journey, JourneySnapshot, Persona, SpecificNeed
from .map import Observation, Stage, Touchpoint
from .moments import (
    MeasurementPeriod,
    MomentOfTruth,
    StandardMeasurement,
    number_display,
    period_start,
)
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
    "MeasurementPeriod",
    "MomentOfTruth",
    "Observation",
    "Persona",
    "PhaseSet",
    "RelationshipPhase",
    "ShareLink",
    "SpecificNeed",
    "Stage",
    "StandardMeasurement",
    "Touchpoint",
    "number_display",
    "period_start",
    "phase_choices",
    "phase_set_of",
    "risk_labels",
    "validate_template_structure",
]
