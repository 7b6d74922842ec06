"""Pages count rows exactly up to a limit and take the database's estimate beyond it."""

import pytest
from django.db import connection

from core.pagination import BoundedCountPaginator
from feedback.models import Respondent
from tests.feedback.factories import RespondentFactory


@pytest.mark.django_db
def test_a_list_under_the_limit_is_counted_exactly(settings):
    settings.PAGINATION_EXACT_COUNT_LIMIT = 20
    RespondentFactory.create_batch(12)
    paginator = BoundedCountPaginator(Respondent.objects.order_by("pk"), 5)
    assert paginator.count == 12
    assert paginator.count_is_exact
    assert paginator.num_pages == 3


@pytest.mark.django_db
def test_a_list_over_the_limit_takes_the_planners_estimate(settings, django_assert_num_queries):
    settings.PAGINATION_EXACT_COUNT_LIMIT = 5
    RespondentFactory.create_batch(12)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE feedback_respondent")
    paginator = BoundedCountPaginator(Respondent.objects.order_by("pk"), 5)
    # the count stopped at six rows, then the plan's estimate
    with django_assert_num_queries(2):
        assert paginator.count == 12
    assert not paginator.count_is_exact


@pytest.mark.django_db
def test_an_estimate_never_undercuts_the_rows_counted(settings):
    settings.PAGINATION_EXACT_COUNT_LIMIT = 5
    RespondentFactory.create_batch(12)
    with connection.cursor() as cursor:
        # statistics from before the rows came: an estimate of none
        cursor.execute("ANALYZE feedback_respondent")
        cursor.execute("UPDATE pg_class SET reltuples = 0 WHERE relname = 'feedback_respondent'")
    paginator = BoundedCountPaginator(Respondent.objects.all(), 5)
    assert paginator.count == 6
    assert not paginator.count_is_exact


@pytest.mark.django_db
def test_pages_past_a_short_estimate_are_still_reached(settings):
    settings.PAGINATION_EXACT_COUNT_LIMIT = 5
    respondents = RespondentFactory.create_batch(12)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE feedback_respondent")
        cursor.execute("UPDATE pg_class SET reltuples = 0 WHERE relname = 'feedback_respondent'")
    paginator = BoundedCountPaginator(Respondent.objects.order_by("pk"), 5)
    assert paginator.num_pages == 2  # six rows counted, the estimate says none

    second, third = paginator.page(2), paginator.page(3)
    assert second.has_next()
    assert [r.pk for r in third.object_list] == [r.pk for r in respondents[10:]]
    assert not third.has_next()
    assert paginator.page(4).object_list == []


@pytest.mark.django_db
def test_the_estimate_is_asked_once_for_the_pages_that_follow(settings, django_assert_num_queries):
    settings.PAGINATION_EXACT_COUNT_LIMIT = 5
    RespondentFactory.create_batch(12)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE feedback_respondent")
    assert BoundedCountPaginator(Respondent.objects.order_by("pk"), 5).count == 12

    later = BoundedCountPaginator(Respondent.objects.order_by("pk"), 5)
    # the count stopped at six rows; the estimate comes from the cache
    with django_assert_num_queries(1):
        assert later.count == 12
    assert not later.count_is_exact


@pytest.mark.django_db
def test_a_page_past_the_first_reads_the_same_rows_through_their_keys():
    respondents = RespondentFactory.create_batch(7)
    paginator = BoundedCountPaginator(Respondent.objects.order_by("-pk"), 3)

    pages = [[r.pk for r in paginator.page(number)] for number in (1, 2, 3)]

    assert pages == [[r.pk for r in respondents[::-1]][i : i + 3] for i in (0, 3, 6)]
