from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from core.pagination import BoundedCountPaginator


class PageNumberPagination(PageNumberPagination):
    """Pages of 50 rows; an integration may ask for up to 200 with `?page_size=` (more gives
    200). A page size that is no whole number from 1 up is a 400, as the schema says, rather
    than silently the default. `count` is exact up to PAGINATION_EXACT_COUNT_LIMIT rows and
    the database's estimate beyond, as `count_is_exact` says."""

    django_paginator_class = BoundedCountPaginator
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_is_exact": self.page.paginator.count_is_exact,
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
        return parameters
