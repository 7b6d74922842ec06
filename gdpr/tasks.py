from celery import shared_task

from . import services


@shared_task
def respondents_purge_expired_task() -> int:
    """Erases respondents past the retention period (beat, nightly)."""
    return services.respondents_purge_expired()
