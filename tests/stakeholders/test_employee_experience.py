"""Issue 17: per stage, the employee's role, ease, blockers and suggestions; the employee lane
of the map; involvements proposed by the validation and created only when accepted; an
interview sent back to its interviewer."""

import pytest
from django.core.exceptions import ValidationError

from core.models import Notification
from core.roles import Role
from stakeholders import services
from stakeholders.experience import employee_experience_by_stage
from stakeholders.forms import InterviewAnswersForm
from stakeholders.models import Interview, InterviewSendBack, Involvement
from tests.factories import UserFactory
from tests.journeys.factories import JourneyFactory, StageFactory

from .factories import (
    InterviewFactory,
    InvolvementFactory,
    StakeholderFactory,
    complete_answers,
    formset_rows,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stages(db):
    journey = JourneyFactory()
    return [
        StageFactory(journey=journey, code=code, name=name)
        for code, name in (("E", "Arrive"), ("F", "Counter"), ("H", "Return"))
    ]


def _submitted(stages, stage_answers: dict, **kwargs) -> Interview:
    answers = complete_answers([stages[0].pk])
    answers["stages"] = {str(stage.pk): data for stage, data in stage_answers.items()}
    return InterviewFactory(
        journey=stages[0].journey,
        status=Interview.Status.SUBMITTED,
        answers=answers,
        ease_of_satisfying=3,
        **kwargs,
    )


def test_the_form_asks_per_stage_for_ease_blockers_suggestions_channels_and_volume(stages):
    counter = stages[1]
    form = InterviewAnswersForm(
        {
            f"role_{counter.pk}": "I hand over the keys.",
            f"ease_{counter.pk}": "2",
            f"blockers_{counter.pk}": "Retyping the booking\n\nOnly two agents",
            f"suggestions_{counter.pk}": "Send web bookings to the counter",
            f"channels_{counter.pk}": ["counter", "phone"],
            f"volume_{counter.pk}": "90",
            f"volume_period_{counter.pk}": "day",
            **formset_rows("kpis"),
            **formset_rows("incentives"),
        },
        stages=stages,
    )
    assert form.is_valid(), form.errors
    assert form.answers()["stages"][str(counter.pk)] == {
        "role": "I hand over the keys.",
        "ease": 2,
        "blockers": ["Retyping the booking", "Only two agents"],
        "suggestions": ["Send web bookings to the counter"],
        "irritants": [],
        "enchantments": [],
        "severity": 2,
        "channels": ["counter", "phone"],
        "volume": 90,
        "volume_period": "day",
    }
    section = form.stage_sections()[1]
    assert (section.answers, section.done) == (5, True)  # role, ease, 2 blockers, 1 suggestion
    wrong = InterviewAnswersForm(
        {f"ease_{counter.pk}": "6", **formset_rows("kpis"), **formset_rows("incentives")},
        stages=stages,
    )
    assert not wrong.is_valid()
    assert f"ease_{counter.pk}" in wrong.errors


@pytest.mark.parametrize(
    ("stage_answers", "message"),
    [
        ({"ease": 6}, "runs from 1 to 5"),
        ({"ease": "3"}, "runs from 1 to 5"),
        ({"channels": ["pigeon"]}, "channels from the list"),
        ({"volume_period": "hour"}, "period from the list"),
        ({"blockers": "one text"}, "lists of texts"),
    ],
)
def test_the_service_refuses_stage_answers_that_do_not_hold_together(
    stages, stage_answers, message
):
    interview = InterviewFactory(journey=stages[0].journey)
    with pytest.raises(ValidationError, match=message):
        services.interview_save_draft(
            interview=interview, answers={"stages": {str(stages[0].pk): stage_answers}}
        )


def test_the_lane_gives_each_stages_mean_ease_and_main_blockers(stages):
    arrive, counter, _ = stages
    for ease, blockers in (
        (2, ["Retyping the booking", "Only two agents"]),
        (3, ["retyping the booking", "Upselling targets"]),
        (4, ["Retyping the booking"]),
    ):
        InterviewFactory(
            journey=arrive.journey,
            status=Interview.Status.VALIDATED,
            answers={"stages": {str(counter.pk): {"ease": ease, "blockers": blockers}}},
        )
    InterviewFactory(
        journey=arrive.journey,
        status=Interview.Status.VALIDATED,
        answers={"stages": {str(arrive.pk): {"role": "Guide", "blockers": ["No signpost"]}}},
    )
    # Not validated yet: not on the map.
    _submitted(stages, {counter: {"ease": 1, "blockers": ["Nothing works"]}})

    lane = employee_experience_by_stage(journey_id=arrive.journey_id)

    [at_counter] = lane[counter.pk]
    assert (str(at_counter.ease), at_counter.ease_count, at_counter.interviews) == ("3.0", 3, 3)
    assert at_counter.blockers == (
        ("Retyping the booking", 3),
        ("Only two agents", 1),
        ("Upselling targets", 1),
    )
    [at_arrival] = lane[arrive.pk]
    assert (at_arrival.ease, at_arrival.ease_count, at_arrival.blockers) == (
        None,
        0,
        (("No signpost", 1),),
    )
    assert stages[2].pk not in lane


def test_the_map_shows_the_lane_to_those_who_read_interviews(client, cx_manager, viewer, stages):
    counter = stages[1]
    InterviewFactory(
        journey=counter.journey,
        status=Interview.Status.VALIDATED,
        answers={"stages": {str(counter.pk): {"ease": 2, "blockers": ["Retyping"]}}},
    )
    client.force_login(cx_manager)
    page = client.get(f"/journeys/{counter.journey_id}/").content.decode()
    assert "Employee experience" in page
    assert "ease 2.0/5 · 1 employee" in page
    assert "Retyping" in page
    api = client.get(f"/api/v1/journeys/{counter.journey_id}/map/").json()
    lane = next(lane for lane in api["lanes"] if lane["key"] == "employee_experience")
    assert lane["stages"][1]["items"] == [
        {
            "ease": "2.0",
            "ease_count": 1,
            "interviews": 1,
            "blockers": [{"text": "Retyping", "count": 1}],
        }
    ]
    client.force_login(viewer)
    assert (
        "Employee experience" not in client.get(f"/journeys/{counter.journey_id}/").content.decode()
    )


def test_validation_proposes_involvements_and_creates_only_the_accepted(stages, cx_manager):
    arrive, counter, back = stages
    stakeholder = StakeholderFactory(office="front")
    InvolvementFactory(stakeholder=stakeholder, stage=back)
    interview = _submitted(
        stages,
        {
            arrive: {"role": "I guide customers.", "ease": 2},
            counter: {
                "role": "I hand over the keys.",
                "channels": ["counter"],
                "volume": 90,
                "volume_period": "day",
            },
            back: {"role": "Already involved here."},
        },
        stakeholder=stakeholder,
    )

    plan = services.interview_validation_plan(interview=interview)

    assert [(p.key, p.stage, p.role, p.channels, p.volume) for p in plan.involvements] == [
        (f"involvement:{arrive.pk}", arrive, "I guide customers.", [], None),
        (f"involvement:{counter.pk}", counter, "I hand over the keys.", ["counter"], 90),
    ]
    assert plan.involvements[0].tools == "Counter software"

    services.interview_validate(
        interview=interview,
        validated_by=cx_manager,
        accepted_involvements=[f"involvement:{counter.pk}"],
    )

    created = Involvement.objects.get(stakeholder=stakeholder, stage=counter)
    assert (created.role, created.channels, created.volume, created.volume_period) == (
        "I hand over the keys.",
        ["counter"],
        90,
        "day",
    )
    assert not Involvement.objects.filter(stage=arrive).exists()
    assert interview.outcomes.filter(involvement=created).exists()
    # Validating again proposes only what was not accepted, and creates nothing unasked.
    again = services.interview_validation_plan(interview=interview)
    assert [p.stage for p in again.involvements] == [arrive]


def test_the_validation_page_previews_involvements_and_creates_the_ticked(
    client, cx_manager, stages
):
    arrive, counter, _ = stages
    interview = _submitted(
        stages,
        {arrive: {"role": "I guide customers."}, counter: {"role": "I hand over the keys."}},
    )
    url = f"/stakeholders/interviews/{interview.pk}/validate/"
    client.force_login(cx_manager)
    page = client.get(url).content.decode()
    assert "2 proposed involvements: tick those to create" in page
    assert f'value="involvement:{counter.pk}"' in page
    form = {
        **{
            name: value
            for name, value in InterviewAnswersForm.initial_from(interview).items()
            if value not in (None, []) and name not in ("kpis", "incentives")
        },
        **formset_rows("kpis", {"name": "Calls", "direction": "higher_is_better"}),
        **formset_rows("incentives"),
    }

    response = client.post(
        url, {**form, "confirm": "", "accept_involvement": [f"involvement:{arrive.pk}"]}
    )

    assert response.status_code == 302
    assert list(Involvement.objects.values_list("stage", "role")) == [
        (arrive.pk, "I guide customers.")
    ]


def test_a_cx_manager_sends_an_interview_back_and_the_interviewer_is_told(stages):
    manager = UserFactory(username="manager", role=Role.CX_MANAGER)
    interview = InterviewFactory(journey=stages[0].journey)
    stage_ids = [stage.pk for stage in stages]
    services.interview_submit(
        interview=interview, answers=complete_answers(stage_ids), ease_of_satisfying=3
    )

    services.interview_send_back(interview=interview, sent_by=manager, comment="Rate stage F.")

    interview.refresh_from_db()
    assert interview.status == Interview.Status.SENT_BACK
    assert list(InterviewSendBack.objects.values_list("comment", "sent_by")) == [
        ("Rate stage F.", manager.pk)
    ]
    notice = Notification.objects.get(kind="interview.sent_back")
    assert notice.recipient_id == interview.interviewer_id
    assert notice.url == f"/stakeholders/interviews/{interview.pk}/"
    with pytest.raises(ValidationError, match="Only a submitted interview"):
        services.interview_send_back(interview=interview, sent_by=manager, comment="Again")
    # The interviewer changes it and submits again: the CX managers are told again.
    services.interview_submit(
        interview=interview, answers=complete_answers(stage_ids), ease_of_satisfying=4
    )
    assert Notification.objects.filter(kind="interview.submitted").count() == 2
    with pytest.raises(ValidationError):
        services.interview_send_back(interview=interview, sent_by=manager, comment="")


def test_the_send_back_page_is_the_cx_managers(client, cx_manager, interviewer, stages):
    interview = _submitted(stages, {stages[0]: {"role": "Guide"}}, interviewer=interviewer)
    url = f"/stakeholders/interviews/{interview.pk}/send-back/"
    client.force_login(interviewer)
    assert client.post(url, {"comment": "Mine"}).status_code == 403
    client.force_login(cx_manager)
    detail = client.get(f"/stakeholders/interviews/{interview.pk}/").content.decode()
    assert "Send back to the interviewer" in detail

    assert client.post(url, {"comment": ""}).status_code == 302
    assert Interview.objects.get().status == Interview.Status.SUBMITTED
    assert client.post(url, {"comment": "Say what blocks you at E."}).status_code == 302

    client.force_login(interviewer)
    page = client.get(f"/stakeholders/interviews/{interview.pk}/")
    assert page.context["editable"] is True
    assert "Say what blocks you at E." in page.content.decode()
    assert "sent back" in page.content.decode()


def test_the_api_sends_back_and_validates_with_accepted_involvements(
    token_client, cx_manager, interviewer, stages
):
    arrive = stages[0]
    interview = _submitted(
        stages, {arrive: {"role": "Guide", "ease": 2, "blockers": ["No signpost"]}}
    )
    writer = token_client(cx_manager)
    url = f"/api/v1/interviews/{interview.pk}/"
    assert token_client(interviewer).post(url + "send-back/", {"comment": "x"}).status_code == 404
    plan = writer.post(url + "validate/", {"dry_run": True}, format="json").json()
    assert plan["involvements"] == [
        {
            "stage": arrive.pk,
            "role": "Guide",
            "channels": [],
            "volume": None,
            "volume_period": "",
            "tools": "Counter software",
        }
    ]
    sent = writer.post(url + "send-back/", {"comment": "Rate E."}, format="json")
    assert (sent.status_code, sent.json()["status"]) == (200, "sent_back")
    assert writer.post(url + "send-back/", {"comment": "Again"}, format="json").status_code == 400
    Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.SUBMITTED)
    done = writer.post(url + "validate/", {"accept_involvements": [arrive.pk]}, format="json")
    assert done.json()["status"] == "validated"
    assert done.json()["answers"]["stages"][str(arrive.pk)]["ease"] == 2
    assert Involvement.objects.get().role == "Guide"
