"""The roles and the model permissions each one holds.

A role is a Django group. Its permissions are declared here, per app and per model, and
applied by `roles_sync`: in the data migration that creates the groups, and after every
`migrate`, so that a model added later gets its permissions without another migration.
"""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

VIEW = frozenset({"view"})
ALL = frozenset({"view", "add", "change", "delete"})
NONE = frozenset()


class Role(TextChoices):
    CX_MANAGER = "cx_manager", _("CX manager")
    INTERVIEWER = "interviewer", _("Interviewer")
    DPO = "dpo", _("Data protection officer")
    VIEWER = "viewer", _("Viewer")
    # A service account (CRM, booking or POS system): the API with a token, never the pages.
    INTEGRATION = "integration", _("Integration")


# "app_label" grants apply to every model of the app; "app_label.model" overrides them.
ROLE_PERMISSIONS: dict[Role, dict[str, frozenset[str]]] = {
    Role.CX_MANAGER: {
        "journeys": ALL,
        "stakeholders": ALL,
        "feedback": ALL,
        # Creates and edits register entries; only the DPO reviews them.
        "gdpr": ALL,
        "gdpr.respondentaccess": NONE,
        "core.workerping": frozenset({"view", "add"}),
        # The organisation's name, logo, colours and sender: one row, never added or deleted.
        "core.organisation": frozenset({"view", "change"}),
        # Comments: each edits and deletes only their own (core.comments.services).
        "core.comment": ALL,
        # Webhooks: subscriptions, and their delivery log (changed only by a replay).
        "core.webhooksubscription": ALL,
        "core.webhookdelivery": frozenset({"view", "change"}),
    },
    Role.INTERVIEWER: {
        "journeys": VIEW,
        # A share link's address opens the map to anyone: only the CX manager hands them out.
        "journeys.sharelink": NONE,
        "stakeholders": VIEW,
        # Only the interviews assigned to them: the views and the API scope the rows.
        "stakeholders.interview": frozenset({"view", "add", "change"}),
        "feedback": VIEW,
        "feedback.respondent": NONE,
        "gdpr": VIEW,
        "gdpr.respondentaccess": NONE,
        "core.comment": ALL,
    },
    Role.DPO: {
        "journeys": VIEW,
        # Sees what is shared outside the company, and since when.
        "journeys.sharelink": VIEW,
        "stakeholders": VIEW,
        # Interview notes stay with the CX manager and the interview's interviewer.
        "stakeholders.interview": NONE,
        "feedback": VIEW,
        # Respondents are read through gdpr's pages, which log every access; elsewhere
        # (invitations, responses, cases) the DPO sees them anonymised.
        "feedback.respondent": NONE,
        "gdpr": ALL | {"review"},
        # The log of access to respondents is written by the services, never edited.
        "gdpr.respondentaccess": frozenset({"view", "handle"}),
        "core.workerping": VIEW,
        # Reads the settings that name the controller and link the privacy notice.
        "core.organisation": VIEW,
        "core.comment": ALL,
    },
    Role.VIEWER: {
        "journeys": VIEW,
        "journeys.sharelink": NONE,
        "stakeholders": VIEW,
        "stakeholders.interview": NONE,
        "feedback": VIEW,
        "feedback.respondent": NONE,
        "gdpr": VIEW,
        "gdpr.respondentaccess": NONE,
        # Reads the threads, never writes in them.
        "core.comment": VIEW,
    },
    # Reads the maps and scores, posts service events, opens and follows complaint cases;
    # sees respondents anonymised and nothing of the register or the interviews.
    Role.INTEGRATION: {
        "journeys": VIEW,
        "stakeholders": VIEW,
        "stakeholders.interview": NONE,
        "feedback": VIEW,
        "feedback.respondent": NONE,
        "feedback.serviceevent": frozenset({"view", "add"}),
        "feedback.case": frozenset({"view", "add", "change"}),
        "feedback.caselogentry": frozenset({"view", "add"}),
        # core.act_as_integration: the API only (core.accounts refuses its sessions).
        "core.user": frozenset({"act"}),
    },
}


def role_map(text: str) -> dict[str, Role]:
    """OIDC_ROLE_MAP's "group=role,group=role" as {group: Role}; ValueError names a bad pair."""
    mapping = {}
    for pair in filter(None, (part.strip() for part in text.split(","))):
        group, _sep, role = (side.strip() for side in pair.partition("="))
        if not group or role not in Role.values:
            raise ValueError(
                f"OIDC_ROLE_MAP: {pair!r} is not group=role, role one of {Role.values}"
            )
        mapping[group] = Role(role)
    return mapping


def actions_for(role: Role, app_label: str, model: str) -> frozenset[str]:
    """The actions (view, add, change, delete) a role may take on one model."""
    grants = ROLE_PERMISSIONS[role]
    return grants.get(f"{app_label}.{model}", grants.get(app_label, NONE))


def roles_sync(apps=None) -> None:
    """Creates the role groups and sets each one's permissions to exactly what is declared."""
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.select_related("content_type"))
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(
            [
                permission
                for permission in permissions
                if permission.codename.split("_", 1)[0]
                in actions_for(
                    role, permission.content_type.app_label, permission.content_type.model
                )
            ]
        )


def sync_after_migrate(sender, apps=None, **kwargs) -> None:
    # Sent once per app, after that app's permissions were created: the last one leaves
    # every group complete. `flush` sends it too, so transactional tests keep their roles.
    from .backends import permissions_changed

    roles_sync(apps)
    # The migration state's models send their m2m_changed with other senders than the ones
    # core.apps listens to: make the cached permission sets stale here.
    permissions_changed()
