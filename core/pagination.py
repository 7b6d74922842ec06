"""Pages of a list, for the browser pages and the API, at a cost that does not grow with the
table: rows are counted exactly up to a limit, and beyond it the database's estimate stands
in, so page 1 of two million invitations costs what page 1 of two thousand does."""

import json

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connections
from django.http import HttpRequest
from django.utils.functional import cached_property


class BoundedCountPaginator(Paginator):
    """A paginator whose `count` is exact up to `PAGINATION_EXACT_COUNT_LIMIT` rows and the
    query planner's estimate beyond (`count_is_exact` tells which)."""

    count_is_exact = True

    @cached_property
    def count(self):
        if not hasattr(self.object_list, "query"):
            return super().count
        limit = settings.PAGINATION_EXACT_COUNT_LIMIT
        rows = self.object_list.order_by().values("pk")
        counted = rows[: limit + 1].count()
        if counted <= limit:
            return counted
        self.count_is_exact = False
        return max(counted, estimated_count(rows))


def estimated_count(queryset) -> int:
    """The planner's row estimate for `queryset` (PostgreSQL); elsewhere an exact count."""
    if connections[queryset.db].vendor != "postgresql":
        return queryset.count()
    plan = json.loads(queryset.explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def page_of(request: HttpRequest, queryset, *, per_page: int) -> tuple[Page, str]:
    """The requested page of `queryset` and the current query string without `page`, for
    the links of core/_pagination.html."""
    page = BoundedCountPaginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
