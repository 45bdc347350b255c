"""An automatic spec check and the same facts typed by hand can never disagree.

For any snapshot, the verdict of `judge(standard, measurements + what the volunteer confirms)`
is the verdict the portal's spec check form gives for the same facts typed in: the form
builds its measurements the same way the page does (`SpecCheckForm.measurements`), for an
unsaved device of the same kind (no database).
"""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from portal import specs
from portal.forms.devices import PARTS_BY_KIND, SpecCheckForm
from portal.hardware import snapshot
from portal.models import Device, DeviceKind
from tests.hardware.samples import TODAY, standard, typed_by_hand, with_volunteer

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60)


def _maybe(strategy):
    return st.none() | strategy


@st.composite
def snapshots(draw) -> dict:
    """A valid `maytinhcu-snapshot/1` a capture could give, of any facts."""
    disks = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "size_gb": st.decimals(0, 20000, places=1).map(float),
                    "type": st.sampled_from(["ssd", "hdd", "nvme", "emmc", "unknown"]),
                }
            ),
            max_size=3,
        )
    )
    design = draw(_maybe(st.decimals("0.1", 150, places=1).map(float)))
    return {
        "format": "maytinhcu-snapshot/1",
        "captured_at": "2026-11-30T10:15:00+07:00",
        "tool": {"name": "maytinhcu-capture.ps1", "version": "1.0.0"},
        "cpu": {
            "model": draw(_maybe(_TEXT)),
            "ghz": draw(_maybe(st.decimals(0, 20, places=2).map(float))),
        },
        "memory": {"total_gb": draw(_maybe(st.decimals(0, 4096, places=2).map(float)))},
        "disks": disks,
        "os": {"name": draw(_maybe(_TEXT)), "version": draw(_maybe(_TEXT))},
        "battery": {
            "design_wh": design,
            "full_wh": draw(_maybe(st.decimals(0, 150, places=1).map(float))),
        },
        "parts": {
            part: draw(_maybe(st.booleans()))
            for part in ("webcam", "microphone", "speaker", "wifi")
        },
        "sources": {},
        "approximate": [],
    }


@st.composite
def volunteers(draw, kind: str) -> dict:
    """What a volunteer confirms by hand: the parts they tried, the charger, the battery
    when the capture could not judge it, whether a desktop will use Wi-Fi."""
    return {
        "parts": draw(st.frozensets(st.sampled_from(PARTS_BY_KIND[DeviceKind(kind)]))),
        "has_charger": draw(st.booleans()),
        "battery_good": draw(st.booleans()),
        "uses_wireless": draw(st.booleans()),
    }


@settings(max_examples=300, deadline=None)
@given(data=st.data(), document=snapshots(), kind=st.sampled_from(["laptop", "desktop"]))
def test_an_automatic_check_and_the_same_check_typed_by_hand_give_the_same_verdict(
    data, document, kind
):
    taken = snapshot.read(json.dumps(document).encode())
    volunteer = data.draw(volunteers(kind))
    automatic = with_volunteer(taken.measurements()[0], volunteer)

    form = SpecCheckForm(data=typed_by_hand(kind, automatic), device=Device(kind=kind))

    assert form.is_valid(), form.errors
    by_hand = specs.judge(standard(kind), form.measurements(), today=TODAY)
    assert specs.judge(standard(kind), automatic, today=TODAY) == by_hand
