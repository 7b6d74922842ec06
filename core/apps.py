from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Users and platform")

    def ready(self):
        from django.contrib.auth.models import Group, Permission

        from . import checks, roles  # noqa: F401 (checks registers itself)
        from .backends import permissions_changed
        from .comments import notifications as comment_notifications
        from .models import User
        from .notifications import register_kinds
        from .webhooks import notifications as webhook_notifications
        from .webhooks.subscriptions import register_webhook_events

        register_kinds(comment_notifications.KINDS)

        # Permissions of models added by later migrations only exist after post_migrate,
        # the way Django creates them itself; the role groups follow them here.
        post_migrate.connect(roles.sync_after_migrate, dispatch_uid="core.roles.sync")

        # Whatever changes who may do what makes the cached permission sets stale.
        links = (User.groups.through, User.user_permissions.through, Group.permissions.through)
        for link in links:
            m2m_changed.connect(permissions_changed, sender=link, dispatch_uid=f"perms.{link}")
        for model in (Group, Permission):
            post_delete.connect(permissions_changed, sender=model, dispatch_uid=f"perms.{model}")

        register_webhook_events()
        register_kinds(webhook_notifications.KINDS)
