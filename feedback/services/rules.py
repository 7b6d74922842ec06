"""Survey templates and follow-up rules: what is asked, and after which event."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.services import instance_apply
from journeys import services as journeys_services
from journeys.models import Stage, Touchpoint

from ..models import FollowUpRule, SurveyTemplate

# The fields a user edits, in the order the form and the API show them.
SURVEY_TEMPLATE_FIELDS = (
    "name",
    "asks_nps",
    "asks_csat",
    "asks_ces",
    "asks_comment",
    "nps_wording_en",
    "nps_wording_fr",
    "csat_wording_en",
    "csat_wording_fr",
    "ces_wording_en",
    "ces_wording_fr",
    "comment_wording_en",
    "comment_wording_fr",
    "thank_you_en",
    "thank_you_fr",
)
FOLLOW_UP_RULE_FIELDS = (
    "name",
    "stage",
    "touchpoint",
    "template",
    "delay_minutes",
    "reminder_after_days",
    "expires_after_days",
    "fatigue_days",
    "active",
)


@transaction.atomic
def survey_template_create(
    *,
    name: str,
    asks_nps: bool = True,
    asks_csat: bool = False,
    asks_ces: bool = False,
    asks_comment: bool = True,
    nps_wording_en: str = "",
    nps_wording_fr: str = "",
    csat_wording_en: str = "",
    csat_wording_fr: str = "",
    ces_wording_en: str = "",
    ces_wording_fr: str = "",
    comment_wording_en: str = "",
    comment_wording_fr: str = "",
    thank_you_en: str = "",
    thank_you_fr: str = "",
) -> SurveyTemplate:
    """Creates a survey template."""
    template = SurveyTemplate(
        name=name,
        asks_nps=asks_nps,
        asks_csat=asks_csat,
        asks_ces=asks_ces,
        asks_comment=asks_comment,
        nps_wording_en=nps_wording_en,
        nps_wording_fr=nps_wording_fr,
        csat_wording_en=csat_wording_en,
        csat_wording_fr=csat_wording_fr,
        ces_wording_en=ces_wording_en,
        ces_wording_fr=ces_wording_fr,
        comment_wording_en=comment_wording_en,
        comment_wording_fr=comment_wording_fr,
        thank_you_en=thank_you_en,
        thank_you_fr=thank_you_fr,
    )
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def survey_template_update(*, template: SurveyTemplate, data: dict[str, Any]) -> SurveyTemplate:
    """Changes a survey template."""
    instance_apply(template, data, SURVEY_TEMPLATE_FIELDS)
    return template


@transaction.atomic
def survey_template_delete(*, template: SurveyTemplate) -> None:
    """Deletes a template no rule uses (the database refuses otherwise)."""
    template.delete()


def _check_rule(rule: FollowUpRule) -> None:
    if rule.touchpoint_id and rule.touchpoint.stage_id != rule.stage_id:
        raise ValidationError({"touchpoint": "The touchpoint belongs to another stage."})


@transaction.atomic
def follow_up_rule_create(
    *,
    name: str,
    stage: Stage,
    template: SurveyTemplate,
    touchpoint: Touchpoint | None = None,
    delay_minutes: int = 60,
    reminder_after_days: int | None = None,
    expires_after_days: int = 14,
    fatigue_days: int = 30,
    active: bool = True,
) -> FollowUpRule:
    """Creates a follow-up rule."""
    rule = FollowUpRule(
        name=name,
        stage=stage,
        touchpoint=touchpoint,
        template=template,
        delay_minutes=delay_minutes,
        reminder_after_days=reminder_after_days,
        expires_after_days=expires_after_days,
        fatigue_days=fatigue_days,
        active=active,
    )
    _check_rule(rule)
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def follow_up_rule_update(*, rule: FollowUpRule, data: dict[str, Any]) -> FollowUpRule:
    """Changes a rule; invitations already created keep their times."""
    for field, value in data.items():
        setattr(rule, field, value)
    _check_rule(rule)
    instance_apply(rule, data, FOLLOW_UP_RULE_FIELDS)
    return rule


@transaction.atomic
def follow_up_rule_delete(*, rule: FollowUpRule) -> None:
    """Deletes a rule with its invitations and their answers, which moves the scores."""
    journeys_services.journey_scores_changed(journey_id=rule.stage.journey_id)
    rule.delete()
