from datetime import timedelta

import factory
from django.utils import timezone

from feedback import services
from feedback.models import FollowUpRule, Respondent, SurveyTemplate
from tests.journeys.factories import StageFactory


class RespondentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Respondent

    external_ref = factory.Sequence(lambda n: f"CUST-{n:05d}")
    email = factory.LazyAttribute(
        lambda respondent: f"{respondent.external_ref.lower()}@example.com"
    )
    language = "en"


class SurveyTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyTemplate

    name = factory.Sequence(lambda n: f"Template {n}")
    asks_nps = True
    asks_csat = True
    asks_ces = True
    asks_comment = True


class FollowUpRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpRule

    name = factory.Sequence(lambda n: f"Rule {n}")
    stage = factory.SubFactory(StageFactory)
    template = factory.SubFactory(SurveyTemplateFactory)
    delay_minutes = 0
    reminder_after_days = None
    expires_after_days = 14
    fatigue_days = 30
    active = True


_keys = iter(range(1, 10**9))


def ingest(
    rule: FollowUpRule,
    *,
    external_ref="CUST-1",
    email="jane@example.com",
    language="en",
    key=None,
    occurred_at=None,
    touchpoint=None,
):
    """Posts one service event at the rule's stage (or one of its touchpoints) through the
    service."""
    return services.service_event_ingest(
        source="rental-desk",
        idempotency_key=key or f"key-{next(_keys)}",
        external_ref=external_ref,
        email=email,
        language=language,
        stage_id=rule.stage_id,
        touchpoint_id=touchpoint.pk if touchpoint else None,
        occurred_at=occurred_at or timezone.now() - timedelta(minutes=1),
    )


def sent_invitation(rule: FollowUpRule | None = None, **kwargs):
    """An invitation ingested and dispatched: status sent, with its survey token."""
    rule = rule or FollowUpRuleFactory()
    event, _created = ingest(rule, **kwargs)
    services.invitations_dispatch_due()
    invitation = event.invitations.get()
    return invitation, services.invitation_token(invitation=invitation)
