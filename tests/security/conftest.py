"""The world of the permission matrix and the API fuzzing: one row of everything."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from core import services as core_services
from core.comments import services as comment_services
from core.models import Notification, WebhookDelivery
from core.notifications import services as notification_services
from core.roles import Role
from core.webhooks import services as webhook_services
from feedback import services as feedback_services
from gdpr.models import DPIAScreening, Requirement, RespondentAccess
from journeys import services as journeys_services
from stakeholders import services as stakeholders_services
from tests.factories import UserFactory
from tests.feedback.factories import FollowUpRuleFactory, ingest, sent_invitation
from tests.gdpr.factories import DataItemFactory, ProcessorFactory
from tests.journeys.factories import (
    ActionFactory,
    BuyingGroupMemberFactory,
    JourneyFactory,
    MomentOfTruthFactory,
    ObservationFactory,
    PersonaFactory,
    StageFactory,
    TouchpointFactory,
)
from tests.stakeholders.factories import (
    ExternalStakeholderFactory,
    IncentiveFactory,
    InterviewFactory,
    InvolvementFactory,
    KPIFactory,
    SLAFactory,
    SLAObjectiveFactory,
    StakeholderFactory,
)


def _notification_of(user):
    notification_services.notify(
        kind="case.overdue", recipient_ids=[user.pk], key="matrix", params={}, url="/feedback/"
    )
    return Notification.objects.get(recipient=user, key="matrix")


def _recovery_answer(case):
    """The case resolved, its recovery survey sent and answered."""
    feedback_services.case_update(case=case, data={"status": "resolved"})
    feedback_services.invitations_dispatch_due()
    return feedback_services.recovery_answer_submit(
        token=feedback_services.recovery_token(survey=case.recovery_survey),
        score=4,
        comment="Better now",
    )


@pytest.fixture
def world(cx_manager, interviewer, dpo, viewer):
    persona = PersonaFactory()
    journey = JourneyFactory(persona=persona)
    stage = StageFactory(journey=journey)
    touchpoint = TouchpointFactory(stage=stage)
    comment = comment_services.comment_post(
        author=cx_manager, target=touchpoint, body="Check the counter's opening hours"
    )
    stakeholder = StakeholderFactory()
    subcontractor = ExternalStakeholderFactory()
    sla = SLAFactory(stakeholder=subcontractor)
    objective = SLAObjectiveFactory(sla=sla)
    measurement = stakeholders_services.measurement_record(
        objective=objective, period_start=date(2025, 1, 1), value=Decimal("99")
    )
    rule = FollowUpRuleFactory(stage=stage)
    invitation, token = sent_invitation(rule)
    response = feedback_services.response_submit(
        token=token, answers={"nps": 2, "csat": 1, "ces": 7, "comment": "Slow"}
    )
    ingest(rule)  # a second event, so the lists are not all one row
    token_of_someone_else, _secret = core_services.api_token_create(
        user=UserFactory(username="someone-else"), name="theirs", expires_at=None
    )
    data_item = DataItemFactory(stage=stage)
    moment = MomentOfTruthFactory(
        stage=stage, metric="Wait", comparison="at_most", target=Decimal("10"), unit="min"
    )
    kpi = KPIFactory(stakeholder=stakeholder)
    webhook = webhook_services.subscription_create(
        owner=cx_manager, url="https://hooks.example.com/parcours", event_types=["case.opened"]
    )
    users = {
        Role.CX_MANAGER: cx_manager,
        Role.INTERVIEWER: interviewer,
        Role.DPO: dpo,
        Role.VIEWER: viewer,
    }
    return {
        "users": users,
        "secrets": {
            role: core_services.api_token_create(user=user, name="matrix", expires_at=None)[1]
            for role, user in users.items()
        },
        "persona": persona,
        "journey": journey,
        "other_journey": JourneyFactory(persona=persona),
        "stage": stage,
        "touchpoint": touchpoint,
        "comment": comment,
        "moment_of_truth": moment,
        "standard_measurement": journeys_services.standard_measurement_record(
            moment=moment, period_start=date(2025, 1, 1), value=Decimal("12")
        ),
        "observation": ObservationFactory(stage=stage),
        "employee_observation": ObservationFactory(stage=stage, side="employee"),
        "action": ActionFactory(journey=journey, stage=stage),
        "share_link": journeys_services.share_link_create(
            journey=journey, created_by=cx_manager, days=7
        ),
        "journey_template": journeys_services.journey_template_save(
            journey=journey, name="Matrix template", language="en"
        ),
        "snapshot": journeys_services.snapshot_create(
            journey=journey, name="Workshop", taken_by=cx_manager
        ),
        "buying_group_member": BuyingGroupMemberFactory(journey=journey, stages=[stage]),
        "stakeholder": stakeholder,
        "subcontractor": subcontractor,
        "involvement": InvolvementFactory(stakeholder=stakeholder, stage=stage),
        "kpi": kpi,
        "kpi_measurement": stakeholders_services.kpi_measurement_record(
            kpi=kpi, period_start=date(2025, 1, 1), value=Decimal("8")
        ),
        "incentive": IncentiveFactory(stakeholder=stakeholder),
        "sla": sla,
        "objective": objective,
        "measurement": measurement,
        "interview": InterviewFactory(
            stakeholder=stakeholder, interviewer=UserFactory(username="olga", role="interviewer")
        ),
        "template": rule.template,
        "rule": rule,
        "invitation": invitation,
        "response": response,
        "case": response.case,
        "verbatim": response.verbatim,
        "recovery_answer": _recovery_answer(response.case),
        "review_link": feedback_services.review_link_set(
            journey=journey, url="https://reviews.example.com/"
        ),
        "token": token_of_someone_else,
        "now": timezone.now(),
        "data_item": data_item,
        "activity": data_item.activity,
        "processor": ProcessorFactory(activity=data_item.activity, stakeholder=subcontractor),
        "screening": DPIAScreening.objects.get_or_create(activity=data_item.activity)[0],
        "requirement": Requirement.objects.order_by("pk").first(),
        "respondent": invitation.respondent,
        # The CX manager's own: the others finding it by its id get a 404.
        "notification": _notification_of(cx_manager),
        "webhook": webhook,
        "webhook_delivery": WebhookDelivery.objects.create(
            subscription=webhook, event_type="case.opened", webhook_id="msg_world", body="{}"
        ),
        "respondent_access": RespondentAccess.objects.create(
            respondent_id=invitation.respondent_id,
            action=RespondentAccess.Action.values[0],
            user=dpo,
        ),
    }
