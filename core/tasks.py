import os
import socket

from celery import shared_task

from . import services
from .models import WorkerPing


@shared_task
def worker_ping_task(ping_id: int) -> None:
    """Stamps a ping with this worker's host and process id."""
    services.worker_ping_execute(
        ping_id=ping_id, worker=f"{socket.gethostname()} pid {os.getpid()}"
    )


@shared_task
def beat_heartbeat_task() -> None:
    """Sent by beat: shows the scheduler and a worker alive, and prunes old pings."""
    services.worker_pings_prune()
    services.worker_ping_request(source=WorkerPing.Source.BEAT)


@shared_task
def notifications_deliver_task() -> None:
    """Sent by beat every minute: the notifications' e-mails, then the digests due."""
    from .notifications import services as notification_services

    notification_services.notifications_deliver()


@shared_task
def webhooks_deliver_task() -> None:
    """Sent by beat every minute and on commit of an event: the webhook messages due."""
    from .webhooks import services as webhook_services

    webhook_services.deliveries_send_due()
