"""The DPO's dashboard, the register of a journey and an entry's audit trail."""

from collections.abc import Iterator

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import exports
from core.pagination import page_of
from journeys import selectors as journey_selectors
from journeys.models import Journey

from .. import selectors
from ..filters import REGISTER_FILTERS, DataItemFilterSet
from ..forms import ExportForm
from ..models import DataItem, ProcessingActivity, ReviewStatus

JOURNEYS_PER_PAGE = 25


@permission_required("gdpr.view_dataitem", raise_exception=True)
def index(request):
    page, query = page_of(request, selectors.register_journeys(), per_page=JOURNEYS_PER_PAGE)
    context = {
        "dashboard": selectors.dashboard_get(),
        "journeys": page.object_list,
        "page": page,
        "query": query,
        "export_form": ExportForm(initial={"language": get_language()}),
        "statuses": ReviewStatus.choices,
    }
    return render(request, "gdpr/index.html", context)


@permission_required("gdpr.view_dataitem", raise_exception=True)
def register(request, journey_id):
    journey = journey_selectors.journey_get(journey_id=journey_id)
    filterset = DataItemFilterSet(request.GET or None, queryset=DataItem.objects.none())
    form = filterset.form
    for name in list(form.fields):
        if name not in REGISTER_FILTERS:
            del form.fields[name]
    context = {
        "register": selectors.register_for_journey(journey_id=journey.pk, filters=request.GET),
        "filter_form": form,
        "filtered": any(request.GET.get(name) for name in REGISTER_FILTERS),
        "checks": selectors.consistency_checks(journey_id=journey.pk)
        if journey.state == Journey.State.AS_IS
        else None,
    }
    return render(request, "gdpr/register.html", context)


HISTORY_MODELS = {
    "items": (DataItem, "gdpr.view_dataitem"),
    "activities": (ProcessingActivity, "gdpr.view_processingactivity"),
}


def _history_entry(request, kind, entry_id):
    if kind not in HISTORY_MODELS:
        raise Http404
    model, permission = HISTORY_MODELS[kind]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return get_object_or_404(model, pk=entry_id)


def history_csv(request, kind, entry_id):
    """Every change of one entry, one row per changed field, as CSV."""
    entry = _history_entry(request, kind, entry_id)
    return exports.csv_response(
        _history_rows(entry),
        filename=f"history-{kind}-{entry.pk}.csv",
        stream=False,
    )


def _history_rows(entry) -> Iterator[list]:
    yield [_("Date"), _("User"), _("Change"), _("Reason"), _("Field"), _("Before"), _("After")]
    for change in selectors.entry_history(entry=entry):
        record = change["record"]
        base = [
            change["date"],
            change["user"],
            record.get_history_type_display(),
            change["reason"],
        ]
        if not change["changes"]:
            yield [*base, "", "", ""]
        for diff in change["changes"]:
            yield [*base, capfirst(diff["label"]), diff["old_display"], diff["new_display"]]
