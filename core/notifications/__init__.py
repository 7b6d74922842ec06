"""Notifications: the inbox, each user's preferences per kind, e-mails now or in a daily
digest. Apps register their kinds (`Kind`, `register_kinds`) in `AppConfig.ready()`."""

from .kinds import Kind, Notice, kind_title, kinds_known, register_kind, register_kinds

__all__ = ["Kind", "Notice", "kind_title", "kinds_known", "register_kind", "register_kinds"]
