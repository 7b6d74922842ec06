"""The customers' own words: every survey comment and complaint text, searchable, pinned for
the committee or turned into an observation on the journey map."""

import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.labels import ChoiceDisplayMixin
from core.validators import TEXT_MAX_LENGTH

from .cases import Case, Channel
from .surveys import Language, Response


def search_normalised(text: str) -> str:
    """Lower case without accents: the column SQLite searches (PostgreSQL searches the text
    itself, through its full-text index)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class Verbatim(ChoiceDisplayMixin, models.Model):
    """What one customer wrote, in a survey comment or a complaint: a copy made when it was
    recorded, with the scores of the answer, so that it is searched and filtered in one
    table. Erasing the respondent deletes it."""

    response = models.OneToOneField(
        Response,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="verbatim",
        verbose_name=_("response"),
    )
    case = models.OneToOneField(
        Case,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="verbatim",
        verbose_name=_("case"),
    )
    stage = models.ForeignKey(
        "journeys.Stage",
        on_delete=models.CASCADE,
        related_name="verbatims",
        verbose_name=_("stage"),
    )
    touchpoint = models.ForeignKey(
        "journeys.Touchpoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verbatims",
        verbose_name=_("touchpoint"),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel, default=Channel.SURVEY)
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    # Folding may lengthen the text a little (ß → ss): twice the limit never truncates it.
    search_text = models.TextField(
        _("normalised text"), editable=False, max_length=2 * TEXT_MAX_LENGTH
    )
    language = models.CharField(_("language"), max_length=2, choices=Language)
    nps = models.PositiveSmallIntegerField(_("NPS"), null=True, blank=True)
    csat = models.PositiveSmallIntegerField(_("CSAT"), null=True, blank=True)
    ces = models.PositiveSmallIntegerField(_("CES"), null=True, blank=True)
    said_at = models.DateTimeField(_("date"))
    pinned_at = models.DateTimeField(_("pinned for the committee at"), null=True, blank=True)
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pinned by"),
    )
    observation = models.OneToOneField(
        "journeys.Observation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verbatim",
        verbose_name=_("customer observation"),
    )

    class Meta:
        ordering = ["-said_at", "-id"]
        verbose_name = _("verbatim")
        verbose_name_plural = _("verbatims")
        indexes = [
            models.Index(fields=["-said_at", "-id"], name="feedback_verbatim_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(response__isnull=False, case__isnull=True)
                | models.Q(response__isnull=True, case__isnull=False),
                name="feedback_verbatim_one_source",
            )
        ]

    def __str__(self):
        return self.text[:60]

    def save(self, *args, **kwargs):
        self.search_text = search_normalised(self.text)
        super().save(*args, **kwargs)

    def risk_label(self) -> str:
        """The dissatisfaction risk of the case the words belong to, if any (the case and
        the response's case loaded with it)."""
        case = self.case if self.case_id else getattr(self.response, "case", None)
        return str(case.get_category_display()) if case is not None and case.category else ""
