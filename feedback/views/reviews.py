"""Promoters become ambassadors: each journey's review link and the clicks it had."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.pagination import page_of
from journeys import selectors as journey_selectors

from .. import selectors, services
from ..forms import ReviewLinkForm
from ..models import ReviewLink

REVIEW_LINKS_PER_PAGE = 25


@permission_required("feedback.view_reviewlink", raise_exception=True)
def review_link_list(request):
    page, query = page_of(
        request, journey_selectors.journey_options(), per_page=REVIEW_LINKS_PER_PAGE
    )
    rows = selectors.review_links_by_journey(page.object_list)
    return render(
        request,
        "feedback/review_link_list.html",
        {"rows": rows, "page": page, "query": query},
    )


@require_http_methods(["GET", "POST"])
@permission_required(
    ["feedback.add_reviewlink", "feedback.change_reviewlink"], raise_exception=True
)
def review_link_update(request, journey_id):
    journey = journey_selectors.journey_get(journey_id=journey_id)
    link = ReviewLink.objects.filter(journey=journey).first()
    form = ReviewLinkForm(request.POST or None, instance=link)
    if request.method == "POST" and form.is_valid():
        services.review_link_set(journey=journey, **form.cleaned_data)
        messages.success(request, _("Review link saved."))
        return redirect("feedback:review_link_list")
    return render(
        request,
        "feedback/object_form.html",
        {
            "form": form,
            "title": _("Review link: %(journey)s") % {"journey": journey.name},
            "intro": _(
                "Customers who answer 9 or 10 are invited to leave a public review on this page."
            ),
            "back": "feedback:review_link_list",
        },
        status=400 if form.errors else 200,
    )
