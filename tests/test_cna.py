"""Coincidence analysis: R cna 4.0.0's answers on its textbook data, and known structures."""

from __future__ import annotations

import csv
import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import realist as rl
from conftest import require_shared
from realist.analysis.cna import CnaResult, cna
from realist.errors import RealistWarning, ValidationError


def _reference() -> tuple[dict[str, pd.DataFrame], list[dict[str, str]]]:
    folder = require_shared("samples", "cna")
    with (folder / "reference.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    data = {name: pd.read_csv(folder / f"{name}.csv") for name in ("educate", "women")}
    return data, rows


@pytest.mark.samples
@pytest.mark.filterwarnings("ignore::realist.errors.RealistWarning")
@pytest.mark.parametrize("dataset", ["educate", "women"])
@pytest.mark.parametrize("kind", ["asf", "csf"])
def test_reproduces_r_cna(dataset: str, kind: str) -> None:
    data, rows = _reference()
    expected = [r for r in rows if r["dataset"] == dataset and r["kind"] == kind]
    assert expected
    res = cna(data[dataset])
    table = getattr(res, kind)
    got = [
        (r.outcome, r.condition, f"{r.con:.3f}", f"{r.cov:.3f}")
        for r in table.itertuples(index=False)
    ]
    want = [
        (r["outcome"], r["condition"], f"{float(r['con']):.3f}", f"{float(r['cov']):.3f}")
        for r in expected
    ]
    assert got == want  # the same rows, in R's order


def _educate() -> pd.DataFrame:
    return pd.DataFrame(
        [[1, 1, 1, 1, 1], [1, 1, 1, 0, 1], [1, 0, 1, 1, 1], [1, 0, 1, 0, 1],
         [0, 1, 1, 1, 1], [0, 1, 1, 0, 1], [0, 0, 0, 1, 1], [0, 0, 0, 0, 0]],
        columns=["U", "D", "L", "G", "E"],
    )  # fmt: skip


def test_educate_inline_and_measures() -> None:
    res = cna(_educate())
    assert isinstance(res, CnaResult)
    assert res.asf["complexity"].tolist() == [2, 2, 3]
    assert res.csf["complexity"].tolist() == [4, 5]
    assert res.csf["outcome"].tolist() == ["E,L", "E,L"]
    assert res.csf["coherence"].tolist() == [1.0, 1.0]
    assert "U+D&lt;-&gt;L" in res._repr_html_()
    assert "2 csf" in repr(res)
    # the msc of E include L and G, not their supersets
    e = res.msc[res.msc["outcome"] == "E"]["condition"].tolist()
    assert "L->E" in e and "G->E" in e and "L*G->E" not in e


def test_absence_is_lower_case_and_outcomes_filter() -> None:
    df = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "Y": [0, 0, 1, 1]})
    res = cna(df, outcomes=["Y"])
    assert res.asf["condition"].tolist() == ["a<->Y"]
    assert set(res.asf["outcome"]) == {"Y"}


def test_consistency_and_coverage_thresholds() -> None:
    # A is sufficient for Y in 3 of 4 cases; Y has one case without A
    df = pd.DataFrame({"A": [1, 1, 1, 1, 0, 0], "B": [1, 0, 1, 0, 1, 0],
                       "Y": [1, 1, 1, 0, 1, 0]})  # fmt: skip
    strict = cna(df, outcomes=["Y"])
    assert "A<->Y" not in strict.asf["condition"].tolist()
    loose = cna(df, outcomes=["Y"], con=0.75, cov=0.75)
    row = loose.asf[loose.asf["condition"] == "A<->Y"].iloc[0]
    assert row["con"] == pytest.approx(0.75) and row["cov"] == pytest.approx(0.75)


def test_fuzzy_consistency_is_sum_min_over_sum_x() -> None:
    df = pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.1], "Y": [1.0, 0.6, 0.3, 0.1]})
    res = cna(df, outcomes=["Y"], con=0.8, cov=0.8)
    assert res.fuzzy
    row = res.asf[res.asf["condition"] == "A<->Y"].iloc[0]
    x, y = df["A"].to_numpy(), df["Y"].to_numpy()
    assert row["con"] == pytest.approx(np.minimum(x, y).sum() / x.sum())
    assert row["cov"] == pytest.approx(np.minimum(x, y).sum() / y.sum())


