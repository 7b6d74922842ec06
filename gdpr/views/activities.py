"""Processing activities, the DPO's review of them, and their processors."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.choices import search_choices_response
from core.forms import add_service_errors
from core.pagination import page_of

from .. import selectors, services
from ..filters import ProcessingActivityFilterSet
from ..forms import ProcessingActivityForm, ProcessorForm, ReviewForm
from ..models import ProcessingActivity, Processor
from ._shared import form_response

ACTIVITIES_PER_PAGE = 20


@permission_required("gdpr.view_processingactivity", raise_exception=True)
def activity_list(request):
    filterset = ProcessingActivityFilterSet(
        request.GET or None, queryset=ProcessingActivity.objects.none()
    )
    page, query = page_of(
        request,
        selectors.processing_activity_list(filters=request.GET),
        per_page=ACTIVITIES_PER_PAGE,
    )
    context = {
        "filter_form": filterset.form,
        "page": page,
        "query": query,
        "filtered": any(request.GET.get(name) for name in ProcessingActivityFilterSet.base_filters),
    }
    return render(request, "gdpr/activity_list.html", context)


@require_GET
@permission_required("gdpr.view_processingactivity", raise_exception=True)
def activity_choices(request):
    """The options of a search select of an activity (fields.ActivityChoiceField)."""
    return search_choices_response(
        request,
        queryset=ProcessingActivity.objects.order_by("name", "id"),
        label=str,
        lookups=["name", "purposes"],
    )


@require_http_methods(["GET", "POST"])
@permission_required("gdpr.add_processingactivity", raise_exception=True)
def activity_create(request):
    form = ProcessingActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.processing_activity_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Processing activity “%(name)s” recorded.") % {"name": activity.name}
            )
            return redirect("gdpr:activity_detail", activity_id=activity.pk)
    return form_response(request, "gdpr/activity_form.html", {"form": form, "activity": None}, form)


def _activity(activity_id) -> ProcessingActivity:
    try:
        return selectors.processing_activity_get(activity_id=activity_id)
    except ProcessingActivity.DoesNotExist:
        raise Http404 from None


def _detail_context(activity: ProcessingActivity, **context) -> dict:
    return {
        "activity": activity,
        "screening": getattr(activity, "dpia_screening", None),
        "history": selectors.entry_history(entry=activity),
        **context,
    }


@permission_required("gdpr.view_processingactivity", raise_exception=True)
def activity_detail(request, activity_id):
    activity = _activity(activity_id)
    processor_form = (
        ProcessorForm(activity=activity) if request.user.has_perm("gdpr.add_processor") else None
    )
    context = _detail_context(activity, review_form=ReviewForm(), processor_form=processor_form)
    return render(request, "gdpr/activity_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("gdpr.change_processingactivity", raise_exception=True)
def activity_update(request, activity_id):
    activity = get_object_or_404(ProcessingActivity, pk=activity_id)
    form = ProcessingActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.processing_activity_update(
                activity=activity, data=form.cleaned_data, user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Processing activity “%(name)s” saved.") % {"name": activity.name}
            )
            return redirect("gdpr:activity_detail", activity_id=activity.pk)
    return form_response(
        request, "gdpr/activity_form.html", {"form": form, "activity": activity}, form
    )


@require_http_methods(["GET", "POST"])
@permission_required("gdpr.delete_processingactivity", raise_exception=True)
def activity_delete(request, activity_id):
    activity = get_object_or_404(ProcessingActivity, pk=activity_id)
    if request.method == "POST":
        services.processing_activity_delete(activity=activity)
        messages.success(
            request, _("Processing activity “%(name)s” deleted.") % {"name": activity.name}
        )
        return redirect("gdpr:activity_list")
    return render(request, "gdpr/confirm_delete.html", {"entry": activity})


@require_POST
@permission_required("gdpr.change_processingactivity", raise_exception=True)
def activity_submit(request, activity_id):
    activity = get_object_or_404(ProcessingActivity, pk=activity_id)
    try:
        services.processing_activity_submit(activity=activity, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sent to the DPO for review."))
    return redirect("gdpr:activity_detail", activity_id=activity.pk)


@require_POST
@permission_required("gdpr.review_processingactivity", raise_exception=True)
def activity_review(request, activity_id):
    activity = get_object_or_404(ProcessingActivity, pk=activity_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.processing_activity_review(
                activity=activity, reviewer=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        context = _detail_context(_activity(activity_id), review_form=form, processor_form=None)
        return render(request, "gdpr/activity_detail.html", context, status=400)
    messages.success(
        request,
        _("“%(name)s”: %(status)s.")
        % {"name": activity.name, "status": activity.get_review_status_display()},
    )
    return redirect("gdpr:activity_detail", activity_id=activity.pk)


@require_POST
@permission_required("gdpr.add_processor", raise_exception=True)
def processor_create(request, activity_id):
    activity = get_object_or_404(ProcessingActivity, pk=activity_id)
    form = ProcessorForm(request.POST, activity=activity)
    if form.is_valid():
        try:
            services.processor_create(activity=activity, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Processor recorded."))
            return redirect("gdpr:activity_detail", activity_id=activity.pk)
    return render(
        request, "gdpr/processor_form.html", {"form": form, "activity": activity}, status=400
    )


@require_http_methods(["GET", "POST"])
@permission_required("gdpr.delete_processor", raise_exception=True)
def processor_delete(request, processor_id):
    processor = get_object_or_404(
        Processor.objects.select_related("activity", "stakeholder"), pk=processor_id
    )
    if request.method == "POST":
        services.processor_delete(processor=processor, user=request.user)
        messages.success(request, _("Processor removed."))
        return redirect("gdpr:activity_detail", activity_id=processor.activity_id)
    return render(request, "gdpr/confirm_delete.html", {"entry": processor})
