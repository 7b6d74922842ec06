"""Floor views: the least Django can do to answer the same request, to compare Parcours with.

Each runs behind the same middleware (session, sign-in, CSP…) as the views it is compared with:
- `list_floor`: the same page of rows as an API list, with `values()` and a JSON dump, and the
  total count the API's pagination also gives;
- `bytes_floor`: a response fetched once from Parcours (the journey map, page or API), served
  again as bytes read at start-up;
- `scores_floor` and `dashboard_floor`: the scores endpoint's and the feedback dashboard's
  figures, computed by hand-written SQL (GROUP BY) and dumped as JSON.
"""

import os
from functools import cache
from pathlib import Path

from django.core.exceptions import FieldError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone

from config.api_urls import router
from feedback.selectors import RECURRING_CASE_MINIMUM


@cache
def _list(basename: str) -> tuple[models.QuerySet, list[str]]:
    """The rows an API list shows, in its order, and its serializer's model fields."""
    viewset = next((v for _p, v, name in router.registry if name == basename), None)
    if viewset is None or getattr(viewset, "queryset", None) is None:
        raise Http404
    model = viewset.queryset.model
    concrete = {field.name: field.attname for field in model._meta.concrete_fields}
    declared = getattr(viewset.serializer_class.Meta, "fields", ())
    fields = [concrete[name] for name in declared if name in concrete]
    ordering = (
        getattr(viewset, "ordering", None)
        or viewset.queryset.query.order_by
        or model._meta.ordering
    )
    try:
        rows = model._default_manager.order_by(*ordering)
    except FieldError:  # ordered by an annotation of the viewset's own queryset
        rows = model._default_manager.order_by(*model._meta.ordering)
    return rows, fields


def list_floor(request, basename):
    queryset, fields = _list(basename)
    limit = int(request.GET.get("limit", 50))
    rows = list(queryset.values(*fields)[:limit])
    return JsonResponse(
        {"count": queryset.count(), "results": rows}, encoder=DjangoJSONEncoder, safe=False
    )


@cache
def _prerendered(name: str) -> tuple[bytes, str]:
    path = Path(os.environ["BENCH_FLOOR_DIR"]) / name
    if not path.exists():
        raise Http404
    content_type = "application/json" if name.endswith(".json") else "text/html; charset=utf-8"
    return path.read_bytes(), content_type


def bytes_floor(request, name):
    content, content_type = _prerendered(name)
    return HttpResponse(content, content_type=content_type)


# The figures of feedback.selectors.SCORE_AGGREGATES, by hand.
SCORES_SQL = """
    count(*) AS responses,
    count(r.nps) AS nps_count,
    count(*) FILTER (WHERE r.nps >= 9) AS promoters,
    count(*) FILTER (WHERE r.nps <= 6) AS detractors,
    count(r.csat) AS csat_count,
    count(*) FILTER (WHERE r.csat >= 4) AS csat_satisfied,
    count(r.ces) AS ces_count,
    avg(r.ces) AS ces_mean,
    count(*) FILTER (WHERE r.ces >= 5) AS ces_high
"""
JOURNEY_RESPONSES = """
    FROM feedback_response r
    JOIN feedback_invitation i ON i.id = r.invitation_id
    JOIN feedback_serviceevent e ON e.id = i.event_id
    JOIN journeys_stage s ON s.id = e.stage_id
    WHERE s.journey_id = %(journey)s
"""


def _rows(sql: str, params=None) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def scores_floor(request):
    return JsonResponse(
        _rows(f"SELECT {SCORES_SQL} FROM feedback_response r")[0], encoder=DjangoJSONEncoder
    )


