"""QCA over a realist Project, and the XY plot."""

from __future__ import annotations

import pandas as pd
import pytest

import realist as rl
from realist.analysis.qca import calibrate as rl_calibrate
from realist.analysis.qca import minimize, necessity, truth_table
from realist.errors import UnknownIdError, ValidationError


def _project() -> rl.Project:
    p = rl.Project(title="QCA demo")
    for cid in "abcd":
        p.add_case(cid, cid.upper(), budget=10.0 * (ord(cid) - 96), rural=cid in "ab")
    p.add_context("History", id="c-history")
    p.add_context("Coterminosity", id="c-coterminosity")
    p.add_mechanism("Local champions", id="m-local-champions")
    p.add_outcome("Shared vision", id="o-shared-vision")
    p.add_outcome("Other", id="o-other")
    p.add_configuration(
        case="a",
        contexts=["c-history"],
        mechanisms=["m-local-champions"],
        outcomes=["o-shared-vision"],
        status="supported",
    )
    p.add_configuration(
        case="b",
        contexts=["c-history", "c-coterminosity"],
        mechanisms=["m-local-champions"],
        outcomes=["o-shared-vision"],
        status="conjectured",
    )
    p.add_configuration(
        case="c",
        constraining=["c-history"],
        mechanisms=["m-local-champions"],
        outcomes=["o-other"],
        status="supported",
    )
    p.add_configuration(
        case="d",
        contexts=["c-coterminosity"],
        mechanisms=["m-local-champions"],
        outcomes=["o-other"],
        status="supported",
    )
    return p


CONDS = ["c-history", "c-coterminosity", "m-local-champions"]


def test_project_membership_rule_and_sources() -> None:
    p = _project()
    tt = truth_table(p, outcome="o-shared-vision", conditions=CONDS)
    rows = {r.configuration: (r.out, r.cases) for r in tt.rows}
    # a and c share history + champions; c's outcome is another one: inclusion 0.5
    assert rows == {
        (0, 1, 1): ("0", ("d",)),
        (1, 0, 1): ("0", ("a", "c")),
        (1, 1, 1): ("1", ("b",)),
    }
    frame = tt.to_frame()
    assert "configurations" in frame.columns
    text = " ".join(frame["configurations"])
    assert "c-history: cfg-a-1" in text
    sol = minimize(tt)
    assert sol.expression == "c-history*c-coterminosity*m-local-champions"
    assert sol.terms[0].cases == ("b",)


def test_project_options() -> None:
    p = _project()
    # constraining history counts as present by default: c is in c-history
    tt = truth_table(p, outcome="o-shared-vision", conditions=CONDS)
    c_row = next(r for r in tt.rows if "c" in r.cases)
    assert c_row.configuration == (1, 0, 1)
    assert c_row.out == "0"
    assert c_row.inclusion == 0.5
    # ... and as absent with negate_constraining
    tt2 = truth_table(p, outcome="o-shared-vision", conditions=CONDS, negate_constraining=True)
    c_row = next(r for r in tt2.rows if "c" in r.cases)
    assert c_row.configuration == (0, 0, 1)
    # only supported configurations: b's conjectured configuration no longer counts
    tt3 = truth_table(p, outcome="o-shared-vision", conditions=CONDS, statuses="supported")
    b_row = next(r for r in tt3.rows if "b" in r.cases)
    assert b_row.configuration == (0, 0, 0)
    # case attributes: booleans, and numbers through calibration
    tt4 = truth_table(
        p,
        outcome="~o-shared-vision",
        conditions=["rural", "budget"],
        calibration={"budget": (5, 25, 45)},
    )
    assert tt4.outcome == "~o-shared-vision"
    assert tt4.membership[:, 0].tolist() == [1.0, 1.0, 0.0, 0.0]
    assert tt4.membership[:, 1].tolist() == pytest.approx(
        rl_calibrate([10, 20, 30, 40], 5, 25, 45).tolist()
    )
    nec = necessity(p, "o-shared-vision", CONDS)
    assert nec.loc["m-local-champions", "inclN"] == 1.0


def test_refuted_configuration_puts_the_case_in_its_contexts_not_its_outcomes() -> None:
    p = _project()
    # d's champions with coterminosity were expected to bring a shared vision: refuted.
    p.add_configuration(
        case="d",
        id="k-d-refuted",
        contexts=["c-history"],
        mechanisms=["m-local-champions"],
        outcomes=["o-shared-vision"],
        status="refuted",
    )
    tt = truth_table(p, outcome="o-shared-vision", conditions=CONDS)
    d = tt.case_ids.index("d")
    assert tt.membership[d].tolist() == [1.0, 1.0, 1.0]  # the context was there
    assert tt.outcome_membership[d] == 0.0  # the outcome did not happen
    assert tt.sources is not None
    assert tt.sources["d"]["c-history"] == ("k-d-refuted",)
    assert "o-shared-vision" not in tt.sources["d"]
    # b (history, coterminosity, champions, vision) and d share a row: inclusion 0.5
    row = next(r for r in tt.rows if "d" in r.cases)
    assert row.cases == ("b", "d") and row.inclusion == 0.5 and row.out == "0"
    # Counting refuted configurations explicitly changes nothing for the outcome.
    tt2 = truth_table(p, outcome="o-shared-vision", conditions=CONDS, statuses="refuted")
    assert tt2.outcome_membership.tolist() == [0.0, 0.0, 0.0, 0.0]
    assert tt2.membership[d].tolist() == [1.0, 0.0, 1.0]
    # The negated outcome: d is in ~o-shared-vision.
    tt3 = truth_table(p, outcome="~o-shared-vision", conditions=CONDS)
    assert tt3.outcome_membership[d] == 1.0


def test_project_errors() -> None:
    p = _project()
    with pytest.raises(UnknownIdError, match="'c-nothing'"):
        truth_table(p, outcome="o-shared-vision", conditions=["c-nothing"])
    with pytest.raises(ValidationError, match="outside"):
        truth_table(p, outcome="o-shared-vision", conditions=["budget"])
    with pytest.raises(ValidationError, match="status 'maybe'"):
        truth_table(p, outcome="o-shared-vision", conditions=CONDS, statuses="maybe")
    with pytest.raises(ValidationError, match="conditions"):
        truth_table(p, outcome="o-shared-vision")


def test_plot_xy() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from realist.render.xyplot import plot_xy

    df = pd.DataFrame(
        {"A": [0.9, 0.8, 0.2, 0.1], "Y": [0.95, 0.6, 0.4, 0.0]}, index=["w", "x", "y", "z"]
    )
    sol = minimize(truth_table(df, "Y", incl_cut=0.8))
    _fig, ax = plt.subplots()
    out = plot_xy(sol, ax=ax)
    assert out is ax
    assert ax.get_xlabel() == "A"
    assert ax.get_ylabel() == "Y"
    assert sorted(t.get_text() for t in ax.texts) == ["w", "x", "y", "z"]
    assert plot_xy(sol.models[0]).get_title().startswith("M1: inclS")
    with pytest.raises(ValidationError):
        plot_xy("nope")  # type: ignore[arg-type]
    plt.close("all")
