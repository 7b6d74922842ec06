"""Editing on the map page with htmx: add, edit, delete each kind of item, and move."""

import re

import pytest
from django.urls import reverse

from journeys import services
from journeys.models import Action, MomentOfTruth, Observation, Stage, Touchpoint

from .factories import (
    ActionFactory,
    JourneyFactory,
    MomentOfTruthFactory,
    ObservationFactory,
    StageFactory,
    TouchpointFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


def _create_url(slug, stage):
    url = reverse(f"journeys:{slug}_create", args=[stage.journey_id])
    return url if slug in ("stages", "actions") else f"{url}?stage={stage.pk}"


# slug, model, valid data, invalid data and the error it shows, a field that identifies it
KINDS = [
    pytest.param(
        "stages",
        Stage,
        {"code": "R", "name": "Return the car", "place": "car park", "emotion_score": "1"},
        ({"code": "R", "name": ""}, "This field is required."),
        ("name", "Return the car"),
        id="stage",
    ),
    pytest.param(
        "touchpoints",
        Touchpoint,
        {"name": "Call centre", "channel": "phone", "lane": "back_stage"},
        (
            {"name": "Call centre", "channel": "phone", "lane": "front_stage", "volume": "40"},
            "Say per what period the volume is counted.",
        ),
        ("name", "Call centre"),
        id="touchpoint",
    ),
    pytest.param(
        "moments-of-truth",
        MomentOfTruth,
        {"description": "Key handover", "criticality": "high", "standard": "Under 10 minutes"},
        ({"description": "", "criticality": "high"}, "This field is required."),
        ("description", "Key handover"),
        id="moment of truth",
    ),
    pytest.param(
        "observations",
        Observation,
        {
            "kind": "irritant",
            "side": "customer",
            "description": "Long queue",
            "source": "survey",
            "severity": "3",
        },
        (
            {"kind": "irritant", "side": "customer", "description": "x", "severity": "5"},
            "Select a valid choice. 5 is not one of the available choices.",
        ),
        ("description", "Long queue"),
        id="observation",
    ),
    pytest.param(
        "actions",
        Action,
        {"title": "Express counter", "priority": "1", "status": "todo"},
        ({"title": "", "priority": "1", "status": "todo"}, "This field is required."),
        ("title", "Express counter"),
        id="action",
    ),
]


def _existing(slug, stage):
    """One item of the kind at `stage`."""
    return {
        "stages": lambda: stage,
        "touchpoints": lambda: TouchpointFactory(stage=stage, name="Old"),
        "moments-of-truth": lambda: MomentOfTruthFactory(stage=stage, description="Old"),
        "observations": lambda: ObservationFactory(stage=stage, description="Old"),
        "actions": lambda: ActionFactory(journey=stage.journey, stage=stage, title="Old"),
    }[slug]()


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "model", "valid", "invalid", "key"), KINDS)
def test_the_add_form_opens_in_the_editor(client, cx_manager, slug, model, valid, invalid, key):
    stage = StageFactory()
    client.force_login(cx_manager)

    response = client.get(_create_url(slug, stage), **HTMX)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.startswith('<form class="map-editor-form"')
    assert f'hx-post="{_create_url(slug, stage)}"' in page
    assert "<html" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "model", "valid", "invalid", "key"), KINDS)
def test_adding_a_valid_item_saves_it_and_redraws_the_map(
    client, cx_manager, slug, model, valid, invalid, key
):
    stage = StageFactory()
    client.force_login(cx_manager)

    response = client.post(_create_url(slug, stage), valid, **HTMX)

    assert response.status_code == 200
    field, value = key
    item = model.objects.get(**{field: value})
    if model is Stage:
        assert (item.journey_id, item.position) == (stage.journey_id, 2)
    elif model is Action:
        assert item.journey_id == stage.journey_id
    else:
        assert item.stage_id == stage.pk
    page = response.content.decode()
    assert '<div id="journey-map-body" hx-target="#map-editor" hx-swap-oob="true">' in page
    assert value in page


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "model", "valid", "invalid", "key"), KINDS)
def test_adding_an_invalid_item_answers_422_with_the_error_and_saves_nothing(
    client, cx_manager, slug, model, valid, invalid, key
):
    stage = StageFactory()
    before = model.objects.count()
    client.force_login(cx_manager)
    data, message = invalid

    response = client.post(_create_url(slug, stage), data, **HTMX)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert response.content.decode().startswith('<form class="map-editor-form"')
    assert model.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "model", "valid", "invalid", "key"), KINDS)
