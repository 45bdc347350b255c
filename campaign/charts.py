"""Bar charts drawn with HTML and CSS (no JavaScript library): each bar gets its share of
the tallest bar, in steps of 5 % (a CSS class, `share-35`: no inline style, so a strict
Content-Security-Policy holds); a target line gets its height on the same scale."""

from dataclasses import dataclass

STEP = 5


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    percent: int  # of the chart's height, in 5 % steps


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    target: int | None = None
    target_percent: int | None = None


def _step(value: int, top: int) -> int:
    """The share in 5 % steps; anything above zero shows at least one step."""
    share = round(100 * value / top / STEP) * STEP
    return max(share, STEP) if value > 0 else 0


def chart(rows: list[tuple[str, int]], target: int | None = None) -> Chart:
    top = max([value for _label, value in rows] + [target or 0, 1])
    return Chart(
        bars=[Bar(label, value, _step(value, top)) for label, value in rows],
        target=target,
        target_percent=_step(target, top) if target is not None else None,
    )
