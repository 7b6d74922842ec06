"""What an API token may do, chosen when it is created: its scopes.

A token acts within both its scopes and its user's role. A view names the scope of its
reads and of its writes with `read_scope` and `write_scope` class attributes (an `@action`
may pass them too); without them the app's defaults below apply. Session users (the
browser) are not limited by scopes.
"""

from django.utils.translation import gettext_lazy as _

READ = "read"
RESPONSES_READ = "responses:read"
REGISTER_READ = "register:read"
EVENTS_WRITE = "events:write"
CASES_WRITE = "cases:write"
JOURNEYS_WRITE = "journeys:write"
STAKEHOLDERS_WRITE = "stakeholders:write"
SURVEYS_WRITE = "surveys:write"
REGISTER_WRITE = "register:write"
SETTINGS_WRITE = "settings:write"
WEBHOOKS_MANAGE = "webhooks:manage"
COMMENTS_WRITE = "comments:write"

# Scope → what it lets a token do, in the order the token page lists them.
SCOPES = {
    READ: _("Read journeys, stakeholders, surveys, scores and cases"),
    RESPONSES_READ: _("Read survey invitations, responses, verbatims and recovery answers"),
    REGISTER_READ: _("Read the data register"),
    EVENTS_WRITE: _("Post service events"),
    CASES_WRITE: _("Open and handle complaint cases"),
    JOURNEYS_WRITE: _("Edit personas, journeys, stages, touchpoints, observations and actions"),
    STAKEHOLDERS_WRITE: _("Edit stakeholders, KPIs, SLAs and their measurements, interviews"),
    SURVEYS_WRITE: _("Edit survey templates, follow-up rules, review links and verbatims"),
    REGISTER_WRITE: _("Edit and review the data register"),
    SETTINGS_WRITE: _("Mark notifications read, change preferences and organisation settings"),
    WEBHOOKS_MANAGE: _("Manage webhook subscriptions"),
    COMMENTS_WRITE: _("Post, edit, resolve and delete one's own comments"),
}
ALL_SCOPES = tuple(SCOPES)

# The scopes of a view that names none, by the app its module belongs to.
DEFAULT_READ_SCOPES = {"gdpr": REGISTER_READ}
DEFAULT_WRITE_SCOPES = {
    "core": SETTINGS_WRITE,
    "journeys": JOURNEYS_WRITE,
    "stakeholders": STAKEHOLDERS_WRITE,
    "feedback": SURVEYS_WRITE,
    "gdpr": REGISTER_WRITE,
}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def scope_for(view, method: str) -> str | None:
    """The scope a token needs to call `view` with `method`; None when no scope allows it."""
    app = type(view).__module__.split(".", 1)[0]
    if method.upper() in SAFE_METHODS:
        return getattr(view, "read_scope", None) or DEFAULT_READ_SCOPES.get(app, READ)
    return getattr(view, "write_scope", None) or DEFAULT_WRITE_SCOPES.get(app)
