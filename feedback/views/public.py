"""The customer's pages: no login, the signed token is the only key."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from core import selectors as core_selectors

from .. import selectors, services
from ..forms import RecoveryAnswerForm, SurveyAnswerForm


def _public(request, template, context=None, *, status=200):
    """A customer's page, in the organisation's name, logo and colours (one cached read)."""
    context = {"organisation": core_selectors.organisation_current(), **(context or {})}
    response = render(request, template, context, status=status)
    # The token is in the URL: keep it out of other sites' logs. Not "no-referrer": with it
    # browsers post the form with `Origin: null`, which Django's CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


def _invalid_link(request):
    # The same page and status for an answered, expired or tampered link.
    return _public(request, "feedback/public/invalid_link.html", status=404)


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
                response = services.response_submit(
                    token=token, answers=form.cleaned_data, invitation=invitation
                )
            except services.InvalidLink:
                return _invalid_link(request)
            context = {
                "message": template.thank_you(language),
                "language": language,
                # Promised only when a case was opened: someone is now due to call back.
                "case_opened": services.response_needs_case(response),
                # A promoter is invited to tell others, through the counted redirect.
                "review_path": services.review_invitation_path(response=response),
            }
            return _public(request, "feedback/public/thanks.html", context)
        context = {
            "form": form,
            "hints": form.scale_hints(),
            "stage": invitation.event.stage,
            "language": language,
        }
        return _public(
            request,
            "feedback/public/survey.html",
            context,
            status=400 if form.errors else 200,
        )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="core.ratelimits.survey_rate", method="POST")
def recovery_answer(request, token):
    """The recovery survey after a resolved case: the survey page's layout, one question."""
    try:
        survey = services.recovery_answerable(token=token)
    except services.InvalidLink:
        return _invalid_link(request)
    language = survey.respondent.language
    with translation.override(language):
        form = RecoveryAnswerForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                survey = services.recovery_answer_submit(token=token, **form.cleaned_data)
            except services.InvalidLink:
                return _invalid_link(request)
            context = {
                "message": _("Thank you for your answer: it helps us improve."),
                "language": language,
                # A low answer reopened the case: someone is due to call back again.
                "case_opened": survey.score <= selectors.DOUBLE_FAILURE_MAX_SCORE,
            }
            return _public(request, "feedback/public/thanks.html", context)
        context = {
            "form": form,
            "hints": form.scale_hints(),
            "stage": survey.case.stage,
            "language": language,
            "recovery": True,
        }
        return _public(
            request,
            "feedback/public/survey.html",
            context,
            status=400 if form.errors else 200,
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
            return _public(request, "feedback/public/unsubscribed.html", {"language": language})
        return _public(request, "feedback/public/unsubscribe.html", {"language": language})


@login_not_required
@never_cache
@csrf_exempt  # as survey_unsubscribe: the one-click POST comes without a form token
@require_http_methods(["GET", "POST"])
def recovery_unsubscribe(request, token):
    try:
        survey = services.recovery_from_token(token=token, salt=services.RECOVERY_UNSUBSCRIBE_SALT)
    except services.InvalidLink:
        return _invalid_link(request)
    language = survey.respondent.language
    with translation.override(language):
        if request.method == "POST":
            services.respondent_unsubscribe(token=token, salt=services.RECOVERY_UNSUBSCRIBE_SALT)
            return _public(request, "feedback/public/unsubscribed.html", {"language": language})
        return _public(request, "feedback/public/unsubscribe.html", {"language": language})


@login_not_required
@never_cache
@require_http_methods(["GET"])
def survey_review(request, token):
    """A promoter's click on the invitation to review: counted, then sent to the journey's
    review page (its stored address only, never one from the link)."""
    try:
        url = services.review_click_record(token=token)
    except services.InvalidLink:
        return _invalid_link(request)
    return HttpResponseRedirect(url)
