"""Share links and journey templates, as their pages and the API list them."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ..models import JourneyTemplate, ShareLink
from .map import JourneyMap, journey_map


def journey_share_links(*, journey_id: int) -> QuerySet[ShareLink]:
    """The journey's share links, newest first, with who created them (one query)."""
    return ShareLink.objects.filter(journey_id=journey_id).select_related("created_by")


def share_link_get(*, journey_id: int, share_link_id: int) -> ShareLink:
    """One of the journey's share links; 404 for another journey's."""
    return get_object_or_404(ShareLink, pk=share_link_id, journey_id=journey_id)


def shared_journey_map(*, journey_id: int) -> JourneyMap:
    """The map as someone without an account sees it: no contributed lane (they each need a
    role's permission), so none of the other apps' people or cases."""
    return journey_map(journey_id=journey_id, user=AnonymousUser())


def journey_template_list(*, language: str | None = None) -> QuerySet[JourneyTemplate]:
    """The templates, by name; those in `language` only when it is given."""
    templates = JourneyTemplate.objects.all()
    if language:
        templates = templates.filter(language=language)
    return templates
