"""Figures kept in the shared cache until what they are read from changes.

A generation is a random token in the cache; whatever changes the rows a kept figure depends
on bumps it (now, and again once the change is committed, so that a request reading the old
rows in between cannot keep them), which makes every figure kept under it stale at once.
"""

import secrets
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction


class Generation:
    def __init__(self, key: str):
        self.key = key

    def current(self, found: dict | None = None) -> str:
        """The generation (from `found`, a get_many that asked for it, when given); a new one
        when there is none yet or it was evicted, so that nothing kept before can match it."""
        generation = (found or {}).get(self.key) or cache.get(self.key)
        if generation is None:
            cache.add(self.key, secrets.token_hex(8), None)
            generation = cache.get(self.key)
        return generation

    def bump(self) -> None:
        cache.set(self.key, secrets.token_hex(8), None)

    def changed(self, **signal) -> None:
        """Receiver for the signals of every change the kept figures depend on."""
        if signal.get("action", "post_").startswith("pre_"):
            return
        self.bump()
        transaction.on_commit(self.bump)

    def kept(self, key: str, compute: Callable[[], Any], seconds: int) -> Any:
        """`compute()`, kept under `key` while the generation stays the same (and `seconds`
        at most, for changes no signal tells: bulk writes, a restored backup)."""
        found = cache.get_many([self.key, key])
        generation = self.current(found)
        kept_generation, value = found.get(key, (None, None))
        if generation is not None and kept_generation == generation:
            return value
        value = compute()
        cache.set(key, (generation, value), seconds)
        return value