def test_editing_an_item_saves_it(client, cx_manager, slug, model, valid, invalid, key):
    stage = StageFactory()
    item = _existing(slug, stage)
    client.force_login(cx_manager)
    url = reverse(f"journeys:{slug}_update", args=[stage.journey_id, item.pk])

    assert client.get(url, **HTMX).status_code == 200
    response = client.post(url, valid, **HTMX)

    assert response.status_code == 200
    field, value = key
    item.refresh_from_db()
    assert getattr(item, field) == value


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "model", "valid", "invalid", "key"), KINDS)
def test_editing_with_invalid_data_answers_422_and_changes_nothing(
    client, cx_manager, slug, model, valid, invalid, key
):
    stage = StageFactory()
    item = _existing(slug, stage)
    client.force_login(cx_manager)
    url = reverse(f"journeys:{slug}_update", args=[stage.journey_id, item.pk])
    data, message = invalid

    response = client.post(url, data, **HTMX)

    assert response.status_code == 422
    assert message in response.content.decode()
    field, value = key
    item.refresh_from_db()
    assert getattr(item, field) != value
    assert getattr(item, field) != data.get(field)


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "model", "valid", "invalid", "key"), KINDS)
def test_deleting_an_item_removes_it(client, cx_manager, slug, model, valid, invalid, key):
    stage = StageFactory()
    item = _existing(slug, stage)
    client.force_login(cx_manager)

    response = client.post(
        reverse(f"journeys:{slug}_delete", args=[stage.journey_id, item.pk]), **HTMX
    )

    assert response.status_code == 200
    assert not model.objects.filter(pk=item.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "model", "valid", "invalid", "key"), KINDS)
def test_a_viewer_can_neither_add_edit_nor_delete(client, viewer, slug, model, valid, invalid, key):
    stage = StageFactory()
    item = _existing(slug, stage)
    count = model.objects.count()
    client.force_login(viewer)
    update = reverse(f"journeys:{slug}_update", args=[stage.journey_id, item.pk])

    assert client.get(_create_url(slug, stage), **HTMX).status_code == 403
    assert client.post(_create_url(slug, stage), valid, **HTMX).status_code == 403
    assert client.post(update, valid, **HTMX).status_code == 403
    delete = reverse(f"journeys:{slug}_delete", args=[stage.journey_id, item.pk])
    assert client.post(delete, **HTMX).status_code == 403
    assert model.objects.count() == count
    item.refresh_from_db()


@pytest.mark.django_db
def test_an_item_of_another_journey_is_not_found(client, cx_manager):
    stage = StageFactory()
    other = TouchpointFactory()
    client.force_login(cx_manager)

    url = reverse("journeys:touchpoints_update", args=[stage.journey_id, other.pk])
    response = client.post(url, {"name": "Hijack", "channel": "phone"}, **HTMX)

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name != "Hijack"


@pytest.mark.django_db
def test_a_duplicate_stage_code_is_reported_on_the_form(client, cx_manager):
    stage = StageFactory(code="A")
    client.force_login(cx_manager)

    response = client.post(_create_url("stages", stage), {"code": "A", "name": "Twice"}, **HTMX)

    assert response.status_code == 422
    assert "Stage with this Journey and Code already exists." in response.content.decode()
    assert list(Stage.objects.values_list("name", flat=True)) == [stage.name]


