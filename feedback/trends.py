"""The trends page's choices (journey, metric, period and the period compared) and its
charts' geometry (core.charts: coordinates with a dot whatever the language)."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import charts

from .selectors.trends import METRICS, Period, StageTrend, metric_value

MONTH_INPUT = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
DEFAULT_MONTHS = 6
MAX_MONTHS = 36

# Each metric's vertical scale.
CHART_HEIGHT = 120
CHART_COLUMN = 48
SCALES = {
    "nps": charts.Scale(low=-100, high=100, size=CHART_HEIGHT, margin=10),
    "csat": charts.Scale(low=0, high=100, size=CHART_HEIGHT, margin=10),
    "ces": charts.Scale(low=1, high=7, size=CHART_HEIGHT, margin=10),
}
METRIC_LABELS = {
    "nps": _("NPS (-100 to 100)"),
    "csat": _("CSAT (% satisfied)"),
    "ces": _("CES (mean effort, 1 to 7)"),
}


def months_before(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


class MonthField(forms.DateField):
    widget = MONTH_INPUT
    input_formats = ["%Y-%m"]

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(day=1) if value else value


class TrendsForm(forms.Form):
    metric = forms.ChoiceField(
        label=_("Metric"), choices=[(metric, METRIC_LABELS[metric]) for metric in METRICS]
    )
    first = MonthField(label=_("From"))
    last = MonthField(label=_("Until"))
    compare_first = MonthField(label=_("Compared with: from"))
    compare_last = MonthField(label=_("Compared with: until"))

    def __init__(self, data=None, **kwargs):
        this_month = timezone.localdate().replace(day=1)
        first = months_before(this_month, DEFAULT_MONTHS - 1)
        self.defaults = {
            "metric": "nps",
            "first": first,
            "last": this_month,
            "compare_first": months_before(first, DEFAULT_MONTHS),
            "compare_last": months_before(first, 1),
        }
        if data is not None:
            data = {
                **{
                    k: v.strftime("%Y-%m") if isinstance(v, date) else v
                    for k, v in self.defaults.items()
                },
                **{k: v for k, v in data.items() if v},
            }
        super().__init__(data, initial=self.defaults, **kwargs)

    def clean(self):
        cleaned = super().clean()
        for first, last in (("first", "last"), ("compare_first", "compare_last")):
            if cleaned.get(first) and cleaned.get(last) and cleaned[first] > cleaned[last]:
                self.add_error(last, _("The period ends after it starts."))
        first, last = cleaned.get("first"), cleaned.get("last")
        if first and last and first <= last and len(Period(first, last).months) > MAX_MONTHS:
            self.add_error("first", _("Choose at most 36 months."))
        return cleaned

    def choices(self) -> dict:
        """The valid choices, or the defaults."""
        values = self.cleaned_data if self.is_bound and self.is_valid() else self.defaults
        return {
            "metric": values["metric"],
            "period": Period(values["first"], values["last"]),
            "compared": Period(values["compare_first"], values["compare_last"]),
        }


def trend_chart(trend: StageTrend, metric: str) -> dict:
    """One stage's metric month by month, as SVG coordinates."""
    values = [metric_value(scores, metric) for _month, scores in trend.months]
    scale = SCALES[metric]
    plot = charts.plot(values, scale=scale, column=CHART_COLUMN)
    return {
        "stage": trend.stage,
        "width": plot.width,
        "height": charts.number(CHART_HEIGHT),
        "label_y": charts.number(CHART_HEIGHT - 1),
        "polylines": plot.polylines,
        "dots": [
            {
                "x": dot.x,
                "y": dot.y,
                "month": trend.months[dot.index][0],
                "value": values[dot.index],
            }
            for dot in plot.dots
        ],
        "months": [
            {"x": x, "month": month, "value": value}
            for x, (month, _scores), value in zip(plot.columns, trend.months, values, strict=True)
        ],
    }
