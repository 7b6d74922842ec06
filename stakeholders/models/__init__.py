"""The stakeholders app's models, by concern: who serves the journey and how they are judged,
their SLAs, their interviews."""

from .interviews import Interview, InterviewOutcome, InterviewSendBack
from .measures import ActionKPI, KPIMeasurement, StandardFeed
from .slas import SLA, SLAMeasurement, SLAObjective, period_start_before
from .stakeholders import KPI, Incentive, Involvement, Office, Stakeholder, TouchpointResponsibility

__all__ = [
    "KPI",
    "SLA",
    "ActionKPI",
    "Incentive",
    "Interview",
    "InterviewOutcome",
    "InterviewSendBack",
    "Involvement",
    "KPIMeasurement",
    "Office",
    "SLAMeasurement",
    "SLAObjective",
    "Stakeholder",
    "StandardFeed",
    "TouchpointResponsibility",
    "period_start_before",
]
