"""Complaint cases: the list, a complaint opened from any channel, and a case's handling —
its log, compensation and replies to the customer."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.pagination import page_of

from .. import compensation, selectors, services
from ..filters import CaseFilterSet
from ..forms import CaseCompensationForm, CaseForm, CaseLogForm, CaseReplyForm, ComplaintForm
from ..models import Case, CaseReply
from ..privacy import may_read_respondents
from .invitations import ROWS_PER_PAGE

# What the customer lookup of the complaint form lists at most.
CUSTOMER_MATCHES_SHOWN = 5


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
    """A complaint that came by phone, letter, e-mail, social media, a review site or in
    person: one short form."""
    form = ComplaintForm(
        request.POST or None, may_read_respondents=may_read_respondents(request.user)
    )
    if request.method == "POST" and form.is_valid():
        case = services.case_create(**form.service_arguments(), author=request.user)
        messages.success(request, _("Case opened."))
        return redirect("feedback:case_detail", case_id=case.pk)
    return render(
        request,
        "feedback/case_create.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_GET
@permission_required("feedback.add_case", raise_exception=True)
def case_customer_lookup(request):
    """The respondents whose e-mail or reference begins with what was typed in the complaint
    form (htmx): only for the roles that read respondents."""
    if not may_read_respondents(request.user):
        raise PermissionDenied
    query = request.GET.get("customer", "").strip()
    matches = list(selectors.respondent_search(query=query)[: CUSTOMER_MATCHES_SHOWN + 1])
    return render(
        request,
        "feedback/_customer_matches.html",
        {
            "query": query,
            "matches": matches[:CUSTOMER_MATCHES_SHOWN],
            "more": len(matches) > CUSTOMER_MATCHES_SHOWN,
        },
    )


def _case_or_404(case_id: int) -> Case:
    try:
        return selectors.case_get(case_id=case_id)
    except Case.DoesNotExist as error:
        raise Http404 from error


def _case_page(request, case: Case, *, status: int = 200, **bound):
    """The case page, with the forms of a user who may change the case (`bound` replaces
    those posted with errors)."""
    can_change = request.user.has_perm("feedback.change_case")
    reads = may_read_respondents(request.user)
    forms = {}
    if can_change:
        forms = {
            "form": CaseForm(instance=case, may_read_respondents=reads),
            "log_form": CaseLogForm(),
            "compensation_form": CaseCompensationForm(instance=case, may_read_respondents=reads),
        }
        if request.user.has_perm("feedback.add_casereply") and reads:
            forms["reply_form"] = CaseReplyForm()
    forms.update(bound)
    guideline = case.compensation_guideline()
    context = {
        "case": case,
        **forms,
        "guideline": guideline,
        "offer_position": compensation.offer_position(guideline, case.compensation_offered),
        "reply_status": services.case_reply_status(case) if "reply_form" in forms else "",
        "history": selectors.respondent_history(respondent_id=case.respondent_id)[:20],
        "show_respondent": request.user.has_perm("feedback.view_respondent"),
        "now": timezone.now(),
    }
    return render(request, "feedback/case_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
@permission_required("feedback.view_case", raise_exception=True)
def case_detail(request, case_id):
    case = _case_or_404(case_id)
    if request.method == "GET":
        return _case_page(request, case)
    if not request.user.has_perm("feedback.change_case"):
        raise PermissionDenied
    if "text" in request.POST:
        log_form = CaseLogForm(request.POST)
        if log_form.is_valid():
            services.case_log_add(
                case=case, author=request.user, text=log_form.cleaned_data["text"]
            )
            messages.success(request, _("Action added to the log."))
            return redirect("feedback:case_detail", case_id=case.pk)
        return _case_page(request, case, status=400, log_form=log_form)
    form = CaseForm(
        request.POST,
        instance=Case.objects.get(pk=case.pk),
        may_read_respondents=may_read_respondents(request.user),
    )
    if form.is_valid():
        services.case_update(
            case=case,
            data={name: form.cleaned_data[name] for name in form.changed_data},
            author=request.user,
        )
        messages.success(request, _("Case saved."))
        return redirect("feedback:case_detail", case_id=case.pk)
    return _case_page(request, case, status=400, form=form)


@require_POST
@permission_required("feedback.change_case", raise_exception=True)
def case_compensation(request, case_id):
    """The compensation and justice of a case; an offer outside the guideline is saved, and
    the page warns."""
    case = _case_or_404(case_id)
    form = CaseCompensationForm(
        request.POST,
        instance=Case.objects.get(pk=case.pk),
        may_read_respondents=may_read_respondents(request.user),
    )
    if not form.is_valid():
        return _case_page(request, case, status=400, compensation_form=form)
    case = services.case_update(
        case=case,
        data={name: form.cleaned_data[name] for name in form.changed_data},
        author=request.user,
    )
    if case.compensation_warning():
        messages.warning(request, _("Compensation saved; the offer is outside the guideline."))
    else:
        messages.success(request, _("Compensation saved."))
    return redirect("feedback:case_detail", case_id=case.pk)


@require_POST
@permission_required("feedback.add_casereply", raise_exception=True)
def case_reply(request, case_id):
    """A reply to the case's customer, e-mailed through the outbox; kept on the case, and
    said so, when no address may be written to."""
    if not may_read_respondents(request.user):
        raise PermissionDenied
    case = _case_or_404(case_id)
    form = CaseReplyForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, status=400, reply_form=form)
    reply = services.case_reply_write(
        case=case, author=request.user, text=form.cleaned_data["reply"]
    )
    if reply.status == CaseReply.Status.PENDING:
        messages.success(request, _("Reply saved: it is being e-mailed to the customer."))
    elif reply.status == CaseReply.Status.NO_ADDRESS:
        messages.warning(
            request,
            _(
                "No e-mail address is known for this customer: the reply is kept on the case, "
                "not sent. Reach them another way."
            ),
        )
    else:
        messages.warning(
            request,
            _("The customer unsubscribed or was erased: the reply is kept on the case, not sent."),
        )
    return redirect("feedback:case_detail", case_id=case.pk)
