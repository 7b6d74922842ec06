from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey, BaseAPIKeyManager

from .roles import Role


class User(AbstractUser):
    """A person who signs in to Parcours; their role is the group they belong to."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def role(self) -> Role | None:
        # Prefetch-friendly: iterates the groups instead of filtering them.
        names = {group.name for group in self.groups.all()}
        return next((role for role in Role if role.value in names), None)


class APITokenManager(BaseAPIKeyManager):
    def get_usable_keys(self):
        return super().get_usable_keys().select_related("user")


class APIToken(AbstractAPIKey):
    """A personal token an integration uses to call the API as its user; only its hash is kept."""

    objects = APITokenManager()

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")


class WorkerPing(models.Model):
    """A round trip through the task queue: sent by the web or by beat, stamped by a worker."""

    class Source(models.TextChoices):
        WEB = "web", _("web request")
        BEAT = "beat", _("scheduler (beat)")

    source = models.CharField(_("source"), max_length=8, choices=Source)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    executed_at = models.DateTimeField(_("executed at"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=255, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("worker ping")
        verbose_name_plural = _("worker pings")

    def __str__(self):
        return f"{self.get_source_display()} #{self.pk}"
