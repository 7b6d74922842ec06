from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def sla_objectives_flag_missing_task() -> int:
    """Sent by beat each day: flags the SLA objectives whose last period is not measured."""
    return services.sla_objectives_flag_missing(today=timezone.localdate())
