"""The demo's share link: the as-is car-rental map, for the steering committee, in the demo's
language; the shared map opens without an account and shows no demo user's name."""

import io

import pytest
from django.core.management import call_command

from core.models import User
from journeys.models import ShareLink

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "journey", "label", "stage"),
    [
        ("en", "Car rental — business trip", "Steering committee", "Pick up at the counter"),
        (
            "fr",
            "Location de voiture — voyage d’affaires",
            "Comité de pilotage",
            "Retirer la voiture au comptoir",
        ),
    ],
)
def test_the_demo_shares_the_car_rental_map(client, language, journey, label, stage):
    out = io.StringIO()
    call_command("load_demo", "--allow-production", "--language", language, stdout=out)
    call_command("load_demo", "--allow-production", "--language", language, stdout=out)

    share_link = ShareLink.objects.get()
    page = client.get(f"/shared/{share_link.token}/")

    assert (share_link.journey.name, share_link.label, share_link.is_active) == (
        journey,
        label,
        True,
    )
    assert share_link.created_by.username == "claire"
    assert f"/shared/{share_link.token}/" in out.getvalue()
    assert page.status_code == 200
    shown = page.content.decode()
    assert stage in shown
    for user in User.objects.all():
        for name in (user.first_name, user.last_name, user.email):
            assert not name or name not in shown, name
