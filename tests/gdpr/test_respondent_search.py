"""Issue 15, item 20: the DPO finds respondents by how their e-mail or reference starts
(at least 3 characters, at most 100 matches, 20 a page); only the respondents shown are
read, each logged once; the access log names the DPO, the place and the reference."""

import pytest

from feedback.models import Respondent
from gdpr import services
from gdpr.models import RespondentAccess
from tests.factories import UserFactory
from tests.feedback.factories import RespondentFactory

pytestmark = pytest.mark.django_db

SEARCH = "/register/respondents/"
API_SEARCH = "/api/v1/respondent-requests/search/"


@pytest.fixture
def david():
    return UserFactory(username="david", first_name="David", last_name="Leroy", role="dpo")


def _many(count: int, prefix: str = "BULK") -> list[Respondent]:
    return Respondent.objects.bulk_create(
        Respondent(external_ref=f"{prefix}-{n:03d}", email=f"{prefix.lower()}{n:03d}@example.com")
        for n in range(count)
    )


def _logged():
    return list(
        RespondentAccess.objects.order_by("id").values_list("respondent_id", "action", "place")
    )


def test_the_dpo_finds_respondents_by_the_start_of_an_email_or_reference(client, david):
    jane = RespondentFactory(external_ref="CUST-JANE", email="jane.roe@example.com")
    john = RespondentFactory(external_ref="CUST-JOHN", email="john@example.org")
    RespondentFactory(external_ref="OTHER-1", email="other@example.com")
    client.force_login(david)

    by_email = client.post(SEARCH, {"q": "JANE.r"})
    by_ref = client.post(SEARCH, {"q": "cust-j"})

    assert [r.pk for r in by_email.context["respondents"]] == [jane.pk]
    assert [r.pk for r in by_ref.context["respondents"]] == [jane.pk, john.pk]
    assert "2 respondents match." in by_ref.text
    assert _logged() == [
        (jane.pk, "viewed", "search"),
        (jane.pk, "viewed", "search"),
        (john.pk, "viewed", "search"),
    ]


@pytest.mark.parametrize("query", ["ja", "  j ", ""])
def test_a_search_shorter_than_three_characters_reads_and_logs_nothing(client, david, query):
    RespondentFactory(external_ref="JANE-1", email="jane@example.com")
    client.force_login(david)

    page = client.post(SEARCH, {"q": query})

    assert page.status_code == 200
    assert page.context["respondents"] is None
    assert "jane@example.com" not in page.text
    assert not RespondentAccess.objects.exists()


def test_the_service_refuses_a_short_prefix(david):
    with pytest.raises(Exception, match="at least 3 characters"):
        services.respondents_find(query="ab", user=david)


def test_matches_are_paged_and_only_the_page_shown_is_read_and_logged(client, david):
    respondents = _many(45)
    client.force_login(david)

    first = client.post(SEARCH, {"q": "bulk"})
    third = client.post(SEARCH, {"q": "bulk", "page": "3"})

    assert "45 respondents match." in first.text
    assert "Page 1 of 3" in first.text
    assert [r.external_ref for r in first.context["respondents"]][::19] == ["BULK-000", "BULK-019"]
    assert 'name="page" value="2"' in first.text
    assert [r.external_ref for r in third.context["respondents"]] == [
        f"BULK-{n:03d}" for n in range(40, 45)
    ]
    assert "bulk040@example.com" not in first.text
    logged = [respondent_id for respondent_id, _action, _place in _logged()]
    assert logged == [r.pk for r in respondents[:20]] + [r.pk for r in respondents[40:]]


def test_one_view_logs_each_respondent_shown_once(client, david):
    _many(3)
    client.force_login(david)

    client.post(SEARCH, {"q": "BULK-00"})

    assert RespondentAccess.objects.count() == 3
    assert len({respondent_id for respondent_id, _a, _p in _logged()}) == 3


def test_more_than_a_hundred_matches_are_capped(client, david):
    _many(101)
    client.force_login(david)

    page = client.post(SEARCH, {"q": "bulk", "page": "9"})

    matches = page.context["matches"]
    assert (matches.count, matches.capped, matches.pages, matches.page) == (100, True, 5, 5)
    assert "More than 100 respondents match" in page.text
    assert RespondentAccess.objects.count() == 20


def test_a_search_runs_a_fixed_number_of_queries(client, david, django_assert_num_queries):
    _many(30)
    client.force_login(david)

    # session, user, permissions (user, groups); the match ids; the page's respondents;
    # the log (one insert); groups for the role badge; savepoint in and out
    with django_assert_num_queries(10):
        client.post(SEARCH, {"q": "bulk"})


def test_the_access_log_names_the_dpo_the_place_and_the_reference(client, david):
    jane = RespondentFactory(external_ref="CUST-JANE", email="jane@example.com")
    gone = RespondentFactory(external_ref="CUST-GONE", email="gone@example.com")
    client.force_login(david)
    client.post(SEARCH, {"q": "CUST-JA"})
    client.get(f"/register/respondents/{jane.pk}/export/")
    client.post(f"/register/respondents/{gone.pk}/erase/")

    log = client.get("/register/respondents/access-log/", headers={"accept-language": "en"})

    rows = [
        (access.respondent_id, access.get_place_display(), ref)
        for access, ref in log.context["rows"]
    ]
    assert rows == [
        (gone.pk, "erasure page", ""),
        (jane.pk, "JSON export", "CUST-JANE"),
        (jane.pk, "search results", "CUST-JANE"),
    ]
    assert log.text.count("<td>David Leroy</td>") == 3
    assert "david<" not in log.text
    assert f"#{gone.pk} <small>(erased)</small>" in log.text


def test_the_access_log_runs_a_fixed_number_of_queries(client, david, django_assert_num_queries):
    for respondent in _many(5):
        services.respondent_view(respondent_id=respondent.pk, user=david)
    client.force_login(david)

    # session, user, permissions (user, groups); the count; the page with the users; the
    # references; groups for the role badge
    with django_assert_num_queries(8):
        page = client.get("/register/respondents/access-log/")

    assert len(page.context["rows"]) == 5


def test_the_api_search_takes_a_prefix_and_pages(token_client, david):
    respondents = _many(25)
    client = token_client(david)

    first = client.post(API_SEARCH, {"q": "bulk0"}, format="json").json()
    second = client.post(API_SEARCH, {"q": "bulk0", "page": 2}, format="json").json()
    short = client.post(API_SEARCH, {"q": "bu"}, format="json")

    assert {key: first[key] for key in ("count", "capped", "page", "pages")} == {
        "count": 25,
        "capped": False,
        "page": 1,
        "pages": 2,
    }
    assert [row["external_ref"] for row in second["results"]] == [
        f"BULK-{n:03d}" for n in range(20, 25)
    ]
    assert short.status_code == 400
    assert "q" in short.json()
    assert [place for _id, _action, place in _logged()] == ["api"] * 25
    assert [respondent_id for respondent_id, _a, _p in _logged()] == [r.pk for r in respondents]


def test_the_schema_describes_the_paged_search(api_client, dpo):
    api_client.force_authenticate(dpo)

    schema = api_client.get("/api/schema/", {"format": "json"}).json()

    body = schema["components"]["schemas"]["RespondentMatches"]["properties"]
    assert set(body) == {"count", "capped", "page", "pages", "results"}
    search = schema["components"]["schemas"]["RespondentSearchRequest"]["properties"]
    assert search["q"]["minLength"] == 3
