"""Parcours' own GDPR: a respondent's access and erasure requests (DPO only), every access
logged, and the log itself."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import add_service_errors
from core.pagination import page_of
from feedback.models import Respondent

from .. import selectors, services
from ..forms import RespondentSearchForm

ACCESSES_PER_PAGE = 50


@require_http_methods(["GET", "POST"])
@permission_required("gdpr.handle_respondentaccess", raise_exception=True)
def respondent_search(request):
    # A POST: the address searched for never lands in an access log or the browser history.
    # The pages of results are buttons of the same form, so they are POSTs too.
    form = RespondentSearchForm(request.POST if request.method == "POST" else None)
    matches = None
    if form.is_valid():
        try:
            matches = services.respondents_find(
                query=form.cleaned_data["q"], user=request.user, page=_page(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
    context = {
        "form": form,
        "matches": matches,
        "respondents": matches.respondents if matches else None,
        "search_cap": services.SEARCH_CAP,
    }
    return render(request, "gdpr/respondent_search.html", context)


def _page(request) -> int:
    page = request.POST.get("page", "")
    return int(page) if page.isdigit() else 1


@permission_required("gdpr.handle_respondentaccess", raise_exception=True)
def respondent_export(request, respondent_id):
    try:
        data = services.respondent_export(respondent_id=respondent_id, user=request.user)
    except Respondent.DoesNotExist:
        return HttpResponse(status=404)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="respondent-{respondent_id}.json"'
    return response


@require_http_methods(["GET", "POST"])
@permission_required("gdpr.handle_respondentaccess", raise_exception=True)
def respondent_erase(request, respondent_id):
    try:
        if request.method == "POST":
            services.respondent_erase(respondent_id=respondent_id, user=request.user)
            messages.success(
                request, _("The respondent's personal data is erased; their scores are kept.")
            )
            return redirect("gdpr:respondent_search")
        # The page shows the reference: reading it is an access like any other.
        respondent = services.respondent_view(respondent_id=respondent_id, user=request.user)
    except Respondent.DoesNotExist:
        raise Http404 from None
    return render(request, "gdpr/respondent_erase.html", {"respondent": respondent})


@permission_required("gdpr.view_respondentaccess", raise_exception=True)
def access_log(request):
    page, query = page_of(request, selectors.respondent_access_list(), per_page=ACCESSES_PER_PAGE)
    references = selectors.respondent_references(accesses=page.object_list)
    rows = [(access, references.get(access.respondent_id, "")) for access in page.object_list]
    return render(request, "gdpr/access_log.html", {"page": page, "query": query, "rows": rows})
