"""Django's ModelBackend with each user's permissions kept in the shared cache.

Every page and API call checks a permission, and ModelBackend reads the user's and the role
groups' permissions with two joins for each request. Here they are read once and kept in the
cache under a generation (a random token); any change to a group's or a user's permissions or groups
bumps the generation (now, and again once the change is committed, so that a request reading
the old rows in between cannot keep them), which makes every kept set stale at once.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef

GENERATION_KEY = "parcours:permissions:generation"


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
            key = _user_key(user_obj)
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or _generation_start()
            kept_generation, permissions = found.get(key, (None, None))
            if generation is not None and kept_generation == generation:
                user_obj._perm_cache = permissions
            else:
                permissions = super().get_all_permissions(user_obj)
                cache.set(key, (generation, permissions), settings.PERMISSIONS_CACHE_SECONDS)
        return user_obj._perm_cache


def _generation_start() -> str:
    """A new random generation when there is none yet (or it was evicted), so that no set kept
    under an earlier one can match it."""
    cache.add(GENERATION_KEY, secrets.token_hex(8), None)
    return cache.get(GENERATION_KEY)


def _bump_generation() -> None:
    cache.set(GENERATION_KEY, secrets.token_hex(8), None)


def permissions_changed(**kwargs) -> None:
    """Receiver for every signal that can change someone's permissions."""
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    _bump_generation()
    transaction.on_commit(_bump_generation)
