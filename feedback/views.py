from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from journeys.models import Journey

from . import selectors, services
from .filters import CaseFilterSet, InvitationFilterSet
from .forms import (
    CaseCreateForm,
    CaseForm,
    CaseLogForm,
    FollowUpRuleForm,
    RecurringCauseForm,
    ServiceEventImportConfirmForm,
    ServiceEventImportForm,
    SurveyAnswerForm,
    SurveyTemplateForm,
)
from .models import Case, FollowUpRule, Invitation, SurveyTemplate

ROWS_PER_PAGE = 50

# The trend chart's drawing: NPS -100..100 from bottom to top, one column per month.
TREND_COLUMN = 60
TREND_HEIGHT = 160
TREND_MARGIN = 16


def _trend_drawing(months: list[selectors.MonthScores]) -> dict:
    """SVG coordinates of the monthly NPS; months without an NPS break the line."""
    usable = TREND_HEIGHT - 2 * TREND_MARGIN

    def y(nps: float) -> float:
        return round(TREND_MARGIN + (100 - nps) * usable / 200, 1)

    segments: list[list[tuple[float, float]]] = [[]]
    dots = []
    for index, month in enumerate(months):
        x = index * TREND_COLUMN + TREND_COLUMN / 2
        if month.scores.nps is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append((x, y(month.scores.nps)))
        dots.append({"x": x, "y": y(month.scores.nps), "month": month})
    return {
        "width": max(len(months), 1) * TREND_COLUMN,
        "height": TREND_HEIGHT,
        "zero_y": y(0),
        "label_y": TREND_HEIGHT - 2,
        "polylines": [" ".join(f"{x:g},{y:g}" for x, y in seg) for seg in segments if seg],
        "dots": dots,
        "months": [
            {"x": index * TREND_COLUMN + TREND_COLUMN / 2, "month": month}
            for index, month in enumerate(months)
        ],
    }


@permission_required("feedback.view_response", raise_exception=True)
def dashboard(request):
    journeys = list(Journey.objects.order_by("name", "id"))
    chosen = request.GET.get("journey", "")
    journey = next((j for j in journeys if str(j.pk) == chosen), journeys[0] if journeys else None)
    context = {"journeys": journeys, "journey": journey}
    if journey is not None:
        months = selectors.monthly_scores(journey_id=journey.pk)
        context.update(
            stages=selectors.stage_scores_for_journey(journey_id=journey.pk),
            touchpoints=selectors.touchpoint_scores_for_journey(journey_id=journey.pk),
            overall=selectors.scores_get(journey_id=journey.pk),
            trend=_trend_drawing(months),
            recurring=selectors.recurring_causes(journey_id=journey.pk),
            can_plan=request.user.has_perms(["journeys.add_action", "feedback.change_case"]),
            invitation_counts=Invitation.objects.filter(event__stage__journey=journey).aggregate(
                total=Count("pk"),
                sent=Count("pk", filter=Q(sent_at__isnull=False)),
                answered=Count("pk", filter=Q(status=Invitation.Status.ANSWERED)),
                suppressed=Count("pk", filter=Q(status=Invitation.Status.SUPPRESSED)),
            ),
            case_counts=Case.objects.filter(stage__journey=journey).aggregate(
                open=Count("pk", filter=Q(status__in=Case.OPEN_STATUSES)),
                overdue=Count(
                    "pk", filter=Q(status__in=Case.OPEN_STATUSES, due_at__lt=timezone.now())
                ),
            ),
        )
    return render(request, "feedback/dashboard.html", context)


@require_POST
@permission_required(["journeys.add_action", "feedback.change_case"], raise_exception=True)
def recurring_cause_to_action(request):
    """The external loop: a recurring cause of complaints becomes an improvement action."""
    form = RecurringCauseForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    stage = form.cleaned_data["stage"]
    try:
        action = services.recurring_cause_to_action(
            stage_id=stage.pk, category=form.cleaned_data["category"], owner=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('feedback:index')}?journey={stage.journey_id}")
    messages.success(
        request, _("Action “%(title)s” added to the improvement plan.") % {"title": action.title}
    )
    return redirect("journeys:journey_map", journey_id=stage.journey_id)


