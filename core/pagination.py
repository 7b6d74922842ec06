"""Pages of a list, for the browser pages and the API, at a cost that does not grow with the
table: rows are counted exactly up to a limit, and beyond it the database's estimate stands
in, so page 1 of two million invitations costs what page 1 of two thousand does."""

import base64
import binascii
import hashlib
import json
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Count, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.functional import cached_property


def count_of(rows: QuerySet, key: str) -> Coalesce:
    """The number of `rows` (correlated to the outer row by `key`), as a subquery: a page of
    the outer rows counts its own, where a join and GROUP BY would count every row's first."""
    counted = rows.order_by().values(key).annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted), 0)


# How long the planner's estimate of a big list's rows is kept.
ESTIMATE_SECONDS = 300


class BoundedCountPaginator(Paginator):
    """A paginator whose `count` is exact up to `PAGINATION_EXACT_COUNT_LIMIT` rows and the
    query planner's estimate beyond (`count_is_exact` tells which). Past the limit a page
    reads one row more to tell whether another follows, so a client walking `?page=` reaches
    the last row even when the estimate falls short.

    `rows_of`, when given, turns the filtered queryset into the rows shown (`values(...)` with
    their joins): the count and the rows skipped before a page are read without them."""

    def __init__(self, object_list, per_page, *, rows_of: Callable | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows_of = rows_of or (lambda queryset: queryset)

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
        # The estimate is asked once in a while, not on every page of a big list.
        sql = f"{rows.db}:{rows.query}"
        key = "pagination:estimate:" + hashlib.sha256(sql.encode()).hexdigest()
        estimate = cache.get_or_set(key, lambda: estimated_count(rows), ESTIMATE_SECONDS)
        return max(counted, estimate), False

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
        bottom = (number - 1) * self.per_page
        if self.count_is_exact:
            top = min(bottom + self.per_page, self.count)
            return self._get_page(self.rows(bottom, top), number, self)
        rows = list(self.rows(bottom, bottom + self.per_page + 1))
        return EstimatedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def rows(self, bottom: int, top: int):
        """Rows `bottom` to `top` of the list. Past the first page, the rows skipped are found
        by their keys alone, in a subquery, so that the joins of the list are made for the
        rows shown only, not for every row before them."""
        query = getattr(self.object_list, "query", None)
        if query is None:
            return self.object_list[bottom:top]
        if bottom == 0 or query.distinct or query.combinator:
            return self.rows_of(self.object_list)[bottom:top]
        keys = self.object_list.values("pk")[bottom:top]
        return self.rows_of(self.object_list.filter(pk__in=keys))


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


class Keyset:
    """A list's position by the values of its ordering (keyset pagination): the rows after a
    row are found through the ordering's index however far down the list it is, where an
    OFFSET reads every row before. Only for an ordering by non-null columns of the model
    itself that ends with the primary key, which makes each position unique."""

    def __init__(self, fields: list[tuple[str, bool]]):
        self.fields = fields  # (field, descending)

    @classmethod
    def of(cls, queryset: QuerySet) -> "Keyset | None":
        """The keyset of `queryset`'s ordering, or None when it has none."""
        order_by = queryset.query.order_by
        if not order_by or queryset.query.extra_order_by or queryset.query.combinator:
            return None
        meta = queryset.model._meta
        fields = []
        for name in order_by:
            if not isinstance(name, str):
                return None
            descending = name.startswith("-")
            name = name.removeprefix("-")
            try:
                field = meta.pk if name == "pk" else meta.get_field(name)
            except FieldDoesNotExist:
                return None
            if field.is_relation or field.null or not field.concrete:
                return None
            fields.append((field, descending))
        if fields[-1][0] != meta.pk:
            return None
        return cls(fields)

    def position(self, row) -> list:
        """The position of a row: a model, or a dict of `values()` holding the fields."""
        if isinstance(row, dict):
            return [row[field.attname] for field, _descending in self.fields]
        return [getattr(row, field.attname) for field, _descending in self.fields]

    def after(self, queryset: QuerySet, position: list, *, backwards: bool = False) -> QuerySet:
        """The rows after `position` in the list's order, or before it (nearest first)."""
        names = [field.attname for field, _descending in self.fields]
        condition = Q()
        for index, (name, (_field, descending)) in enumerate(zip(names, self.fields, strict=True)):
            lookup = "lt" if descending != backwards else "gt"
            equal = dict(zip(names[:index], position[:index], strict=True))
            condition |= Q(**equal, **{f"{name}__{lookup}": position[index]})
        first, descending = self.fields[0]
        # The same bound on the first column alone lets the database start from the index.
        bound = "lte" if descending != backwards else "gte"
        rows = queryset.filter(Q(**{f"{first.attname}__{bound}": position[0]}), condition)
        if backwards:
            rows = rows.reverse()
        return rows

    def encode(self, position: list, *, backwards: bool = False) -> str:
        """A cursor: the position (and direction) as URL-safe text."""
        values = [_text(value) for value in position]
        data = json.dumps({"p": values, "b": backwards} if backwards else {"p": values})
        return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")

    def decode(self, cursor: str) -> tuple[list, bool]:
        """The position and direction of a cursor; ValueError when it is not one of ours."""
        try:
            data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            values, backwards = data["p"], data.get("b", False)
            if len(values) != len(self.fields) or not isinstance(backwards, bool):
                raise ValueError(cursor)
            fields = [field for field, _descending in self.fields]
            return [field.to_python(value) for field, value in zip(fields, values, strict=True)], (
                backwards
            )
        except (binascii.Error, TypeError, KeyError, ValidationError, UnicodeDecodeError) as error:
            raise ValueError(cursor) from error


def _text(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
