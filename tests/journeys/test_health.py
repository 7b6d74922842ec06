"""The journey health panel: each gap the registered checks find is listed with the page that
fills it, and filling it there takes it off the panel; a score per journey on the list."""

import re

import pytest

from gdpr.models import DataItem
from journeys.models import Journey
from tests.feedback.factories import FollowUpRuleFactory, SurveyTemplateFactory
from tests.gdpr.factories import DataItemFactory, ProcessingActivityFactory
from tests.stakeholders.factories import (
    InvolvementFactory,
    StakeholderFactory,
    TouchpointResponsibilityFactory,
)

from .factories import (
    JourneyFactory,
    MomentOfTruthFactory,
    StageFactory,
    TouchpointFactory,
    journey_with_map,
)

pytestmark = pytest.mark.django_db

CHECKS = [
    "stages_without_stakeholder",
    "touchpoints_without_responsible",
    "moments_without_standard",
    "standards_missed",
    "stages_without_rule",
    "personal_data_without_entry",
]


@pytest.fixture
def gappy():
    """An as-is journey with one gap of each kind, all at stage B."""
    journey = JourneyFactory(name="Car rental", state=Journey.State.AS_IS)
    covered = StageFactory(journey=journey, code="A", name="Search")
    stage = StageFactory(journey=journey, code="B", name="Pick up")
    InvolvementFactory(stage=covered)
    FollowUpRuleFactory(stage=covered)
    TouchpointResponsibilityFactory(touchpoint=TouchpointFactory(stage=covered, name="Site"))
    touchpoint = TouchpointFactory(stage=stage, name="Counter", collects_personal_data=True)
    moment = MomentOfTruthFactory(stage=stage, description="Key handover", standard="")
    MomentOfTruthFactory(
        stage=covered,
        description="Offers",
        standard="Shown in 2 s",
        metric="Display time",
        comparison="at_most",
        target=2,
        unit="s",
    )
    return journey, stage, touchpoint, moment


def _panel(client, journey) -> dict[str, list[tuple[str, str]]]:
    """Each check's gaps as (label, fix link) pairs, read from the htmx panel."""
    html = client.get(f"/journeys/{journey.pk}/health/", HTTP_HX_REQUEST="true").text
    found = {}
    for key, body in re.findall(r'id="health-(\w+)">(.*?)</li>\n    ', html, re.S):
        found[key] = [
            (label.strip(), link.replace("&amp;", "&"))
            for label, link in re.findall(r'<li>([^<]*?)(?: <a href="([^"]*)">|</li>)', body)
        ]
    return found


def test_each_gap_is_listed_with_the_page_that_fills_it(client, cx_manager, gappy):
    journey, stage, touchpoint, moment = gappy
    client.force_login(cx_manager)

    panel = _panel(client, journey)

    assert list(panel) == CHECKS
    assert panel == {
        "stages_without_stakeholder": [("B. Pick up", f"/stakeholders/stages/{stage.pk}/place/")],
        "touchpoints_without_responsible": [
            ("B. Counter", f"/stakeholders/touchpoints/{touchpoint.pk}/responsible/")
        ],
        "moments_without_standard": [
            (
                "B. Key handover",
                f"/journeys/{journey.pk}/?moment={moment.pk}#map-editor",
            )
        ],
        "standards_missed": [],
        "stages_without_rule": [("B. Pick up", f"/feedback/rules/?stage={stage.pk}#new-rule")],
        "personal_data_without_entry": [
            ("B. Counter", f"/register/items/new/?stage={stage.pk}&category=personal")
        ],
    }


def test_the_score_is_the_share_of_checked_items_without_a_gap(client, cx_manager, gappy):
    journey, *_ = gappy
    client.force_login(cx_manager)
    # checked: 2 stages, 2 touchpoints, 2 moments, 1 measurable standard, 2 stages, 1
    # personal-data touchpoint = 10; gaps: 5
    html = client.get(f"/journeys/{journey.pk}/health/").text
    assert "50 %" in html
    assert "5 gaps" in html
    listed = client.get("/journeys/").text
    assert f'href="/journeys/{journey.pk}/health/"' in listed
    assert "50 %" in listed


