"""Journey templates: the structure of a journey to start a new one from."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import TEXT_MAX_LENGTH, no_control_characters

from .map import Touchpoint
from .moments import MomentOfTruth
from .phases import PHASE_CHOICES, PhaseSet


def validate_template_structure(structure) -> None:
    """A template's structure: {"phase_set" (optional, the funnel by default), "stages":
    [{"code", "name", "place", "funnel_phase",
    "customer_goal", "expectations", "touchpoints": [{"name", "channel", "lane"}],
    "moments_of_truth": [{"description", "criticality", "standard", "touchpoint": index of
    the stage's touchpoint or null}]}]}."""
    if not isinstance(structure, dict) or not isinstance(structure.get("stages"), list):
        raise ValidationError(_("The structure needs a list of stages."), code="stages")
    if structure.get("phase_set", PhaseSet.FUNNEL) not in PhaseSet.values:
        raise ValidationError(_("Unknown phase set."), code="phase_set")
    if not structure["stages"]:
        raise ValidationError(_("A template has at least one stage."), code="stages")
    for stage in structure["stages"]:
        _check_stage(stage)


def _check(condition: bool, message) -> None:
    if not condition:
        raise ValidationError(message, code="structure")


def _check_stage(stage) -> None:
    _check(isinstance(stage, dict), _("Each stage is an object."))
    _check(
        isinstance(stage.get("name"), str) and stage["name"].strip() != "",
        _("Each stage has a name."),
    )
    _check(
        stage.get("funnel_phase", "") in ("", *(value for value, _label in PHASE_CHOICES)),
        _("Unknown phase."),
    )
    touchpoints = stage.get("touchpoints", [])
    _check(isinstance(touchpoints, list), _("A stage's touchpoints are a list."))
    for touchpoint in touchpoints:
        _check(
            isinstance(touchpoint, dict) and isinstance(touchpoint.get("name"), str),
            _("Each touchpoint has a name."),
        )
        _check(touchpoint.get("channel") in Touchpoint.Channel.values, _("Unknown channel."))
        _check(
            touchpoint.get("lane", Touchpoint.Lane.FRONT_STAGE) in Touchpoint.Lane.values,
            _("Unknown lane."),
        )
    moments = stage.get("moments_of_truth", [])
    _check(isinstance(moments, list), _("A stage's moments of truth are a list."))
    for moment in moments:
        _check(
            isinstance(moment, dict) and isinstance(moment.get("description"), str),
            _("Each moment of truth has a description."),
        )
        _check(
            moment.get("criticality", MomentOfTruth.Criticality.MEDIUM)
            in MomentOfTruth.Criticality.values,
            _("Unknown criticality."),
        )
        index = moment.get("touchpoint")
        _check(
            index is None or (isinstance(index, int) and 0 <= index < len(touchpoints)),
            _("A moment of truth names one of its stage's touchpoints by its index."),
        )


class JourneyTemplate(models.Model):
    """The structure of a journey to start from: stages with their funnel phase and place,
    touchpoint placeholders in their lanes, moments of truth. Shipped templates have a key."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    structure = models.JSONField(_("structure"), validators=[validate_template_structure])
    key = models.SlugField(
        _("key"),
        max_length=60,
        blank=True,
        editable=False,
        help_text=_("Set on the templates Parcours ships, one per language."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journey_templates_created",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("journey template")
        verbose_name_plural = _("journey templates")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "language"],
                condition=~models.Q(key=""),
                name="journeys_template_unique_shipped_key",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def stage_count(self) -> int:
        return len(self.structure.get("stages", []))
