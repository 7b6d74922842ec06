"""Every write of the comments: post, reply, edit and delete one's own, resolve and reopen.

Who may read the object is the registry's `may_read`; the role's model permissions are
checked by the views and the API. A mention is announced as `comment.posted` and told by
the `comment.mention` kind, once per comment and mentioned user (an edit adding a name tells
only that one)."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import events

from .models import Comment
from .registry import commentable


def _check_readable(*, user, target) -> None:
    described = commentable(target._meta.label_lower)
    if described is None:
        raise ValidationError(_("This kind of object takes no comments."))
    if not described.may_read(user, target):
        raise PermissionDenied


def _check_own(*, comment: Comment, user) -> None:
    if comment.author_id != user.pk or comment.is_deleted:
        raise PermissionDenied


@transaction.atomic
def comment_post(*, author, target, body: str, parent: Comment | None = None) -> Comment:
    """Posts a comment on `target`, or a reply in the thread of `parent` (a reply to a reply
    joins the same thread)."""
    _check_readable(user=author, target=target)
    content_type = ContentType.objects.get_for_model(target)
    if parent is not None:
        if (parent.content_type_id, parent.object_id) != (content_type.pk, target.pk):
            raise ValidationError({"parent": _("The reply must be on the same object.")})
        if parent.parent_id is not None:
            parent = parent.parent
    comment = Comment(
        content_type=content_type,
        object_id=target.pk,
        parent=parent,
        author=author,
        body=body.strip(),
    )
    comment.full_clean()
    comment.save()
    events.announce("comment.posted", comment_id=comment.pk)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, user, body: str) -> Comment:
    """Changes the text of one's own comment."""
    _check_own(comment=comment, user=user)
    comment.body = body.strip()
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "edited_at"])
    events.announce("comment.posted", comment_id=comment.pk)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user) -> None:
    """Deletes one's own comment; one with replies stays as "deleted" so the thread reads."""
    _check_own(comment=comment, user=user)
    if comment.replies.exists():
        comment.body = ""
        comment.deleted_at = timezone.now()
        comment.save(update_fields=["body", "deleted_at"])
    else:
        comment.delete()


def _thread(comment: Comment) -> Comment:
    if comment.parent_id is not None:
        raise ValidationError(_("Only a thread is resolved or reopened, not a reply."))
    return comment


@transaction.atomic
def comment_resolve(*, comment: Comment, user) -> Comment:
    """Marks the thread resolved, by `user`, now."""
    thread = _thread(comment)
    if thread.is_resolved:
        raise ValidationError(_("This thread is already resolved."))
    thread.resolved_at, thread.resolved_by = timezone.now(), user
    thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread


@transaction.atomic
def comment_reopen(*, comment: Comment, user) -> Comment:
    """Reopens a resolved thread; who resolved it is forgotten, who reopened it kept."""
    thread = _thread(comment)
    if not thread.is_resolved:
        raise ValidationError(_("This thread is open."))
    thread.resolved_at, thread.resolved_by = None, None
    thread.reopened_at, thread.reopened_by = timezone.now(), user
    thread.save(update_fields=["resolved_at", "resolved_by", "reopened_at", "reopened_by"])
    return thread
