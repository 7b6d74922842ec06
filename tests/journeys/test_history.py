"""The version history: records for every write (bulk ones included), the map at a point,
the diff, restore as new versions, named snapshots; the pages and the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from journeys import selectors, services
from journeys.models import (
    Action,
    Journey,
    JourneySnapshot,
    MomentOfTruth,
    Observation,
    Stage,
    Touchpoint,
)

from .factories import JourneyFactory, journey_with_map


def _map(*, stage_names=("Book", "Fly", "Drive")):
    """A journey of three stages; the first has two touchpoints, the second a moment of truth
    on its mail."""
    journey = services.journey_create(name="Car rental")
    stages = [services.stage_create(journey=journey, name=name) for name in stage_names]
    site = services.touchpoint_create(stage=stages[0], name="Website", channel="website")
    mail = services.touchpoint_create(stage=stages[0], name="Confirmation", channel="email")
    services.moment_of_truth_create(stage=stages[0], touchpoint=mail, description="Booked")
    return journey, stages, site, mail


def _diff(journey, before, after=None):
    return selectors.journey_diff(
        before=selectors.journey_state_at(journey_id=journey.pk, at=before),
        after=selectors.journey_state_at(journey_id=journey.pk, at=after or timezone.now()),
    )


@pytest.mark.django_db
def test_every_write_is_recorded_with_bulk_moves_and_copies():
    """A move renumbers stages with UPDATEs and a copy bulk-creates them: both are in the
    history, with the copy's reason."""
    journey, stages, _site, _mail = _map()
    services.stage_move(stage=stages[2], position=1)
    assert list(
        Stage.history.filter(id=stages[2].pk)
        .order_by("history_date")
        .values_list("history_type", "position")
    ) == [("+", 3), ("~", 1)]
    assert Stage.history.filter(id=stages[0].pk).latest("history_date").position == 2
    copy = services.journey_duplicate(journey=journey, name="Car rental (to-be)")
    copied = Stage.history.filter(journey_id=copy.pk)
    assert copied.count() == 3
    assert set(copied.values_list("history_change_reason", flat=True)) == {
        "Copied from another journey."
    }
    assert Touchpoint.history.filter(stage_id__in=copy.stages.values("pk")).count() == 2


@pytest.mark.django_db
def test_the_diff_shows_a_moved_stage_and_a_deleted_touchpoint():
    journey, stages, _site, mail = _map()
    snapshot = services.snapshot_create(journey=journey, name="Workshop", taken_by=None)
    services.stage_move(stage=stages[2], position=1)
    services.touchpoint_delete(touchpoint=mail)
    stages[1].refresh_from_db()
    services.stage_update(stage=stages[1], data={"name": "Flight"})

    diff = _diff(journey, snapshot.taken_at)

    assert [(c.stage.record.name, c.stage.status, c.stage.moved) for c in diff.columns] == [
        ("Drive", "changed", True),
        ("Book", "same", False),
        ("Flight", "changed", False),
    ]
    assert [(f.name, f.before, f.after) for f in diff.columns[2].stage.fields] == [
        ("name", "Fly", "Flight")
    ]
    assert [(t.record.name, t.status) for t in diff.columns[1].touchpoints] == [
        ("Website", "same"),
        ("Confirmation", "removed"),
    ]
    assert [m.status for m in diff.columns[1].moments_of_truth] == ["removed"]
    assert diff.summary["touchpoints"] == {"added": 0, "removed": 1, "changed": 0}
    assert diff.summary["stages"] == {"added": 0, "removed": 0, "changed": 2}


