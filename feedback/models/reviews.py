"""Promoters become ambassadors: a journey's public review page, offered to the customers who
answered 9 or 10, and the clicks on it."""

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .surveys import Response


class ReviewLink(models.Model):
    """Where a journey's promoters are invited to leave a public review."""

    journey = models.OneToOneField(
        "journeys.Journey",
        on_delete=models.CASCADE,
        related_name="review_link",
        verbose_name=_("journey"),
    )
    url = models.URLField(
        _("public review page"),
        max_length=500,
        validators=[URLValidator(schemes=["https"])],
        help_text=_("An https address, e.g. the company's page on a review site."),
    )
    active = models.BooleanField(
        _("invite promoters"),
        default=True,
        help_text=_("After an answer of 9 or 10, the thank-you page invites a public review."),
    )
    follow_up_email = models.BooleanField(
        _("e-mail promoters"),
        default=False,
        help_text=_(
            "Also send each promoter one e-mail inviting a public review, a day after the answer."
        ),
    )

    class Meta:
        ordering = ["journey"]
        verbose_name = _("review link")
        verbose_name_plural = _("review links")

    def __str__(self):
        return self.url


class ReviewClick(models.Model):
    """A promoter followed the invitation to review (through the signed redirect)."""

    link = models.ForeignKey(
        ReviewLink, on_delete=models.CASCADE, related_name="clicks", verbose_name=_("review link")
    )
    response = models.ForeignKey(
        Response,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_clicks",
        verbose_name=_("response"),
    )
    clicked_at = models.DateTimeField(_("clicked at"), auto_now_add=True)

    class Meta:
        ordering = ["-clicked_at", "-id"]
        verbose_name = _("review click")
        verbose_name_plural = _("review clicks")

    def __str__(self):
        return f"{self.link_id} @ {self.clicked_at:%Y-%m-%d}"
