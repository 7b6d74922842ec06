import re

import pytest
from django.urls import reverse

from journeys import services
from journeys.models import Journey, Stage

from .factories import (
    ActionFactory,
    JourneyFactory,
    MomentOfTruthFactory,
    ObservationFactory,
    PersonaFactory,
    StageFactory,
    TouchpointFactory,
)


def _journey_names(response) -> list[str]:
    return [journey.name for journey in response.context["page"].object_list]


@pytest.mark.django_db
def test_the_list_shows_the_journeys_with_their_stage_count(client, viewer):
    journey = JourneyFactory(name="Car rental")
    StageFactory(journey=journey)
    StageFactory(journey=journey)
    client.force_login(viewer)

    response = client.get(reverse("journeys:index"))

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<a href="/journeys/{journey.pk}/">Car rental</a>' in page
    assert "<td>2</td>" in page
    assert "New journey" not in page  # a viewer cannot create


@pytest.mark.django_db
def test_the_list_offers_the_new_journey_form_to_the_cx_manager(client, cx_manager):
    client.force_login(cx_manager)
    page = client.get(reverse("journeys:index")).content.decode()
    assert "New journey" in page
    assert 'action="/journeys/new/"' in page
    assert "No customer journey has been mapped yet." in page


@pytest.mark.django_db
def test_the_list_searches_name_and_description(client, viewer):
    JourneyFactory(name="Car rental", description="airport")
    JourneyFactory(name="Hotel stay", description="Business trip to the airport hotel")
    JourneyFactory(name="Train", description="station")
    client.force_login(viewer)

    response = client.get(reverse("journeys:index"), {"q": "airport"})

    assert sorted(_journey_names(response)) == ["Car rental", "Hotel stay"]


@pytest.mark.django_db
def test_the_list_filters_by_persona_state_and_owner(client, viewer, cx_manager):
    persona = PersonaFactory()
    JourneyFactory(name="Match", persona=persona, state="to_be", owner=cx_manager)
    JourneyFactory(name="Other persona", state="to_be", owner=cx_manager)
    JourneyFactory(name="As-is", persona=persona, state="as_is", owner=cx_manager)
    JourneyFactory(name="Other owner", persona=persona, state="to_be")
    client.force_login(viewer)

    response = client.get(
        reverse("journeys:index"),
        {"persona": persona.pk, "state": "to_be", "owner": cx_manager.pk},
    )

    assert _journey_names(response) == ["Match"]


@pytest.mark.django_db
def test_the_list_says_when_no_journey_matches(client, viewer):
    JourneyFactory(name="Car rental")
    client.force_login(viewer)
    page = client.get(reverse("journeys:index"), {"q": "zeppelin"}).content.decode()
    assert "No journey matches these filters." in page


@pytest.mark.django_db
def test_the_list_paginates_twenty_a_page_and_keeps_the_filters(client, viewer):
    for index in range(25):
        JourneyFactory(name=f"Journey {index:02d}", state="as_is")
    client.force_login(viewer)

    first = client.get(reverse("journeys:index"), {"state": "as_is"})
    second = client.get(reverse("journeys:index"), {"state": "as_is", "page": 2})

    assert len(_journey_names(first)) == 20
    assert _journey_names(second) == [f"Journey {index:02d}" for index in range(20, 25)]
    assert 'href="?state=as_is&amp;page=2"' in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.django_db
def test_cx_manager_creates_a_journey(client, cx_manager):
    client.force_login(cx_manager)
    response = client.post(
        reverse("journeys:journey_create"),
        {"name": "Car rental", "state": "as_is", "owner": cx_manager.pk},
    )
    journey = Journey.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("journeys:journey_map", args=[journey.pk])
    assert (journey.name, journey.owner) == ("Car rental", cx_manager)


