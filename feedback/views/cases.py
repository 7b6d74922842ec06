"""Complaint cases: the list, a case opened by hand, and a case's handling."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.pagination import page_of

from .. import selectors, services
from ..filters import CaseFilterSet
from ..forms import CaseCreateForm, CaseForm, CaseLogForm
from ..models import Case
from .invitations import ROWS_PER_PAGE


@permission_required("feedback.view_case", raise_exception=True)
def case_list(request):
    filterset = CaseFilterSet(request.GET or None, queryset=Case.objects.none())
    cases = selectors.case_list(user=request.user, filters=request.GET)
    page, query = page_of(request, cases, per_page=ROWS_PER_PAGE)
    context = {
        "filter_form": filterset.form,
        "page": page,
        "query": query,
        "now": timezone.now(),
        "filtered": any(request.GET.get(name) for name in CaseFilterSet.base_filters),
    }
    return render(request, "feedback/case_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("feedback.add_case", raise_exception=True)
def case_create(request):
    """A complaint that came by phone, letter or at the counter."""
    form = CaseCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = services.case_create(**form.cleaned_data)
        messages.success(request, _("Case opened."))
        return redirect("feedback:case_detail", case_id=case.pk)
    return render(
        request,
        "feedback/object_form.html",
        {"form": form, "title": _("Open a case"), "back": "feedback:case_list"},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("feedback.view_case", raise_exception=True)
def case_detail(request, case_id):
    try:
        case = selectors.case_get(case_id=case_id)
    except Case.DoesNotExist as error:
        raise Http404 from error
    can_change = request.user.has_perm("feedback.change_case")
    form = CaseForm(instance=case) if can_change else None
    log_form = CaseLogForm() if can_change else None
    status = 200
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if "text" in request.POST:
            log_form = CaseLogForm(request.POST)
            if log_form.is_valid():
                services.case_log_add(
                    case=case, author=request.user, text=log_form.cleaned_data["text"]
                )
                messages.success(request, _("Action added to the log."))
                return redirect("feedback:case_detail", case_id=case.pk)
        else:
            form = CaseForm(request.POST, instance=Case.objects.get(pk=case.pk))
            if form.is_valid():
                services.case_update(
                    case=case,
                    data={name: form.cleaned_data[name] for name in form.changed_data},
                    author=request.user,
                )
                messages.success(request, _("Case saved."))
                return redirect("feedback:case_detail", case_id=case.pk)
        status = 400
    context = {
        "case": case,
        "form": form,
        "log_form": log_form,
        "guideline": case.compensation_guideline(),
        "history": selectors.respondent_history(respondent_id=case.respondent_id)[:20],
        "show_respondent": request.user.has_perm("feedback.view_respondent"),
        "now": timezone.now(),
    }
    return render(request, "feedback/case_detail.html", context, status=status)
