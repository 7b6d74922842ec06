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

from journeys.models import Journey

from .. import selectors, services
from ..forms import RecurringCauseForm
from ..models import Case, Invitation

# The trend chart's drawing: NPS -100..100 from bottom to top, one column per month.
TREND_COLUMN = 60
TREND_HEIGHT = 160
TREND_MARGIN = 16


def _trend_drawing(months: list[selectors.MonthScores]) -> dict:
    """SVG coordinates of the monthly NPS; months without an NPS break the line."""
    usable = TREND_HEIGHT - 2 * TREND_MARGIN

    def y(nps: float) -> float:
        return round(TREND_MARGIN + (100 - nps) * usable / 200, 1)

    segments: list[list[tuple[float, float]]] = [[]]
    dots = []
    for index, month in enumerate(months):
        x = index * TREND_COLUMN + TREND_COLUMN / 2
        if month.scores.nps is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append((x, y(month.scores.nps)))
        dots.append({"x": x, "y": y(month.scores.nps), "month": month})
    return {
        "width": max(len(months), 1) * TREND_COLUMN,
        "height": TREND_HEIGHT,
        "zero_y": y(0),
        "label_y": TREND_HEIGHT - 2,
        "polylines": [" ".join(f"{x:g},{y:g}" for x, y in seg) for seg in segments if seg],
        "dots": dots,
        "months": [
            {"x": index * TREND_COLUMN + TREND_COLUMN / 2, "month": month}
            for index, month in enumerate(months)
        ],
    }


@permission_required("feedback.view_response", raise_exception=True)
def dashboard(request):
    journeys = list(Journey.objects.order_by("name", "id"))
    chosen = request.GET.get("journey", "")
    journey = next((j for j in journeys if str(j.pk) == chosen), journeys[0] if journeys else None)
    context = {"journeys": journeys, "journey": journey}
    if journey is not None:
        months = selectors.monthly_scores(journey_id=journey.pk)
        context.update(
            stages=selectors.stage_scores_for_journey(journey_id=journey.pk),
            touchpoints=selectors.touchpoint_scores_for_journey(journey_id=journey.pk),
            overall=selectors.scores_get(journey_id=journey.pk),
            trend=_trend_drawing(months),
            recurring=selectors.recurring_causes(journey_id=journey.pk),
            can_plan=request.user.has_perms(["journeys.add_action", "feedback.change_case"]),
            invitation_counts=Invitation.objects.filter(event__stage__journey=journey).aggregate(
                total=Count("pk"),
                sent=Count("pk", filter=Q(sent_at__isnull=False)),
                answered=Count("pk", filter=Q(status=Invitation.Status.ANSWERED)),
                suppressed=Count("pk", filter=Q(status=Invitation.Status.SUPPRESSED)),
            ),
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
