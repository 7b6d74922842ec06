"""Personas and the journeys drawn for them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import TEXT_MAX_LENGTH, no_control_characters

from .phases import PhaseSet
from .validators import ChoiceListValidator


class BuyingRole(models.TextChoices):
    STRATEGIST = "strategist", _("strategist")
    PRESCRIBER = "prescriber", _("prescriber")
    USER = "user", _("user")
    PAYER = "payer", _("payer")
    BUYER = "buyer", _("buyer")
    FINAL_DECISION_MAKER = "final_decision_maker", _("final decision-maker")
    INFLUENCER = "influencer", _("influencer")


class SpecificNeed(models.TextChoices):
    """The SPECIFIC needs: security, performance, environment, consideration, image, finances,
    innovation, comfort."""

    SECURITY = "security", _("security")
    PERFORMANCE = "performance", _("performance")
    ENVIRONMENT = "environment", _("environment")
    CONSIDERATION = "consideration", _("consideration")
    IMAGE = "image", _("image")
    FINANCES = "finances", _("finances")
    INNOVATION = "innovation", _("innovation")
    COMFORT = "comfort", _("comfort")


class CivileNeed(models.TextChoices):
    """The CIVILE needs: consideration, integration, valorisation, individualisation, limits,
    expression."""

    CONSIDERATION = "consideration", _("consideration")
    INTEGRATION = "integration", _("integration")
    VALORISATION = "valorisation", _("valorisation")
    INDIVIDUALISATION = "individualisation", _("individualisation")
    LIMITS = "limits", _("limits")
    EXPRESSION = "expression", _("expression")


class Needs(models.Model):
    """The SPECIFIC and CIVILE needs, of a persona or of a buying group member."""

    specific_needs = models.JSONField(
        _("SPECIFIC needs"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(SpecificNeed)],
    )
    civile_needs = models.JSONField(
        _("CIVILE needs"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(CivileNeed)],
    )

    class Meta:
        abstract = True

    def get_specific_needs_display(self) -> list[str]:
        labels = dict(SpecificNeed.choices)
        return [str(labels.get(need, need)) for need in self.specific_needs]

    def get_civile_needs_display(self) -> list[str]:
        labels = dict(CivileNeed.choices)
        return [str(labels.get(need, need)) for need in self.civile_needs]


class Persona(Needs):
    """The customer a journey is drawn for."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(
        _("description"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    buying_role = models.CharField(_("buying role"), max_length=24, choices=BuyingRole, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("persona")
        verbose_name_plural = _("personas")

    def __str__(self):
        return self.name


class Journey(models.Model):
    """A customer journey for one persona, as it is today or as it should become."""

    class State(models.TextChoices):
        AS_IS = "as_is", _("as-is")
        TO_BE = "to_be", _("to-be")

    class EmotionMetric(models.TextChoices):
        NPS = "nps", _("NPS")
        CSAT = "csat", _("CSAT")
        CES = "ces", _("CES")

    name = models.CharField(_("name"), max_length=200)
    persona = models.ForeignKey(
        Persona,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journeys",
        verbose_name=_("persona"),
    )
    state = models.CharField(_("state"), max_length=8, choices=State, default=State.AS_IS)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_journeys",
        verbose_name=_("owner"),
    )
    # Who an overdue complaint case of the journey escalates to (else the owner).
    escalation_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalation_journeys",
        verbose_name=_("escalation contact"),
        help_text=_("Who an overdue complaint case escalates to; the owner when empty."),
    )
    description = models.TextField(
        _("description"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    source_journey = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    emotion_metric = models.CharField(
        _("emotion curve metric"),
        max_length=4,
        choices=EmotionMetric,
        default=EmotionMetric.NPS,
        help_text=_(
            "The survey score that replaces the stages' manual emotion once enough customers "
            "answered it."
        ),
    )
    phase_set = models.CharField(
        _("phase set"),
        max_length=20,
        choices=PhaseSet,
        default=PhaseSet.FUNNEL,
        help_text=_(
            "The phases the stages are sorted into: the funnel's five, or the traveller's "
            "relationship cycle (aspiration, planning, comparison, transaction, stay, "
            "ambassador or detractor). Changing it moves each stage to the nearest phase."
        ),
    )
    scores_changed_at = models.DateTimeField(
        _("scores changed at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When a survey answer last moved the scores this journey's map shows."),
    )
    # Every change of the journey and of its items is kept (journeys.history reads it); the
    # change stamps are not changes a person made.
    history = HistoricalRecords(excluded_fields=["updated_at", "scores_changed_at"])

    class Meta:
        ordering = ["name", "id"]
        # Lists of stages, touchpoints and data items go journey by journey: with this index
        # a page of them reads its first journeys instead of sorting every row.
        indexes = [models.Index(fields=["name", "id"], name="journeys_journey_name")]
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")

    def __str__(self):
        return self.name


class JourneySnapshot(models.Model):
    """A named point in a journey's history ("after the March workshop"): the map as it was
    then is read back from the history, so a snapshot copies nothing."""

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("journey")
    )
    name = models.CharField(_("name"), max_length=200)
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journey_snapshots",
        verbose_name=_("taken by"),
    )

    class Meta:
        ordering = ["journey", "-taken_at", "-id"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")

    def __str__(self):
        return self.name