def test_structurally_redundant_asf_is_dropped_from_csf() -> None:
    # A<->B and B<->C make A<->C redundant in the csf (it follows from the other two)
    df = pd.DataFrame({"A": [1, 0], "B": [1, 0], "C": [1, 0]})
    res = cna(df)
    for cond in res.csf["condition"]:
        assert cond.count("<->") == 2, cond
    # every way of dropping one of the three is kept: 3 x 3 two-asf structures
    assert len(res.csf) == len(set(res.csf["condition"])) == 9


def test_cap_warns() -> None:
    # Y is the disjunction of five single factors: maxstep (.., 4, ..) cannot reach it
    names = ["A", "B", "C", "D", "E"]
    grid = list(itertools.product((0, 1), repeat=5))
    df = pd.DataFrame(grid, columns=names)
    df["Y"] = df.max(axis=1)
    with pytest.warns(RealistWarning, match="maxstep"):
        res = cna(df, outcomes=["Y"])
    assert res.asf.empty
    res = cna(df, outcomes=["Y"], maxstep=(3, 5, 10))
    assert res.asf["condition"].tolist() == ["A+B+C+D+E<->Y"]


def test_invalid_input() -> None:
    with pytest.raises(ValidationError, match="'A'"):
        cna(pd.DataFrame({"A": [2, 0], "B": [1, 0]}), type="cs")
    with pytest.raises(ValidationError, match="'A'.*whole numbers"):
        cna(pd.DataFrame({"A": [2, 0.5], "B": [1, 0]}))  # neither fuzzy nor multi-value
    with pytest.raises(ValidationError, match="'B'.*missing"):
        cna(pd.DataFrame({"A": [1, 0], "B": [1, None]}))
    with pytest.raises(ValidationError, match="type"):
        cna(pd.DataFrame({"A": [1, 0], "B": [1, 0]}), type="crisp")
    with pytest.raises(ValidationError, match="upper-case"):
        cna(pd.DataFrame({"a": [1, 0], "B": [1, 0]}))
    with pytest.raises(ValidationError):
        cna(pd.DataFrame({"A": [1, 0], "B": [1, 0]}), con=0)
    with pytest.raises(ValidationError):
        cna(pd.DataFrame({"A": [1, 0], "B": [1, 0]}), outcomes=["Z"])


def test_project_input() -> None:
    hipp = rl.datasets.load("hipp")
    res = rl.cna(hipp, factors=["c-history", "m-consultancy", "o-outputs-fed"],
                 outcomes=["o-outputs-fed"])  # fmt: skip
    assert all(c.endswith("<->O-OUTPUTS-FED") for c in res.asf["condition"])
    with pytest.raises(ValidationError, match="factors"):
        rl.cna(hipp)


@st.composite
def _structures(draw: st.DrawFn) -> tuple[pd.DataFrame, list[list[tuple[int, int]]]]:
    n = draw(st.integers(2, 4))
    used = draw(st.integers(2, min(3, n)))
    factors = list(range(used))
    terms: list[list[tuple[int, int]]] = []
    for _ in range(draw(st.integers(1, 2))):
        size = draw(st.integers(1, used))
        which = draw(st.permutations(factors))[:size]
        terms.append(sorted((j, draw(st.sampled_from((0, 1)))) for j in which))
    names = [chr(ord("A") + i) for i in range(n)]
    grid = np.array(list(itertools.product((0, 1), repeat=n)))
    y = np.zeros(len(grid), dtype=int)
    for t in terms:
        y |= np.all([grid[:, j] == v for j, v in t], axis=0)
    df = pd.DataFrame(grid, columns=names)
    df["Y"] = y
    return df, terms


def _minimal_dnf(df: pd.DataFrame) -> set[str]:
    """Every minimal DNF of Y over the other factors, brute force (as cna strings, unordered)."""
    names = [c for c in df.columns if c != "Y"]
    lits = [(j, v) for j in range(len(names)) for v in (1, 0)]
    x = df[names].to_numpy()
    y = df["Y"].to_numpy().astype(bool)

    def holds(conj: tuple[tuple[int, int], ...]) -> np.ndarray:
        return np.all([x[:, j] == v for j, v in conj], axis=0) if conj else np.ones(len(x), bool)

    conjs = [
        c
        for k in range(1, len(names) + 1)
        for c in itertools.combinations(lits, k)
        if len({j for j, _ in c}) == k and holds(c).any()
    ]
    suff = [c for c in conjs if not (holds(c) & ~y).any()]
    msc = [c for c in suff if not any(set(d) < set(c) for d in suff)]
    out = set()
    for k in range(1, len(msc) + 1):
        for combo in itertools.combinations(msc, k):
            cover = np.any([holds(c) for c in combo], axis=0)
            if (cover == y).all():
                sets = frozenset(combo)
                if not any(frozenset(s) < sets for s in out):
                    out.add(sets)
    return {
        "+".join(sorted("*".join(names[j] if v else names[j].lower() for j, v in c) for c in s))
        for s in out
    }


