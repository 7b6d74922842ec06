"""Query budgets: the number of SQL queries each list page and API list runs.

Used by `tests/test_query_budgets.py` (two small scales must give the same counts) and by the
benchmark (which prints them at scale 1 and 10). Pages are requested in-process with Django's
test client, signed in as a superuser (who may open every one of them), once to warm the
caches and once counted.
"""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from config.api_urls import router
from core.models import User
from feedback.models import Case
from gdpr.models import DataItem, ProcessingActivity
from journeys.models import Journey
from stakeholders.models import Interview, Stakeholder

# Pages are found in the URLconf: every page of these namespaces that takes no argument, and
# the pages of one journey, stakeholder, case, interview, data item and activity.
NAMESPACES = ("core", "journeys", "stakeholders", "feedback", "gdpr")
# Pages that need a query string.
QUERIES = {"gdpr:article30_export": "?format=csv&language=en"}
JOURNEY_PAGES = [
    "journeys:journey_map",
    "journeys:journey_matrix",
    "journeys:journey_plan",
    "stakeholders:stakeholder_map",
    "gdpr:register",
    "api:journey-map",
    "api:journey-matrix",
    "api:journey-plan",
]


def budget_user() -> User:
    """The user the pages are requested as (created on first use)."""
    user, _created = User.objects.update_or_create(
        username="query-budget", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def _pages_without_arguments() -> list[str]:
    names = []
    for namespace in NAMESPACES:
        resolver = get_resolver().namespace_dict[namespace][1]
        for pattern in resolver.url_patterns:
            if getattr(pattern, "name", None) and not pattern.pattern.converters:
                names.append(f"{namespace}:{pattern.name}")
    return names


def urls() -> dict[str, str]:
    """Every page without arguments and every API list, and the pages of the first to-be
    journey, external stakeholder, case, interview, data item and activity, whose content
    grows with the data too."""
    journey = Journey.objects.filter(source_journey__isnull=False).order_by("pk").first()
    found = {name: reverse(name) + QUERIES.get(name, "") for name in _pages_without_arguments()}
    found.update({name: reverse(name, args=[journey.pk]) for name in JOURNEY_PAGES})
    found["journeys:journey_compare"] = reverse(
        "journeys:journey_compare", args=[journey.source_journey_id, journey.pk]
    )
    for name, model in (
        ("stakeholders:stakeholder_detail", Stakeholder.objects.filter(kind="external")),
        ("stakeholders:interview_detail", Interview.objects),
        ("feedback:case_detail", Case.objects),
        ("gdpr:data_item_detail", DataItem.objects),
        ("gdpr:activity_detail", ProcessingActivity.objects),
    ):
        found[name] = reverse(name, args=[model.order_by("pk").values_list("pk", flat=True)[0]])
    found["api:scores"] = reverse("api:scores")
    for _prefix, viewset, basename in router.registry:
        if hasattr(viewset, "list"):
            found[f"api:{basename}-list"] = reverse(f"api:{basename}-list")
    # Comments are listed per object: the journey's.
    found["api:comment-list"] += f"?target=journeys.journey&object_id={journey.pk}"
    return found


def query_counts(client: Client | None = None) -> dict[str, int]:
    """The number of queries of each URL of `urls()`; fails on any status but 200. Each URL
    is first requested once uncounted, which fills the caches (the user's permissions…)."""
    if client is None:
        client = Client()
    client.force_login(budget_user())
    counts = {}
    for name, url in urls().items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        if response.status_code == 405:
            continue  # not a page: an action that only accepts POST
        if response.status_code != 200:
            raise AssertionError(f"{name} {url} answered {response.status_code}")
        counts[name] = len(queries)
    return counts
