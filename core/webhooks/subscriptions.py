"""Which announced event becomes which webhook event type, with the data it carries: the
event's own ids and states, nothing a respondent wrote or who they are."""

from collections.abc import Callable
from typing import Any

from core import events

# Webhook event type → the event announced by the app where it happens.
ANNOUNCED_AS = {
    "response.created": "response.stored",
    "case.opened": "case.opened",
    "case.escalated": "case.escalated",
    "case.resolved": "case.resolved",
    "sla.breached": "sla.breached",
    "register.entry_reviewed": "register.entry_reviewed",
    "journey.changed": "journey.changed",
    "interview.validated": "interview.validated",
}

_handlers: dict[str, Callable[..., None]] = {}


def _handler(event_type: str) -> Callable[..., None]:
    def handler(**payload: Any) -> None:
        from .services import deliveries_create

        deliveries_create(event_type=event_type, data=payload)

    return handler


def register_webhook_events() -> None:
    """Turns each announced event into its webhook messages; registering twice is once."""
    for event_type, announced in ANNOUNCED_AS.items():
        handler = _handlers.setdefault(event_type, _handler(event_type))
        events.register(announced, handler)