def test_placing_a_stakeholder_fills_the_stage(client, cx_manager, gappy):
    journey, _stage, *_ = gappy
    stakeholder = StakeholderFactory(name="Karim Haddad")
    client.force_login(cx_manager)
    url = _panel(client, journey)["stages_without_stakeholder"][0][1]

    assert client.get(url).status_code == 200
    response = client.post(url, {"stakeholder": stakeholder.pk, "office": "front"})

    assert response.status_code == 302
    assert response["Location"] == f"/journeys/{journey.pk}/"
    assert _panel(client, journey)["stages_without_stakeholder"] == []


def test_naming_the_responsible_fills_the_touchpoint(client, cx_manager, gappy):
    journey, _stage, touchpoint, _moment = gappy
    stakeholder = StakeholderFactory(name="Karim Haddad")
    client.force_login(cx_manager)
    url = _panel(client, journey)["touchpoints_without_responsible"][0][1]

    response = client.post(url, {"stakeholder": stakeholder.pk})

    assert response.status_code == 302
    assert touchpoint.responsibility.stakeholder == stakeholder
    assert _panel(client, journey)["touchpoints_without_responsible"] == []


def test_setting_the_standard_in_the_maps_editor_fills_the_moment(client, cx_manager, gappy):
    journey, _stage, _touchpoint, moment = gappy
    client.force_login(cx_manager)
    url = _panel(client, journey)["moments_without_standard"][0][1]

    page = client.get(url)
    assert page.context["editor"]["form"].instance == moment
    action_url = page.context["editor"]["action_url"]
    response = client.post(
        action_url,
        {
            "description": "Key handover",
            "criticality": "high",
            "standard": "Keys in 10 min",
            "metric": "Handover time",
            "comparison": "at_most",
            "target": "10",
            "unit": "min",
        },
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == "mapChanged"
    assert _panel(client, journey)["moments_without_standard"] == []


def test_adding_a_follow_up_rule_fills_the_stage(client, cx_manager, gappy):
    journey, stage, *_ = gappy
    template = SurveyTemplateFactory()
    client.force_login(cx_manager)
    url = _panel(client, journey)["stages_without_rule"][0][1]

    page = client.get(url)
    assert page.context["form"].initial == {"stage": stage.pk}
    response = client.post(
        url,
        {
            "name": "After pick-up",
            "stage": stage.pk,
            "template": template.pk,
            "delay_minutes": "30",
            "expires_after_days": "7",
            "fatigue_days": "30",
            "active": "on",
        },
    )

    assert response.status_code == 302
    assert _panel(client, journey)["stages_without_rule"] == []


def test_recording_the_data_fills_the_touchpoint(client, cx_manager, gappy):
    journey, stage, *_ = gappy
    activity = ProcessingActivityFactory()
    client.force_login(cx_manager)
    url = _panel(client, journey)["personal_data_without_entry"][0][1]

    assert client.get(url).context["form"].initial["category"] == "personal"
    response = client.post(
        url, {"name": "Driving licence", "category": "personal", "activity": activity.pk}
    )

    assert response.status_code == 302
    assert DataItem.objects.get().stage == stage
    assert _panel(client, journey)["personal_data_without_entry"] == []


def test_a_register_entry_for_another_touchpoint_of_the_stage_leaves_the_gap(
    client, cx_manager, gappy
):
    journey, stage, _touchpoint, _moment = gappy
    other = TouchpointFactory(stage=stage, name="Kiosk", collects_personal_data=True)
    DataItemFactory(stage=stage, touchpoint=other)
    client.force_login(cx_manager)

    assert _panel(client, journey)["personal_data_without_entry"] == [
        ("B. Counter", f"/register/items/new/?stage={stage.pk}&category=personal")
    ]


def test_a_to_be_journey_needs_no_follow_up_rule_nor_register_entry(client, cx_manager):
    journey = JourneyFactory(state=Journey.State.TO_BE)
    TouchpointFactory(stage=StageFactory(journey=journey), collects_personal_data=True)
    client.force_login(cx_manager)

    panel = _panel(client, journey)

    assert panel["stages_without_rule"] == []
    assert panel["personal_data_without_entry"] == []


def test_the_viewer_sees_the_gaps_without_the_links(client, viewer, gappy):
    journey, *_ = gappy
    client.force_login(viewer)

    panel = _panel(client, journey)

    assert all(link == "" for gaps in panel.values() for _label, link in gaps)
    assert sum(len(gaps) for gaps in panel.values()) == 5


def test_the_map_page_loads_the_panel(client, cx_manager, gappy):
    journey, *_ = gappy
    client.force_login(cx_manager)

    html = client.get(f"/journeys/{journey.pk}/").text

    assert f'hx-get="/journeys/{journey.pk}/health/"' in html
    assert 'hx-trigger="load, mapChanged from:body"' in html


def test_the_panel_is_a_page_of_its_own_without_htmx(client, cx_manager, gappy):
    journey, *_ = gappy
    client.force_login(cx_manager)

    response = client.get(f"/journeys/{journey.pk}/health/")

    assert response.templates[0].name == "journeys/journey_health.html"
    assert "Moments of truth without a measurable standard" in response.text


def test_the_panel_is_in_french(client, cx_manager, gappy):
    journey, *_ = gappy
    client.force_login(cx_manager)

    html = client.get(
        f"/journeys/{journey.pk}/health/", HTTP_ACCEPT_LANGUAGE="fr", HTTP_HX_REQUEST="true"
    ).text

    assert "Santé du parcours" in html
    assert "50\u202f%" in html
    assert "Étapes sans partie prenante" in html
    assert "Moments de vérité sans standard mesurable" in html
    assert "Étapes sans règle de suivi" in html
    assert "Points de contact collectant des données personnelles sans entrée" in html


SIZES = [pytest.param(2, 1, id="2 stages, 1 touchpoint each"), pytest.param(8, 5, id="8x5")]


@pytest.mark.parametrize(("stages", "touchpoints"), SIZES)
def test_the_panel_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, stages, touchpoints
):
    journey = journey_with_map(stages=stages, touchpoints_per_stage=touchpoints)
    client.force_login(cx_manager)
    client.get(f"/journeys/{journey.pk}/health/")  # caches the permissions
    # session, user; the journey; one per check (six since the standards missed, issue 17);
    # groups (the role context processor)
    with django_assert_num_queries(10):
        response = client.get(f"/journeys/{journey.pk}/health/", HTTP_HX_REQUEST="true")
    assert len(response.context["health"].results) == 6


