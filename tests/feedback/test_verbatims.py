"""The voice of the customer: verbatims recorded, searched, filtered, pinned, turned into an
observation once, exported, reported; only for those who may read what respondents typed."""

import subprocess
from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse

from core.roles import Role
from feedback import selectors, services
from feedback.models import Case, Verbatim
from journeys.models import Observation
from tests.journeys.factories import StageFactory

from .factories import FollowUpRuleFactory, sent_invitation

_refs = iter(range(1, 10**6))


def answer(rule, comment, *, language="en", nps=3, **answers):
    """One customer's answer through the services, with a comment."""
    _invitation, token = sent_invitation(rule, external_ref=f"V-{next(_refs)}", language=language)
    return services.response_submit(
        token=token, answers={"nps": nps, "comment": comment, **answers}
    )


@pytest.fixture
def rule(db):
    return FollowUpRuleFactory()


def texts(queryset) -> list[str]:
    return sorted(verbatim.text for verbatim in queryset)


# Recording


def test_a_comment_becomes_a_verbatim_with_its_scores_stage_and_language(rule):
    response = answer(rule, "Le véhicule était sale.", language="fr", nps=4)
    verbatim = Verbatim.objects.get()
    assert verbatim.response == response
    assert verbatim.text == "Le véhicule était sale."
    assert verbatim.search_text == "le vehicule etait sale."
    assert (verbatim.language, verbatim.nps, verbatim.channel) == ("fr", 4, "survey")
    assert verbatim.stage == rule.stage
    assert verbatim.said_at == response.submitted_at


def test_an_answer_without_a_comment_makes_no_verbatim(rule):
    answer(rule, "   ")
    assert not Verbatim.objects.exists()


def test_a_case_entered_by_hand_is_a_verbatim_but_a_case_opened_by_an_answer_is_not(rule):
    answer(rule, "Queued for an hour.", nps=1)
    assert Case.objects.count() == 1
    case = services.case_create(stage=rule.stage, title="Customer called: the car smelt of smoke")
    assert texts(Verbatim.objects.all()) == [
        "Customer called: the car smelt of smoke",
        "Queued for an hour.",
    ]
    assert Verbatim.objects.get(case=case).channel == "other"


def test_erasing_the_respondent_deletes_their_verbatims_and_blanks_the_observation(rule):
    response = answer(rule, "Agent Paul was rude.", nps=1)
    observation = services.verbatim_to_observation(verbatim=response.verbatim)
    services.respondent_erase(respondent_id=response.invitation.respondent_id)
    assert not Verbatim.objects.exists()
    observation.refresh_from_db()
    assert observation.description == "[erased]"


# Search and filters


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("recu", ["Je n'ai jamais reçu la facture."]),
        ("REÇU", ["Je n'ai jamais reçu la facture."]),
        ("facture", ["Je n'ai jamais reçu la facture."]),
        ("smoke", ["The car smelt of smoke."]),
        (
            "",
            [
                "Je n'ai jamais reçu la facture.",
                "Personne pour accueillir les clients.",
                "The car smelt of smoke.",
            ],
        ),
    ],
)
def test_the_search_ignores_accents_and_case(rule, query, found):
    answer(rule, "Je n'ai jamais reçu la facture.", language="fr")
    answer(rule, "Personne pour accueillir les clients.", language="fr")
    answer(rule, "The car smelt of smoke.")
    assert texts(selectors.verbatim_list(filters={"q": query})) == found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_the_search_stems_french_and_english_words(rule):
    answer(rule, "Personne pour accueillir les clients.", language="fr")
    answer(rule, "The agents were helpful.")
    assert texts(selectors.verbatim_list(filters={"q": "accueil"})) == [
        "Personne pour accueillir les clients."
    ]
    assert texts(selectors.verbatim_list(filters={"q": "agent helping"})) == [
        "The agents were helpful."
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_the_search_uses_its_gin_index(rule):
    answer(rule, "Je n'ai jamais reçu la facture.", language="fr")
    queryset = selectors.verbatim_list(filters={"q": "recu"})
    with connection.cursor() as cursor:
        # Only a bitmap scan on an index that matches the search is left to the planner,
        # whatever the statistics of the tables the earlier tests filled.
        for scan in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{scan} = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "feedback_verbatim_search" in plan


def test_the_filters_by_score_band_stage_risk_channel_and_pin(rule, cx_manager):
    other_stage = StageFactory(journey=rule.stage.journey)
    other_rule = FollowUpRuleFactory(stage=other_stage)
    detractor = answer(rule, "Slow.", nps=2)
    answer(rule, "Fine.", nps=8)
    promoter = answer(other_rule, "Great!", nps=10)
    Case.objects.filter(response=detractor).update(category="temporal")
    services.verbatim_pin(verbatim=promoter.verbatim, user=cx_manager)
    by = lambda **filters: texts(selectors.verbatim_list(filters=filters))  # noqa: E731
    assert by(score="detractor") == ["Slow."]
    assert by(score="passive") == ["Fine."]
    assert by(score="promoter") == ["Great!"]
    assert by(stage=str(other_stage.pk)) == ["Great!"]
    assert by(risk="temporal") == ["Slow."]
    assert by(channel="survey") == ["Fine.", "Great!", "Slow."]
    assert by(pinned="true") == ["Great!"]
    assert by(pinned="false") == ["Fine.", "Slow."]


# Turning into an observation, pinning


def test_a_verbatim_becomes_one_customer_observation_linked_both_ways(rule):
    response = answer(rule, "Nobody at the counter.", nps=2)
    observation = services.verbatim_to_observation(verbatim=response.verbatim)
    assert (observation.stage, observation.kind, observation.side, observation.source) == (
        rule.stage,
        "irritant",
        "customer",
        "survey",
    )
    assert observation.description == "Nobody at the counter."
    assert Observation.objects.get().verbatim == response.verbatim
    with pytest.raises(Exception, match="already an observation"):
        services.verbatim_to_observation(verbatim=Verbatim.objects.get())
    assert Observation.objects.count() == 1


def test_a_promoters_words_become_an_enchantment(rule):
    response = answer(rule, "Lovely staff.", nps=10)
    assert services.verbatim_to_observation(verbatim=response.verbatim).kind == "enchantment"


# Pages and permissions


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.CX_MANAGER, 200), (Role.DPO, 403), (Role.INTERVIEWER, 403), (Role.VIEWER, 403)],
)
def test_only_those_who_read_comments_see_the_page(client, user_with_role, rule, role, status):
    answer(rule, "Slow.")
    client.force_login(user_with_role(role))
    for name in ("feedback:verbatim_list", "feedback:verbatim_export", "feedback:verbatim_report"):
        assert client.get(reverse(name)).status_code == status
    verbatim = Verbatim.objects.get()
    for name in ("feedback:verbatim_pin", "feedback:verbatim_to_observation"):
        if status == 403:
            assert client.post(reverse(name, args=[verbatim.pk])).status_code == 403
    verbatim.refresh_from_db()
    assert verbatim.pinned_at is None
    assert verbatim.observation is None


