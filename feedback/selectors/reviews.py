"""Promoters become ambassadors: each journey's review link and its clicks."""

from dataclasses import dataclass

from django.db.models import Count

from journeys.models import Journey

from ..models import ReviewLink


@dataclass(frozen=True)
class JourneyReviewLink:
    journey: Journey
    link: ReviewLink | None
    clicks: int


def review_links_by_journey(journeys) -> list[JourneyReviewLink]:
    """These journeys (a page of them) with their review link and the link's clicks, in one
    query more."""
    links = {
        link.journey_id: link
        for link in ReviewLink.objects.filter(journey__in=[journey.pk for journey in journeys])
        .annotate(click_count=Count("clicks"))
        .order_by()
    }
    return [
        JourneyReviewLink(
            journey=journey,
            link=links.get(journey.pk),
            clicks=links[journey.pk].click_count if journey.pk in links else 0,
        )
        for journey in journeys
    ]


def review_link_list():
    """The review links with their click count (`click_count`), for the API."""
    return ReviewLink.objects.annotate(click_count=Count("clicks")).order_by("journey_id")
