"""Read-only links to a journey map for people without an account."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .journeys import Journey


class ShareLink(models.Model):
    """A read-only link to a journey's map: its random token is the only key, it expires, it
    can be revoked, and it may ask for a password (kept hashed, as Django keeps users')."""

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="share_links", verbose_name=_("journey")
    )
    label = models.CharField(
        _("label"),
        max_length=200,
        blank=True,
        help_text=_("Who the link is for, e.g. “steering committee”; shown only to you."),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="share_links_created",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    password = models.CharField(_("password"), max_length=128, blank=True, editable=False)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    last_viewed_at = models.DateTimeField(
        _("last viewed at"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self):
        return self.label or f"{self.journey} ({self.pk})"

    @property
    def has_password(self) -> bool:
        return bool(self.password)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired
