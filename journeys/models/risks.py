"""The 13 dissatisfaction risks (seed 003): what can make a customer unhappy at a stage.

A complaint case is classified by one (feedback); observations and moments of truth name
the ones they run (journeys): the vocabulary lives here, below both."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DissatisfactionRisk(models.TextChoices):
    """The 13 dissatisfaction risks a complaint, an observation or a moment is classified by."""

    KNOW_HOW = "know_how", _("knowledge / know-how")
    ATTITUDE = "attitude", _("attitude")
    RELATIONAL = "relational", _("relational")
    SUPPORT = "support", _("support (involvement)")
    PSYCHOLOGICAL = "psychological", _("psychological")
    COGNITIVE = "cognitive", _("cognitive")
    FINANCIAL = "financial", _("financial")
    TEMPORAL = "temporal", _("temporal")
    SENSORY = "sensory", _("sensory")
    SECURITY = "security", _("security")
    ETHICAL = "ethical", _("ethical")
    SPACE = "space", _("space")
    OPERATIONAL = "operational", _("operational")


# What each risk looks like when it happens, in the words of seed 003.
RISK_DESCRIPTIONS = {
    DissatisfactionRisk.KNOW_HOW: _(
        "Knowledge and know-how (trade, training): does not master the subject, makes mistakes."
    ),
    DissatisfactionRisk.ATTITUDE: _("Attitude (behaviour): arrogant, condescending."),
    DissatisfactionRisk.RELATIONAL: _("Relational: distant, cold."),
    DissatisfactionRisk.SUPPORT: _(
        "Support (involvement): does not take the time, does not commit."
    ),
    DissatisfactionRisk.PSYCHOLOGICAL: _(
        "Psychological (stress, emotions): passes nervousness on to the customer."
    ),
    DissatisfactionRisk.COGNITIVE: _(
        "Cognitive (biases, reasoning): makes things hard to understand."
    ),
    DissatisfactionRisk.FINANCIAL: _(
        "Financial (money, investment): brings negative financial consequences."
    ),
    DissatisfactionRisk.TEMPORAL: _(
        "Temporal (total time, waiting, pace): no view of the schedule."
    ),
    DissatisfactionRisk.SENSORY: _(
        "Sensory (touch, taste, smell, hearing, sight): hands over dirty documents."
    ),
    DissatisfactionRisk.SECURITY: _("Security (material, digital, physical): damage."),
    DissatisfactionRisk.ETHICAL: _("Ethical (beliefs, stereotypes, values): passes judgement."),
    DissatisfactionRisk.SPACE: _("Space (crowded, large, small, empty): ignores the surroundings."),
    DissatisfactionRisk.OPERATIONAL: _(
        "Operational (structure, method, process): cumbersome ways of doing things."
    ),
}


def risk_labels(values) -> list[str]:
    """The labels of the listed risks, in the list's order (an unknown value as is)."""
    labels = dict(DissatisfactionRisk.choices)
    return [str(labels.get(value, value)) for value in values]
