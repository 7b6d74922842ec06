from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination


class PageNumberPagination(PageNumberPagination):
    """Pages of 50 rows; an integration may ask for up to 200 with `?page_size=` (more gives
    200). A page size that is no whole number from 1 up is a 400, as the schema says, rather
    than silently the default."""

    page_size_query_param = "page_size"
    max_page_size = 200

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
