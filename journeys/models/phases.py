"""Phase sets: the phases a journey's stages are sorted into. The funnel's five phases, or
the traveller's relationship cycle of seed 002 (aspiration, planning, comparison,
transaction, stay, ambassador or detractor); each journey picks its set."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PhaseSet(models.TextChoices):
    FUNNEL = "funnel", _("funnel (five phases)")
    RELATIONSHIP_CYCLE = "relationship_cycle", _("relationship cycle (six steps)")


class FunnelPhase(models.TextChoices):
    AWARENESS = "awareness", _("awareness")
    CONSIDERATION = "consideration", _("consideration")
    PURCHASE = "purchase", _("purchase")
    SERVICE_USE = "service_use", _("service / use")
    LOYALTY_ADVOCACY = "loyalty_advocacy", _("loyalty / advocacy")


class RelationshipPhase(models.TextChoices):
    ASPIRATION = "aspiration", _("aspiration / inspiration")
    PLANNING = "planning", _("planning")
    COMPARISON = "comparison", _("comparison")
    TRANSACTION = "transaction", _("transaction")
    STAY = "stay", _("stay")
    AMBASSADOR = "ambassador", _("ambassador / detractor")


PHASES = {PhaseSet.FUNNEL: FunnelPhase, PhaseSet.RELATIONSHIP_CYCLE: RelationshipPhase}

# Every phase of every set: what Stage.funnel_phase may hold.
PHASE_CHOICES = [*FunnelPhase.choices, *RelationshipPhase.choices]

# Where a stage's phase goes when its journey changes phase set: the nearest phase of the
# other set, so that no stage loses its place in the journey.
PHASE_EQUIVALENTS = {
    FunnelPhase.AWARENESS: RelationshipPhase.ASPIRATION,
    FunnelPhase.CONSIDERATION: RelationshipPhase.COMPARISON,
    FunnelPhase.PURCHASE: RelationshipPhase.TRANSACTION,
    FunnelPhase.SERVICE_USE: RelationshipPhase.STAY,
    FunnelPhase.LOYALTY_ADVOCACY: RelationshipPhase.AMBASSADOR,
    RelationshipPhase.ASPIRATION: FunnelPhase.AWARENESS,
    RelationshipPhase.PLANNING: FunnelPhase.CONSIDERATION,
    RelationshipPhase.COMPARISON: FunnelPhase.CONSIDERATION,
    RelationshipPhase.TRANSACTION: FunnelPhase.PURCHASE,
    RelationshipPhase.STAY: FunnelPhase.SERVICE_USE,
    RelationshipPhase.AMBASSADOR: FunnelPhase.LOYALTY_ADVOCACY,
}


def phase_set_of(phase: str) -> str | None:
    """The phase set a phase belongs to (None for an unknown phase)."""
    return next((key for key, phases in PHASES.items() if phase in phases.values), None)


def phase_choices(phase_set: str) -> list[tuple[str, str]]:
    """The phases a stage of a journey with `phase_set` may take, in order."""
    return PHASES.get(phase_set, FunnelPhase).choices
