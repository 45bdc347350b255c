"""Bar charts drawn with HTML and CSS (no JavaScript library): each bar gets its share of
the tallest bar, in percent; a target line gets its height on the same scale."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    percent: float  # of the chart's height (or width, for horizontal bars)


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    target: int | None = None
    target_percent: float | None = None


def chart(rows: list[tuple[str, int]], target: int | None = None) -> Chart:
    top = max([value for _label, value in rows] + [target or 0, 1])
    return Chart(
        bars=[Bar(label, value, round(100 * value / top, 1)) for label, value in rows],
        target=target,
        target_percent=round(100 * target / top, 1) if target is not None else None,
    )
