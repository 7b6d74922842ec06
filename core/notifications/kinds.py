"""The kinds of notification, registered by the apps that know what they are about.

Core never imports a product app: an app describes each of its kinds — the event that raises
it, its label on the preferences page, its title with `%(name)s` placeholders filled from the
notification's params when shown, and `notices`, which turns the event's payload into who is
told, once per `key`, about what, and where the link goes. Adding a kind is one `Kind(...)`
in the app's `notifications.py` (and its event in `core/events.py`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from core import events


@dataclass(frozen=True)
class Notice:
    """Who is told (user ids), once per `key` each, with the title's params and the link."""

    recipient_ids: Iterable[int]
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    url: str = ""


@dataclass(frozen=True)
class Kind:
    name: str
    label: Any  # lazy text
    title: Any  # lazy text with %(name)s placeholders
    notices: Callable[..., Iterable[Notice]]
    event: str = ""  # the event that raises it, when it is not `name`

    @property
    def raised_by(self) -> str:
        return self.event or self.name


KINDS: dict[str, Kind] = {}
_handlers: dict[str, Callable[..., None]] = {}


def register_kind(kind: Kind) -> None:
    """Makes `kind` known and tells its recipients whenever its event is announced;
    registering twice is once."""
    from .services import notify_notices

    KINDS[kind.name] = kind
    if kind.name not in _handlers:

        def handler(**payload: Any) -> None:
            notify_notices(kind=KINDS[kind.name].name, notices=KINDS[kind.name].notices(**payload))

        _handlers[kind.name] = handler
    events.register(kind.raised_by, _handlers[kind.name])


def register_kinds(kinds: Iterable[Kind]) -> None:
    for kind in kinds:
        register_kind(kind)


def kind_title(kind: str, params: dict[str, Any]) -> str:
    """The title of a notification in the active language; an unknown kind shows its name."""
    described = KINDS.get(kind)
    if described is None:
        return kind
    try:
        return str(described.title) % params
    except (KeyError, TypeError, ValueError):
        return str(described.label)


def kinds_known() -> list[Kind]:
    return sorted(KINDS.values(), key=lambda kind: kind.name)
