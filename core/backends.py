"""Django's ModelBackend with each user's permissions kept in the shared cache.

Every page and API call checks a permission, and ModelBackend reads the user's and the role
groups' permissions with two joins for each request. Here they are read once and kept in the
cache under a generation (a random token); any change to a group's or a user's permissions or groups
bumps the generation (now, and again once the change is committed, so that a request reading
the old rows in between cannot keep them), which makes every kept set stale at once.
"""

import secrets

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "parcours:permissions:generation"


def _user_key(user) -> str:
    return f"parcours:permissions:{user.pk}:{int(user.is_superuser)}"


class CachedModelBackend(ModelBackend):
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
