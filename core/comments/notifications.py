"""The `comment.mention` kind: a comment names a user with @username, and they may read what
it is about. Its title names the author only, never the comment's words or its object."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.notifications import Kind, Notice

from . import selectors
from .models import Comment


def comment_mention(*, comment_id: int) -> list[Notice]:
    comment = Comment.objects.select_related("author", "content_type").filter(pk=comment_id).first()
    if comment is None or comment.target is None:
        return []
    mentioned = selectors.users_mentioned(comment=comment, target=comment.target)
    if not mentioned:
        return []
    label = f"{comment.content_type.app_label}.{comment.content_type.model}"
    return [
        Notice(
            recipient_ids=[user.pk for user in mentioned],
            key=f"comment.mention:{comment.pk}",
            params={"author": str(comment.author) if comment.author else ""},
            url=reverse("core:comment_thread", args=[label, comment.object_id])
            + f"#comment-{comment.pk}",
        )
    ]


KINDS = [
    Kind(
        name="comment.mention",
        event="comment.posted",
        label=_("You are mentioned in a comment"),
        title=_("%(author)s mentioned you in a comment"),
        notices=comment_mention,
    ),
]
