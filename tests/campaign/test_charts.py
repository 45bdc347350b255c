"""The results page's bar charts: each bar is as tall as its share of the tallest (or of
the target line, if higher), in 5 % steps that the stylesheet draws; a month with one
device still shows a bar, and a month with none shows nothing."""

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from campaign.charts import STEP, chart

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"


def test_bars_take_their_share_of_the_tallest_in_steps_any_value_above_zero_shows():
    drawn = chart([("10/2026", 0), ("11/2026", 1), ("12/2026", 40)], target=2)

    assert [bar.percent for bar in drawn.bars] == [0, 5, 100]
    assert drawn.target_percent == 5


def test_each_bar_keeps_its_label_and_value_in_order_for_the_table():
    drawn = chart([("Điện thoại", 7), ("Máy tính xách tay", 3)])

    assert [(bar.label, bar.value) for bar in drawn.bars] == [
        ("Điện thoại", 7),
        ("Máy tính xách tay", 3),
    ]
    assert [bar.percent for bar in drawn.bars] == [100, 45]  # 3/7 = 43 % → the nearest step


def test_a_target_above_every_bar_sets_the_scale():
    drawn = chart([("11/2026", 1), ("12/2026", 2)], target=4)

    assert drawn.target_percent == 100
    assert [bar.percent for bar in drawn.bars] == [25, 50]


def test_a_chart_without_a_target_has_no_line():
    drawn = chart([("11/2026", 3)])

    assert drawn.target is None
    assert drawn.target_percent is None


def test_a_program_that_has_just_started_draws_empty_charts():
    assert [bar.percent for bar in chart([("11/2026", 0), ("12/2026", 0)]).bars] == [0, 0]
    assert chart([], target=2).target_percent == 100
    assert chart([]).bars == []


@given(
    st.lists(st.integers(min_value=0, max_value=10**9), max_size=24),
    st.one_of(st.none(), st.integers(min_value=0, max_value=10**9)),
)
def test_every_share_is_a_step_the_tallest_fills_the_chart_and_order_is_kept(values, target):
    drawn = chart([(str(number), value) for number, value in enumerate(values)], target)
    shares = [bar.percent for bar in drawn.bars] + (
        [drawn.target_percent] if target is not None else []
    )
    heights = values + ([target] if target is not None else [])

    assert all(0 <= share <= 100 and share % STEP == 0 for share in shares)
    assert all((share == 0) == (height == 0) for share, height in zip(shares, heights, strict=True))
    if any(heights):
        assert max(shares) == 100
    by_height = [share for _height, share in sorted(zip(heights, shares, strict=True))]
    assert by_height == sorted(by_height)  # a taller bar is never drawn shorter


def test_the_stylesheet_draws_every_share_a_chart_can_give():
    css = STYLESHEET.read_text()
    heights = {int(a): int(b) for a, b in re.findall(r"\.share-(\d+)\s*\{\s*height:\s*(\d+)%", css)}
    lines = {int(a): int(b) for a, b in re.findall(r"\.at-(\d+)\s*\{\s*bottom:\s*(\d+)%", css)}
    steps = {share: share for share in range(0, 101, STEP)}

    assert heights == steps
    assert lines == steps
