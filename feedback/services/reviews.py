"""Promoters become ambassadors: the journey's review link, the signed redirect to it and
its clicks."""

from django.core import signing
from django.db import transaction
from django.urls import reverse

from journeys.models import Journey

from ..models import Response, ReviewClick, ReviewLink
from .links import InvalidLink

REVIEW_SALT = "feedback.review"
PROMOTER_MIN_NPS = 9


@transaction.atomic
def review_link_set(
    *, journey: Journey, url: str, active: bool = True, follow_up_email: bool = False
) -> ReviewLink:
    """Sets the journey's public review page, whether promoters are invited to it, and
    whether they also get an e-mail inviting them."""
    link = ReviewLink.objects.filter(journey=journey).first() or ReviewLink(journey=journey)
    link.url, link.active, link.follow_up_email = url, active, follow_up_email
    link.full_clean()
    link.save()
    return link


def review_invitation_path(*, response: Response) -> str | None:
    """The signed redirect a promoter's thank-you page links to; None unless the answer is
    9 or 10 and the journey invites promoters. The link names the response, never the
    address: the redirect only ever goes to the journey's stored page."""
    if response.nps is None or response.nps < PROMOTER_MIN_NPS:
        return None
    journey_id = response.invitation.event.stage.journey_id
    if not ReviewLink.objects.filter(journey_id=journey_id, active=True).exists():
        return None
    token = signing.dumps(response.pk, salt=REVIEW_SALT)
    return reverse("survey:review", args=[token])


@transaction.atomic
def review_click_record(*, token: str) -> str:
    """Counts a click on a promoter's review invitation; the journey's review page to go to.
    InvalidLink for a tampered token or a journey that no longer invites promoters."""
    try:
        response_id = signing.loads(token, salt=REVIEW_SALT)
    except signing.BadSignature as error:
        raise InvalidLink from error
    response = (
        Response.objects.filter(pk=response_id).select_related("invitation__event__stage").first()
    )
    if response is None:
        raise InvalidLink
    link = ReviewLink.objects.filter(
        journey_id=response.invitation.event.stage.journey_id, active=True
    ).first()
    if link is None:
        raise InvalidLink
    ReviewClick.objects.create(link=link, response=response)
    return link.url
