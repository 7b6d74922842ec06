"""Pages of a list, for the browser pages and the API, at a cost that does not grow with the
table: rows are counted exactly up to a limit, and beyond it the database's estimate stands
in, so page 1 of two million invitations costs what page 1 of two thousand does."""

import json

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.http import HttpRequest
from django.utils.functional import cached_property


class BoundedCountPaginator(Paginator):
    """A paginator whose `count` is exact up to `PAGINATION_EXACT_COUNT_LIMIT` rows and the
    query planner's estimate beyond (`count_is_exact` tells which). Past the limit a page
    reads one row more to tell whether another follows, so a client walking `?page=` reaches
    the last row even when the estimate falls short."""

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        """The count, and whether it is exact."""
        if not hasattr(self.object_list, "query"):
            return len(self.object_list), True
        limit = settings.PAGINATION_EXACT_COUNT_LIMIT
        rows = self.object_list.order_by().values("pk")
        counted = rows[: limit + 1].count()
        if counted <= limit:
            return counted, True
        return max(counted, estimated_count(rows)), False

    @property
    def count(self) -> int:
        return self._counted[0]

    @property
    def count_is_exact(self) -> bool:
        return self._counted[1]

    def validate_number(self, number):
        if self.count_is_exact:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        if self.count_is_exact:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        return EstimatedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class EstimatedPage(Page):
    """A page of a list counted by estimate: whether another follows is known from the rows."""

    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return self.more


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
