from django.urls import re_path
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

# A primary key is a positive bigint: up to 19 digits.
ID_PATTERN = r"[0-9]{1,19}"


class NoSuchRoute(APIView):
    """Any other path under the API: a JSON 404 like every other API error, not a page."""

    authentication_classes = []
    permission_classes = []
    schema = None

    def initial(self, request, *args, **kwargs):
        raise NotFound()


class Router(DefaultRouter):
    """DRF's router whose detail routes take only an id: `/journeys/null/` is a 404 before any
    view runs, and no view ever turns a string into an int. A viewset with another lookup
    sets its own `lookup_value_regex`. Its last route answers a JSON 404 for any other path."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or getattr(
            viewset, "lookup_field", "pk"
        )
        pattern = getattr(viewset, "lookup_value_regex", ID_PATTERN)
        return f"(?P<{lookup_prefix}{lookup_url_kwarg}>{pattern})"

    def get_urls(self):
        return [*super().get_urls(), re_path(r"^", NoSuchRoute.as_view())]
