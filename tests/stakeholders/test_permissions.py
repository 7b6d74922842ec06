"""Who sees what: interviews stay with the CX manager and their own interviewer."""

import pytest

from stakeholders.models import Interview
from tests.factories import UserFactory

from .factories import InterviewFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def someone_elses_interview(db):
    other = UserFactory(username="olga", role="interviewer")
    return InterviewFactory(interviewer=other, answers={"blockers": "secret notes"})


def test_an_interviewer_gets_404_for_someone_elses_interview_page(
    client, interviewer, someone_elses_interview
):
    client.force_login(interviewer)
    url = f"/stakeholders/interviews/{someone_elses_interview.pk}/"
    for response in (client.get(url), client.post(url, {"tools": "hacked", "save": ""})):
        assert response.status_code == 404
        assert "secret notes" not in response.content.decode()
    someone_elses_interview.refresh_from_db()
    assert someone_elses_interview.answers == {"blockers": "secret notes"}


def test_an_interviewer_cannot_validate(client, interviewer, someone_elses_interview):
    client.force_login(interviewer)
    response = client.post(f"/stakeholders/interviews/{someone_elses_interview.pk}/validate/")
    assert response.status_code == 403
    someone_elses_interview.refresh_from_db()
    assert someone_elses_interview.status == Interview.Status.DRAFT


def test_an_interviewer_lists_only_their_own(client, interviewer, someone_elses_interview):
    own = InterviewFactory(interviewer=interviewer)
    client.force_login(interviewer)
    response = client.get("/stakeholders/interviews/")
    assert [i.pk for i in response.context["page"].object_list] == [own.pk]


def test_an_interviewer_gets_404_for_someone_elses_interview_by_api(
    token_client, interviewer, someone_elses_interview
):
    client = token_client(interviewer)
    url = f"/api/v1/interviews/{someone_elses_interview.pk}/"
    for response in (
        client.get(url),
        client.patch(url, {"scheduled_at": "2030-01-01T10:00:00Z"}),
        client.post(url + "answers/", {"answers": {"tools": "x"}}),
        client.post(url + "submit/"),
    ):
        assert response.status_code == 404
        assert "secret notes" not in response.content.decode()
    assert client.get("/api/v1/interviews/").json()["count"] == 0
    someone_elses_interview.refresh_from_db()
    assert someone_elses_interview.answers == {"blockers": "secret notes"}


@pytest.mark.parametrize("role", ["dpo", "viewer"])
def test_dpo_and_viewer_see_no_interview(client, token_client, user_with_role, role):
    interview = InterviewFactory(answers={"blockers": "secret notes"})
    user = user_with_role(role)
    client.force_login(user)
    assert client.get("/stakeholders/interviews/").status_code == 403
    assert client.get(f"/stakeholders/interviews/{interview.pk}/").status_code == 403
    detail = client.get(f"/stakeholders/{interview.stakeholder_id}/")
    assert detail.status_code == 200
    assert detail.context["interviews"] is None
    api = token_client(user)
    assert api.get("/api/v1/interviews/").status_code == 403
    assert api.get(f"/api/v1/interviews/{interview.pk}/").status_code == 403


def test_an_interviewer_reads_stakeholders_but_cannot_change_them(token_client, interviewer):
    stakeholder = StakeholderFactory()
    client = token_client(interviewer)
    assert client.get("/api/v1/stakeholders/").status_code == 200
    assert client.patch(f"/api/v1/stakeholders/{stakeholder.pk}/", {"name": "x"}).status_code == 403
    stakeholder.refresh_from_db()
    assert stakeholder.name != "x"
