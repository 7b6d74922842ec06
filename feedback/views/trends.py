"""Trends that answer questions: each stage's NPS, CSAT or CES month by month, two periods
compared, and the response rate of each follow-up rule."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from journeys import selectors as journey_selectors

from .. import selectors
from ..trends import METRIC_LABELS, TrendsForm, trend_chart


@permission_required("feedback.view_response", raise_exception=True)
def trends(request):
    journeys = list(journey_selectors.journey_options())
    chosen = request.GET.get("journey", "")
    journey = next((j for j in journeys if str(j.pk) == chosen), journeys[0] if journeys else None)
    form = TrendsForm(request.GET or None)
    context = {"journeys": journeys, "journey": journey, "form": form}
    if journey is not None:
        choices = form.choices()
        metric = choices["metric"]
        trends = selectors.stage_trends(journey_id=journey.pk, period=choices["period"])
        context.update(
            metric=metric,
            metric_label=METRIC_LABELS[metric],
            period=choices["period"],
            compared=choices["compared"],
            charts=[trend_chart(trend, metric) for trend in trends],
            comparison=[
                {"row": row, "before": row.first, "after": row.second, "change": row.change(metric)}
                for row in selectors.period_comparison(
                    journey_id=journey.pk, first=choices["compared"], second=choices["period"]
                )
            ],
            rates=selectors.response_rate_by_rule(journey_id=journey.pk, period=choices["period"]),
        )
    return render(request, "feedback/trends.html", context, status=400 if form.errors else 200)