@pytest.mark.parametrize(("stages", "touchpoints"), SIZES)
def test_the_health_endpoint_runs_a_fixed_number_of_queries(
    token_client, viewer, django_assert_num_queries, stages, touchpoints
):
    journey = journey_with_map(stages=stages, touchpoints_per_stage=touchpoints)
    client = token_client(viewer)
    # token with its user, token touch, user permissions, group permissions; the journey;
    # one per check (six since the standards missed, issue 17)
    with django_assert_num_queries(11):
        response = client.get(f"/api/v1/journeys/{journey.pk}/health/")
    body = response.json()
    assert [check["key"] for check in body["checks"]] == CHECKS
    assert body["checks"][0]["checked"] == stages


def test_the_health_endpoint(token_client, cx_manager, gappy):
    journey, stage, *_ = gappy
    response = token_client(cx_manager).get(f"/api/v1/journeys/{journey.pk}/health/")

    body = response.json()
    assert (body["score"], body["checked"], body["gap_count"]) == (50, 10, 5)
    assert body["checks"][0] == {
        "key": "stages_without_stakeholder",
        "title": "Stages without a stakeholder",
        "checked": 2,
        "gaps": [{"label": "B. Pick up", "fix_url": f"/stakeholders/stages/{stage.pk}/place/"}],
    }
