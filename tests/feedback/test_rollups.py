"""The score rollups: kept by the services in step with the answers and invitations, equal to
the raw aggregation whatever happens, and rebuilt exactly by the command."""

import contextlib
from collections import Counter
from datetime import UTC, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from feedback import services
from feedback.models import Invitation, Respondent, Response, ScoreRollup
from tests.journeys.factories import JourneyFactory, StageFactory, TouchpointFactory

from .factories import FollowUpRuleFactory, RespondentFactory, ingest, sent_invitation

pytestmark = pytest.mark.django_db


def _month(moment):
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date().replace(day=1)


def _raw() -> dict[tuple, Counter]:
    """The rollups recomputed in Python from every answer and sent invitation."""
    totals: dict[tuple, Counter] = {}

    def add(invitation, moment, **counts):
        event = invitation.event
        key = (event.stage.journey_id, event.stage_id, event.touchpoint_id, invitation.rule_id)
        totals.setdefault((*key, _month(moment)), Counter()).update(counts)

    for response in Response.objects.select_related("invitation__event__stage"):
        nps, csat, ces = response.nps, response.csat, response.ces
        add(
            response.invitation,
            response.submitted_at,
            responses=1,
            nps_count=nps is not None,
            promoters=nps is not None and nps >= 9,
            detractors=nps is not None and nps <= 6,
            csat_count=csat is not None,
            csat_satisfied=csat is not None and csat >= 4,
            ces_count=ces is not None,
            ces_sum=ces or 0,
            ces_high=ces is not None and ces >= 5,
        )
    for invitation in Invitation.objects.filter(sent_at__isnull=False).select_related(
        "event__stage"
    ):
        add(
            invitation,
            invitation.sent_at,
            invitations_sent=1,
            invitations_answered=invitation.status == Invitation.Status.ANSWERED,
        )
    for invitation in Invitation.objects.filter(status=Invitation.Status.SUPPRESSED).select_related(
        "event__stage"
    ):
        add(invitation, invitation.created_at, invitations_suppressed=1)
    return {key: +counts for key, counts in totals.items()}


def _rollups() -> dict[tuple, Counter]:
    fields = [
        "responses",
        "nps_count",
        "promoters",
        "detractors",
        "csat_count",
        "csat_satisfied",
        "ces_count",
        "ces_sum",
        "ces_high",
        "invitations_sent",
        "invitations_answered",
        "invitations_suppressed",
    ]
    return {
        (row.journey_id, row.stage_id, row.touchpoint_id, row.rule_id, row.month): +Counter(
            {field: getattr(row, field) for field in fields}
        )
        for row in ScoreRollup.objects.all()
    }


def test_an_answer_counts_in_its_month_and_its_invitation_in_the_month_it_was_sent():
    """Sent on 31 January (Paris), answered on 1 February: two months, one rollup each."""
    rule = FollowUpRuleFactory()
    sent = datetime(2026, 1, 31, 22, 0, tzinfo=UTC)  # 23:00 in Paris
    with mock.patch("django.utils.timezone.now", return_value=sent):
        _invitation, token = sent_invitation(rule)
    with mock.patch("django.utils.timezone.now", return_value=sent + timedelta(hours=2)):
        services.response_submit(token=token, answers={"nps": 10, "csat": 2, "ces": 6})

    rows = ScoreRollup.objects.order_by("month").values(
        "month", "responses", "promoters", "csat_satisfied", "ces_sum", "ces_high",
        "invitations_sent", "invitations_answered",
    )  # fmt: skip
    assert list(rows) == [
        {
            "month": datetime(2026, 1, 1).date(),
            "responses": 0,
            "promoters": 0,
            "csat_satisfied": 0,
            "ces_sum": 0,
            "ces_high": 0,
            "invitations_sent": 1,
            "invitations_answered": 1,
        },
        {
            "month": datetime(2026, 2, 1).date(),
            "responses": 1,
            "promoters": 1,
            "csat_satisfied": 0,
            "ces_sum": 6,
            "ces_high": 1,
            "invitations_sent": 0,
            "invitations_answered": 0,
        },
    ]


def test_deleting_a_respondent_takes_their_answers_out_and_drops_an_emptied_rollup():
    rule = FollowUpRuleFactory()
    _invitation, token = sent_invitation(rule, external_ref="CUST-A")
    services.response_submit(token=token, answers={"nps": 3})

    services.respondents_delete(respondents=Respondent.objects.filter(external_ref="CUST-A"))

    assert ScoreRollup.objects.count() == 0
    assert Response.objects.count() == 0


