"""Coincidence analysis: R cna 4.0.0's answers on its textbook data, and known structures."""

from __future__ import annotations

import csv
import itertools
import subprocess
import sys
from pathlib import Path

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
    with pytest.raises(ValidationError, match=r"'A'.*whole numbers"):
        cna(pd.DataFrame({"A": [2, 0.5], "B": [1, 0]}))  # neither fuzzy nor multi-value
    with pytest.raises(ValidationError, match=r"'B'.*missing"):
        cna(pd.DataFrame({"A": [1, 0], "B": [1, None]}))
    with pytest.raises(ValidationError, match="type"):
        cna(pd.DataFrame({"A": [1, 0], "B": [1, 0]}), type="crisp")
    with pytest.raises(ValidationError, match="two different configurations"):
        cna(pd.DataFrame({"A": [1, 1], "B": [0, 0]}))  # as R: a config table of one row
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


# --- an independent reading of cna's syntax, for brute-force checks ---------------------


def _literal(lit: str, df: pd.DataFrame) -> np.ndarray:
    """Membership in one literal: ``A=2`` (multi-value), ``A`` or ``a`` (crisp, fuzzy)."""
    if "=" in lit:
        name, value = lit.split("=")
        return (df[name].to_numpy() == int(value)).astype(float)
    col = df[lit.upper()].to_numpy(dtype=float)
    return col if lit.isupper() else 1.0 - col