@pytest.mark.django_db
def test_an_invalid_journey_shows_the_errors_and_saves_nothing(client, cx_manager):
    client.force_login(cx_manager)
    response = client.post(reverse("journeys:journey_create"), {"name": "", "state": "as_is"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Journey.objects.count() == 0


@pytest.mark.django_db
def test_cx_manager_edits_a_journey(client, cx_manager):
    journey = JourneyFactory(name="Old")
    client.force_login(cx_manager)
    assert client.get(reverse("journeys:journey_update", args=[journey.pk])).status_code == 200
    response = client.post(
        reverse("journeys:journey_update", args=[journey.pk]),
        {"name": "New", "state": "to_be"},
    )
    assert response.status_code == 302
    journey.refresh_from_db()
    assert (journey.name, journey.state, journey.owner) == ("New", "to_be", None)


@pytest.mark.django_db
def test_deleting_asks_for_confirmation_first(client, cx_manager):
    journey = JourneyFactory(name="Car rental")
    StageFactory(journey=journey)
    client.force_login(cx_manager)

    page = client.get(reverse("journeys:journey_delete", args=[journey.pk])).content.decode()
    assert "Delete “Car rental”?" in page
    assert "Its 1 stage will be deleted" in page
    assert Journey.objects.count() == 1

    response = client.post(reverse("journeys:journey_delete", args=[journey.pk]))
    assert response.status_code == 302
    assert response.url == reverse("journeys:index")
    assert Journey.objects.count() == 0
    assert Stage.objects.count() == 0


@pytest.mark.django_db
def test_cx_manager_duplicates_a_journey_from_the_page(client, cx_manager):
    journey = JourneyFactory(name="Car rental")
    TouchpointFactory(stage=StageFactory(journey=journey))
    client.force_login(cx_manager)

    form = client.get(reverse("journeys:journey_duplicate", args=[journey.pk]))
    assert 'value="Car rental (to-be)"' in form.content.decode()
    response = client.post(
        reverse("journeys:journey_duplicate", args=[journey.pk]),
        {"name": "Car rental (to-be)", "state": "to_be"},
    )

    copy = Journey.objects.get(name="Car rental (to-be)")
    assert response.url == reverse("journeys:journey_map", args=[copy.pk])
    assert (copy.source_journey, copy.owner, copy.stages.count()) == (journey, cx_manager, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("role_fixture", ["viewer", "interviewer", "dpo"])
def test_readers_cannot_create_edit_delete_or_duplicate(client, request, role_fixture):
    journey = JourneyFactory(name="Car rental")
    client.force_login(request.getfixturevalue(role_fixture))

    for name, args in [
        ("journeys:journey_create", []),
        ("journeys:journey_update", [journey.pk]),
        ("journeys:journey_delete", [journey.pk]),
        ("journeys:journey_duplicate", [journey.pk]),
    ]:
        url = reverse(name, args=args)
        assert client.get(url).status_code == 403
        assert client.post(url, {"name": "Changed", "state": "to_be"}).status_code == 403

    journey.refresh_from_db()
    assert journey.name == "Car rental"
    assert Journey.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role_fixture", ["viewer", "interviewer", "dpo", "cx_manager"])
def test_every_role_reads_the_list_and_the_map(client, request, role_fixture):
    journey = JourneyFactory()
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse("journeys:index")).status_code == 200
    assert client.get(reverse("journeys:journey_map", args=[journey.pk])).status_code == 200


@pytest.mark.django_db
def test_a_user_without_role_is_refused_the_map(client, user_with_role):
    journey = JourneyFactory()
    client.force_login(user_with_role(None))
    assert client.get(reverse("journeys:journey_map", args=[journey.pk])).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["journeys:journey_map", "journeys:journey_update", "journeys:journey_delete"]
)
def test_anonymous_users_are_sent_to_the_login_page(client, name):
    journey = JourneyFactory()
    url = reverse(name, args=[journey.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.django_db
def test_the_map_shows_each_lane_in_stage_order(client, viewer):
    journey = JourneyFactory(name="Car rental")
    pick_up = StageFactory(
        journey=journey,
        code="F",
        name="Pick up at the counter",
        place="airport",
        funnel_phase="service_use",
        customer_goal="Leave without waiting",
        emotion_score=-2,
    )
    discover = StageFactory(journey=journey, code="A", name="Discover offers", emotion_score=1)
    services.stage_move(stage=discover, position=1)
    counter = TouchpointFactory(
        stage=pick_up, name="Counter check-in", channel="counter", volume=260, volume_period="day"
    )
    TouchpointFactory(stage=pick_up, name="Contract preparation", lane="back_stage")
    MomentOfTruthFactory(
        stage=pick_up,
        touchpoint=counter,
        description="Key handover",
        standard="Car handed over in under 10 minutes",
    )
    ObservationFactory(stage=pick_up, description="Long queue", side="customer")
    ObservationFactory(stage=pick_up, description="Double entry", side="employee", kind="irritant")
    ActionFactory(journey=journey, stage=pick_up, title="Express counter")
    ActionFactory(journey=journey, title="Train the agents")
    client.force_login(viewer)

    response = client.get(reverse("journeys:journey_map", args=[journey.pk]))

    page = response.content.decode()
    assert page.index("Discover offers") < page.index("Pick up at the counter")
    for text in [
        "Phase and place",
        "service / use",
        "airport",
        "Leave without waiting",
        "Front-stage touchpoints",
        "Line of visibility",
        "Back-stage touchpoints",
        "Contract preparation",
        "Standard: Car handed over in under 10 minutes",
        "Long queue",
        "Double entry",
        "Express counter",
        "Actions for the whole journey",
        "Train the agents",
        "manual emotion score",
    ]:
        assert text in page, text
    assert page.index("Counter check-in") < page.index("Line of visibility")
    assert page.index("Line of visibility") < page.index("Contract preparation")
    assert '<li class="touchpoint is-moment">' in page
    assert "260 per day" in page
    # Stage A (+1) is drawn in the first column's middle, stage F (-2) in the second.
    assert '<polyline class="emotion-line" points="50,30 150,90"' in page
    assert "style=" not in page
    assert "<script>" not in page


@pytest.mark.django_db
def test_a_stage_without_score_breaks_the_emotion_curve(client, viewer):
    journey = JourneyFactory()
    for score in (1, None, -1, 0):
        StageFactory(journey=journey, emotion_score=score)
    client.force_login(viewer)
    page = client.get(reverse("journeys:journey_map", args=[journey.pk])).content.decode()
    assert re.findall(r'<polyline class="emotion-line" points="([^"]*)"', page) == [
        "50,30",
        "250,70 350,50",
    ]


@pytest.mark.django_db
def test_the_emotion_curve_keeps_dots_in_its_coordinates_in_french(client, viewer):
    journey = JourneyFactory()
    for score in (1, -2):
        StageFactory(journey=journey, emotion_score=score)
    client.force_login(viewer)

    page = client.get(
        reverse("journeys:journey_map", args=[journey.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()

    assert '<html lang="fr"' in page
    assert '<svg class="emotion-curve" viewBox="0 0 200 100"' in page
    assert '<line class="emotion-neutral" x1="0" y1="50.0" x2="200" y2="50.0"' in page
    assert '<polyline class="emotion-line" points="50,30 150,90"' in page
    assert re.findall(r'<line class="emotion-dot [^"]*" x1="([^"]*)" y1="([^"]*)"', page) == [
        ("50.0", "30.0"),
        ("150.0", "90.0"),
    ]


@pytest.mark.django_db
def test_a_map_without_stages_says_so(client, viewer):
    journey = JourneyFactory()
    client.force_login(viewer)
    page = client.get(reverse("journeys:journey_map", args=[journey.pk])).content.decode()
    assert "This journey has no stage yet." in page


@pytest.mark.django_db
def test_an_unknown_journey_is_a_404(client, viewer):
    journey = JourneyFactory()
    missing = journey.pk
    journey.delete()
    client.force_login(viewer)
    assert client.get(reverse("journeys:journey_map", args=[missing])).status_code == 404
