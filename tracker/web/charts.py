"""Charts drawn on the server as inline SVG: no script, nothing from a CDN.

Every piece of text is escaped; colours come from classes in the stylesheet
so that the content security policy can forbid inline styles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from tracker.metrics.definitions import WeekPoint
from tracker.metrics.format import percent

WIDTH, HEIGHT = 1120, 260
Scale = Callable[[Any], float]
LEFT, RIGHT, TOP, BOTTOM = 44, 52, 28, 34
GRID = (0, 0.25, 0.5, 0.75, 1)
SPARK_GAP, SPARK_LABEL = 8, 44


@dataclass(frozen=True)
class Series:
    name: str
    css: str
    values: list[float | None]
    notes: list[str]


def trend_series(points: list[WeekPoint]) -> tuple[list[str], list[Series], list[int]]:
    """Week labels, the completion and on-time lines, and the due counts."""
    labels = [p.period.week_key.split("-")[1] for p in points]
    completion = Series(
        "Completion rate",
        "completion",
        [p.counts.completion_rate for p in points],
        [f"{p.counts.done_of_due} of {p.counts.due} due done" for p in points],
    )
    on_time = Series(
        "On-time rate",
        "ontime",
        [p.counts.on_time_rate for p in points],
        [
            f"{p.counts.on_time} of {p.counts.completed_with_due} on time"
            for p in points
        ],
    )
    return labels, [completion, on_time], [p.counts.due for p in points]


def trend_chart(points: list[WeekPoint], *, title: str) -> Markup:
    labels, series, bars = trend_series(points)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(labels), 1)

    def x(i: int) -> float:
        return LEFT + step * (i + 0.5)

    def y(rate: float) -> float:
        return TOP + plot_h * (1 - rate)

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    top = count_top(bars)
    parts += _grid(y, plot_w, top)
    parts += _bars(bars, x, step, plot_h, top)
    for i, label in enumerate(labels):
        parts.append(
            f'<text class="axis" x="{x(i):.1f}" y="{HEIGHT - 12}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    for s in series:
        parts += _line(s, labels, x, y)
    parts += _legend(series)
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline(points: list[WeekPoint], *, width: int = 120, height: int = 28) -> Markup:
    """The completion rate of the last weeks as a small line, for tables.

    The latest week with a rate is written out at the end of the line.
    """
    rates = [p.counts.completion_rate for p in points]
    step = width / max(len(rates) - 1, 1)
    coords = [
        f"{i * step:.1f},{2 + (height - 4) * (1 - r):.1f}"
        for i, r in enumerate(rates)
        if r is not None
    ]
    shown = ", ".join(
        f"{p.period.week_key}: {percent(r)}" for p, r in zip(points, rates, strict=True)
    )
    latest = next((r for r in reversed(rates) if r is not None), None)
    body = ""
    if coords:
        last_x, last_y = coords[-1].split(",")
        body = (
            f'<polyline class="spark" points="{" ".join(coords)}"/>'
            f'<circle class="spark-end" cx="{last_x}" cy="{last_y}" r="2.5"/>'
        )
    label = (
        f'<text class="spark-label" x="{width + SPARK_GAP}" y="{height / 2 + 4:.0f}">'
        f"{escape(percent(latest))}</text>"
    )
    return Markup(
        f'<svg class="sparkline" viewBox="0 0 {width + SPARK_LABEL} {height}" '
        f'role="img" aria-label="{escape(shown)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(shown)}</title>'
        f'<line class="spark-base" x1="0" y1="{height - 2}" x2="{width}" '
        f'y2="{height - 2}"/>{body}{label}</svg>'
    )


def count_top(bars: list[int]) -> int:
    """The top of the items-due axis.

    A multiple of 4, so that every grid line has a whole count, and twice
    the tallest bar, so that the bars stay in the lower half, under the
    rate lines.
    """
    return max(4, -(-2 * max(bars, default=0) // 4) * 4)


def _grid(y: Scale, plot_w: float, top: int) -> list[str]:
    """Grid lines with rates on the left axis and item counts on the right."""
    right = LEFT + plot_w
    lines = [
        f'<text class="axis" x="{WIDTH - 2}" y="{TOP - 10}" '
        f'text-anchor="end">items due</text>'
    ]
    for rate in GRID:
        at = y(rate)
        lines.append(
            f'<line class="grid" x1="{LEFT}" y1="{at:.1f}" '
            f'x2="{right}" y2="{at:.1f}"/>'
            f'<text class="axis" x="{LEFT - 6}" y="{at + 4:.1f}" '
            f'text-anchor="end">{rate:.0%}</text>'
            f'<text class="axis count" x="{right + 6}" y="{at + 4:.1f}">'
            f"{round(rate * top):,}</text>"
        )
    return lines


def _bars(bars: list[int], x: Scale, step: float, plot_h: float, top: int) -> list[str]:
    shapes = []
    for i, due in enumerate(bars):
        height = plot_h * due / top
        shapes.append(
            f'<rect class="bar" x="{x(i) - step * 0.3:.1f}" '
            f'y="{TOP + plot_h - height:.1f}" width="{step * 0.6:.1f}" '
            f'height="{height:.1f}"><title>{due} due</title></rect>'
        )
    return shapes


def _line(series: Series, labels: list[str], x: Scale, y: Scale) -> list[str]:
    runs: list[list[str]] = [[]]
    dots = []
    for i, rate in enumerate(series.values):
        if rate is None:
            runs.append([])
            continue
        runs[-1].append(f"{x(i):.1f},{y(rate):.1f}")
        tip = f"{labels[i]} {series.name}: {percent(rate)} ({series.notes[i]})"
        dots.append(
            f'<circle class="dot {series.css}" cx="{x(i):.1f}" cy="{y(rate):.1f}" '
            f'r="3.5"><title>{escape(tip)}</title></circle>'
        )
    lines = [
        f'<polyline class="line {series.css}" points="{" ".join(run)}"/>'
        for run in runs
        if len(run) > 1
    ]
    return lines + dots


def _legend(series: list[Series]) -> list[str]:
    items = []
    left = LEFT
    for s in series:
        items.append(
            f'<rect class="key {s.css}" x="{left}" y="8" width="12" height="4"/>'
            f'<text class="legend" x="{left + 18}" y="14">{escape(s.name)}</text>'
        )
        left += 150
    items.append(
        f'<rect class="bar" x="{left}" y="6" width="12" height="8"/>'
        f'<text class="legend" x="{left + 18}" y="14">Items due</text>'
    )
    return items
