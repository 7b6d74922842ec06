"""/api/v1/comments/: threads by object, post and reply, edit and delete one's own, resolve
and reopen; an interview's thread only for who reads the interview."""

import pytest

from core.comments import services
from core.comments.models import Comment
from core.models import Notification
from core.roles import Role
from tests.factories import UserFactory
from tests.journeys.factories import TouchpointFactory
from tests.stakeholders.factories import InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", role=Role.CX_MANAGER)


def test_post_and_reply_with_a_mention(token_client, cx_manager, bob):
    touchpoint = TouchpointFactory()
    api = token_client(cx_manager)

    thread = api.post(
        "/api/v1/comments/",
        {"target": "journeys.touchpoint", "object_id": touchpoint.pk, "body": "@bob look"},
        format="json",
    )
    reply = token_client(bob).post(
        "/api/v1/comments/",
        {
            "target": "journeys.touchpoint",
            "object_id": touchpoint.pk,
            "parent": thread.json()["id"],
            "body": "Done",
        },
        format="json",
    )

    assert (thread.status_code, reply.status_code) == (201, 201)
    body = reply.json()
    assert (body["target"], body["object_id"], body["parent"]) == (
        "journeys.touchpoint",
        touchpoint.pk,
        thread.json()["id"],
    )
    assert body["author"] == str(bob)
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [
        ("bob", "comment.mention")
    ]


def test_the_list_is_one_objects_comments(token_client, viewer, cx_manager):
    touchpoint, other = TouchpointFactory(), TouchpointFactory()
    mine = services.comment_post(author=cx_manager, target=touchpoint, body="Here")
    services.comment_post(author=cx_manager, target=other, body="Elsewhere")
    api = token_client(viewer)

    listed = api.get(
        "/api/v1/comments/", {"target": "journeys.touchpoint", "object_id": touchpoint.pk}
    )
    unfiltered = api.get("/api/v1/comments/")
    unknown = api.get("/api/v1/comments/", {"target": "core.user", "object_id": viewer.pk})

    assert [row["id"] for row in listed.json()["results"]] == [mine.pk]
    assert unfiltered.status_code == 400
    assert unknown.status_code == 400


def test_only_the_author_edits_and_deletes(token_client, cx_manager, bob):
    comment = services.comment_post(author=cx_manager, target=TouchpointFactory(), body="Mine")

    theirs = token_client(bob).patch(
        f"/api/v1/comments/{comment.pk}/", {"body": "X"}, format="json"
    )
    gone = token_client(bob).delete(f"/api/v1/comments/{comment.pk}/")
    edited = token_client(cx_manager).patch(
        f"/api/v1/comments/{comment.pk}/", {"body": "Mine, edited"}, format="json"
    )

    assert (theirs.status_code, gone.status_code, edited.status_code) == (403, 403, 200)
    assert edited.json()["body"] == "Mine, edited"
    assert edited.json()["edited_at"] is not None
    assert token_client(cx_manager).delete(f"/api/v1/comments/{comment.pk}/").status_code == 204
    assert Comment.objects.count() == 0


def test_resolve_and_reopen(token_client, cx_manager, bob):
    thread = services.comment_post(author=cx_manager, target=TouchpointFactory(), body="Fix")
    api = token_client(bob)

    resolved = api.post(f"/api/v1/comments/{thread.pk}/resolve/")
    again = api.post(f"/api/v1/comments/{thread.pk}/resolve/")
    reopened = token_client(cx_manager).post(f"/api/v1/comments/{thread.pk}/reopen/")

    assert (resolved.status_code, again.status_code, reopened.status_code) == (200, 400, 200)
    assert resolved.json()["resolved_by"] == str(bob)
    assert (reopened.json()["resolved_at"], reopened.json()["reopened_by"]) == (
        None,
        str(cx_manager),
    )


def test_an_interviews_comments_are_invisible_to_another_interviewer(
    token_client, cx_manager, interviewer
):
    interview = InterviewFactory(interviewer=UserFactory(username="olga", role=Role.INTERVIEWER))
    comment = services.comment_post(author=cx_manager, target=interview, body="Thin notes")
    api = token_client(interviewer)
    thread = {"target": "stakeholders.interview", "object_id": interview.pk}

    assert api.get("/api/v1/comments/", thread).status_code == 404
    assert api.get(f"/api/v1/comments/{comment.pk}/").status_code == 404
    posted = api.post("/api/v1/comments/", {**thread, "body": "Hi"}, format="json")
    assert posted.json() == {"object_id": ["No such object, or not one you may read."]}
    assert api.post(f"/api/v1/comments/{comment.pk}/resolve/").status_code == 404
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("threads", [1, 6])
def test_the_list_runs_a_fixed_number_of_queries(
    token_client, viewer, cx_manager, bob, django_assert_num_queries, threads
):
    touchpoint = TouchpointFactory()
    for index in range(threads):
        thread = services.comment_post(author=cx_manager, target=touchpoint, body=f"T{index}")
        services.comment_post(author=bob, target=touchpoint, body="Reply", parent=thread)
        services.comment_resolve(comment=thread, user=bob)
    api = token_client(viewer)
    query = {"target": "journeys.touchpoint", "object_id": touchpoint.pk}

    # token with its user, token touch, user permissions, group permissions; the touchpoint;
    # count; the page of comments with object type, author, resolver and reopener
    with django_assert_num_queries(7):
        response = api.get("/api/v1/comments/", query)
    assert response.json()["count"] == threads * 2
