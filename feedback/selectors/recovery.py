"""After the complaints: how the customers rated their handling (the recovery rate) and the
double failures, per stage; the recovery answers for the API."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from ..models import Case, CustomerEmailStatus, RecoverySurvey
from .scores import RECOVERED_MIN_SCORE, percent_of


@dataclass(frozen=True)
class Recovery:
    answers: int = 0
    recovered: int = 0
    double_failures: int = 0

    @property
    def rate(self) -> float | None:
        """The share of recovery answers at RECOVERED_MIN_SCORE or above, in %."""
        return percent_of(self.recovered, self.answers)


def recovery_by_stage(*, journey_id: int) -> dict[int, Recovery]:
    """Stage id → its recovery answers, recovered customers and double failures, in one
    query; a stage without a case is left out."""
    rows = (
        Case.objects.filter(stage__journey_id=journey_id)
        .values("stage")
        .order_by()
        .annotate(
            answers=Count("pk", filter=Q(recovery_survey__score__isnull=False)),
            recovered=Count("pk", filter=Q(recovery_survey__score__gte=RECOVERED_MIN_SCORE)),
            double_failures=Count("pk", filter=Q(double_failure_at__isnull=False)),
        )
    )
    return {
        row["stage"]: Recovery(
            answers=row["answers"],
            recovered=row["recovered"],
            double_failures=row["double_failures"],
        )
        for row in rows
    }


def recovery_total(by_stage: dict[int, Recovery]) -> Recovery:
    """The journey's figures: the stages' added up."""
    return Recovery(
        answers=sum(r.answers for r in by_stage.values()),
        recovered=sum(r.recovered for r in by_stage.values()),
        double_failures=sum(r.double_failures for r in by_stage.values()),
    )


def recovery_answer_list() -> QuerySet[RecoverySurvey]:
    """The answered recovery surveys with their case's stage, newest first, in one query."""
    return (
        RecoverySurvey.objects.filter(status=CustomerEmailStatus.ANSWERED)
        .select_related("case")
        .order_by("-answered_at", "-id")
    )
