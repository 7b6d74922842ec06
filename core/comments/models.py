"""Comments: threads of plain text on any object an app declared commentable."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import no_control_characters

BODY_MAX_LENGTH = 4000


class Comment(models.Model):
    """A comment on an object, or a reply to one (a thread is one level deep).

    The body is plain text, shown escaped with its links made clickable, never as HTML. A
    thread (its first comment) is resolved and reopened; the last who did it is kept."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("object type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="comments",
        verbose_name=_("author"),
    )
    body = models.TextField(
        _("comment"), max_length=BODY_MAX_LENGTH, validators=[no_control_characters]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    # A comment deleted while others replied to it stays as "deleted", so the thread reads.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reopened by"),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="core_comment_target"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(parent__isnull=True)
                | models.Q(resolved_at__isnull=True, reopened_at__isnull=True),
                name="core_comment_only_threads_resolve",
            ),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} #{self.pk}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
