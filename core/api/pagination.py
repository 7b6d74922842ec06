from django.core.paginator import InvalidPage
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.pagination import BoundedCountPaginator, Keyset


class PageNumberPagination(PageNumberPagination):
    """Pages of 50 rows; an integration may ask for up to 200 with `?page_size=` (more gives
    200). A page size that is no whole number from 1 up is a 400, as the schema says, rather
    than silently the default. `count` is exact up to PAGINATION_EXACT_COUNT_LIMIT rows and
    the database's estimate beyond, as `count_is_exact` says.

    `next` (and `previous` after it) are cursor links when the list is in its keyset order
    (core.pagination.Keyset): following them costs the same on page 2 as on page 20,000,
    where `?page=` (still answered) reads every row before the page. A view may give
    `rows(queryset)`, the rows shown from the filtered queryset (see BoundedCountPaginator)."""

    django_paginator_class = BoundedCountPaginator
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = "cursor"

    keyset: Keyset | None = None
    cursor_page: bool = False

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        self.keyset = Keyset.of(queryset)
        paginator = self.django_paginator_class(
            queryset, page_size, rows_of=getattr(view, "rows", None)
        )
        cursor = request.query_params.get(self.cursor_query_param)
        if cursor is not None:
            return self._cursor_rows(paginator, cursor)
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as error:
            raise NotFound(self.invalid_page_message.format(message=str(error))) from None
        if paginator.num_pages > 1:
            self.display_page_controls = True
        self.rows = list(self.page)
        return self.rows

    def _cursor_rows(self, paginator, cursor):
        if self.keyset is None:
            raise serializers.ValidationError(
                {self.cursor_query_param: [_("A cursor follows the list's default order only.")]}
            )
        try:
            position, backwards = self.keyset.decode(cursor)
        except ValueError:
            raise serializers.ValidationError(
                {self.cursor_query_param: [_("Invalid cursor.")]}
            ) from None
        size = paginator.per_page
        after = self.keyset.after(paginator.object_list, position, backwards=backwards)
        rows = list(paginator.rows_of(after)[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if backwards:
            rows.reverse()
        self.cursor_page = True
        self.cursor_paginator = paginator
        # Coming from a cursor, the row at the cursor lies on the other side.
        self.has_next, self.has_previous = (True, more) if backwards else (more, True)
        self.rows = rows
        return rows

    def _cursor_link(self, row, *, backwards: bool) -> str:
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        cursor = self.keyset.encode(self.keyset.position(row), backwards=backwards)
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_next_link(self):
        if self.cursor_page:
            return self._cursor_link(self.rows[-1], backwards=False) if self.has_next else None
        if self.keyset is None or not self.page.has_next() or not self.rows:
            return super().get_next_link()
        return self._cursor_link(self.rows[-1], backwards=False)

    def get_previous_link(self):
        if self.cursor_page:
            if not (self.has_previous and self.rows):
                return None
            return self._cursor_link(self.rows[0], backwards=True)
        return super().get_previous_link()

    def get_paginated_response(self, data):
        paginator = self.cursor_paginator if self.cursor_page else self.page.paginator
        return Response(
            {
                "count": paginator.count,
                "count_is_exact": paginator.count_is_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response_schema = super().get_paginated_response_schema(schema)
        response_schema["properties"]["count_is_exact"] = {
            "type": "boolean",
            "description": "False when `count` is the database's estimate (more rows than "
            "the exact-count limit).",
            "example": True,
        }
        response_schema["properties"]["next"]["description"] = (
            "The next page: a `cursor` link when the list is in its default order."
        )
        response_schema["required"].append("count_is_exact")
        return response_schema

    def get_page_size(self, request):
        if self.page_size_query_param not in request.query_params:
            return self.page_size
        field = serializers.IntegerField(min_value=1)
        try:
            size = field.run_validation(request.query_params[self.page_size_query_param])
        except serializers.ValidationError as error:
            raise serializers.ValidationError({self.page_size_query_param: error.detail}) from None
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "A position in the list, as the `next` and `previous` links "
                "give it; `page` is then ignored.",
                "schema": {"type": "string"},
            }
        )
        return parameters
