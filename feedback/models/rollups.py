"""The scores' running totals, so that dashboards and the API read a few rows per stage and
month instead of every answer."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScoreRollup(models.Model):
    """The answers and invitations of one stage, touchpoint and follow-up rule in one month
    (site time zone): each counter counts what happened in that month, an answer by its
    submission, an invitation by its sending (a suppressed one by its creation). Kept by the
    services in the transaction of each change (feedback.services.rollups); rollups_rebuild
    recomputes them exactly."""

    journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.CASCADE, related_name="+", verbose_name=_("journey")
    )
    stage = models.ForeignKey(
        "journeys.Stage",
        on_delete=models.CASCADE,
        related_name="score_rollups",
        verbose_name=_("stage"),
    )
    # Not a constraint: a deleted touchpoint leaves its events at the stage alone, and its
    # totals stay counted for the stage (touchpoint figures list the journey's touchpoints).
    touchpoint = models.ForeignKey(
        "journeys.Touchpoint",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("touchpoint"),
    )
    rule = models.ForeignKey(
        "feedback.FollowUpRule",
        on_delete=models.CASCADE,
        related_name="score_rollups",
        verbose_name=_("rule"),
    )
    month = models.DateField(_("month"))
    responses = models.IntegerField(_("responses"), default=0)
    nps_count = models.IntegerField(_("NPS answers"), default=0)
    promoters = models.IntegerField(_("promoters"), default=0)
    detractors = models.IntegerField(_("detractors"), default=0)
    csat_count = models.IntegerField(_("CSAT answers"), default=0)
    csat_satisfied = models.IntegerField(_("satisfied"), default=0)
    ces_count = models.IntegerField(_("CES answers"), default=0)
    ces_sum = models.IntegerField(_("CES total"), default=0)
    ces_high = models.IntegerField(_("high efforts"), default=0)
    invitations_sent = models.IntegerField(_("invitations sent"), default=0)
    invitations_answered = models.IntegerField(_("invitations sent and answered"), default=0)
    # By the month the invitation was created in.
    invitations_suppressed = models.IntegerField(_("invitations suppressed"), default=0)

    class Meta:
        ordering = ["stage", "month"]
        verbose_name = _("score rollup")
        verbose_name_plural = _("score rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "touchpoint", "rule", "month"],
                name="feedback_scorerollup_once",
            ),
            models.UniqueConstraint(
                fields=["stage", "rule", "month"],
                condition=models.Q(touchpoint__isnull=True),
                name="feedback_scorerollup_once_at_stage",
            ),
        ]
        indexes = [models.Index(fields=["journey", "month"], name="feedback_rollup_journey")]

    def __str__(self):
        return f"{self.stage_id}/{self.touchpoint_id}/{self.rule_id} {self.month:%Y-%m}"
