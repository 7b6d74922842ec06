"""The scores dashboard, and the recurring causes it shows turned into improvement actions."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import charts
from journeys.fields import JourneyPickForm

from .. import selectors, services
from ..forms import RecurringCauseForm
from ..models import Case

# The trend chart: NPS -100..100 from bottom to top, one column per month.
TREND_COLUMN = 60
TREND_HEIGHT = 160
TREND_SCALE = charts.Scale(low=-100, high=100, size=TREND_HEIGHT, margin=16)


def _trend_drawing(months: list[selectors.MonthScores]) -> dict:
    """SVG coordinates of the monthly NPS; months without an NPS break the line."""
    plot = charts.plot(
        [month.scores.nps for month in months], scale=TREND_SCALE, column=TREND_COLUMN
    )
    return {
        "width": plot.width,
        "height": charts.number(TREND_HEIGHT),
        "zero_y": charts.number(TREND_SCALE.position(0)),
        "label_y": charts.number(TREND_HEIGHT - 2),
        "polylines": plot.polylines,
        "dots": [{"x": dot.x, "y": dot.y, "month": months[dot.index]} for dot in plot.dots],
        "months": [{"x": x, "month": month} for x, month in zip(plot.columns, months, strict=True)],
    }


@permission_required("feedback.view_response", raise_exception=True)
def dashboard(request):
    form = JourneyPickForm(request.GET)
    journey = form.chosen_journey()
    context = {"form": form, "journey": journey}
    if journey is not None:
        months = selectors.monthly_scores(journey_id=journey.pk)
        stages = selectors.stage_scores_for_journey(journey_id=journey.pk)
        recovery = selectors.recovery_by_stage(journey_id=journey.pk)
        context.update(
            stages=stages,
            recovery_stages=[
                (row.stage, recovery.get(row.stage.pk, selectors.Recovery())) for row in stages
            ],
            recovery_total=selectors.recovery_total(recovery),
            touchpoints=selectors.touchpoint_scores_for_journey(journey_id=journey.pk),
            overall=selectors.scores_get(journey_id=journey.pk),
            trend=_trend_drawing(months),
            recurring=selectors.recurring_causes(journey_id=journey.pk),
            can_plan=request.user.has_perms(["journeys.add_action", "feedback.change_case"]),
            invitation_counts=selectors.invitation_counts(journey_id=journey.pk),
            case_counts=Case.objects.filter(stage__journey=journey).aggregate(
                open=Count("pk", filter=Q(status__in=Case.OPEN_STATUSES)),
                overdue=Count(
                    "pk", filter=Q(status__in=Case.OPEN_STATUSES, due_at__lt=timezone.now())
                ),
            ),
        )
    return render(request, "feedback/dashboard.html", context)


@require_POST
@permission_required(["journeys.add_action", "feedback.change_case"], raise_exception=True)
def recurring_cause_to_action(request):
    """The external loop: a recurring cause of complaints becomes an improvement action."""
    form = RecurringCauseForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    stage = form.cleaned_data["stage"]
    try:
        action = services.recurring_cause_to_action(
            stage_id=stage.pk, category=form.cleaned_data["category"], owner=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('feedback:index')}?journey={stage.journey_id}")
    messages.success(
        request, _("Action “%(title)s” added to the improvement plan.") % {"title": action.title}
    )
    return redirect("journeys:journey_map", journey_id=stage.journey_id)
