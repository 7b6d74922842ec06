"""The improvement plan's actions, and the measure each should move (Identifier / Agir /
Contrôler): a baseline taken when it starts, compared once it is done."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import TEXT_MAX_LENGTH, no_control_characters

from .journeys import Journey
from .map import Observation, Stage
from .moments import MomentOfTruth


class Action(models.Model):
    """An improvement action of the journey's plan, at one stage or for the whole journey."""

    class Priority(models.IntegerChoices):
        FIRST = 1, _("priority 1")
        SECOND = 2, _("priority 2")
        THIRD = 3, _("priority 3")

    class Status(models.TextChoices):
        TODO = "todo", _("to do")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    class Measure(models.TextChoices):
        """What the action should move: a stage's survey score (feedback computes it), a
        moment's standard, or a KPI (stakeholders links the action to it)."""

        NPS = "nps", _("the stage's NPS")
        CSAT = "csat", _("the stage's CSAT")
        CES = "ces", _("the stage's CES")
        STANDARD = "standard", _("a moment's standard")
        KPI = "kpi", _("a KPI")

    SCORE_MEASURES = (Measure.NPS, Measure.CSAT, Measure.CES)

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="actions", verbose_name=_("journey")
    )
    stage = models.ForeignKey(
        Stage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("stage"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority, default=Priority.SECOND
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journey_actions",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.TODO)
    observation = models.ForeignKey(
        Observation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("from observation"),
    )
    measure = models.CharField(
        _("measure to move"),
        max_length=8,
        choices=Measure,
        blank=True,
        help_text=_("What should change once the action is done."),
    )
    measure_moment = models.ForeignKey(
        MomentOfTruth,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("standard measured"),
        help_text=_("For a standard: the moment of truth whose standard should move."),
    )
    measure_target = models.DecimalField(
        _("target"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The value the measure should reach."),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True, editable=False)
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    # The baseline's window: `baseline_periods` periods of the measure from `baseline_from`,
    # the ones before the action started; the "after" takes as many after it is done.
    baseline_from = models.DateField(_("baseline from"), null=True, blank=True, editable=False)
    baseline_periods = models.PositiveSmallIntegerField(
        _("baseline periods"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["journey", "priority", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=3),
                name="journeys_action_priority_range",
                violation_error_message=_("The priority runs from 1 to 3."),
            ),
            models.UniqueConstraint(
                fields=["observation"],
                name="journeys_action_unique_observation",
                violation_error_message=_("This observation already has an action."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.stage_id is not None and self.stage.journey_id != self.journey_id:
            raise ValidationError({"stage": _("The stage must belong to the action's journey.")})
        if self.observation_id is not None and self.observation.stage.journey_id != self.journey_id:
            raise ValidationError(
                {"observation": _("The observation must belong to the action's journey.")}
            )
        self._clean_measure()

    def _clean_measure(self):
        if self.measure in self.SCORE_MEASURES and self.stage_id is None:
            raise ValidationError(
                {"measure": _("A stage's score needs the action's stage: pick one.")}
            )
        if self.measure == self.Measure.STANDARD:
            moment = self.measure_moment
            if moment is None:
                raise ValidationError(
                    {"measure_moment": _("Pick the moment of truth whose standard should move.")}
                )
            if moment.stage.journey_id != self.journey_id:
                raise ValidationError(
                    {"measure_moment": _("The moment must belong to the action's journey.")}
                )
        elif self.measure_moment_id is not None:
            raise ValidationError(
                {"measure_moment": _("A moment of truth is only for a standard's measure.")}
            )
        if not self.measure and self.measure_target is not None:
            raise ValidationError({"measure_target": _("Say which measure the target is for.")})