@settings(max_examples=40, deadline=None)
@given(_structures())
def test_true_structure_is_among_the_solutions(
    case: tuple[pd.DataFrame, list[list[tuple[int, int]]]],
) -> None:
    df, terms = case
    y = df["Y"].to_numpy()
    if y.all() or not y.any():
        return  # a constant outcome has no causal structure
    names = list(df.columns)
    true = "+".join(
        sorted("*".join(names[j] if v else names[j].lower() for j, v in t) for t in terms)
    )
    res = cna(df, outcomes=["Y"], maxstep=(4, 4, 12))
    got = {"+".join(sorted(c.removesuffix("<->Y").split("+"))) for c in res.asf["condition"]}
    # cna finds exactly the minimal DNFs of the data-generating function ...
    minimal = _minimal_dnf(df)
    assert got == minimal
    if true in minimal:  # the true structure as drawn, when it has no redundant part
        assert true in got
    # ... and the true structure, once made minimal, is one of them (all true asf are)
    assert got
    for cond in res.asf["condition"]:
        disj = cond.removesuffix("<->Y").split("+")
        mem = np.zeros(len(df), dtype=bool)
        for c in disj:
            part = np.ones(len(df), dtype=bool)
            for lit in c.split("*"):
                part &= df[lit.upper()].to_numpy() == (1 if lit.isupper() else 0)
            mem |= part
        assert (mem == y.astype(bool)).all()


def test_inus_rejects_redundant_literals_and_disjuncts() -> None:
    from realist.analysis.cna import _Data, _inus

    d = _Data(["A", "B", "C"], np.zeros((1, 3)), np.ones(1), "cs", ((1, 0),) * 3)
    a, na, b, c = (0, 1), (0, 0), (1, 1), (2, 1)
    assert _inus(((a,), (b,)), d)
    assert not _inus(((a,), (na, b)), d)  # A + a*B is A + B
    assert not _inus(((a,), (a, b)), d)  # A*B adds nothing to A
    assert _inus(((a, b), (na, c)), d)
    # multi-value: A=1 + A=2*B=1 is INUS; A=1 + A=1*B=1 is not; over A in {0, 1, 2}
    mv = _Data(["A", "B"], np.zeros((1, 2)), np.ones(1), "mv", ((0, 1, 2), (0, 1)))
    assert _inus((((0, 1),), ((0, 2), (1, 1))), mv)
    assert not _inus((((0, 1),), ((0, 1), (1, 1))), mv)
    # A=0 + A=1 + A=2 is always true: a constant is no INUS condition (R's const.ok = FALSE)
    assert not _inus((((0, 0),), ((0, 1),), ((0, 2),)), mv)


def test_msc_table_is_sorted_like_r() -> None:
    res = cna(_educate(), outcomes=["E"])
    msc = res.msc
    assert msc["complexity"].is_monotonic_increasing
    assert msc["condition"].tolist()[:3] == ["L->E", "D->E", "G->E"]


def test_csf_diagram_shows_chains_conjunctions_and_absence() -> None:
    from realist.render.structures import csf_diagram

    res = cna(_educate())
    src = csf_diagram(res).source
    assert src == csf_diagram(res).source  # deterministic
    for edge in ("U -> L", "D -> L", "L -> E", "G -> E"):
        assert f"\t{edge}\n" in src
    assert src.count("-> E\n") == 2  # two alternatives reach E
    df = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "Y": [0, 0, 1, 0]})
    src = csf_diagram(cna(df, outcomes=["Y"])).source
    assert "A -> and_Y_1 [style=dashed" in src and "B -> and_Y_1\n" in src
    assert "and_Y_1 -> Y" in src
    with pytest.raises(ValidationError):
        csf_diagram(res, 5)