@pytest.mark.django_db
def test_restore_brings_a_deleted_touchpoint_back_as_a_new_version():
    journey, stages, site, mail = _map()
    mail_id = mail.pk
    before = timezone.now()
    services.touchpoint_delete(touchpoint=mail)
    services.stage_move(stage=stages[2], position=1)
    services.stage_create(journey=journey, name="Return")
    services.action_create(journey=journey, title="Call back")

    services.journey_restore(journey=journey, at=before)

    assert list(journey.stages.order_by("position").values_list("code", "name")) == [
        ("A", "Book"),
        ("B", "Fly"),
        ("C", "Drive"),
    ]
    assert list(stages[0].touchpoints.order_by("position").values_list("pk", "name")) == [
        (site.pk, "Website"),
        (mail_id, "Confirmation"),
    ]
    assert MomentOfTruth.objects.get(stage=stages[0]).touchpoint_id == mail_id
    assert Action.objects.filter(journey=journey).count() == 0
    # Nothing is lost: the deletion and the return are both in the touchpoint's history.
    assert list(
        Touchpoint.history.filter(id=mail_id)
        .order_by("history_date")
        .values_list("history_type", "history_change_reason")
    ) == [("+", None), ("-", None), ("+", "Restored an earlier version.")]
    assert _diff(journey, before).is_empty


@pytest.mark.django_db
def test_a_restore_can_itself_be_undone():
    journey, stages, _site, _mail = _map()
    before = timezone.now()
    services.stage_update(stage=stages[0], data={"name": "Booking"})
    after_edit = timezone.now()
    services.journey_restore(journey=journey, at=before)
    services.journey_restore(journey=journey, at=after_edit)
    stages[0].refresh_from_db()
    assert stages[0].name == "Booking"
    assert stages[0].version == 4  # created, edited, restored twice


@pytest.mark.django_db
def test_the_timeline_groups_the_records_of_one_edit(cx_manager):
    journey, stages, _site, _mail = _map()
    services.stage_move(stage=stages[2], position=1)
    page, groups = selectors.journey_timeline(journey_id=journey.pk, page_number=1)
    assert page.paginator.count == 10  # journey, 3 stages, 2 touchpoints, moment, 3 moves
    latest = groups[0]
    # Ten records of one person (none here) within seconds: one edit.
    assert len(groups) == 1
    assert [(e.kind, e.action, e.name) for e in latest.entries][:3] == [
        ("stages", "changed", "C. Drive"),
        ("stages", "changed", "B. Fly"),
        ("stages", "changed", "A. Book"),
    ]
    assert [(c.name, c.before, c.after) for c in latest.entries[0].changes] == [("position", 3, 1)]


@pytest.mark.django_db
def test_the_seed_migration_gave_existing_rows_a_first_record():
    """Rows created before the history began have one (tested through the migration's
    function on rows whose records were removed)."""
    from importlib import import_module

    from django.apps import apps

    _journey, stages, _site, _mail = _map()
    Stage.history.all().delete()
    import_module("journeys.migrations.0015_version_history_seed").seed(apps, None)
    assert sorted(Stage.history.values_list("id", "history_type")) == sorted(
        (stage.pk, "+") for stage in stages
    )
    assert Touchpoint.history.count() == 2  # kept, not doubled


# Pages


