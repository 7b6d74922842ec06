"""Data items: the register's entries per stage, and the DPO's review of them."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import add_service_errors
from core.pagination import page_of

from .. import selectors, services
from ..filters import DataItemFilterSet
from ..forms import DataItemForm, ReviewForm, StageChoiceForm
from ..models import DataItem
from ._shared import form_response

ITEMS_PER_PAGE = 50


@permission_required("gdpr.view_dataitem", raise_exception=True)
def data_item_list(request):
    filterset = DataItemFilterSet(request.GET or None, queryset=DataItem.objects.none())
    page, query = page_of(
        request, selectors.data_item_list(filters=request.GET), per_page=ITEMS_PER_PAGE
    )
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
            add_service_errors(form, error)
        else:
            messages.success(request, _("Data item “%(name)s” recorded.") % {"name": item.name})
            return redirect("gdpr:register", journey_id=stage.journey_id)
    return form_response(
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
            add_service_errors(form, error)
        else:
            messages.success(request, _("Data item “%(name)s” saved.") % {"name": item.name})
            return redirect("gdpr:data_item_detail", item_id=item.pk)
    return form_response(
        request, "gdpr/data_item_form.html", {"form": form, "stage": item.stage, "item": item}, form
    )


@require_http_methods(["GET", "POST"])
@permission_required("gdpr.delete_dataitem", raise_exception=True)
def data_item_delete(request, item_id):
    item = _data_item(item_id)
    if request.method == "POST":
        journey_id = item.stage.journey_id
        services.data_item_delete(data_item=item, user=request.user)
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
            add_service_errors(form, error)
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
