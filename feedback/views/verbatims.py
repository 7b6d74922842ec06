"""The voice of the customer: every comment and complaint, searched, pinned for the committee,
turned into observations, exported; only for those who may read what respondents typed."""

from datetime import date
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import csv_response
from core.pagination import page_of

from .. import selectors, services
from ..filters import VerbatimFilterSet
from ..models import Verbatim
from ..privacy import may_read_respondents
from ..report import verbatims_csv_rows, verbatims_pdf

VERBATIMS_PER_PAGE = 25


def _reads_verbatims(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_authenticated and may_read_respondents(request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _back(request) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "feedback:verbatim_list"


def _verbatim(verbatim_id: int) -> Verbatim:
    try:
        return selectors.verbatim_get(verbatim_id=verbatim_id)
    except Verbatim.DoesNotExist as error:
        raise Http404 from error


@_reads_verbatims
def verbatim_list(request):
    filterset = VerbatimFilterSet(request.GET or None, queryset=Verbatim.objects.none())
    verbatims = selectors.verbatim_list(filters=request.GET)
    page, query = page_of(request, verbatims, per_page=VERBATIMS_PER_PAGE)
    context = {
        "filter_form": filterset.form,
        "page": page,
        "query": query,
        "this_month": timezone.localdate().strftime("%Y-%m"),
        "can_pin": request.user.has_perm("feedback.change_verbatim"),
        "can_observe": request.user.has_perms(
            ["feedback.change_verbatim", "journeys.add_observation"]
        ),
        "filtered": any(request.GET.get(name) for name in VerbatimFilterSet.base_filters),
    }
    return render(request, "feedback/verbatim_list.html", context)


@require_POST
@_reads_verbatims
def verbatim_pin(request, verbatim_id):
    if not request.user.has_perm("feedback.change_verbatim"):
        raise PermissionDenied
    verbatim = _verbatim(verbatim_id)
    pinned = request.POST.get("pinned") != "0"
    services.verbatim_pin(verbatim=verbatim, user=request.user, pinned=pinned)
    messages.success(
        request, _("Pinned for the committee.") if pinned else _("Unpinned from the committee.")
    )
    return redirect(_back(request))


@require_POST
@_reads_verbatims
def verbatim_to_observation(request, verbatim_id):
    if not request.user.has_perms(["feedback.change_verbatim", "journeys.add_observation"]):
        raise PermissionDenied
    verbatim = _verbatim(verbatim_id)
    try:
        services.verbatim_to_observation(verbatim=verbatim)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Added to the journey map as a customer observation."))
    return redirect(_back(request))


@_reads_verbatims
def verbatim_export(request):
    rows = verbatims_csv_rows(selectors.verbatim_list(filters=request.GET))
    return csv_response(rows, filename="verbatims.csv", bom=True)


@_reads_verbatims
def verbatim_report(request):
    """The pinned verbatims of a month, as a PDF for the committee."""
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        first = date(year, month, 1)
    except ValueError:
        first = timezone.localdate().replace(day=1)
    content = verbatims_pdf(verbatims=selectors.verbatims_of_the_month(month=first), month=first)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="verbatims-{first:%Y-%m}.pdf"'
    return response
