"""One page of a list for the browser pages, with the query string that keeps its filters."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def page_of(request: HttpRequest, queryset, *, per_page: int) -> tuple[Page, str]:
    """The requested page of `queryset` and the current query string without `page`, for
    the links of core/_pagination.html."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
