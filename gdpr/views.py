import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from feedback.models import Respondent
from journeys.models import Journey

from . import exports, selectors, services
from .filters import REGISTER_FILTERS, DataItemFilterSet, ProcessingActivityFilterSet
from .forms import (
    DataItemForm,
    DPIAScreeningForm,
    ExportForm,
    ProcessingActivityForm,
    ProcessorForm,
    RequirementForm,
    RespondentSearchForm,
    ReviewForm,
    StageChoiceForm,
)
from .models import (
    DataItem,
    DPIAScreening,
    ProcessingActivity,
    Processor,
    Requirement,
    ReviewStatus,
)

ITEMS_PER_PAGE = 50
ACTIVITIES_PER_PAGE = 20
ACCESSES_PER_PAGE = 50


def _page(request, queryset, per_page):
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _form_response(request, template, context, form):
    return render(request, template, context, status=400 if form.errors else 200)


# The DPO's dashboard and the register per journey


@permission_required("gdpr.view_dataitem", raise_exception=True)
def index(request):
    context = {
        "dashboard": selectors.dashboard_get(),
        "journeys": list(selectors.register_journeys()),
        "export_form": ExportForm(),
        "statuses": ReviewStatus.choices,
    }
    return render(request, "gdpr/index.html", context)


@permission_required("gdpr.view_dataitem", raise_exception=True)
def register(request, journey_id):
    journey = get_object_or_404(Journey, pk=journey_id)
    filterset = DataItemFilterSet(request.GET or None, queryset=DataItem.objects.none())
    form = filterset.form
    for name in list(form.fields):
        if name not in REGISTER_FILTERS:
            del form.fields[name]
    context = {
        "register": selectors.register_for_journey(journey_id=journey.pk, filters=request.GET),
        "filter_form": form,
        "filtered": any(request.GET.get(name) for name in REGISTER_FILTERS),
        "checks": selectors.consistency_checks(journey_id=journey.pk),
    }
    return render(request, "gdpr/register.html", context)


# Data items


