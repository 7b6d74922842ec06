"""Share links: created with a hashed password, revoked, expired; the shared map for people
without an account: read-only, without personal data, every view counted."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from feedback import services as feedback_services
from journeys import services
from journeys.models import ShareLink
from tests.factories import UserFactory
from tests.stakeholders.factories import InvolvementFactory, StakeholderFactory

from .factories import ActionFactory, JourneyFactory, StageFactory, journey_with_map

pytestmark = pytest.mark.django_db


def _link(journey, *, password="", days=7, by=None):
    return services.share_link_create(
        journey=journey, created_by=by, days=days, password=password, label="Committee"
    )


def _url(share_link) -> str:
    return reverse("shared:map", args=[share_link.token])


# The services


def test_a_share_link_keeps_its_password_hashed_and_expires_after_the_chosen_days():
    journey = JourneyFactory()
    before = timezone.now()

    share_link = _link(journey, password="tulip-42", days=30)

    share_link.refresh_from_db()
    assert share_link.password != "tulip-42"
    assert "tulip-42" not in share_link.password
    assert share_link.password.startswith("md5$")  # the tests' hasher (tests/conftest.py)
    assert services.share_link_password_matches(share_link=share_link, password="tulip-42")
    assert not services.share_link_password_matches(share_link=share_link, password="tulip-43")
    assert len(share_link.token) == 43
    assert before + timedelta(days=30) <= share_link.expires_at <= timezone.now() + timedelta(30)
    assert (share_link.view_count, share_link.last_viewed_at, share_link.revoked_at) == (
        0,
        None,
        None,
    )


def test_a_link_without_password_matches_no_password():
    share_link = _link(JourneyFactory())

    assert share_link.password == ""
    assert not services.share_link_password_matches(share_link=share_link, password="")


def test_a_duration_not_offered_is_refused_and_nothing_is_created():
    with pytest.raises(ValidationError) as error:
        _link(JourneyFactory(), days=365)

    assert "days" in error.value.message_dict
    assert ShareLink.objects.count() == 0


def test_revoking_twice_keeps_the_first_time():
    share_link = _link(JourneyFactory())
    services.share_link_revoke(share_link=share_link)
    first = share_link.revoked_at

    services.share_link_revoke(share_link=share_link)

    assert first is not None
    assert share_link.revoked_at == first


def test_opening_tells_an_unknown_token_from_a_gone_link():
    share_link = _link(JourneyFactory())

    assert services.share_link_open(token=share_link.token) == share_link
    with pytest.raises(services.ShareLinkUnknown):
        services.share_link_open(token="x" + share_link.token)
    ShareLink.objects.filter(pk=share_link.pk).update(expires_at=timezone.now())
    with pytest.raises(services.ShareLinkGone) as gone:
        services.share_link_open(token=share_link.token)
    assert gone.value.revoked is False


# The shared map


def test_the_shared_map_opens_without_an_account_and_counts_each_view(client):
    journey = journey_with_map(stages=2, touchpoints_per_stage=1, name="Car rental")
    share_link = _link(journey)

    first = client.get(_url(share_link))
    second = client.get(_url(share_link))

    assert (first.status_code, second.status_code) == (200, 200)
    page = first.content.decode()
    assert "Car rental" in page
    for stage in journey.stages.all():
        assert stage.name in page
    share_link.refresh_from_db()
    assert share_link.view_count == 2
    assert share_link.last_viewed_at is not None
    assert first["Referrer-Policy"] == "same-origin"
    assert "no-store" in first["Cache-Control"]


def test_the_shared_map_shows_no_personal_data_and_no_control(client, cx_manager):
    owner = UserFactory(first_name="Olivia", last_name="Oakhurst")
    contact = UserFactory(first_name="Ernest", last_name="Escalade")
    journey = JourneyFactory(owner=owner, escalation_contact=contact)
    stage = StageFactory(journey=journey)
    ActionFactory(
        journey=journey, stage=stage, owner=UserFactory(first_name="Ada", last_name="Doer")
    )
    stakeholder = StakeholderFactory(
        name="Sam Counter", email="sam.counter@example.com", phone="+33 6 11 22 33 44"
    )
    InvolvementFactory(stakeholder=stakeholder, stage=stage)
    feedback_services.case_create(stage=stage, title="Refund for Mrs Martin", category="temporal")
    share_link = _link(journey, by=cx_manager)

    # Signed in or not, the shared map is the same read-only one.
    anonymous_page = client.get(_url(share_link)).content.decode()
    client.force_login(cx_manager)
    signed_in_page = client.get(_url(share_link)).content.decode()

    for page in (anonymous_page, signed_in_page):
        for personal in (
            "Olivia",
            "Oakhurst",
            "Ernest",
            "Escalade",
            "Ada",
            "Doer",
            "Sam Counter",
            "sam.counter@example.com",
            "+33 6 11 22 33 44",
            "Mrs Martin",
            cx_manager.username,
            cx_manager.last_name,
        ):
            assert personal not in page, personal
        assert stage.name in page
        assert "hx-post" not in page
        assert "hx-get" not in page
        assert "+ touchpoint" not in page
        assert "data-present" in page


@pytest.mark.parametrize(
    ("change", "status"),
    [
        pytest.param({"revoked_at": timezone.now()}, 410, id="revoked"),
        pytest.param({"expires_at": timezone.now() - timedelta(seconds=1)}, 410, id="expired"),
    ],
)
def test_a_revoked_or_expired_link_is_gone_and_not_counted(client, change, status):
    share_link = _link(journey_with_map(stages=1, touchpoints_per_stage=1))
    ShareLink.objects.filter(pk=share_link.pk).update(**change)

    response = client.get(_url(share_link))

    assert response.status_code == status
    assert "This link no longer works" in response.content.decode()
    share_link.refresh_from_db()
    assert share_link.view_count == 0


def test_a_wrong_token_is_a_404(client):
    response = client.get(reverse("shared:map", args=["no-such-token"]))

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_a_password_is_asked_once_per_session_and_views_count_only_once_given(client):
    journey = journey_with_map(stages=1, touchpoints_per_stage=1)
    share_link = _link(journey, password="tulip-42")
    stage_name = journey.stages.get().name

    asked = client.get(_url(share_link))
    wrong = client.post(_url(share_link), {"password": "tulip-43"})
    share_link.refresh_from_db()
    views_before = share_link.view_count
    right = client.post(_url(share_link), {"password": "tulip-42"})
    again = client.get(_url(share_link))

    assert asked.status_code == 200
    assert stage_name not in asked.content.decode()
    assert 'type="password"' in asked.content.decode()
    assert wrong.status_code == 403
    assert "This is not the password of this link." in wrong.content.decode()
    assert stage_name not in wrong.content.decode()
    assert views_before == 0
    assert right.status_code == 302
    assert right["Location"] == _url(share_link)
    assert again.status_code == 200
    assert stage_name in again.content.decode()
    share_link.refresh_from_db()
    assert share_link.view_count == 1


def test_password_attempts_are_rate_limited(client, settings):
    settings.SHARE_LINK_PASSWORD_RATE = "2/m"
    share_link = _link(journey_with_map(stages=1, touchpoints_per_stage=1), password="tulip-42")

    statuses = [
        client.post(_url(share_link), {"password": password}).status_code
        for password in ("guess-1", "guess-2", "tulip-42")
    ]

    # The right password comes too late: the third try of the minute is refused unread.
    assert statuses == [403, 403, 429]
    assert client.get(_url(share_link)).status_code == 200
    assert 'type="password"' in client.get(_url(share_link)).content.decode()


SIZES = [
    pytest.param(2, 1, id="2 stages, 1 touchpoint each"),
    pytest.param(8, 5, id="8 stages, 5 touchpoints each"),
]


@pytest.mark.parametrize(("stages", "touchpoints"), SIZES)
def test_the_shared_map_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, stages, touchpoints
):
    share_link = _link(journey_with_map(stages=stages, touchpoints_per_stage=touchpoints))

    # the link by its token; the view counted (one UPDATE); journey with persona, owner and
    # source; stages; touchpoints; moments of truth with their touchpoint; observations;
    # actions with stage, owner and observation; the buying group (none here, so not their
    # stages); survey scores: stages, score rollups grouped by stage.
    with django_assert_num_queries(11):
        response = client.get(_url(share_link))

    assert response.status_code == 200
    assert response.content.decode().count('class="stage-code"') == 2 * stages


# The CX manager's page


def test_the_cx_manager_creates_lists_and_revokes_a_link(client, cx_manager):
    journey = JourneyFactory()
    client.force_login(cx_manager)
    page_url = reverse("journeys:share_links", args=[journey.pk])

    created = client.post(page_url, {"label": "Steering committee", "days": 7, "password": "pw"})
    share_link = ShareLink.objects.get()
    listed = client.get(page_url).content.decode()
    confirm = client.get(reverse("journeys:share_link_revoke", args=[journey.pk, share_link.pk]))
    revoked = client.post(reverse("journeys:share_link_revoke", args=[journey.pk, share_link.pk]))

    assert created.status_code == 302
    assert (share_link.label, share_link.created_by, share_link.has_password) == (
        "Steering committee",
        cx_manager,
        True,
    )
    assert f"http://testserver/shared/{share_link.token}/" in listed
    assert "Steering committee" in listed
    assert confirm.status_code == 200
    assert "Revoke the share link?" in confirm.content.decode()
    assert revoked.status_code == 302
    share_link.refresh_from_db()
    assert share_link.is_revoked
    assert client.get(_url(share_link)).status_code == 410


def test_a_link_of_another_journey_is_not_revoked_through_this_one(client, cx_manager):
    share_link = _link(JourneyFactory())
    other = JourneyFactory()
    client.force_login(cx_manager)

    response = client.post(reverse("journeys:share_link_revoke", args=[other.pk, share_link.pk]))

    assert response.status_code == 404
    share_link.refresh_from_db()
    assert share_link.revoked_at is None


def test_a_wrong_duration_on_the_page_is_a_form_error(client, cx_manager):
    journey = JourneyFactory()
    client.force_login(cx_manager)

    response = client.post(reverse("journeys:share_links", args=[journey.pk]), {"days": 365})

    assert response.status_code == 400
    assert ShareLink.objects.count() == 0


def test_the_shared_pages_speak_french(client):
    share_link = _link(journey_with_map(stages=1, touchpoints_per_stage=1), password="pw")

    asked = client.get(_url(share_link), HTTP_ACCEPT_LANGUAGE="fr")
    services.share_link_revoke(share_link=share_link)
    gone = client.get(_url(share_link), HTTP_ACCEPT_LANGUAGE="fr")

    assert "Cette carte est protégée par un mot de passe" in asked.content.decode()
    assert "Ce lien ne fonctionne plus" in gone.content.decode()
    assert "a révoqué le lien" in gone.content.decode()
