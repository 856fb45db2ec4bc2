"""Labels are the user's words: a ``$`` in one is never read as matplotlib mathtext."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import realist as rl
from realist.render import palette

MONEY = "Cut $2m to $1m"  # mathtext would set "2m to " in italics
BAD = r"Money $\badcmd$"  # mathtext raises ValueError: Unknown symbol


@pytest.fixture
def project() -> rl.Project:
    p = rl.Project(title=f"Title {MONEY}")
    p.add_theme("t", MONEY)
    p.add_case("a", BAD)
    p.add_case("b", "Case B")
    p.add_source("s", case="a")
    ev = p.add_evidence(source="s", quote="q")
    m = p.add_mechanism(MONEY, id="m")
    o = p.add_outcome(BAD, id="o")
    for case in ("a", "b"):
        p.add_configuration(
            case=case,
            mechanisms=[m],
            outcomes=[o],
            themes=["t"],
            evidence=[ev] if case == "a" else None,
            id=f"k-{case}",
            label=BAD,
        )
    return p


def _texts(ax: Any) -> list[Any]:
    fig = ax.figure
    fig.canvas.draw()  # mathtext would raise here
    found = [*ax.texts, ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label]
    found += [*ax.get_xticklabels(), *ax.get_yticklabels()]
    return found


def _check(ax: Any, expected: set[str], tmp_path: Path) -> None:
    texts = {t.get_text(): t for t in _texts(ax)}
    assert expected <= texts.keys()
    for label in expected:
        assert texts[label].get_parse_math() is False, label
        assert texts[label]._preprocess_math(label) == (label, False)  # drawn as written
    rl.save_figure(ax, tmp_path / "x.svg")
    rl.save_figure(ax, tmp_path / "x.pdf")
    plt.close(ax.figure)


def test_figure_rc_turns_mathtext_off() -> None:
    assert palette.figure_rc()["text.parse_math"] is False
    assert "text.parse_math" in matplotlib.rcParams  # a real rcParam of matplotlib>=3.7


@pytest.mark.parametrize("own_axes", [False, True])
def test_dollars_in_labels_are_drawn_as_written(
    project: rl.Project, tmp_path: Path, own_axes: bool
) -> None:
    def axes() -> Any:
        # an Axes made by the caller, outside realist's figure style
        return plt.subplots()[1] if own_axes else None

    ax = rl.plot_case_matrix(project, ax=axes())
    _check(ax, {BAD, MONEY}, tmp_path)
    regs = rl.find_regularities(project, min_cases=2)
    ax = rl.plot_regularities(regs, project=project, ax=axes())
    _check(ax, {f"M: {MONEY}\nO: {BAD}"}, tmp_path)
    ax = rl.plot_evidence(project, ax=axes())
    _check(ax, {f"{BAD}: {BAD}"}, tmp_path)
    ax = rl.draw(project, backend="matplotlib", ax=axes())
    title = ax._left_title.get_text()
    assert title.startswith(f"Title {MONEY}\n")
    _check(ax, {MONEY, BAD, title}, tmp_path)
    k = project.get("k-a", rl.Configuration)
    ax = rl.draw(k, project=project, backend="matplotlib", ax=axes())
    _check(ax, {MONEY, BAD}, tmp_path)
    frame = pd.DataFrame({MONEY: [1, 0], "Y": [1, 0]}, index=[BAD, "$x$"])
    ax = rl.plot_xy(rl.minimize(rl.truth_table(frame, "Y")), ax=axes(), title=BAD)
    _check(ax, {BAD, "$x$", MONEY}, tmp_path)