def test_the_page_searches_pins_and_turns_into_an_observation(client, cx_manager, rule):
    answer(rule, "Je n'ai jamais reçu la facture.", language="fr")
    answer(rule, "The car smelt of smoke.")
    client.force_login(cx_manager)
    page = client.get(reverse("feedback:verbatim_list"), {"q": "recu"}).content.decode()
    assert "reçu la facture" in page
    assert "smoke" not in page
    verbatim = Verbatim.objects.get(language="fr")
    back = reverse("feedback:verbatim_list") + "?q=recu"
    response = client.post(reverse("feedback:verbatim_pin", args=[verbatim.pk]), {"next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    response = client.post(
        reverse("feedback:verbatim_to_observation", args=[verbatim.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("feedback:verbatim_list")
    verbatim.refresh_from_db()
    assert verbatim.pinned_by == cx_manager
    assert verbatim.observation.description == "Je n'ai jamais reçu la facture."
    page = client.get(back).content.decode()
    assert "Pinned for the committee" in page
    assert "On the journey map as an observation" in page


def test_the_page_in_french(client, cx_manager, rule):
    answer(rule, "Slow.")
    client.force_login(cx_manager)
    page = client.get(reverse("feedback:verbatim_list"), HTTP_ACCEPT_LANGUAGE="fr").content
    page = page.decode()
    assert "Épingler pour le comité" in page
    assert "Transformer en observation client" in page


def test_the_csv_export_is_formula_safe(client, cx_manager, rule):
    answer(rule, '=HYPERLINK("http://evil")', nps=2)
    client.force_login(cx_manager)
    content = b"".join(client.get(reverse("feedback:verbatim_export")).streaming_content)
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Date,Journey,Stage,Touchpoint,Channel,Language,NPS,CSAT,CES")
    assert "'=HYPERLINK" in lines[1]


def test_the_report_of_the_month_prints_every_pinned_verbatim_in_full(client, cx_manager, rule):
    long_text = "Le guichet était fermé et personne ne répondait au téléphone. " * 12
    response = answer(rule, long_text.strip(), language="fr")
    answer(rule, "Not pinned.")
    services.verbatim_pin(verbatim=response.verbatim, user=cx_manager)
    client.force_login(cx_manager)
    month = response.submitted_at.strftime("%Y-%m")
    pdf = client.get(reverse("feedback:verbatim_report"), {"month": month})
    assert pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    assert flat.count("personne ne répondait au téléphone") == 12
    assert "Not pinned" not in flat
    assert "V-" not in flat  # no respondent named


@pytest.mark.parametrize("size", [2, 6])
def test_the_page_runs_a_fixed_number_of_queries(
    client, cx_manager, rule, django_assert_num_queries, size
):
    for number in range(size):
        response = answer(rule, f"Comment {number}", nps=number % 11)
        if number % 2:
            services.verbatim_to_observation(verbatim=response.verbatim)
    services.case_create(stage=rule.stage, title="By phone")
    client.force_login(cx_manager)
    # session, user, permissions (2), the count, the role's group, the stage choices, the
    # page of verbatims with their stage, touchpoint, case and observation
    with django_assert_num_queries(8):
        assert client.get(reverse("feedback:verbatim_list")).status_code == 200


def test_elsewhere_than_postgresql_every_word_is_searched_in_the_normalised_text(monkeypatch, rule):
    """The plain search SQLite runs, here on the test database's normalised column."""
    monkeypatch.setattr("feedback.search.connection", SimpleNamespace(vendor="sqlite"))
    answer(rule, "Je n'ai jamais reçu la facture.", language="fr")
    answer(rule, "Reçu, merci.", language="fr")
    assert texts(selectors.verbatim_list(filters={"q": "RECU facture"})) == [
        "Je n'ai jamais reçu la facture."
    ]
    assert len(selectors.verbatim_list(filters={"q": "reçu"})) == 2
