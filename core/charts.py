"""The geometry of Parcours' SVG line charts (the emotion curve, the NPS trend): one column
per item, values on a vertical scale, a missing value breaking the line.

Coordinates leave here as strings with a dot: a template would print a float in the active
language's format ("42,5" in French), which an SVG viewBox or points list does not read.
"""

from collections.abc import Sequence
from dataclasses import dataclass


def number(value: float) -> str:
    """A coordinate as SVG reads it, whatever the active language: 30.0, 360, -2.5."""
    return f"{value}"


@dataclass(frozen=True)
class Scale:
    """Values from `low` to `high` drawn from bottom to top over `size` units, `margin`
    units kept free at each end."""

    low: float
    high: float
    size: float
    margin: float = 0

    def position(self, value: float) -> float:
        """The vertical coordinate of `value` (SVG's y grows downwards), to a tenth."""
        usable = self.size - 2 * self.margin
        return round(self.margin + (self.high - value) * usable / (self.high - self.low), 1)

    def ticks(self, step: float) -> list[tuple[float, str]]:
        """Each multiple of `step` from low to high, with its coordinate, for an axis."""
        first = -(-self.low // step) * step
        count = int((self.high - first) // step) + 1
        return [
            (first + index * step, number(self.position(first + index * step)))
            for index in range(count)
        ]


def column_x(index: int, *, column: float) -> float:
    """The horizontal middle of the index-th column."""
    return index * column + column / 2


def width(count: int, *, column: float) -> float:
    """The width of `count` columns; one column for an empty chart."""
    return max(count, 1) * column


def polyline(points: Sequence[tuple[float, float]]) -> str:
    """The `points` attribute of an SVG polyline: "50,10 150,30"."""
    return " ".join(f"{x:g},{y:g}" for x, y in points)


@dataclass(frozen=True)
class Dot:
    """A drawn value: the index of its item and its coordinates."""

    index: int
    x: str
    y: str


@dataclass(frozen=True)
class Plot:
    width: str
    columns: list[str]
    polylines: list[str]
    dots: list[Dot]


def plot(values: Sequence[float | None], *, scale: Scale, column: float) -> Plot:
    """A line through `values`, one column each; a None breaks the line in two."""
    segments: list[list[tuple[float, float]]] = [[]]
    dots = []
    for index, value in enumerate(values):
        if value is None:
            if segments[-1]:
                segments.append([])
            continue
        x, y = column_x(index, column=column), scale.position(value)
        segments[-1].append((x, y))
        dots.append(Dot(index=index, x=number(x), y=number(y)))
    return Plot(
        width=number(width(len(values), column=column)),
        columns=[number(column_x(index, column=column)) for index in range(len(values))],
        polylines=[polyline(segment) for segment in segments if segment],
        dots=dots,
    )
