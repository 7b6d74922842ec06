from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Rate limits, API throttling and lockouts count in the cache, and permissions are kept
    there (core.backends): processes must share it."""
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return [
            checks.Warning(
                _(
                    "The cache is per process, so rate limits are counted per process and a "
                    "change of role reaches the other processes only after "
                    "PERMISSIONS_CACHE_SECONDS."
                ),
                hint=_("Set CACHE_URL to a Redis database, e.g. redis://redis:6379/1."),
                id="core.W001",
            )
        ]
    return []
