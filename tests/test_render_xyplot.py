"""The XY plot of a QCA solution: one label per distinct point."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd

from realist.analysis.qca import minimize, truth_table
from realist.render.xyplot import plot_xy


def test_crisp_cases_on_one_point_share_one_label() -> None:
    df = pd.DataFrame(
        {"A": [1, 1, 1, 0, 0, 1], "Y": [1, 1, 1, 0, 0, 0]},
        index=["p", "q", "r", "s", "t", "u"],
    )
    ax = plot_xy(minimize(truth_table(df, "Y", incl_cut=0.7)))
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == ["p, q, r", "s, t", "u"]
    points = {tuple(t.xy) for t in ax.texts}
    assert len(points) == len(ax.texts)  # never two labels on one point
    plt.close(ax.figure)


def test_labels_can_be_left_out() -> None:
    df = pd.DataFrame({"A": [1, 0], "Y": [1, 0]}, index=["x", "y"])
    ax = plot_xy(minimize(truth_table(df, "Y")), label_cases=False)
    assert not ax.texts
    plt.close(ax.figure)
