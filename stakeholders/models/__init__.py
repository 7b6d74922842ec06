"""The stakeholders app's models, by concern: who serves the journey and how they are judged,
their SLAs, their interviews."""

from .interviews import Interview, InterviewOutcome, InterviewSendBack
from .slas import SLA, SLAMeasurement, SLAObjective, period_start_before
from .stakeholders import KPI, Incentive, Involvement, Office, Stakeholder, TouchpointResponsibility

__all__ = [
    "KPI",
    "SLA",
    "Incentive",
    "Interview",
    "InterviewOutcome",
    "InterviewSendBack",
    "Involvement",
    "Office",
    "SLAMeasurement",
    "SLAObjective",
    "Stakeholder",
    "TouchpointResponsibility",
    "period_start_before",
]