@permission_required("gdpr.view_dataitem", raise_exception=True)
def data_item_list(request):
    filterset = DataItemFilterSet(request.GET or None, queryset=DataItem.objects.none())
    page, query = _page(request, selectors.data_item_list(filters=request.GET), ITEMS_PER_PAGE)
    context = {
        "filter_form": filterset.form,
        "page": page,
        "query": query,
        "filtered": any(request.GET.get(name) for name in DataItemFilterSet.base_filters),
    }
    return render(request, "gdpr/data_item_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("gdpr.add_dataitem", raise_exception=True)
def data_item_create(request):
    stage_form = StageChoiceForm(request.GET or None)
    if not stage_form.is_valid():
        return render(request, "gdpr/data_item_stage.html", {"form": stage_form})
    stage = stage_form.cleaned_data["stage"]
    form = DataItemForm(
        request.POST or None,
        stage=stage,
        initial={"category": request.GET.get("category")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.data_item_create(stage=stage, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Data item “%(name)s” recorded.") % {"name": item.name})
            return redirect("gdpr:register", journey_id=stage.journey_id)
    return _form_response(
        request, "gdpr/data_item_form.html", {"form": form, "stage": stage, "item": None}, form
    )


def _data_item(item_id) -> DataItem:
    return get_object_or_404(
        DataItem.objects.select_related("stage__journey", "touchpoint", "activity", "reviewed_by"),
        pk=item_id,
    )


@permission_required("gdpr.view_dataitem", raise_exception=True)
def data_item_detail(request, item_id):
    item = _data_item(item_id)
    return render(
        request,
        "gdpr/data_item_detail.html",
        {"item": item, "review_form": ReviewForm(), "history": selectors.entry_history(entry=item)},
    )


@require_http_methods(["GET", "POST"])
@permission_required("gdpr.change_dataitem", raise_exception=True)
def data_item_update(request, item_id):
    item = _data_item(item_id)
    form = DataItemForm(request.POST or None, instance=item, stage=item.stage)
    if request.method == "POST" and form.is_valid():
        try:
            services.data_item_update(data_item=item, data=form.cleaned_data, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Data item “%(name)s” saved.") % {"name": item.name})
            return redirect("gdpr:data_item_detail", item_id=item.pk)
    return _form_response(
        request, "gdpr/data_item_form.html", {"form": form, "stage": item.stage, "item": item}, form
    )


@require_http_methods(["GET", "POST"])
@permission_required("gdpr.delete_dataitem", raise_exception=True)
def data_item_delete(request, item_id):
    item = _data_item(item_id)
    if request.method == "POST":
        journey_id = item.stage.journey_id
        services.data_item_delete(data_item=item)
        messages.success(request, _("Data item “%(name)s” deleted.") % {"name": item.name})
        return redirect("gdpr:register", journey_id=journey_id)
    return render(request, "gdpr/confirm_delete.html", {"entry": item})


@require_POST
@permission_required("gdpr.change_dataitem", raise_exception=True)
def data_item_submit(request, item_id):
    item = _data_item(item_id)
    try:
        services.data_item_submit(data_item=item, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sent to the DPO for review."))
    return redirect("gdpr:data_item_detail", item_id=item.pk)


@require_POST
@permission_required("gdpr.review_dataitem", raise_exception=True)
def data_item_review(request, item_id):
    item = _data_item(item_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.data_item_review(data_item=item, reviewer=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        context = {
            "item": item,
            "review_form": form,
            "history": selectors.entry_history(entry=item),
        }
        return render(request, "gdpr/data_item_detail.html", context, status=400)
    if request.htmx and request.POST.get("next") == "register":
        # Approved from its register cell: only the item's entry is swapped.
        return render(request, "gdpr/_register_item.html", {"item": item})
    messages.success(
        request,
        _("“%(name)s”: %(status)s.")
        % {"name": item.name, "status": item.get_review_status_display()},
    )
    if request.POST.get("next") == "register":
        return redirect("gdpr:register", journey_id=item.stage.journey_id)
    return redirect("gdpr:data_item_detail", item_id=item.pk)


# Processing activities


@permission_required("gdpr.view_processingactivity", raise_exception=True)
def activity_list(request):
    filterset = ProcessingActivityFilterSet(
        request.GET or None, queryset=ProcessingActivity.objects.none()
    )
    page, query = _page(
        request, selectors.processing_activity_list(filters=request.GET), ACTIVITIES_PER_PAGE
    )
    context = {
        "filter_form": filterset.form,
        "page": page,
        "query": query,
        "filtered": any(request.GET.get(name) for name in ProcessingActivityFilterSet.base_filters),
    }
    return render(request, "gdpr/activity_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("gdpr.add_processingactivity", raise_exception=True)
def activity_create(request):
    form = ProcessingActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.processing_activity_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Processing activity “%(name)s” recorded.") % {"name": activity.name}
            )
            return redirect("gdpr:activity_detail", activity_id=activity.pk)
    return _form_response(
        request, "gdpr/activity_form.html", {"form": form, "activity": None}, form
    )


def _activity(activity_id) -> ProcessingActivity:
    try:
        return selectors.processing_activity_get(activity_id=activity_id)
    except ProcessingActivity.DoesNotExist:
        raise Http404 from None


@permission_required("gdpr.view_processingactivity", raise_exception=True)
def activity_detail(request, activity_id):
    activity = _activity(activity_id)
    context = {
        "activity": activity,
        "screening": getattr(activity, "dpia_screening", None),
        "review_form": ReviewForm(),
        "processor_form": ProcessorForm(activity=activity)
        if request.user.has_perm("gdpr.add_processor")
        else None,
        "history": selectors.entry_history(entry=activity),
    }
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
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Processing activity “%(name)s” saved.") % {"name": activity.name}
            )
            return redirect("gdpr:activity_detail", activity_id=activity.pk)
    return _form_response(
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
            form.add_error(None, error)
    if form.errors:
        activity = _activity(activity_id)
        context = {
            "activity": activity,
            "screening": getattr(activity, "dpia_screening", None),
            "review_form": form,
            "processor_form": None,
            "history": selectors.entry_history(entry=activity),
        }
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
            form.add_error(None, error)
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
        services.processor_delete(processor=processor)
        messages.success(request, _("Processor removed."))
        return redirect("gdpr:activity_detail", activity_id=processor.activity_id)
    return render(request, "gdpr/confirm_delete.html", {"entry": processor})


@require_http_methods(["GET", "POST"])
@permission_required("gdpr.change_dpiascreening", raise_exception=True)
def screening_update(request, activity_id):
    activity = get_object_or_404(ProcessingActivity, pk=activity_id)
    screening = DPIAScreening.objects.filter(activity=activity).first()
    form = DPIAScreeningForm(request.POST or None, instance=screening)
    if request.method == "POST" and form.is_valid():
        try:
            screening = services.dpia_screening_record(
                activity=activity, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if screening.dpia_required:
                messages.warning(
                    request,
                    _("%(count)s criteria met: a DPIA is required.")
                    % {"count": screening.criteria_met},
                )
            else:
                messages.success(
                    request,
                    _("%(count)s criteria met: a DPIA is not required in principle.")
                    % {"count": screening.criteria_met},
                )
            return redirect("gdpr:activity_detail", activity_id=activity.pk)
    return _form_response(
        request, "gdpr/screening_form.html", {"form": form, "activity": activity}, form
    )


# The audit trail


HISTORY_MODELS = {
    "items": (DataItem, "gdpr.view_dataitem"),
    "activities": (ProcessingActivity, "gdpr.view_processingactivity"),
}


def _history_entry(request, kind, entry_id):
    model, permission = HISTORY_MODELS[kind]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return get_object_or_404(model, pk=entry_id)


def history_csv(request, kind, entry_id):
    """Every change of one entry, one row per changed field, as CSV."""
    entry = _history_entry(request, kind, entry_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="history-{kind}-{entry.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [_("Date"), _("User"), _("Change"), _("Reason"), _("Field"), _("Before"), _("After")]
    )
    for change in selectors.entry_history(entry=entry):
        record = change["record"]
        base = [
            record.history_date.isoformat(),
            record.history_user.get_username() if record.history_user else "",
            record.get_history_type_display(),
            record.history_change_reason or "",
        ]
        if not change["changes"]:
            writer.writerow([*base, "", "", ""])
        for diff in change["changes"]:
            writer.writerow([*base, capfirst(diff["label"]), diff["old"], diff["new"]])
    return response


# Exports


@permission_required("gdpr.view_processingactivity", raise_exception=True)
def article30_export(request):
    form = ExportForm(request.GET)
    if not form.is_valid():
        return HttpResponse(status=400)
    return article30_response(**form.cleaned_data)


def article30_response(*, format: str, language: str):
    """The Article 30 record as a download, shared by the page and the API."""
    stamp = timezone.localdate().isoformat()
    filename = f"article30-{language}-{stamp}.{format}"
    if format == "csv":
        response = StreamingHttpResponse(
            exports.csv_stream(language=language), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    if format == "xlsx":
        return FileResponse(
            exports.xlsx_file(language=language),
            as_attachment=True,
            filename=filename,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response = HttpResponse(exports.pdf_bytes(language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The seven requirements


@require_http_methods(["GET", "POST"])
@permission_required("gdpr.view_requirement", raise_exception=True)
def checklist(request):
    may_change = request.user.has_perm("gdpr.change_requirement")
    requirements = list(selectors.requirement_list())
    editing = None
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        requirement = get_object_or_404(Requirement, pk=request.POST.get("requirement"))
        form = RequirementForm(request.POST, instance=requirement, prefix=str(requirement.pk))
        if form.is_valid():
            services.requirement_update(
                requirement=requirement, data=form.cleaned_data, user=request.user
            )
            messages.success(request, _("“%(name)s” saved.") % {"name": requirement})
            return redirect("gdpr:checklist")
        editing = (requirement.pk, form)
    rows = []
    for requirement in requirements:
        if editing and editing[0] == requirement.pk:
            form = editing[1]
        elif may_change:
            form = RequirementForm(instance=requirement, prefix=str(requirement.pk))
        else:
            form = None
        rows.append({"requirement": requirement, "form": form})
    done = sum(1 for r in requirements if r.status == Requirement.Status.DONE)
    return render(
        request,
        "gdpr/checklist.html",
        {"rows": rows, "done": done, "total": len(requirements)},
        status=400 if editing else 200,
    )


# Parcours' own GDPR: respondents (DPO only), every access logged


@permission_required("gdpr.handle_respondentaccess", raise_exception=True)
def respondent_search(request):
    form = RespondentSearchForm(request.GET or None)
    respondents = None
    if form.is_valid():
        respondents = services.respondents_find(query=form.cleaned_data["q"], user=request.user)
    return render(
        request, "gdpr/respondent_search.html", {"form": form, "respondents": respondents}
    )


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
    respondent = get_object_or_404(Respondent, pk=respondent_id)
    if request.method == "POST":
        services.respondent_erase(respondent_id=respondent.pk, user=request.user)
        messages.success(
            request, _("The respondent's personal data is erased; their scores are kept.")
        )
        return redirect("gdpr:respondent_search")
    return render(request, "gdpr/respondent_erase.html", {"respondent": respondent})


@permission_required("gdpr.view_respondentaccess", raise_exception=True)
def access_log(request):
    page, query = _page(request, selectors.respondent_access_list(), ACCESSES_PER_PAGE)
    return render(request, "gdpr/access_log.html", {"page": page, "query": query})
