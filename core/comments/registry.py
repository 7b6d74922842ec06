"""Which models may be commented on, and who reads their threads, declared by their apps.

Core never imports a product app: each app registers its commentable models from its
`AppConfig.ready()`, with `may_read(user, obj)` (who reads the object, hence its thread, and
may be mentioned in it) and `url(obj)` (the page that shows the object). Commenting also
takes the role's `core.add_comment`; a model not registered has no thread.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model


@dataclass(frozen=True)
class Commentable:
    model: type[Model]
    may_read: Callable[[Any, Any], bool]
    url: Callable[[Any], str]

    @property
    def label(self) -> str:
        """How URLs and the API name the model: "journeys.touchpoint"."""
        return self.model._meta.label_lower


_commentables: dict[str, Commentable] = {}


def register_commentable(commentable: Commentable) -> None:
    """Makes the model commentable (registering it again replaces the first)."""
    _commentables[commentable.label] = commentable


def register_commentables(commentables) -> None:
    for commentable in commentables:
        register_commentable(commentable)


def commentable(label: str) -> Commentable | None:
    return _commentables.get(label)


def commentable_labels() -> list[str]:
    return sorted(_commentables)


def may_read_permission(permission: str) -> Callable[[Any, Any], bool]:
    """`may_read` for objects every holder of one model permission reads."""

    def may_read(user, obj) -> bool:
        return bool(user and user.is_authenticated and user.has_perm(permission))

    return may_read
