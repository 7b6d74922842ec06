"""Comments: threads on what an app declared commentable, edit and delete one's own,
resolve and reopen, @mentions told through the inbox, the thread page and its queries."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.comments import selectors, services
from core.comments.models import Comment
from core.models import Notification, User
from core.roles import Role
from feedback import services as feedback_services
from tests.factories import UserFactory
from tests.journeys.factories import StageFactory, TouchpointFactory
from tests.stakeholders.factories import InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", first_name="Bob", last_name="Martin", role=Role.CX_MANAGER)


def _thread_url(target) -> str:
    return reverse("core:comment_thread", args=[target._meta.label_lower, target.pk])


def test_a_reply_to_a_reply_joins_the_thread(cx_manager, bob):
    touchpoint = TouchpointFactory()
    thread = services.comment_post(author=cx_manager, target=touchpoint, body="  Too slow  ")
    reply = services.comment_post(author=bob, target=touchpoint, body="Agreed", parent=thread)
    again = services.comment_post(author=cx_manager, target=touchpoint, body="So?", parent=reply)

    assert (thread.body, reply.parent_id, again.parent_id) == ("Too slow", thread.pk, thread.pk)
    assert [t.pk for t in selectors.thread_list(target=touchpoint)] == [thread.pk]


def test_a_reply_must_be_on_the_same_object(cx_manager):
    thread = services.comment_post(author=cx_manager, target=TouchpointFactory(), body="One")

    with pytest.raises(ValidationError):
        services.comment_post(
            author=cx_manager, target=TouchpointFactory(), body="Two", parent=thread
        )
    assert Comment.objects.count() == 1


def test_only_the_author_edits_or_deletes(cx_manager, bob):
    comment = services.comment_post(author=cx_manager, target=TouchpointFactory(), body="Mine")

    with pytest.raises(PermissionDenied):
        services.comment_edit(comment=comment, user=bob, body="Theirs")
    with pytest.raises(PermissionDenied):
        services.comment_delete(comment=comment, user=bob)
    services.comment_edit(comment=comment, user=cx_manager, body="Mine, edited")

    comment.refresh_from_db()
    assert (comment.body, comment.edited_at is not None) == ("Mine, edited", True)


def test_a_deleted_comment_with_replies_stays_as_deleted(cx_manager, bob):
    touchpoint = TouchpointFactory()
    thread = services.comment_post(author=cx_manager, target=touchpoint, body="Question")
    reply = services.comment_post(author=bob, target=touchpoint, body="Answer", parent=thread)

    services.comment_delete(comment=thread, user=cx_manager)
    services.comment_delete(comment=reply, user=bob)

    thread.refresh_from_db()
    assert (thread.body, thread.is_deleted) == ("", True)
    assert list(Comment.objects.values_list("pk", flat=True)) == [thread.pk]


def test_resolve_and_reopen_keep_who_and_when(cx_manager, bob):
    thread = services.comment_post(author=cx_manager, target=TouchpointFactory(), body="Fix it")

    services.comment_resolve(comment=thread, user=bob)
    with pytest.raises(ValidationError):
        services.comment_resolve(comment=thread, user=bob)
    assert (thread.resolved_by, thread.resolved_at is not None) == (bob, True)
    services.comment_reopen(comment=thread, user=cx_manager)

    thread.refresh_from_db()
    assert (thread.resolved_by, thread.resolved_at, thread.reopened_by) == (None, None, cx_manager)


def test_a_mention_tells_who_may_read_the_object(cx_manager, bob, interviewer):
    touchpoint = TouchpointFactory()

    comment = services.comment_post(
        author=cx_manager, target=touchpoint, body="@bob and @ivan, see this. @nobody @alice"
    )

    told = Notification.objects.filter(kind="comment.mention").order_by("recipient__username")
    assert [(n.recipient.username, n.title) for n in told] == [
        ("bob", f"{cx_manager} mentioned you in a comment"),
        ("ivan", f"{cx_manager} mentioned you in a comment"),
    ]
    assert told[0].url == f"{_thread_url(touchpoint)}#comment-{comment.pk}"


def test_an_edit_tells_only_the_newly_mentioned(cx_manager, bob, interviewer):
    comment = services.comment_post(author=cx_manager, target=TouchpointFactory(), body="@bob")

    services.comment_edit(comment=comment, user=cx_manager, body="@bob @ivan")

    assert sorted(
        Notification.objects.filter(kind="comment.mention").values_list(
            "recipient__username", flat=True
        )
    ) == ["bob", "ivan"]


def test_an_interviewer_mentioned_on_another_interview_is_not_told(cx_manager, interviewer):
    interview = InterviewFactory(interviewer=UserFactory(username="olga", role=Role.INTERVIEWER))

    services.comment_post(author=cx_manager, target=interview, body="@ivan @olga look")

    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["olga"]


def test_another_interviewer_finds_no_thread_on_an_interview(client, cx_manager, interviewer):
    interview = InterviewFactory(interviewer=UserFactory(username="olga", role=Role.INTERVIEWER))
    services.comment_post(author=cx_manager, target=interview, body="Notes look thin")
    client.force_login(interviewer)

    page = client.get(_thread_url(interview))
    posted = client.post(_thread_url(interview), {"body": "Hello"})
    mentions = client.get(
        reverse("core:comment_mentions", args=["stakeholders.interview", interview.pk])
    )

    assert (page.status_code, posted.status_code, mentions.status_code) == (404, 404, 404)
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status"), [("cx_manager", 200), ("dpo", 404), ("viewer", 404), ("interviewer", 404)]
)
def test_a_cases_thread_is_read_by_who_reads_respondents_text(client, who, status, request):
    case = feedback_services.case_create(
        stage=StageFactory(), title="Late car", category="temporal"
    )
    client.force_login(request.getfixturevalue(who))

    assert client.get(_thread_url(case)).status_code == status


def test_the_text_is_escaped_with_safe_links(client, cx_manager):
    touchpoint = TouchpointFactory()
    services.comment_post(
        author=cx_manager,
        target=touchpoint,
        body="<script>alert(1)</script> <b>bold</b> https://example.com/x javascript:alert(2)",
    )
    client.force_login(cx_manager)

    page = client.get(_thread_url(touchpoint)).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;" in page
    assert '<a href="https://example.com/x" rel="nofollow">https://example.com/x</a>' in page
    assert 'href="javascript' not in page


def test_posting_in_place_answers_the_thread_and_the_new_count(client, cx_manager):
    touchpoint = TouchpointFactory()
    client.force_login(cx_manager)

    response = client.post(
        _thread_url(touchpoint), {"body": "First"}, headers={"HX-Request": "true"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "First" in page
    dom_id = f"comments-journeys-touchpoint-{touchpoint.pk}"
    assert (
        f'<span id="{dom_id}-count" class="comment-count-number" hx-swap-oob="true">1</span>'
        in page
    )


def test_an_empty_comment_is_refused_with_the_form(client, cx_manager):
    touchpoint = TouchpointFactory()
    client.force_login(cx_manager)

    response = client.post(_thread_url(touchpoint), {"body": "  "})

    assert response.status_code == 422
    assert Comment.objects.count() == 0


def test_the_viewer_reads_but_does_not_comment(client, cx_manager, viewer):
    touchpoint = TouchpointFactory()
    services.comment_post(author=cx_manager, target=touchpoint, body="Seen by all")
    client.force_login(viewer)

    page = client.get(_thread_url(touchpoint))
    posted = client.post(_thread_url(touchpoint), {"body": "Me too"})

    assert "Seen by all" in page.content.decode()
    assert 'name="body"' not in page.content.decode()
    assert posted.status_code == 403
    assert Comment.objects.count() == 1


def test_mention_candidates_are_who_may_read_the_object(client, cx_manager, bob, interviewer):
    olga = UserFactory(username="olga", first_name="Olga", last_name="Petit", role="interviewer")
    interview = InterviewFactory(interviewer=olga)
    User.objects.filter(pk=cx_manager.pk).update(first_name="Alice", last_name="Durand")
    client.force_login(cx_manager)
    url = reverse("core:comment_mentions", args=["stakeholders.interview", interview.pk])

    found = client.get(url, {"q": ""}).json()["users"]
    bobs = client.get(url, {"q": "@bo"}).json()["users"]

    assert sorted(user["username"] for user in found) == ["alice", "bob", "olga"]
    assert bobs == [{"username": "bob", "name": "Bob Martin"}]


@pytest.mark.parametrize("threads", [1, 6])
def test_the_thread_runs_a_fixed_number_of_queries(
    client, cx_manager, bob, django_assert_num_queries, threads
):
    touchpoint = TouchpointFactory()
    for index in range(threads):
        thread = services.comment_post(author=cx_manager, target=touchpoint, body=f"T{index}")
        services.comment_post(author=bob, target=touchpoint, body="Reply", parent=thread)
        services.comment_resolve(comment=thread, user=bob)
    client.force_login(cx_manager)
    client.get(_thread_url(touchpoint))  # the permissions cached

    # session, user; the touchpoint; its stage (the link back to the map); the threads with
    # author, resolver and reopener; their replies with author; groups (role badge)
    with django_assert_num_queries(7):
        response = client.get(_thread_url(touchpoint), headers={"HX-Request": "true"})
    assert response.content.decode().count('class="comment"') == threads * 2
