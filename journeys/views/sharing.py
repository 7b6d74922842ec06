"""Share links: the CX manager's page that creates, lists and revokes them, and the shared map
that people without an account open through one."""

from django.contrib import messages
from django.contrib.auth.context_processors import PermWrapper
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from .. import selectors, services
from ..forms import SharedMapPasswordForm, ShareLinkForm
from ..models import Journey
from .map import map_context_of


def _shared_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("shared:map", args=[token]))


@require_http_methods(["GET", "POST"])
@permission_required("journeys.view_sharelink", raise_exception=True)
def share_links(request, journey_id):
    """The journey's share links, and the form that creates one."""
    journey = get_object_or_404(Journey, pk=journey_id)
    may_add = request.user.has_perm("journeys.add_sharelink")
    if request.method == "POST" and not may_add:
        raise PermissionDenied
    form = ShareLinkForm(request.POST or None) if may_add else None
    if request.method == "POST" and form.is_valid():
        share_link = services.share_link_create(
            journey=journey, created_by=request.user, **form.cleaned_data
        )
        messages.success(
            request,
            _("Share link created: %(url)s") % {"url": _shared_url(request, share_link.token)},
        )
        return redirect("journeys:share_links", journey_id=journey.pk)
    links = list(selectors.journey_share_links(journey_id=journey.pk))
    for link in links:
        link.url = _shared_url(request, link.token)
    return render(
        request,
        "journeys/share_links.html",
        {"journey": journey, "links": links, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.change_sharelink", raise_exception=True)
def share_link_revoke(request, journey_id, share_link_id):
    """Asks, then revokes: whoever opens the link from then on is told it is gone."""
    share_link = selectors.share_link_get(journey_id=journey_id, share_link_id=share_link_id)
    if request.method == "POST":
        services.share_link_revoke(share_link=share_link)
        messages.success(request, _("The share link is revoked."))
        return redirect("journeys:share_links", journey_id=journey_id)
    return render(request, "journeys/share_link_revoke.html", {"share_link": share_link})


# The session remembers the links whose password this visitor gave.
PASSWORD_GIVEN = "journeys:share-link-password:{pk}"


def _unavailable(request, *, status: int, revoked: bool = False):
    response = render(
        request,
        "journeys/shared/unavailable.html",
        {"gone": status == 410, "revoked": revoked},
        status=status,
    )
    response["Referrer-Policy"] = "same-origin"
    return response


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="core.ratelimits.share_link_password_rate", method="POST")
def shared_map(request, token):
    """The journey map, read-only, as anyone with the link sees it: no editing, no lane of
    another app, no person's name; each view counted. A wrong token is a 404, a revoked or
    expired link a 410."""
    try:
        share_link = services.share_link_open(token=token)
    except services.ShareLinkUnknown:
        return _unavailable(request, status=404)
    except services.ShareLinkGone as gone:
        return _unavailable(request, status=410, revoked=gone.revoked)
    session_key = PASSWORD_GIVEN.format(pk=share_link.pk)
    if share_link.has_password and not request.session.get(session_key):
        form = SharedMapPasswordForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            password = form.cleaned_data["password"]
            if services.share_link_password_matches(share_link=share_link, password=password):
                request.session.cycle_key()
                request.session[session_key] = True
                return redirect(request.path)
            form.add_error("password", _("This is not the password of this link."))
        response = render(
            request,
            "journeys/shared/password.html",
            {"form": form},
            status=403 if form.errors else 200,
        )
        response["Referrer-Policy"] = "same-origin"
        return response
    services.share_link_view_record(share_link=share_link)
    context = map_context_of(selectors.shared_journey_map(journey_id=share_link.journey_id))
    # Drawn as for a visitor without an account, even for a signed-in one: no controls.
    anonymous = AnonymousUser()
    context.update(user=anonymous, perms=PermWrapper(anonymous), shared=True)
    response = render(request, "journeys/shared/map.html", context)
    # The token is in the address: never sent to another site. Not "no-referrer": with it
    # browsers post forms (the password, the language) with `Origin: null`, which Django's
    # CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