@pytest.mark.django_db
def test_the_action_form_offers_only_the_journeys_stages(client, cx_manager):
    stage = StageFactory()
    foreign = StageFactory()
    client.force_login(cx_manager)

    response = client.post(
        _create_url("actions", stage),
        {"title": "Elsewhere", "priority": "1", "status": "todo", "stage": foreign.pk},
        **HTMX,
    )

    assert response.status_code == 422
    assert "Select a valid choice." in response.content.decode()
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_without_htmx_a_save_goes_back_to_the_map(client, cx_manager):
    stage = StageFactory()
    client.force_login(cx_manager)

    response = client.post(
        _create_url("observations", stage),
        {
            "kind": "enchantment",
            "side": "employee",
            "description": "Nice",
            "source": "interview",
            "severity": "1",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/journeys/{stage.journey_id}/"


# The map's controls


@pytest.mark.django_db
def test_the_cx_manager_sees_the_editing_controls(client, cx_manager):
    journey = JourneyFactory()
    first = StageFactory(journey=journey, code="A")
    StageFactory(journey=journey, code="B")
    TouchpointFactory(stage=first, name="Website")
    TouchpointFactory(stage=first, name="Newsletter")
    client.force_login(cx_manager)

    page = client.get(reverse("journeys:journey_map", args=[journey.pk])).content.decode()

    for text in [
        'aria-label="Move stage A right"',
        'aria-label="Move stage B left"',
        'aria-label="Move touchpoint “Website” down"',
        'aria-label="Move touchpoint “Newsletter” up"',
        'aria-label="Delete stage A"',
        'hx-confirm="Delete stage A with its touchpoints',
        "Add a stage",
        'data-sortable="stages"',
        'data-sortable="touchpoints"',
        "js/journeys.",
        "vendor/Sortable.min.",
    ]:
        assert text in page, text
    assert 'aria-label="Move stage A left"' not in page
    assert 'aria-label="Move stage B right"' not in page


@pytest.mark.django_db
def test_a_viewer_sees_no_editing_control(client, viewer):
    journey = JourneyFactory()
    stage = StageFactory(journey=journey)
    TouchpointFactory(stage=stage)
    ObservationFactory(stage=stage)
    ActionFactory(journey=journey, stage=stage)
    MomentOfTruthFactory(stage=stage)
    client.force_login(viewer)

    page = client.get(reverse("journeys:journey_map", args=[journey.pk])).content.decode()
    # The map itself, below the header (whose notification bell every user has), without the
    # journey health panel that loads itself and the comment counts that open the threads
    # (the viewer reads them, issue 18).
    page = page.split('<main id="main"', 1)[1]
    page = re.sub(r'<section id="journey-health".*?</section>', "", page, flags=re.S)
    assert page.count('class="comment-count no-print"') == 6
    page = re.sub(r'<button type="button" class="comment-count .*?</button>', "", page)

    assert "hx-post" not in page
    assert "hx-get" not in page
    assert "data-sortable" not in page
    assert "Add a stage" not in page


# Moves


def _codes(journey):
    return list(journey.stages.order_by("position").values_list("code", flat=True))


@pytest.mark.django_db
def test_moving_a_stage_reorders_the_journey(client, cx_manager):
    journey = JourneyFactory()
    stages = [StageFactory(journey=journey, code=code) for code in "ABC"]
    client.force_login(cx_manager)

    response = client.post(
        reverse("journeys:stage_move", args=[journey.pk, stages[2].pk]), {"position": 1}, **HTMX
    )

    assert response.status_code == 200
    assert _codes(journey) == ["C", "A", "B"]
    assert 'hx-swap-oob="true"' in response.content.decode()


@pytest.mark.django_db
def test_moving_a_touchpoint_reorders_its_stage(client, cx_manager):
    stage = StageFactory()
    touchpoints = [TouchpointFactory(stage=stage, name=name) for name in ["one", "two", "three"]]
    client.force_login(cx_manager)

    response = client.post(
        reverse("journeys:touchpoint_move", args=[stage.journey_id, touchpoints[0].pk]),
        {"position": 3},
        **HTMX,
    )

    assert response.status_code == 200
    assert list(stage.touchpoints.order_by("position").values_list("name", flat=True)) == [
        "two",
        "three",
        "one",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("position", ["0", "first", ""])
def test_a_move_without_a_valid_position_is_refused(client, cx_manager, position):
    journey = JourneyFactory()
    stages = [StageFactory(journey=journey, code=code) for code in "AB"]
    client.force_login(cx_manager)

    response = client.post(
        reverse("journeys:stage_move", args=[journey.pk, stages[1].pk]),
        {"position": position},
        **HTMX,
    )

    assert response.status_code == 400
    assert _codes(journey) == ["A", "B"]


@pytest.mark.django_db
def test_a_viewer_cannot_move(client, viewer):
    journey = JourneyFactory()
    stages = [StageFactory(journey=journey, code=code) for code in "AB"]
    touchpoints = [TouchpointFactory(stage=stages[0], name=name) for name in ["one", "two"]]
    client.force_login(viewer)

    stage_url = reverse("journeys:stage_move", args=[journey.pk, stages[1].pk])
    touchpoint_url = reverse("journeys:touchpoint_move", args=[journey.pk, touchpoints[1].pk])

    assert client.post(stage_url, {"position": 1}, **HTMX).status_code == 403
    assert client.post(touchpoint_url, {"position": 1}, **HTMX).status_code == 403
    assert _codes(journey) == ["A", "B"]
    assert list(stages[0].touchpoints.order_by("position").values_list("name", flat=True)) == [
        "one",
        "two",
    ]


@pytest.mark.django_db
def test_a_touchpoint_collecting_personal_data_is_marked_on_the_map(client, cx_manager):
    stage = StageFactory()
    client.force_login(cx_manager)

    response = client.post(
        _create_url("touchpoints", stage),
        {
            "name": "Booking form",
            "channel": "website",
            "lane": "front_stage",
            "collects_personal_data": "on",
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert Touchpoint.objects.get(name="Booking form").collects_personal_data is True
    assert response.content.decode().count('class="badge personal-data-mark"') == 1
    touchpoint = Touchpoint.objects.get(name="Booking form")
    form = client.get(
        reverse("journeys:touchpoints_update", args=[stage.journey_id, touchpoint.pk]), **HTMX
    ).content.decode()
    assert 'id="id_collects_personal_data" checked' in form


@pytest.mark.django_db
def test_saving_a_stage_someone_changed_meanwhile_keeps_the_input_and_warns(client, cx_manager):
    stage = StageFactory(name="Book", place="at home")
    client.force_login(cx_manager)
    url = reverse("journeys:stages_update", args=[stage.journey_id, stage.pk])
    opened = client.get(url, **HTMX).content.decode()
    assert 'name="version" value="1"' in opened
    # Someone else saves first.
    client.post(url, {"code": "A", "name": "Pre-book", "place": "at home", "version": "1"}, **HTMX)

    response = client.post(
        url, {"code": "A", "name": "Book online", "place": "airport", "version": "1"}, **HTMX
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert (
        "This stage was changed by someone else since you opened it. The map now shows their "
        "changes and your input is kept here: save again to replace their changes, or cancel."
        in page
    )
    assert 'value="Book online"' in page
    assert 'value="airport"' in page
    assert 'name="version" value="2"' in page  # saving again replaces their change
    assert 'hx-swap-oob="true"' in page
    assert "Pre-book" in page
    stage.refresh_from_db()
    assert (stage.name, stage.place, stage.version) == ("Pre-book", "at home", 2)

    again = client.post(
        url, {"code": "A", "name": "Book online", "place": "airport", "version": "2"}, **HTMX
    )

    assert again.status_code == 200
    stage.refresh_from_db()
    assert (stage.name, stage.version) == ("Book online", 3)


@pytest.mark.django_db
def test_saving_a_touchpoint_someone_changed_meanwhile_is_refused(client, cx_manager):
    touchpoint = TouchpointFactory(name="Chat")
    services.touchpoint_update(touchpoint=touchpoint, data={"name": "Live chat"})
    client.force_login(cx_manager)

    response = client.post(
        reverse("journeys:touchpoints_update", args=[touchpoint.stage.journey_id, touchpoint.pk]),
        {"name": "Chat bot", "channel": "chat", "lane": "front_stage", "version": "1"},
        **HTMX,
    )

    assert response.status_code == 422
    assert "This touchpoint was changed by someone else" in response.content.decode()
    touchpoint.refresh_from_db()
    assert touchpoint.name == "Live chat"


@pytest.mark.django_db
def test_a_moved_stage_keeps_its_code_until_the_stages_are_re_lettered(client, cx_manager):
    journey = JourneyFactory()
    for _ in range(3):
        StageFactory(journey=journey)
    first = journey.stages.get(code="A")
    client.force_login(cx_manager)
    map_url = reverse("journeys:journey_map", args=[journey.pk])
    assert "Re-letter A, B, C…" not in client.get(map_url).content.decode()

    client.post(reverse("journeys:stage_move", args=[journey.pk, first.pk]), {"position": 3})

    assert list(journey.stages.values_list("code", flat=True)) == ["B", "C", "A"]
    assert "Re-letter A, B, C…" in client.get(map_url).content.decode()

    response = client.post(reverse("journeys:journey_reletter_stages", args=[journey.pk]), **HTMX)

    assert response.status_code == 200
    assert list(journey.stages.values_list("code", "version")) == [("A", 2), ("B", 2), ("C", 2)]
    first.refresh_from_db()
    assert first.code == "C"
    assert "Re-letter A, B, C…" not in response.content.decode()


@pytest.mark.django_db
def test_a_viewer_cannot_re_letter_the_stages(client, viewer):
    stage = StageFactory(code="Z")
    client.force_login(viewer)

    response = client.post(reverse("journeys:journey_reletter_stages", args=[stage.journey_id]))

    assert response.status_code == 403
    stage.refresh_from_db()
    assert stage.code == "Z"


@pytest.mark.django_db
def test_saving_a_stage_someone_deleted_meanwhile_says_so_and_shows_the_input(client, cx_manager):
    stage = StageFactory(name="Book")
    url = reverse("journeys:stages_update", args=[stage.journey_id, stage.pk])
    services.stage_delete(stage=stage)
    client.force_login(cx_manager)

    response = client.post(
        url, {"code": "A", "name": "Book online", "place": "airport", "version": "1"}, **HTMX
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "was deleted by someone else since you opened it" in page
    assert "<dd>Book online</dd>" in page
    assert "<dd>airport</dd>" in page
    assert 'hx-swap-oob="true"' in page
    assert client.get(url, **HTMX).status_code == 404
