"""The survey set-up: follow-up rules and survey templates."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.pagination import page_of

from .. import services
from ..filters import FollowUpRuleFilterSet
from ..forms import FollowUpRuleForm, SurveyTemplateForm
from ..models import FollowUpRule, SurveyTemplate

RULES_PER_PAGE = 25


@require_http_methods(["GET", "POST"])
@permission_required("feedback.view_followuprule", raise_exception=True)
def rule_list(request):
    can_add = request.user.has_perm("feedback.add_followuprule")
    # ?stage=<id>: the journey health panel's "Add a follow-up rule" for that stage.
    stage = request.GET.get("stage", "")
    initial = {"stage": int(stage)} if stage.isdigit() else {}
    form = FollowUpRuleForm(request.POST or None, initial=initial) if can_add else None
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            rule = services.follow_up_rule_create(**form.cleaned_data)
            messages.success(request, _("Rule “%(name)s” created.") % {"name": rule.name})
            return redirect("feedback:rule_list")
    filterset = FollowUpRuleFilterSet(
        request.GET or None,
        queryset=FollowUpRule.objects.select_related(
            "stage__journey", "touchpoint", "template"
        ).order_by("stage__journey__name", "stage__journey_id", "stage__position", "name", "id"),
    )
    page, query = page_of(request, filterset.qs, per_page=RULES_PER_PAGE)
    return render(
        request,
        "feedback/rule_list.html",
        {
            "page": page,
            "query": query,
            "filter_form": filterset.form,
            "filtered": any(request.GET.get(name) for name in FollowUpRuleFilterSet.base_filters),
            "form": form,
        },
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
