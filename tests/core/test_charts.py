import pytest
from django.template import engines
from django.utils import translation

from core import charts

NPS = charts.Scale(low=-100, high=100, size=160, margin=16)
EMOTION = charts.Scale(low=-2, high=2, size=100, margin=10)


@pytest.mark.parametrize(
    ("scale", "value", "position"),
    [
        (NPS, 100, 16.0),
        (NPS, 0, 80.0),
        (NPS, -100, 144.0),
        (NPS, 33.3, 58.7),  # 16 + 66.7 * 128 / 200 = 58.688, to a tenth
        (EMOTION, 2, 10.0),
        (EMOTION, 0, 50.0),
        (EMOTION, -1, 70.0),
        (EMOTION, -2, 90.0),
    ],
)
def test_a_scale_draws_low_at_the_bottom_and_high_at_the_top(scale, value, position):
    assert scale.position(value) == position


def test_the_ticks_of_an_axis():
    assert EMOTION.ticks(1) == [
        (-2, "90.0"),
        (-1, "70.0"),
        (0, "50.0"),
        (1, "30.0"),
        (2, "10.0"),
    ]
    assert NPS.ticks(75) == [(-75, "128.0"), (0, "80.0"), (75, "32.0")]


def test_columns_and_polyline():
    assert [charts.column_x(index, column=60) for index in range(3)] == [30.0, 90.0, 150.0]
    assert charts.width(0, column=100) == 100
    assert charts.width(3, column=100) == 300
    assert charts.polyline([(50.0, 10.0), (150.0, 58.7)]) == "50,10 150,58.7"


def test_a_missing_value_breaks_the_line():
    plot = charts.plot([1, None, None, -2, 0, None], scale=EMOTION, column=100)

    assert plot == charts.Plot(
        width="600",
        columns=["50.0", "150.0", "250.0", "350.0", "450.0", "550.0"],
        polylines=["50,30", "350,90 450,50"],
        dots=[
            charts.Dot(index=0, x="50.0", y="30.0"),
            charts.Dot(index=3, x="350.0", y="90.0"),
            charts.Dot(index=4, x="450.0", y="50.0"),
        ],
    )


def test_an_empty_chart_is_one_column_wide():
    assert charts.plot([], scale=NPS, column=60) == charts.Plot(
        width="60", columns=[], polylines=[], dots=[]
    )


def test_the_coordinates_keep_a_dot_in_french():
    template = engines["django"].from_string(
        '{% for dot in plot.dots %}<circle cx="{{ dot.x }}" cy="{{ dot.y }}"/>{% endfor %}'
        '<polyline points="{{ plot.polylines.0 }}"/><line y1="{{ zero }}"/>'
    )

    with translation.override("fr"):
        plot = charts.plot([33.3, -12.5], scale=NPS, column=60)
        page = template.render({"plot": plot, "zero": charts.number(NPS.position(0))})
        localised = engines["django"].from_string("{{ value }}").render({"value": 58.7})

    assert localised == "58,7"  # what a float would have given
    assert page == (
        '<circle cx="30.0" cy="58.7"/><circle cx="90.0" cy="88.0"/>'
        '<polyline points="30,58.7 90,88"/><line y1="80.0"/>'
    )