@pytest.mark.django_db
def test_the_history_page_lists_changes_and_snapshots(client, cx_manager):
    journey, _stages, _site, mail = _map()
    services.snapshot_create(journey=journey, name="After the March workshop", taken_by=None)
    services.touchpoint_delete(touchpoint=mail)
    client.force_login(cx_manager)
    response = client.get(reverse("journeys:journey_history", args=[journey.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "After the March workshop" in content
    assert "Touchpoint “Confirmation” removed" in content
    assert "Restore this version" in content


@pytest.mark.django_db
def test_a_viewer_reads_the_history_without_restore_or_snapshot_buttons(client, viewer):
    journey, _stages, _site, _mail = _map()
    client.force_login(viewer)
    content = client.get(reverse("journeys:journey_history", args=[journey.pk])).content.decode()
    assert "Restore this version" not in content
    assert "Take a snapshot" not in content
    response = client.post(reverse("journeys:journey_restore", args=[journey.pk]), {"at": "now"})
    assert response.status_code == 403
    response = client.post(reverse("journeys:snapshot_create", args=[journey.pk]), {"name": "x"})
    assert response.status_code == 403
    assert JourneySnapshot.objects.count() == 0


@pytest.mark.django_db
def test_the_diff_page_marks_items_in_words(client, cx_manager):
    journey, stages, _site, mail = _map()
    mail_id = mail.pk
    snapshot = services.snapshot_create(journey=journey, name="Workshop", taken_by=cx_manager)
    services.touchpoint_delete(touchpoint=mail)
    services.stage_move(stage=stages[2], position=1)
    client.force_login(cx_manager)
    response = client.get(
        reverse("journeys:journey_diff", args=[journey.pk]),
        {"before": f"snapshot-{snapshot.pk}", "after": "now"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert f'data-kind="touchpoints" data-id="{mail_id}" data-status="removed"' in content
    assert f'data-kind="stages" data-id="{stages[2].pk}" data-status="changed"' in content
    assert "moved 3 → 1" in content
    missing = client.get(
        reverse("journeys:journey_diff", args=[journey.pk]), {"before": "snapshot-0"}
    )
    assert missing.status_code == 404


@pytest.mark.django_db
def test_restoring_and_taking_snapshots_in_the_browser(client, cx_manager):
    journey, _stages, _site, mail = _map()
    mail_id = mail.pk
    client.force_login(cx_manager)
    response = client.post(
        reverse("journeys:snapshot_create", args=[journey.pk]), {"name": "Before"}
    )
    assert response.status_code == 302
    snapshot = JourneySnapshot.objects.get()
    assert (snapshot.name, snapshot.taken_by) == ("Before", cx_manager)
    services.touchpoint_delete(touchpoint=mail)
    response = client.post(
        reverse("journeys:journey_restore", args=[journey.pk]), {"at": f"snapshot-{snapshot.pk}"}
    )
    assert response.status_code == 302
    assert Touchpoint.objects.filter(pk=mail_id).exists()
    restored = Touchpoint.history.filter(id=mail_id).latest("history_date")
    assert restored.history_user == cx_manager
    response = client.post(reverse("journeys:snapshot_delete", args=[journey.pk, snapshot.pk]))
    assert response.status_code == 302
    assert JourneySnapshot.objects.count() == 0


# API


@pytest.mark.django_db
def test_the_api_gives_the_history_and_the_diff(token_client, viewer):
    journey, stages, _site, mail = _map()
    mail_id = mail.pk
    snapshot = services.snapshot_create(journey=journey, name="Workshop", taken_by=None)
    services.touchpoint_delete(touchpoint=mail)
    services.stage_move(stage=stages[2], position=1)
    client = token_client(viewer)
    history = client.get(f"/api/v1/journeys/{journey.pk}/history/").json()
    assert history["count"] == 12
    assert history["results"][0]["entries"][0] == {
        "kind": "stages",
        "id": stages[2].pk,
        "action": "changed",
        "name": "C. Drive",
        "changes": [{"field": "position", "before": 3, "after": 1}],
    }
    diff = client.get(
        f"/api/v1/journeys/{journey.pk}/diff/", {"before": f"snapshot-{snapshot.pk}"}
    ).json()
    assert diff["before"]["snapshot"] == snapshot.pk
    assert diff["touchpoints"]["removed"] == [
        {"id": mail_id, "name": "Confirmation", "moved": False, "fields": []}
    ]
    assert diff["stages"]["changed"] == [
        {"id": stages[2].pk, "name": "C. Drive", "moved": True, "fields": []}
    ]
    assert diff["stages"]["added"] == diff["stages"]["removed"] == []


@pytest.mark.django_db
def test_the_api_restores_and_keeps_snapshots_for_the_cx_manager_only(
    token_client, cx_manager, viewer
):
    journey, _stages, _site, mail = _map()
    mail_id = mail.pk
    manager, reader = token_client(cx_manager), token_client(viewer)
    created = manager.post(
        "/api/v1/journey-snapshots/", {"journey": journey.pk, "name": "Workshop"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["taken_by"] == str(cx_manager)
    services.touchpoint_delete(touchpoint=mail)
    snapshot = f"snapshot-{created.json()['id']}"
    url = f"/api/v1/journeys/{journey.pk}/restore/"
    assert reader.post(url, {"at": snapshot}, format="json").status_code == 403
    assert not Touchpoint.objects.filter(pk=mail_id).exists()
    assert manager.post(url, {"at": snapshot}, format="json").status_code == 200
    assert Touchpoint.objects.filter(pk=mail_id).exists()
    assert manager.post(url, {"at": "snapshot-0"}, format="json").status_code == 404
    listed = reader.get("/api/v1/journey-snapshots/", {"journey": journey.pk}).json()
    assert [row["name"] for row in listed["results"]] == ["Workshop"]
    delete_url = f"/api/v1/journey-snapshots/{created.json()['id']}/"
    assert reader.delete(delete_url).status_code == 403
    assert manager.delete(delete_url).status_code == 204


# Query counts


@pytest.mark.django_db
@pytest.mark.parametrize(("stages", "touchpoints"), [(2, 1), (6, 4)])
def test_the_timeline_page_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, stages, touchpoints
):
    journey = journey_with_map(stages=stages, touchpoints_per_stage=touchpoints)
    for stage in journey.stages.all():
        services.stage_update(stage=stage, data={"name": f"{stage.name}!"})
    # Every kind on the first page at both sizes: the journey's own change is the newest.
    services.journey_update(journey=journey, data={"description": "After the workshop"})
    services.snapshot_create(journey=journey, name="Workshop", taken_by=cx_manager)
    client.force_login(cx_manager)
    # session, user, the role's permissions (2), journey; records count and page; one per
    # kind (journey, stages, touchpoints, moments, observations, actions): the records and
    # the ones before them, with their users; the user's role; snapshots
    with django_assert_num_queries(15):
        response = client.get(reverse("journeys:journey_history", args=[journey.pk]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_timeline_is_paginated(client, cx_manager):
    journey = JourneyFactory()
    for index in range(60):
        services.journey_update(journey=journey, data={"description": f"Version {index}"})
    page, _groups = selectors.journey_timeline(journey_id=journey.pk, page_number=2)
    assert (page.paginator.count, page.paginator.num_pages, len(page.object_list)) == (61, 2, 11)


@pytest.mark.django_db
def test_an_erased_observation_keeps_no_earlier_words_in_its_history():
    _journey, stages, _site, _mail = _map()
    observation = services.observation_create(
        stage=stages[0], kind="irritant", side="customer", description="Jane Doe waited"
    )
    services.observation_update(observation=observation, data={"severity": 3})
    services.observation_erase_description(observation=observation, erased_text="[erased]")
    words = Observation.history.filter(id=observation.pk).values_list("description", flat=True)
    assert list(words) == ["[erased]"] * 3


@pytest.mark.django_db
def test_a_restore_before_the_first_record_is_refused():
    journey, _stages, _site, _mail = _map()
    before = Journey.history.get(id=journey.pk).history_date - datetime.timedelta(seconds=1)
    with pytest.raises(ValidationError):
        services.journey_restore(journey=journey, at=before)
    assert journey.stages.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(("stages", "touchpoints"), [(2, 1), (6, 4)])
def test_the_diff_page_runs_a_fixed_number_of_queries(
    client, cx_manager, django_assert_num_queries, stages, touchpoints
):
    journey = journey_with_map(stages=stages, touchpoints_per_stage=touchpoints)
    snapshot = services.snapshot_create(journey=journey, name="Workshop", taken_by=cx_manager)
    first = journey.stages.order_by("position").first()
    services.stage_move(stage=first, position=stages)
    services.touchpoint_delete(touchpoint=first.touchpoints.first())
    client.force_login(cx_manager)
    url = reverse("journeys:journey_diff", args=[journey.pk])
    # session, user, the role's permissions (2), journey, the snapshot; the map at each
    # point: the journey and each kind of item (6 + 6); the user's role; the snapshots
    with django_assert_num_queries(20):
        response = client.get(url, {"before": f"snapshot-{snapshot.pk}"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_history_reads_in_french_whatever_language_it_was_written_in(client, cx_manager):
    journey, stages, _site, _mail = _map()
    services.stage_move(stage=stages[2], position=1)
    client.force_login(cx_manager)
    before = Stage.history.filter(journey_id=journey.pk).earliest("history_date").history_date
    services.journey_restore(journey=journey, at=before)
    content = client.get(
        reverse("journeys:journey_history", args=[journey.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Version antérieure restaurée." in content
    assert "Étape « C. Drive » modifiée" in content
    assert "Restaurer cette version" in content
