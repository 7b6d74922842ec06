"""What happened, announced by the app where it happened to whoever registered for it.

A lower app (stakeholders, feedback…) cannot import the apps that build on it, yet those
want to act when, say, an answer is stored or an SLA is breached. The lower app calls
`announce(...)` explicitly in its service; an app that cares calls `register(...)` in its
`AppConfig.ready()`. Plain function calls, made in the announcer's transaction, in
registration order: no Django signals, nothing implicit. A handler that must not run before
the commit defers its own work with `transaction.on_commit`.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

Handler = Callable[..., Any]

# The events the apps announce, with the keywords each handler receives.
EVENTS = {
    "response.stored": ("response_id", "journey_id"),
    "case.opened": ("case_id",),
    "case.assigned": ("case_id", "user_id"),
    "case.due_soon": ("case_id",),
    "case.overdue": ("case_id",),
    "case.escalated": ("case_id", "level"),
    "case.resolved": ("case_id",),
    "case.recovery_answered": ("case_id", "score"),
    "sla.breached": ("measurement_id", "stakeholder_id"),
    "interview.submitted": ("interview_id",),
    "interview.validated": ("interview_id",),
    "interview.sent_back": ("interview_id",),
    "register.entry_reviewed": ("entry", "entry_id", "status"),  # entry: "app.model"
    "register.entry_submitted": ("entry", "entry_id"),
    "comment.posted": ("comment_id",),  # posted or edited
    "journey.changed": ("journey_id", "change"),  # change: created, updated, deleted
    "webhook.paused": ("subscription_id",),
}

_handlers: dict[str, list[Handler]] = defaultdict(list)


class UnknownEvent(LookupError):
    pass


def _check(event: str) -> None:
    if event not in EVENTS:
        raise UnknownEvent(f"{event!r} is not one of the announced events: {', '.join(EVENTS)}")


def register(event: str, handler: Handler) -> None:
    """Calls `handler(**payload)` whenever `event` is announced; registering twice is once."""
    _check(event)
    if handler not in _handlers[event]:
        _handlers[event].append(handler)


def unregister(event: str, handler: Handler) -> None:
    _check(event)
    if handler in _handlers[event]:
        _handlers[event].remove(handler)


def announce(event: str, **payload: Any) -> None:
    """Tells every handler registered for `event`; the payload's keywords are EVENTS'."""
    _check(event)
    expected = set(EVENTS[event])
    if set(payload) != expected:
        raise TypeError(f"{event} carries {sorted(expected)}, not {sorted(payload)}")
    for handler in list(_handlers[event]):
        handler(**payload)
