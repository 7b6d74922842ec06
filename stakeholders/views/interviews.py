"""Interviews: every lookup goes through interviews_for_user, so another interviewer's
interview is a 404, exactly like one that does not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.pagination import page_of
from journeys import selectors as journey_selectors

from .. import selectors, services
from ..filters import InterviewFilterSet
from ..forms import InterviewAnswersForm, InterviewCreateForm, InterviewSendBackForm
from ..models import Interview

INTERVIEWS_PER_PAGE = 20


def _interview(request, interview_id) -> Interview:
    return get_object_or_404(
        selectors.interviews_for_user(user=request.user).select_related(
            "stakeholder", "journey", "interviewer", "validated_by"
        ),
        pk=interview_id,
    )


@permission_required("stakeholders.view_interview", raise_exception=True)
def interview_list(request):
    page, query = page_of(
        request,
        selectors.interview_list(user=request.user, filters=request.GET),
        per_page=INTERVIEWS_PER_PAGE,
    )
    context = {
        "filter_form": InterviewFilterSet(request.GET or None).form,
        "filtered": any(request.GET.get(name) for name in InterviewFilterSet.base_filters),
        "page": page,
        "query": query,
    }
    return render(request, "stakeholders/interview_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("stakeholders.add_interview", raise_exception=True)
def interview_create(request):
    form = InterviewCreateForm(
        request.POST or None,
        user=request.user,
        initial={"stakeholder": request.GET.get("stakeholder")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.setdefault("interviewer", request.user)
        interview = services.interview_create(**data)
        messages.success(request, _("Interview scheduled."))
        return redirect("stakeholders:interview_detail", interview_id=interview.pk)
    return render(
        request,
        "stakeholders/interview_create.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("stakeholders.view_interview", raise_exception=True)
def interview_detail(request, interview_id):
    interview = _interview(request, interview_id)
    stages = (
        list(journey_selectors.journey_stages(journey_id=interview.journey_id))
        if interview.journey_id
        else []
    )
    editable = interview.is_answerable and request.user.has_perm("stakeholders.change_interview")
    form = InterviewAnswersForm(
        request.POST or None,
        stages=stages,
        initial=InterviewAnswersForm.initial_from(interview),
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                # The draft is kept even when the submission is refused.
                services.interview_save_draft(
                    interview=interview,
                    answers=form.answers(),
                    ease_of_satisfying=form.cleaned_data["ease_of_satisfying"],
                )
                if "submit" in request.POST:
                    services.interview_submit(interview=interview)
                    messages.success(request, _("Interview submitted."))
                else:
                    messages.success(request, _("Draft saved."))
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return redirect("stakeholders:interview_detail", interview_id=interview.pk)
    context = {
        "interview": interview,
        "form": form,
        "sections": _sections(form),
        "editable": editable,
        "may_validate": interview.status == Interview.Status.SUBMITTED
        and request.user.has_perm("stakeholders.change_stakeholder"),
        "send_back_form": InterviewSendBackForm(),
        "send_backs": interview.send_backs.select_related("sent_by"),
        "outcomes": _outcomes(request, interview),
    }
    return render(
        request,
        "stakeholders/interview_detail.html",
        context,
        status=400 if form.has_errors() else 200,
    )


def _sections(form: InterviewAnswersForm, *, open_unfinished: bool = True):
    """The form's sections with their marks; the first unfinished one is open (the first of
    all when every one is finished), or, for the CX manager revising, those holding answers."""
    sections = [*form.stage_sections(), form.other_section()]
    if open_unfinished:
        opened = next((section for section in sections if not section.done), sections[0])
        opened.open = True
    else:
        for section in sections:
            section.open = bool(section.answers)
    return sections


def _outcomes(request, interview: Interview):
    if interview.status != Interview.Status.VALIDATED:
        return None
    outcomes = list(selectors.interview_outcomes(interview=interview))
    interviewees = selectors.interviewees_of_observations(
        user=request.user,
        observation_ids=[outcome.observation_id for outcome in outcomes if outcome.observation_id],
    )
    for outcome in outcomes:
        outcome.interviewee = interviewees.get(outcome.observation_id, "")
    return outcomes


@require_POST
@permission_required("stakeholders.change_interview", raise_exception=True)
def interview_autosave(request, interview_id):
    """The form's answers saved as a draft while the interviewer types (stakeholders.js), so
    that a closed browser loses nothing; answers JSON for the status line."""
    interview = _interview(request, interview_id)
    if not interview.is_answerable:
        raise PermissionDenied
    stages = list(journey_selectors.journey_stages(journey_id=interview.journey_id))
    form = InterviewAnswersForm(request.POST, stages=stages)
    if not form.is_valid():
        return JsonResponse(
            {"saved": False, "message": _("Not saved: check the form.")}, status=422
        )
    try:
        interview = services.interview_save_draft(
            interview=interview,
            answers=form.answers(),
            ease_of_satisfying=form.cleaned_data["ease_of_satisfying"],
        )
    except ValidationError as error:
        return JsonResponse({"saved": False, "message": " ".join(error.messages)}, status=422)
    saved_at = timezone.localtime(interview.updated_at)
    return JsonResponse(
        {
            "saved": True,
            "message": _("Draft saved at %(time)s.")
            % {"time": date_format(saved_at, "TIME_FORMAT")},
        }
    )


@require_http_methods(["GET", "POST"])
@permission_required("stakeholders.change_stakeholder", raise_exception=True)
def interview_validate(request, interview_id):
    """The confirmation step: what validating creates, the outcome the CX manager may revise
    (refreshing the list), then the validation itself."""
    interview = _interview(request, interview_id)
    if interview.status != Interview.Status.SUBMITTED:
        messages.error(request, _("Only a submitted interview can be validated."))
        return redirect("stakeholders:interview_detail", interview_id=interview.pk)
    stages = list(journey_selectors.journey_stages(journey_id=interview.journey_id))
    form = InterviewAnswersForm(
        request.POST or None, stages=stages, initial=InterviewAnswersForm.initial_from(interview)
    )
    plan = None
    if request.method == "POST" and form.is_valid():
        try:
            if "confirm" in request.POST:
                services.interview_validate(
                    interview=interview,
                    validated_by=request.user,
                    answers=form.answers(),
                    ease_of_satisfying=form.cleaned_data["ease_of_satisfying"],
                    accepted_involvements=request.POST.getlist("accept_involvement"),
                )
                messages.success(
                    request, _("Interview validated: its observations are on the journey.")
                )
                return redirect("stakeholders:interview_detail", interview_id=interview.pk)
            plan = services.interview_validation_plan(interview=interview, answers=form.answers())
        except ValidationError as error:
            form.add_error(None, error.messages)
    if plan is None and not form.has_errors():
        plan = services.interview_validation_plan(interview=interview)
    return render(
        request,
        "stakeholders/interview_validate.html",
        {
            "interview": interview,
            "form": form,
            "sections": _sections(form, open_unfinished=False),
            "plan": plan,
            "accepted": request.POST.getlist("accept_involvement"),
        },
        status=400 if form.has_errors() else 200,
    )


@require_POST
@permission_required("stakeholders.change_stakeholder", raise_exception=True)
def interview_send_back(request, interview_id):
    """A CX manager sends a submitted interview back to its interviewer, with a comment."""
    interview = _interview(request, interview_id)
    form = InterviewSendBackForm(request.POST)
    if form.is_valid():
        try:
            services.interview_send_back(
                interview=interview, sent_by=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Interview sent back to its interviewer."))
    else:
        messages.error(request, _("Say what the interviewer should change."))
    return redirect("stakeholders:interview_detail", interview_id=interview.pk)
