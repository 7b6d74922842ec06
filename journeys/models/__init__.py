"""The journeys app's data, by concern; callers import this package (`journeys.models`)."""

from .journeys import BuyingRole, CivileNeed, Journey, Persona, SpecificNeed
from .map import Action, FunnelPhase, MomentOfTruth, Observation, Stage, Touchpoint
from .validators import ChoiceListValidator

__all__ = [
    "Action",
    "BuyingRole",
    "ChoiceListValidator",
    "CivileNeed",
    "FunnelPhase",
    "Journey",
    "MomentOfTruth",
    "Observation",
    "Persona",
    "SpecificNeed",
    "Stage",
    "Touchpoint",
]
