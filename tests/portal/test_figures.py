"""The figure registry (portal.figures) is the one list every figure is read from: each entry
is bumped by a service, owned by one recount, and — if public — served by the endpoint and
documented; the live-figure block offers only public figures."""

import ast
from collections import Counter as Tally
from pathlib import Path

import pytest

from django.urls import reverse

from campaign.blocks import FigureBlock
from portal.figures import Figure, Shown, figures
from portal.selectors.report import KEYS
from portal.services.counters import counter_bump
from portal.services.recount import RECOUNTS

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "portal" / "services"


def bumped_figures() -> set[str]:
    """The figures named in the services' functions that call `counter_bump` (the recount
    and the bump itself aside): a figure that no service bumps would stay at zero."""
    names = set()
    for path in SERVICES.glob("*.py"):
        if path.name in ("counters.py", "recount.py"):
            continue
        for function in ast.walk(ast.parse(path.read_text())):
            if not isinstance(function, ast.FunctionDef):
                continue
            nodes = list(ast.walk(function))
            if not any(
                isinstance(node, ast.Call) and getattr(node.func, "id", "") == "counter_bump"
                for node in nodes
            ):
                continue
            names |= {
                node.attr
                for node in nodes
                if isinstance(node, ast.Attribute) and getattr(node.value, "id", "") == "Figure"
            }
    return names


def test_every_figure_is_bumped_by_a_service():
    assert {figure.name for figure in Figure} - bumped_figures() == set()


def test_every_figure_is_owned_by_exactly_one_recount():
    owners = Tally(figure for recount in RECOUNTS for figure in recount.figures)

    assert {figure: owners[figure] for figure in Figure if owners[figure] != 1} == {}


def test_every_public_figure_is_served_by_the_endpoint(client, gia_lam):
    totals = client.get(reverse("impact")).json()["totals"]

    assert [figure.value for figure in figures(Shown.PUBLIC) if figure not in totals] == []


def test_every_public_figure_is_documented():
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]
    text = "\n".join(path.read_text() for path in docs if path.exists())

    documented = {figure.value for figure in Figure if f"`{figure}`" in text}
    documented |= {figure.value for figure in Figure if f"`totals.{figure}`" in text}

    assert [figure.value for figure in figures(Shown.PUBLIC) if figure not in documented] == []


def test_the_block_offers_public_figures_only_with_their_registry_labels():
    choices = [choice for choice in FigureBlock().child_blocks["figure"].field.choices if choice[0]]

    assert [key for key, _label in choices] == [figure.value for figure in figures(Shown.BLOCK)]
    assert all(Shown.PUBLIC in Figure(key).shown for key, _label in choices)
    assert all(label == Figure(key).label for key, label in choices)


def test_the_report_has_a_line_for_every_report_figure():
    assert {figure.value for figure in figures(Shown.REPORT)} <= set(KEYS)


@pytest.mark.django_db
def test_a_key_the_registry_does_not_declare_is_refused(gia_lam):
    with pytest.raises(ValueError, match="devices_found"):
        counter_bump(key="devices_found", area=gia_lam)
    with pytest.raises(ValueError, match="not counted by kind"):
        counter_bump(key=Figure.SIMS_GIVEN, kind="laptop", area=gia_lam)