def dashboard_floor(request):
    """The figures of the feedback dashboard for one journey (the first by name by default)."""
    journeys = _rows("SELECT id, name FROM journeys_journey ORDER BY name, id")
    journey = int(request.GET.get("journey") or journeys[0]["id"])
    params = {
        "journey": journey,
        "zone": timezone.get_current_timezone_name(),
        "recurring": RECURRING_CASE_MINIMUM,
    }
    figures = {
        "journeys": journeys,
        "stages": _rows(
            "SELECT id, code, name FROM journeys_stage WHERE journey_id = %(journey)s "
            "ORDER BY position",
            params,
        ),
        "by_stage": _rows(
            f"SELECT e.stage_id, {SCORES_SQL} {JOURNEY_RESPONSES} GROUP BY e.stage_id", params
        ),
        "by_touchpoint": _rows(
            f"SELECT e.touchpoint_id, {SCORES_SQL} {JOURNEY_RESPONSES} "
            "AND e.touchpoint_id IS NOT NULL GROUP BY e.touchpoint_id",
            params,
        ),
        "sent_by_touchpoint": _rows(
            "SELECT e.touchpoint_id, count(*) FROM feedback_invitation i "
            "JOIN feedback_serviceevent e ON e.id = i.event_id "
            "JOIN journeys_stage s ON s.id = e.stage_id WHERE s.journey_id = %(journey)s "
            "AND e.touchpoint_id IS NOT NULL AND i.sent_at IS NOT NULL GROUP BY e.touchpoint_id",
            params,
        ),
        "touchpoints": _rows(
            "SELECT t.id, t.name, s.code FROM journeys_touchpoint t "
            "JOIN journeys_stage s ON s.id = t.stage_id WHERE s.journey_id = %(journey)s "
            "ORDER BY s.position, t.position",
            params,
        ),
        "recurring_causes": _rows(
            "SELECT c.stage_id, s.code, s.name, c.category, count(*) AS cases "
            "FROM feedback_case c JOIN journeys_stage s ON s.id = c.stage_id "
            "WHERE s.journey_id = %(journey)s AND c.improvement_action_id IS NULL "
            "AND c.category <> '' GROUP BY c.stage_id, s.code, s.name, s.position, c.category "
            "HAVING count(*) >= %(recurring)s ORDER BY cases DESC, s.position, c.category",
            params,
        ),
        "sent_by_stage": _rows(
            "SELECT e.stage_id, count(*) FROM feedback_invitation i "
            "JOIN feedback_serviceevent e ON e.id = i.event_id "
            "JOIN journeys_stage s ON s.id = e.stage_id "
            "WHERE s.journey_id = %(journey)s AND i.sent_at IS NOT NULL GROUP BY e.stage_id",
            params,
        ),
        "overall": _rows(f"SELECT {SCORES_SQL} {JOURNEY_RESPONSES}", params),
        "by_month": _rows(
            "SELECT date_trunc('month', r.submitted_at AT TIME ZONE %(zone)s) AS month, "
            f"{SCORES_SQL} {JOURNEY_RESPONSES} GROUP BY 1 ORDER BY 1",
            params,
        ),
        "invitations": _rows(
            "SELECT count(*) AS total, count(i.sent_at) AS sent, "
            "count(*) FILTER (WHERE i.status = 'answered') AS answered, "
            "count(*) FILTER (WHERE i.status = 'suppressed') AS suppressed "
            "FROM feedback_invitation i JOIN feedback_serviceevent e ON e.id = i.event_id "
            "JOIN journeys_stage s ON s.id = e.stage_id WHERE s.journey_id = %(journey)s",
            params,
        ),
        "cases": _rows(
            "SELECT count(*) FILTER (WHERE c.status IN ('open', 'in_progress')) AS open, "
            "count(*) FILTER (WHERE c.status IN ('open', 'in_progress') AND c.due_at < now()) "
            "AS overdue FROM feedback_case c JOIN journeys_stage s ON s.id = c.stage_id "
            "WHERE s.journey_id = %(journey)s",
            params,
        ),
    }
    return JsonResponse(figures, encoder=DjangoJSONEncoder)
