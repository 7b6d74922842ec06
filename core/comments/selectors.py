"""Reads of the comments: a thread, the counts a page shows per object, who may be
mentioned, and the target named by a URL or an API call."""

import re

from django.db.models import Count, Prefetch, Q, QuerySet

from core.models import User

from .models import Comment
from .registry import Commentable, commentable

MENTION = re.compile(r"(?<![\w@])@([\w.+-]*\w)")
MENTION_CANDIDATES = 8


def target_of(*, label: str, object_id: int, user) -> tuple[Commentable, object] | None:
    """The registered model and object named by `label` ("journeys.touchpoint") and id, when
    the user may read it; None otherwise (the caller answers 404)."""
    described = commentable(label)
    if described is None:
        return None
    target = described.model._default_manager.filter(pk=object_id).first()
    if target is None or not described.may_read(user, target):
        return None
    return described, target


def comments_on(*, target) -> QuerySet[Comment]:
    """Every comment on `target`, threads and replies, oldest first."""
    meta = target._meta
    # The content type matched by name: no lookup of it first, cached or not.
    return Comment.objects.filter(
        content_type__app_label=meta.app_label,
        content_type__model=meta.model_name,
        object_id=target.pk,
    ).select_related("author", "resolved_by", "reopened_by")


def thread_list(*, target) -> list[Comment]:
    """The threads on `target`, each with its replies (two queries)."""
    replies = Comment.objects.select_related("author").order_by("created_at", "id")
    return list(
        comments_on(target=target)
        .filter(parent__isnull=True)
        .prefetch_related(Prefetch("replies", queryset=replies))
    )


def comment_counts(*, targets: dict[type, QuerySet]) -> dict[str, int]:
    """How many comments each object has ("journeys.touchpoint:12" → 3), deleted ones left
    out, for every object whose id `targets` gives per model (a values("pk") queryset): one
    query, content types matched by name so that none is looked up first."""
    if not targets:
        return {}
    matches = Q()
    for model, ids in targets.items():
        matches |= Q(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_id__in=ids,
        )
    rows = (
        Comment.objects.filter(matches, deleted_at__isnull=True)
        .order_by()
        .values_list("content_type__app_label", "content_type__model", "object_id")
        .annotate(count=Count("pk"))
    )
    return {f"{app}.{model}:{object_id}": count for app, model, object_id, count in rows}


def mentioned_usernames(body: str) -> set[str]:
    return {name.lower() for name in MENTION.findall(body)}


def users_mentioned(*, comment: Comment, target) -> list[User]:
    """The active users the comment names with @username who may read its object, but its
    author."""
    names = mentioned_usernames(comment.body)
    described = commentable(target._meta.label_lower)
    if not names or described is None:
        return []
    named = Q()
    for name in names:
        named |= Q(username__iexact=name)
    users = User.objects.filter(named, is_active=True).exclude(pk=comment.author_id)
    return [user for user in users if described.may_read(user, target)]


def mention_candidates(*, described: Commentable, target, query: str) -> list[User]:
    """Up to eight active users with a role who may read `target`, whose username or name
    starts with `query`, by name."""
    query = query.strip().lstrip("@")
    users = User.objects.filter(is_active=True, groups__isnull=False).distinct()
    if query:
        users = users.filter(
            Q(username__istartswith=query)
            | Q(first_name__istartswith=query)
            | Q(last_name__istartswith=query)
        )
    found = []
    for user in users.order_by("first_name", "last_name", "username")[:50]:
        if described.may_read(user, target):
            found.append(user)
        if len(found) == MENTION_CANDIDATES:
            break
    return found
