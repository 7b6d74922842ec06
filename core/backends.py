"""Django's ModelBackend with each user's permissions kept in the shared cache.

Every page and API call checks a permission, and ModelBackend reads the user's and the role
groups' permissions with two joins for each request. Here they are read once and kept in the
cache under a generation (core.generations): any change to a group's or a user's permissions
or groups makes every kept set stale at once.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from .generations import Generation

PERMISSIONS = Generation("parcours:permissions:generation")


def _user_key(user) -> str:
    return f"parcours:permissions:{user.pk}:{int(user.is_superuser)}"


def user_for_session(backend: ModelBackend, user_id):
    """The session's user, read with whether a group gives it `core.act_as_integration` (a
    service account, refused by core.accounts) in the same query."""
    service_account_groups = Group.objects.filter(
        user=OuterRef("pk"),
        permissions__codename="act_as_integration",
        permissions__content_type__app_label="core",
    )
    user = (
        get_user_model()
        ._default_manager.annotate(holds_integration_role=Exists(service_account_groups))
        .filter(pk=user_id)
        .first()
    )
    return user if user is not None and backend.user_can_authenticate(user) else None


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id):
        return user_for_session(self, user_id)

    def authenticate(self, request, username=None, password=None, **kwargs):
        # PASSWORD_LOGIN_ENABLED off: single sign-on only, on every login form.
        if not settings.PASSWORD_LOGIN_ENABLED:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = PERMISSIONS.kept(
                _user_key(user_obj),
                lambda: super(CachedModelBackend, self).get_all_permissions(user_obj),
                settings.PERMISSIONS_CACHE_SECONDS,
            )
        return user_obj._perm_cache


def permissions_changed(**kwargs) -> None:
    """Receiver for every signal that can change someone's permissions."""
    PERMISSIONS.changed(**kwargs)