def _sides(asf: str, df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The condition's and the outcome's membership of one asf ``...<->Y``."""
    lhs, rhs = asf.split("<->")
    cond = np.zeros(len(df))
    for conj in lhs.split("+"):
        part = np.ones(len(df))
        for lit in conj.split("*"):
            part = np.minimum(part, _literal(lit, df))
        cond = np.maximum(cond, part)
    return cond, _literal(rhs, df)


def _asfs(condition: str) -> list[str]:
    return condition.strip("()").split(")*(")


def _factors(condition: str) -> list[str]:
    out = set()
    for asf in _asfs(condition):
        for lit in asf.replace("<->", "+").replace("*", "+").split("+"):
            out.add(lit.split("=")[0].upper())
    return sorted(out)


def _exff(condition: str, df: pd.DataFrame) -> tuple[float, float]:
    """Exhaustiveness and faithfulness by enumeration (cna 4.0's definitions)."""
    names = _factors(condition)
    values = [
        sorted(df[n].unique()) if not df[n].isin([0, 1]).all() and (df[n] % 1 == 0).all()
        else [0, 1]
        for n in names
    ]  # fmt: skip
    if any(((df[n] > 0) & (df[n] < 1)).any() for n in names):  # fuzzy: rounded
        seen = df[names].round().drop_duplicates()
        values = [[0, 1]] * len(names)
    else:
        seen = df[names].drop_duplicates()
    grid = pd.DataFrame(list(itertools.product(*values)), columns=names)

    def ok(frame: pd.DataFrame) -> np.ndarray:
        frame = frame.reset_index(drop=True)
        return np.all([np.equal(*_sides(a, frame)) for a in _asfs(condition)], axis=0)

    in_data = ok(seen).sum()
    return in_data / ok(grid).sum(), in_data / len(seen)


def _con_cov(condition: str, df: pd.DataFrame) -> tuple[float, float]:
    scores = []
    for asf in _asfs(condition):
        x, y = _sides(asf, df)
        both = np.minimum(x, y).sum()
        scores.append((both / x.sum(), both / y.sum()))
    return min(s[0] for s in scores), min(s[1] for s in scores)


@pytest.mark.samples
@pytest.mark.parametrize("dataset", ["educate", "women"])
def test_exhaustiveness_faithfulness_by_enumeration(dataset: str) -> None:
    data, _ = _reference()
    df = data[dataset]
    res = cna(df)
    for table in (res.asf, res.csf):
        assert len(table)
        for row in table.itertuples(index=False):
            ex, faith = _exff(row.condition, df)
            assert f"{row.exhaustiveness:.3f}" == f"{ex:.3f}", row.condition
            assert f"{row.faithfulness:.3f}" == f"{faith:.3f}", row.condition
    # d.women: 14 distinct configurations, all compatible with each solution, of the
    # 2^5 = 32 that five free factors and a determined WNP allow
    if dataset == "women":
        assert res.asf["exhaustiveness"].round(4).tolist() == [0.4375, 0.4375]
        assert res.asf["faithfulness"].tolist() == [1.0, 1.0]


def test_exhaustiveness_and_faithfulness_fall_with_missing_and_extra_configurations() -> None:
    grid = pd.DataFrame(list(itertools.product((0, 1), repeat=2)), columns=["A", "B"])
    grid["C"] = grid["A"] | grid["B"]
    res = cna(grid, outcomes=["C"])
    row = res.asf.iloc[0]
    assert (row.condition, row.exhaustiveness, row.faithfulness) == ("A+B<->C", 1.0, 1.0)
    # one compatible configuration missing: exhaustiveness 3/4
    partial = cna(grid.iloc[:3], outcomes=["C"]).asf.iloc[0]
    assert partial.exhaustiveness == pytest.approx(0.75) and partial.faithfulness == 1.0
    # one incompatible configuration added (A=1, B=0, C=0): con 2/3, faithfulness 4/5
    noisy = pd.concat([grid, pd.DataFrame({"A": [1], "B": [0], "C": [0]})])
    row = cna(noisy, outcomes=["C"], con=0.6).asf.set_index("condition").loc["A+B<->C"]
    assert row.con == pytest.approx(0.75) and row.faithfulness == pytest.approx(0.8)
    assert row.exhaustiveness == pytest.approx(1.0)


def test_fuzzy_coherence_and_measures() -> None:
    # a fuzzy chain A -> B -> C with some slack
    df = pd.DataFrame({
        "A": [0.9, 0.8, 0.7, 0.2, 0.1, 0.3, 0.6, 0.4],
        "B": [0.8, 0.9, 0.6, 0.3, 0.2, 0.1, 0.7, 0.4],
        "C": [0.9, 0.7, 0.7, 0.1, 0.3, 0.2, 0.6, 0.3],
    })  # fmt: skip
    res = cna(df, outcomes=["B", "C"], con=0.8, cov=0.8)
    assert res.type == "fs" and res.fuzzy
    chains = res.csf[res.csf["outcome"] == "B,C"]
    assert len(chains)
    for row in res.csf.itertuples(index=False):
        con, cov = _con_cov(row.condition, df)
        assert row.con == pytest.approx(con) and row.cov == pytest.approx(cov)
        parts = _asfs(row.condition)
        simil = np.array([1 - np.abs(np.subtract(*_sides(a, df))) for a in parts])
        # every csf here is connected (A, B, C are shared), so one part
        expected = 1.0 if len(parts) == 1 else simil.min(0).sum() / simil.max(0).sum()
        assert row.coherence == pytest.approx(expected), row.condition
        ex, faith = _exff(row.condition, df)
        assert row.exhaustiveness == pytest.approx(ex) and row.faithfulness == pytest.approx(faith)
    assert (chains["coherence"] < 1).all()


# --- multi-value factors --------------------------------------------------------------


def _brute_force_dnfs(df: pd.DataFrame, outcome: str, value: int, mv: bool = False) -> set[str]:
    """Every minimal DNF of outcome=value over the literals of the other factors (brute
    force over all conjunctions of the values that occur; con = cov = 1), written as cna
    writes them (``A=v`` for multi-value data, else ``A``/``a``), disjuncts sorted."""

    def write(n: str, v: int) -> str:
        return f"{n}={v}" if mv else n if v else n.lower()

    names = [c for c in df.columns if c != outcome]
    lits = [(n, int(v)) for n in names for v in sorted(df[n].unique())]
    y = (df[outcome] == value).to_numpy()

    def holds(conj: tuple[tuple[str, int], ...]) -> np.ndarray:
        return np.all([df[n].to_numpy() == v for n, v in conj], axis=0)

    conjs = [
        c
        for k in range(1, len(names) + 1)
        for c in itertools.combinations(lits, k)
        if len({n for n, _ in c}) == k and holds(c).any()
    ]
    suff = [c for c in conjs if not (holds(c) & ~y).any()]
    msc = [c for c in suff if not any(set(d) < set(c) for d in suff)]
    found: list[frozenset[tuple[tuple[str, int], ...]]] = []
    for k in range(1, len(msc) + 1):
        for combo in itertools.combinations(msc, k):
            s = frozenset(combo)
            if any(f < s for f in found):
                continue
            if (np.any([holds(c) for c in combo], axis=0) == y).all():
                found.append(s)
    return {"+".join(sorted("*".join(write(n, v) for n, v in c) for c in s)) for s in found}


def _unordered(condition: str) -> str:
    return "+".join(sorted(condition.split("<->")[0].split("+")))


def test_multi_value_hand_worked_example() -> None:
    # A in {0, 1, 2}, B in {0, 1}; E = 2 when A=2 or A=1*B=1, E = 1 when A=1*B=0, else 0
    df = pd.DataFrame({"A": [0, 1, 2, 0, 1, 2], "B": [0, 0, 0, 1, 1, 1],
                       "E": [0, 1, 2, 0, 2, 2]})  # fmt: skip
    res = cna(df, outcomes=["E"])
    assert res.type == "mv" and not res.fuzzy
    assert res.asf["outcome"].tolist() == ["E=0", "E=1", "E=2"]  # R's order: values ascending
    for value in (0, 1, 2):
        got = res.asf[res.asf["outcome"] == f"E={value}"]["condition"]
        assert {_unordered(c) for c in got} == _brute_force_dnfs(df, "E", value, mv=True)
    assert res.asf["condition"].tolist() == ["A=0<->E=0", "A=1*B=0<->E=1", "A=2+A=1*B=1<->E=2"]
    assert res.asf["complexity"].tolist() == [1, 2, 3]
    # E=1 follows from the other two asf over A x B x E (E has three values): the csf drop it
    assert res.csf["condition"].tolist() == [
        "(A=0<->E=0)*(A=1*B=0<->E=1)",
        "(A=0<->E=0)*(A=2+A=1*B=1<->E=2)",
        "(A=1*B=0<->E=1)*(A=2+A=1*B=1<->E=2)",
    ]
    # exhaustiveness of A=0<->E=0: 5 of the 9 (A, E) configurations are compatible, 4 occur
    row = res.asf.iloc[0]
    assert row.exhaustiveness == pytest.approx(0.8) and row.faithfulness == 1.0
    for table in (res.asf, res.csf):
        for r in table.itertuples(index=False):
            assert (r.exhaustiveness, r.faithfulness) == pytest.approx(_exff(r.condition, df))
    # the msc are written X=v and searched over the values that occur
    assert "A=2->E=2" in res.msc["condition"].tolist()
    assert cna(df, outcomes=["E=2"]).asf["condition"].tolist() == ["A=2+A=1*B=1<->E=2"]


def test_multi_value_thresholds_use_indicators() -> None:
    df = pd.DataFrame({"A": [0, 1, 2, 2, 2, 1, 0, 2], "B": [1, 0, 1, 0, 1, 1, 0, 0],
                       "E": [0, 1, 2, 2, 1, 1, 0, 2]})  # fmt: skip
    res = cna(df, outcomes=["E=2"], con=0.7, cov=0.7)
    assert len(res.asf)
    for r in res.asf.itertuples(index=False):
        con, cov = _con_cov(r.condition, df)
        assert r.con == pytest.approx(con) and r.cov == pytest.approx(cov)
        assert con >= 0.7 and cov >= 0.7
    assert "A=2<->E=2" in res.asf["condition"].tolist()  # 3 of 4 cases with A=2 have E=2


def test_outcome_spellings_and_their_errors() -> None:
    educate = _educate()
    assert cna(educate, outcomes=["E=1"]).asf.equals(cna(educate, outcomes=["E"]).asf)
    with pytest.raises(ValidationError, match="present"):
        cna(educate, outcomes=["E=0"])
    with pytest.raises(ValidationError, match="unknown outcome"):
        cna(educate, outcomes=["Z"])
    mv = pd.DataFrame({"A": [0, 1, 2], "E": [0, 1, 1]})
    with pytest.raises(ValidationError, match="'E' never takes the value 2"):
        cna(mv, outcomes=["E=2"])
    with pytest.raises(ValidationError, match="whole number"):
        cna(mv, outcomes=["E=x"])
    # mv names need no upper-case letter (nothing is written in lower case)
    assert cna(mv.rename(columns=str.lower), outcomes=["e=1"]).asf["condition"].tolist() == [
        "a=1+a=2<->e=1"
    ]
    # crisp values read as multi-value on request: literals written X=v
    as_mv = cna(educate, outcomes=["E=1"], type="mv")
    assert as_mv.type == "mv"
    assert as_mv.asf["condition"].tolist() == ["L=1+G=1<->E=1", "U=1+D=1+G=1<->E=1"]


@st.composite
def _structures(draw: st.DrawFn, mv: bool) -> tuple[pd.DataFrame, str]:
    """Y from a DNF of one or two terms over a complete grid of 2-4 factors (the first
    two with up to three values when `mv`); the DNF written as cna writes it."""
    n = draw(st.integers(2, 3 if mv else 4))
    levels = [draw(st.integers(2, 3)) if mv and i < 2 else 2 for i in range(n)]
    names = [chr(ord("A") + i) for i in range(n)]
    used = draw(st.integers(2, min(3, n)))
    terms = []
    for _ in range(draw(st.integers(1, 2))):
        which = draw(st.permutations(names[:used]))[: draw(st.integers(1, used))]
        terms.append(sorted((f, draw(st.integers(0, levels[names.index(f)] - 1))) for f in which))
    df = pd.DataFrame(list(itertools.product(*(range(k) for k in levels))), columns=names)
    df["Y"] = np.any([np.all([df[f] == v for f, v in t], axis=0) for t in terms], axis=0)
    df["Y"] = df["Y"].astype(int)

    def write(f: str, v: int) -> str:
        return f"{f}={v}" if mv else f if v else f.lower()

    return df, "+".join(sorted("*".join(write(f, v) for f, v in t) for t in terms))


@pytest.mark.parametrize("mv", [False, True], ids=["crisp", "multi-value"])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_true_structure_is_among_the_solutions(mv: bool, data: st.DataObject) -> None:
    df, true = data.draw(_structures(mv))
    if df["Y"].nunique() < 2:
        return  # a constant outcome has no causal structure
    res = cna(df, outcomes=["Y=1"], type="mv" if mv else "cs", maxstep=(4, 4, 12))
    got = {_unordered(c) for c in res.asf["condition"]}
    # cna finds exactly the minimal DNFs of the data-generating function ...
    minimal = _brute_force_dnfs(df, "Y", 1, mv=mv)
    assert got == minimal and got
    # ... so the true structure, once made minimal, is one of them
    if true in minimal:  # the true structure as drawn, when it has no redundant part
        assert true in got
    for r in res.asf.itertuples(index=False):
        x, y = _sides(r.condition, df)
        assert (x == y).all() and r.con == 1.0 and r.cov == 1.0


# --- orderings --------------------------------------------------------------------------


def test_csf_order_follows_r_minimalize_csf() -> None:
    """The order R cna 4.0's csf() gives, derived by hand from its source: the 8
    initial csf (A's asf varying slowest) are all reducible; their reductions, in
    the order met, sorted by complexity, con * cov and outcomes (R's outcomeOrder)."""
    df = pd.DataFrame({"A": [1, 0], "B": [1, 0], "C": [1, 0]})
    assert cna(df).csf["condition"].tolist() == [
        "(B<->A)*(C<->B)", "(C<->A)*(A<->B)", "(C<->A)*(C<->B)",
        "(B<->A)*(A<->C)", "(B<->A)*(B<->C)", "(C<->A)*(B<->C)",
        "(A<->B)*(A<->C)", "(A<->B)*(B<->C)", "(C<->B)*(A<->C)",
    ]  # fmt: skip
    # (D<->C)*(C<->D) reduces to one asf, a part of other csf, and is dropped
    df = pd.DataFrame({"A": [1, 0, 1, 0], "B": [1, 0, 0, 1], "C": [1, 0, 1, 1],
                       "D": [1, 0, 1, 1]})  # fmt: skip
    assert cna(df).csf["condition"].tolist() == [
        "(D<->C)*(A+B<->D)",
        "(A+B<->C)*(C<->D)",
        "(A+B<->C)*(A+B<->D)",
    ]


def test_head_with_ties_and_n_init() -> None:
    from realist.analysis.cna import _head_with_ties

    assert _head_with_ties([1, 2, 3], 5) == 3
    assert _head_with_ties([1, 1, 2, 2, 3], 3) == 4  # the tie with the third row is kept
    assert _head_with_ties([1, 1, 1], 1) == 3
    assert _head_with_ties([1, 2, 2], 1) == 1
    df = pd.DataFrame({"A": [1, 0], "B": [1, 0], "C": [1, 0]})
    with pytest.warns(RealistWarning, match="n.init"):
        few = cna(df, max_csf=2)
    assert len(few.csf) < len(cna(df).csf)


def test_import_does_not_load_numpy_or_pandas() -> None:
    """The module itself imports numpy and pandas only when cna() runs (realist's own
    __init__ is bypassed: other modules it imports are not this test's business)."""
    src = Path(rl.__file__).parent
    code = (
        "import sys, types\n"
        f"for name, path in (('realist', {str(src)!r}), "
        f"('realist.analysis', {str(src / 'analysis')!r})):\n"
        "    m = types.ModuleType(name); m.__path__ = [path]; sys.modules[name] = m\n"
        "import realist.analysis.cna\n"
        "print(sorted(m for m in ('numpy', 'pandas') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_csf_inus_checks_of_r_cna_4() -> None:
    from realist.analysis.cna import _AsfRow, _csf_inus, _Data

    names = ["A", "B", "D", "F", "E"]
    d = _Data(names, np.zeros((1, 5)), np.ones(1), "cs", ((1, 0),) * 5)
    a, b, dd, f = (0, 1), (1, 1), (2, 1), (3, 1)
    chain = _AsfRow((2, 1), "D", "A*B<->D", ((a, b),), 1.0, 1.0, 2)
    plain = _AsfRow((4, 1), "E", "D+F<->E", ((dd,), (f,)), 1.0, 1.0, 2)
    assert _csf_inus([chain, plain], d)
    # where A*B<->D holds, D implies B: B in B*D+F is redundant (partial structural
    # redundancy), though B*D+F is INUS on its own
    partial = _AsfRow((4, 1), "E", "B*D+F<->E", ((b, dd), (f,)), 1.0, 1.0, 3)
    assert not _csf_inus([chain, partial], d)
    assert _csf_inus([partial], d)


def test_constant_outcomes_and_constant_factors() -> None:
    from realist.analysis.cna import _AsfRow, _csf_inus, _Data

    # C is 1 in every case: A+b<->C has con = cov = 1, but where condition and outcome
    # agree C never varies, so R's asf.selection = "cs" drops it (and every asf of C)
    df = pd.DataFrame({"A": [0, 1, 1, 1, 1], "B": [0, 0, 1, 0, 1], "C": [1, 1, 1, 1, 1],
                       "D": [1, 0, 1, 0, 0]})  # fmt: skip
    res = cna(df)
    assert res.asf["condition"].tolist() == ["B+d<->A"]
    assert "C" not in set(cna(df, con=0.5, cov=0.5).asf["outcome"])
    from realist.analysis.cna import _varies

    # rounded as R's C_round: 0.5 goes to 0
    assert _varies(np.array([0.5, 1.0]), np.array([0.0, 1.0]))
    assert not _varies(np.array([0.6, 1.0]), np.array([0.0, 1.0]))
    # (B+d<->A)*(A+b<->C) forces C = B+d+b = 1 wherever it holds: R's constFact
    d = _Data(list("ABCD"), np.zeros((1, 4)), np.ones(1), "cs", ((1, 0),) * 4)
    first = _AsfRow((0, 1), "A", "B+d<->A", (((1, 1),), ((3, 0),)), 1.0, 1.0, 2)
    second = _AsfRow((2, 1), "C", "A+b<->C", (((0, 1),), ((1, 0),)), 1.0, 1.0, 2)
    assert not _csf_inus([first, second], d)
    third = _AsfRow((2, 1), "C", "A*D<->C", (((0, 1), (3, 1)),), 1.0, 1.0, 2)
    assert _csf_inus([first, third], d)


@st.composite
def _chains(draw: st.DrawFn) -> tuple[pd.DataFrame, str, str]:
    """A chain over a complete grid of exogenous factors A-D: D1 from A-C, then E from
    D1 and D (``X<->D1``, ``Y<->E``), as minimal DNFs written in cna's syntax."""
    exo = list("ABCD")
    grid = pd.DataFrame(list(itertools.product((0, 1), repeat=4)), columns=exo)

    def dnf(factors: list[str]) -> list[list[tuple[str, int]]]:
        terms = []
        for _ in range(draw(st.integers(1, 2))):
            which = draw(st.permutations(factors))[: draw(st.integers(1, 2))]
            terms.append(sorted((f, draw(st.sampled_from((0, 1)))) for f in which))
        return terms

    def value(frame: pd.DataFrame, terms: list[list[tuple[str, int]]]) -> np.ndarray:
        return np.any([np.all([frame[f] == v for f, v in t], axis=0) for t in terms], axis=0)

    def write(terms: list[list[tuple[str, int]]]) -> str:
        return "+".join(sorted("*".join(f if v else f.lower() for f, v in t) for t in terms))

    first = dnf(["A", "B", "C"])
    grid["M"] = value(grid, first).astype(int)
    second = [[("M", 1)], *dnf(["D"])[:1]]
    grid["Y"] = value(grid, second).astype(int)
    return grid, write(first), write(second)


@settings(max_examples=30, deadline=None)
@given(_chains())
def test_true_chain_is_among_the_csf(case: tuple[pd.DataFrame, str, str]) -> None:
    df, first, second = case
    if df["M"].nunique() < 2 or df["Y"].nunique() < 2:
        return
    res = cna(df, outcomes=["M", "Y"])
    asf = {(r.outcome, _unordered(r.condition)) for r in res.asf.itertuples(index=False)}
    if ("M", first) not in asf or ("Y", second) not in asf:
        return  # the structure as drawn has a redundant part: its minimal form is another
    csf = [{(a.split("<->")[1], _unordered(a)) for a in _asfs(c)} for c in res.csf["condition"]]
    assert {("M", first), ("Y", second)} in csf
