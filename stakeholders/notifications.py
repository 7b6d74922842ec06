"""The notifications of stakeholders: SLA breaches for the stakeholder's owner, interviews
submitted (for the CX managers), validated or sent back (for their interviewer). Their text
names the stakeholder only, never an interview's notes."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.notifications import Kind, Notice
from core.roles import Role
from core.selectors import users_with_role

from .models import Interview, InterviewSendBack, SLAMeasurement, Stakeholder


def sla_breached(*, measurement_id: int, stakeholder_id: int) -> list[Notice]:
    measurement = (
        SLAMeasurement.objects.filter(pk=measurement_id)
        .values("period_start", "objective__sla__stakeholder__name")
        .first()
    )
    owner_id = (
        Stakeholder.objects.filter(pk=stakeholder_id).values_list("owner_id", flat=True).first()
    )
    if measurement is None or owner_id is None:
        return []
    return [
        Notice(
            recipient_ids=[owner_id],
            key=f"sla.breached:{measurement_id}",
            params={
                "stakeholder": measurement["objective__sla__stakeholder__name"],
                "period": measurement["period_start"].isoformat(),
            },
            url=reverse("stakeholders:stakeholder_detail", args=[stakeholder_id]),
        )
    ]


def _interview(interview_id: int) -> dict | None:
    return (
        Interview.objects.filter(pk=interview_id)
        .values("pk", "interviewer_id", "stakeholder__name")
        .first()
    )


def _interview_notice(interview: dict, recipient_ids, step: str) -> list[Notice]:
    return [
        Notice(
            recipient_ids=recipient_ids,
            key=f"interview.{step}:{interview['pk']}",
            params={"stakeholder": interview["stakeholder__name"]},
            url=reverse("stakeholders:interview_detail", args=[interview["pk"]]),
        )
    ]


def interview_submitted(*, interview_id: int) -> list[Notice]:
    interview = _interview(interview_id)
    if interview is None:
        return []
    managers = users_with_role(Role.CX_MANAGER).values_list("pk", flat=True)
    # Submitted again after being sent back: news again.
    sent_back = InterviewSendBack.objects.filter(interview_id=interview_id).count()
    step = f"submitted:{sent_back}" if sent_back else "submitted"
    return _interview_notice(interview, list(managers), step)


def interview_validated(*, interview_id: int) -> list[Notice]:
    interview = _interview(interview_id)
    if interview is None:
        return []
    return _interview_notice(interview, [interview["interviewer_id"]], "validated")


def interview_sent_back(*, interview_id: int) -> list[Notice]:
    interview = _interview(interview_id)
    if interview is None:
        return []
    # Each sending back is news: the key names it, so a second one is notified too.
    count = InterviewSendBack.objects.filter(interview_id=interview_id).count()
    return _interview_notice(interview, [interview["interviewer_id"]], f"sent_back:{count}")


KINDS = [
    Kind(
        name="sla.breached",
        label=_("An SLA of a stakeholder you own is breached"),
        title=_("SLA breached by %(stakeholder)s (period from %(period)s)"),
        notices=sla_breached,
    ),
    Kind(
        name="interview.submitted",
        label=_("An interview is submitted"),
        title=_("Interview with %(stakeholder)s submitted"),
        notices=interview_submitted,
    ),
    Kind(
        name="interview.validated",
        label=_("Your interview is validated"),
        title=_("Your interview with %(stakeholder)s is validated"),
        notices=interview_validated,
    ),
    Kind(
        name="interview.sent_back",
        label=_("Your interview is sent back to you"),
        title=_("Your interview with %(stakeholder)s is sent back to you"),
        notices=interview_sent_back,
    ),
]
