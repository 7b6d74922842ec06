from celery import shared_task

from . import services


@shared_task
def invitations_dispatch_task() -> None:
    """Sent by beat every minute and on commit of an event: sends what is due."""
    services.invitations_dispatch_due(limit=200)


@shared_task
def cases_flag_overdue_task() -> None:
    """Sent by beat: flags open cases past their deadline."""
    services.cases_flag_overdue()


@shared_task
def case_replies_send_task() -> None:
    """Sent by beat every minute and on commit of a reply: e-mails the replies due."""
    services.case_replies_send_due(limit=200)
