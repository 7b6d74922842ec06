"""The notifications of complaint cases. Their text names the case by number and stage only:
a case's title and notes may carry what a respondent wrote."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.notifications import Kind, Notice
from core.roles import Role
from core.selectors import users_with_role

from .models import Case


def _case(case_id: int) -> dict | None:
    return (
        Case.objects.filter(pk=case_id)
        .values(
            "pk",
            "owner_id",
            "stage__code",
            "stage__name",
            "stage__journey__owner_id",
            "stage__journey__escalation_contact_id",
        )
        .first()
    )


def _notice(case: dict, recipient_ids, step: str) -> list[Notice]:
    return [
        Notice(
            recipient_ids=recipient_ids,
            key=f"case.{step}:{case['pk']}",
            params={"case": case["pk"], "stage": f"{case['stage__code']}. {case['stage__name']}"},
            url=reverse("feedback:case_detail", args=[case["pk"]]),
        )
    ]


def case_assigned(*, case_id: int, user_id: int) -> list[Notice]:
    case = _case(case_id)
    # One notice per owner: a case handed back to someone tells them again.
    return _notice(case, [user_id], f"assigned:{user_id}") if case else []


def _to_owner(step: str):
    def notices(*, case_id: int) -> list[Notice]:
        case = _case(case_id)
        return _notice(case, [case["owner_id"]], step) if case else []

    return notices


def case_escalated(*, case_id: int, level: int) -> list[Notice]:
    case = _case(case_id)
    if case is None:
        return []
    if level == Case.Escalation.CONTACT:
        contact = case["stage__journey__escalation_contact_id"] or case["stage__journey__owner_id"]
        recipients = [contact]
    else:
        recipients = list(users_with_role(Role.CX_MANAGER).values_list("pk", flat=True))
    return _notice(case, recipients, f"escalated:{level}")


def recovery_answered(*, case_id: int, score: int) -> list[Notice]:
    """The case's owner hears how the customer rated the handling; the comment stays on the
    case page, for those who may read it."""
    case = _case(case_id)
    if case is None:
        return []
    return [
        Notice(
            recipient_ids=[case["owner_id"]],
            key=f"case.recovery_answered:{case['pk']}",
            params={
                "case": case["pk"],
                "stage": f"{case['stage__code']}. {case['stage__name']}",
                "score": score,
            },
            url=reverse("feedback:case_detail", args=[case["pk"]]),
        )
    ]


KINDS = [
    Kind(
        name="case.assigned",
        label=_("A complaint case is assigned to you"),
        title=_("Case %(case)s (%(stage)s) is assigned to you"),
        notices=case_assigned,
    ),
    Kind(
        name="case.due_soon",
        label=_("Your case is due soon"),
        title=_("Case %(case)s (%(stage)s) is due soon"),
        notices=_to_owner("due_soon"),
    ),
    Kind(
        name="case.overdue",
        label=_("Your case is overdue"),
        title=_("Case %(case)s (%(stage)s) is overdue"),
        notices=_to_owner("overdue"),
    ),
    Kind(
        name="case.escalated",
        label=_("A case is escalated to you"),
        title=_("Case %(case)s (%(stage)s) is escalated to you"),
        notices=case_escalated,
    ),
    Kind(
        name="case.recovery_answered",
        label=_("A customer's recovery answer on your case"),
        title=_("Case %(case)s (%(stage)s): the customer rated its handling %(score)s/5"),
        notices=recovery_answered,
    ),
]
