"""The one-off e-mails to a customer beside the survey invitations: the recovery survey after
a resolved case, and the promoter's invitation to a public review. Built here, sent by the
dispatch (dispatch.py) through their outboxes, in the customer's language."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.models import Organisation

from ..models import PromoterFollowUp, RecoverySurvey
from .links import absolute_url, invitation_links, recovery_links
from .reviews import review_invitation_path


def _message(
    *,
    to: str,
    language: str,
    kind: str,
    pk: int,
    organisation: Organisation,
    content,
) -> EmailMultiAlternatives:
    """One e-mail from the shared layout; `content()` returns, in the customer's language,
    the subject, the paragraphs, the button's label and link, and the unsubscribe link."""
    domain = urlsplit(settings.PARCOURS_BASE_URL).hostname or "localhost"
    with translation.override(language):
        context = {
            **content(),
            "organisation": organisation,
            "logo_url": (
                settings.PARCOURS_BASE_URL.rstrip("/") + organisation.logo_path
                if organisation.logo_path
                else ""
            ),
        }
        text = render_to_string("feedback/email/customer_email.txt", context)
        html = render_to_string("feedback/email/customer_email.html", context)
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=text,
        from_email=organisation.email_sender(),
        to=[to],
        headers={
            # The same id at every try: a repeat after a crash shows once in mail clients.
            "Message-ID": f"<parcours.{kind}.{pk}@{domain}>",
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def recovery_message(
    *, survey: RecoverySurvey, organisation: Organisation
) -> EmailMultiAlternatives:
    def content():
        links = recovery_links(survey=survey)
        return {
            "subject": _("How did we handle your complaint?"),
            "paragraphs": [
                _(
                    "You recently told us something went wrong, and we did our best to put "
                    "it right. Are you satisfied with how we handled it? One question, a "
                    "few seconds."
                )
            ],
            "action_label": _("Rate how we handled it"),
            "action_url": links["survey_url"],
            "note": _("This link works once and expires after a few days."),
            "unsubscribe_url": links["unsubscribe_url"],
        }

    return _message(
        to=survey.respondent.email,
        language=survey.respondent.language,
        kind="recovery",
        pk=survey.pk,
        organisation=organisation,
        content=content,
    )


def promoter_message(
    *, follow_up: PromoterFollowUp, organisation: Organisation
) -> EmailMultiAlternatives | None:
    """The review invitation, or None when the journey no longer invites its promoters."""
    path = review_invitation_path(response=follow_up.response)
    if path is None:
        return None

    def content():
        return {
            "subject": _("Would you share your experience?"),
            "paragraphs": [
                _("Thank you for your kind answer to our survey."),
                _(
                    "Would you share your experience with other customers? A short public "
                    "review helps them choose."
                ),
            ],
            "action_label": _("Leave a public review"),
            "action_url": absolute_url(path),
            "note": "",
            "unsubscribe_url": invitation_links(invitation=follow_up.response.invitation)[
                "unsubscribe_url"
            ],
        }

    return _message(
        to=follow_up.respondent.email,
        language=follow_up.respondent.language,
        kind="promoter",
        pk=follow_up.pk,
        organisation=organisation,
        content=content,
    )