def test_erasing_a_respondent_keeps_their_scores():
    _invitation, token = sent_invitation(FollowUpRuleFactory(), external_ref="CUST-A")
    services.response_submit(token=token, answers={"nps": 3})

    services.respondent_erase(respondent_id=Respondent.objects.get().pk)

    assert ScoreRollup.objects.get().detractors == 1


def test_the_command_rebuilds_what_was_written_directly():
    """A bulk load writes rows without the services; the command counts them."""
    _invitation, token = sent_invitation(FollowUpRuleFactory())
    services.response_submit(token=token, answers={"nps": 9})
    ScoreRollup.objects.all().delete()

    call_command("rollups_rebuild", stdout=mock.Mock())

    assert _rollups() == _raw()
    assert ScoreRollup.objects.get().promoters == 1


operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("invite"),
            st.integers(0, 2),
            st.integers(0, 2),
            st.one_of(st.none(), st.integers(0, 20)),
        ),
        st.tuples(
            st.just("answer"),
            st.integers(0, 20),
            st.one_of(st.none(), st.integers(0, 10)),
            st.one_of(st.none(), st.integers(1, 5)),
            st.one_of(st.none(), st.integers(1, 7)),
        ),
        st.tuples(st.just("wait"), st.integers(1, 40)),
        st.tuples(st.just("erase"), st.integers(0, 20)),
        st.tuples(st.just("unsubscribe"), st.integers(0, 20)),
        st.tuples(st.just("delete"), st.integers(0, 20)),
    ),
    max_size=12,
)


@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=operations)
def test_the_rollups_equal_the_raw_aggregation_after_any_answers_erasures_and_deletions(
    operations,
):
    """Invitations sent, answers (through the survey's service, over several months),
    erasures and deletions in any order: the rollups equal the aggregation of the rows, and
    a rebuild changes nothing."""
    with transaction.atomic():
        journey = JourneyFactory()
        stages = [StageFactory(journey=journey) for _ in range(2)]
        touchpoints = [TouchpointFactory(stage=stages[0]), None]
        rules = [FollowUpRuleFactory(stage=stage) for stage in stages]
        clock = [datetime(2026, 1, 20, 10, 0, tzinfo=UTC)]
        sent: list[tuple[Invitation, str]] = []
        with mock.patch("django.utils.timezone.now", side_effect=lambda: clock[0]):
            for operation, *arguments in operations:
                if operation == "invite":
                    stage, touchpoint, again = arguments
                    rule = rules[stage % 2]
                    touchpoint = touchpoints[touchpoint % 2] if stage % 2 == 0 else None
                    if again is not None and sent:
                        # A customer surveyed before: suppressed (fatigue), or deleted.
                        earlier = sent[again % len(sent)][0].respondent_id
                        respondent = Respondent.objects.filter(pk=earlier).first()
                        if respondent and respondent.external_ref:
                            ingest(
                                rule, external_ref=respondent.external_ref, touchpoint=touchpoint
                            )
                        continue
                    sent.append(
                        sent_invitation(
                            rule,
                            external_ref=RespondentFactory.build().external_ref,
                            touchpoint=touchpoint,
                        )
                    )
                elif operation == "wait":
                    clock[0] += timedelta(days=arguments[0])
                elif not sent:
                    continue
                elif operation == "answer":
                    index, nps, csat, ces = arguments
                    # An answered, expired or deleted link is refused: nothing to count.
                    with contextlib.suppress(services.InvalidLink):
                        services.response_submit(
                            token=sent[index % len(sent)][1],
                            answers={"nps": nps, "csat": csat, "ces": ces},
                        )
                else:
                    respondent_id = sent[arguments[0] % len(sent)][0].respondent_id
                    exists = Respondent.objects.filter(pk=respondent_id).exists()
                    if operation == "erase" and exists:
                        services.respondent_erase(respondent_id=respondent_id)
                    elif operation == "unsubscribe" and exists:
                        services.respondent_unsubscribe(
                            token=services.unsubscribe_token(
                                invitation=sent[arguments[0] % len(sent)][0]
                            )
                        )
                    elif operation == "delete":
                        services.respondents_delete(
                            respondents=Respondent.objects.filter(pk=respondent_id)
                        )

        kept = _rollups()
        assert kept == _raw()
        services.rollups_rebuild()
        assert _rollups() == kept
        transaction.set_rollback(True)


def test_the_rollups_are_listed_read_only_in_the_admin(admin_client):
    _invitation, token = sent_invitation(FollowUpRuleFactory())
    services.response_submit(token=token, answers={"nps": 8})

    assert admin_client.get("/admin/feedback/scorerollup/").status_code == 200
    assert admin_client.get("/admin/feedback/scorerollup/add/").status_code == 403