def _page(request, queryset):
    page = Paginator(queryset, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@permission_required("feedback.view_invitation", raise_exception=True)
def invitation_list(request):
    filterset = InvitationFilterSet(request.GET or None, queryset=Invitation.objects.none())
    page, query = _page(request, selectors.invitation_list(filters=request.GET))
    context = {
        "filter_form": filterset.form,
        "page": page,
        "query": query,
        "filtered": any(request.GET.get(name) for name in InvitationFilterSet.base_filters),
    }
    return render(request, "feedback/invitation_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("feedback.add_serviceevent", raise_exception=True)
def service_event_import(request):
    """Upload, then a preview (a dry run of the import), then the import on confirmation."""
    context = {"columns": services.EVENT_CSV_COLUMNS, "result": None}
    form = ServiceEventImportForm()
    status = 200
    if request.method == "POST" and "content" in request.POST:
        confirm = ServiceEventImportConfirmForm(request.POST)
        if confirm.is_valid():
            result = services.service_events_import_csv(
                journey_id=confirm.cleaned_data["journey"].pk,
                source=confirm.cleaned_data["source"],
                text=confirm.cleaned_data["content"],
            )
            if result.is_valid:
                messages.success(
                    request,
                    _("%(created)d event(s) recorded, %(existing)d already received.")
                    % {"created": result.created, "existing": result.already_received},
                )
                return redirect("feedback:invitation_list")
            context["result"] = result
            status = 422
        else:
            status = 400
    elif request.method == "POST":
        form = ServiceEventImportForm(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["file"]
            result = services.service_events_import_csv(
                journey_id=form.cleaned_data["journey"].pk,
                source=form.cleaned_data["source"],
                text=text,
                dry_run=True,
            )
            context["result"] = result
            if result.is_valid:
                context["confirm_form"] = ServiceEventImportConfirmForm(
                    initial={
                        "journey": form.cleaned_data["journey"].pk,
                        "source": form.cleaned_data["source"],
                        "content": text,
                    }
                )
            else:
                status = 422
        else:
            status = 422
    context["form"] = form
    return render(request, "feedback/service_event_import.html", context, status=status)


@permission_required("feedback.change_invitation", raise_exception=True)
def sent_emails(request):
    """The last e-mails sent, with their links: how to try a survey with the console backend."""
    invitations = list(
        selectors.invitation_list()
        .filter(sent_at__isnull=False)
        .exclude(status=Invitation.Status.ANSWERED)
        .order_by("-sent_at", "-id")[:20]
    )
    rows = [
        {"invitation": invitation, **services.invitation_links(invitation=invitation)}
        for invitation in invitations
    ]
    return render(request, "feedback/sent_emails.html", {"rows": rows})


@permission_required("feedback.view_case", raise_exception=True)
def case_list(request):
    filterset = CaseFilterSet(request.GET or None, queryset=Case.objects.none())
    page, query = _page(request, selectors.case_list(filters=request.GET))
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


@require_http_methods(["GET", "POST"])
@permission_required("feedback.view_followuprule", raise_exception=True)
def rule_list(request):
    can_add = request.user.has_perm("feedback.add_followuprule")
    form = FollowUpRuleForm(request.POST or None) if can_add else None
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            rule = services.follow_up_rule_create(**form.cleaned_data)
            messages.success(request, _("Rule “%(name)s” created.") % {"name": rule.name})
            return redirect("feedback:rule_list")
    rules = FollowUpRule.objects.select_related("stage__journey", "touchpoint", "template")
    return render(
        request,
        "feedback/rule_list.html",
        {"rules": rules, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("feedback.change_followuprule", raise_exception=True)
def rule_update(request, rule_id):
    rule = get_object_or_404(FollowUpRule, pk=rule_id)
    form = FollowUpRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        services.follow_up_rule_update(
            rule=FollowUpRule.objects.get(pk=rule.pk), data=form.cleaned_data
        )
        messages.success(request, _("Rule “%(name)s” saved.") % {"name": form.cleaned_data["name"]})
        return redirect("feedback:rule_list")
    return render(
        request,
        "feedback/object_form.html",
        {"form": form, "title": _("Edit the rule"), "back": "feedback:rule_list"},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("feedback.view_surveytemplate", raise_exception=True)
def template_list(request):
    can_add = request.user.has_perm("feedback.add_surveytemplate")
    form = SurveyTemplateForm(request.POST or None) if can_add else None
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            template = services.survey_template_create(**form.cleaned_data)
            messages.success(request, _("Template “%(name)s” created.") % {"name": template.name})
            return redirect("feedback:template_list")
    return render(
        request,
        "feedback/template_list.html",
        {"templates": SurveyTemplate.objects.all(), "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("feedback.change_surveytemplate", raise_exception=True)
def template_update(request, template_id):
    template = get_object_or_404(SurveyTemplate, pk=template_id)
    form = SurveyTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        services.survey_template_update(
            template=SurveyTemplate.objects.get(pk=template.pk), data=form.cleaned_data
        )
        messages.success(
            request, _("Template “%(name)s” saved.") % {"name": form.cleaned_data["name"]}
        )
        return redirect("feedback:template_list")
    return render(
        request,
        "feedback/object_form.html",
        {"form": form, "title": _("Edit the survey template"), "back": "feedback:template_list"},
        status=400 if form.errors else 200,
    )


# The public pages: no login, the signed token is the only key.


def _invalid_link(request):
    # The same page and status for an answered, expired or tampered link.
    response = render(request, "feedback/public/invalid_link.html", status=404)
    response["Referrer-Policy"] = "same-origin"
    return response


def _public(response):
    # The token is in the URL: keep it out of other sites' logs. Not "no-referrer": with it
    # browsers post the form with `Origin: null`, which Django's CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="core.ratelimits.survey_rate", method="POST")
def survey_answer(request, token):
    try:
        invitation = services.invitation_answerable(token=token)
    except services.InvalidLink:
        return _invalid_link(request)
    language = invitation.respondent.language
    template = invitation.rule.template
    with translation.override(language):
        form = SurveyAnswerForm(request.POST or None, template=template, language=language)
        if request.method == "POST" and form.is_valid():
            try:
                services.response_submit(token=token, answers=form.cleaned_data)
            except services.InvalidLink:
                return _invalid_link(request)
            return _public(
                render(
                    request,
                    "feedback/public/thanks.html",
                    {"message": template.thank_you(language), "language": language},
                )
            )
        return _public(
            render(
                request,
                "feedback/public/survey.html",
                {
                    "form": form,
                    "hints": form.scale_hints(),
                    "stage": invitation.event.stage,
                    "language": language,
                },
                status=400 if form.errors else 200,
            )
        )


@login_not_required
@never_cache
@csrf_exempt  # mail providers send the one-click POST (RFC 8058) without any form token
@require_http_methods(["GET", "POST"])
def survey_unsubscribe(request, token):
    try:
        invitation = services.invitation_from_token(token=token, salt=services.UNSUBSCRIBE_SALT)
    except services.InvalidLink:
        return _invalid_link(request)
    language = invitation.respondent.language
    with translation.override(language):
        if request.method == "POST":
            services.respondent_unsubscribe(token=token)
            return _public(
                render(request, "feedback/public/unsubscribed.html", {"language": language})
            )
        return _public(render(request, "feedback/public/unsubscribe.html", {"language": language}))


@require_POST
@permission_required("feedback.change_invitation", raise_exception=True)
def invitations_dispatch_now(request):
    """Sends what is due now, without waiting for beat (handy with `make run`)."""
    counts = services.invitations_dispatch_due(limit=200)
    messages.success(request, _("%(sent)d e-mail(s) sent.") % {"sent": counts["sent"]})
    return redirect("feedback:sent_emails")
