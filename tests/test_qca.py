"""QCA: truth tables, minimisation, necessity, calibration (against R QCA)."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import require_shared
from realist.analysis import _qca_min as qm
from realist.analysis.qca import (
    Solution,
    TruthTable,
    calibrate,
    minimize,
    necessity,
    truth_table,
)
from realist.errors import RealistError, RealistWarning, UnknownIdError, ValidationError

DE = {"DEV": 1, "URB": 1, "LIT": 1, "IND": 1, "STB": 1}


def _samples() -> Path:
    return require_shared("samples", "qca")


@pytest.fixture(scope="module")
def lc() -> pd.DataFrame:
    return pd.read_csv(_samples() / "LC.csv", index_col="case")


@pytest.fixture(scope="module")
def lf() -> pd.DataFrame:
    return pd.read_csv(_samples() / "LF.csv", index_col="case")


def fit(sol: Solution) -> list[tuple[str, str, str, str, str]]:
    """Terms and the model, rounded as R prints them."""
    m = sol.models[0]
    rows = [
        (
            t.expression,
            f"{t.inclusion:.3f}",
            f"{t.pri:.3f}",
            f"{t.coverage:.3f}",
            "" if t.unique_coverage is None else f"{t.unique_coverage:.3f}",
        )
        for t in m.terms
    ]
    rows.append(("(model)", f"{m.inclusion:.3f}", f"{m.pri:.3f}", f"{m.coverage:.3f}", ""))
    return rows


# --------------------------------------------------------------- R QCA: Lipset


@pytest.mark.samples
def test_lc_surv_conservative(lc: pd.DataFrame) -> None:
    sol = minimize(truth_table(lc, "SURV", incl_cut=1))
    assert len(sol.models) == 1
    assert sol.expression == "DEV*~URB*LIT*STB + DEV*LIT*IND*STB"
    assert fit(sol) == [
        ("DEV*~URB*LIT*STB", "1.000", "1.000", "0.500", "0.250"),
        ("DEV*LIT*IND*STB", "1.000", "1.000", "0.750", "0.500"),
        ("(model)", "1.000", "1.000", "1.000", ""),
    ]


@pytest.mark.samples
def test_lc_surv_parsimonious_and_intermediate(lc: pd.DataFrame) -> None:
    tt = truth_table(lc, "SURV", incl_cut=1)
    pars = minimize(tt, include="?")
    assert pars.kind == "parsimonious"
    assert fit(pars) == [
        ("DEV*STB", "1.000", "1.000", "1.000", ""),
        ("(model)", "1.000", "1.000", "1.000", ""),
    ]
    inter = minimize(tt, include="?", dir_exp=DE)
    assert inter.kind == "intermediate"
    assert [m.expression for m in inter.models] == ["DEV*LIT*STB"]
    assert (inter.inclusion, inter.pri, inter.coverage) == (1.0, 1.0, 1.0)


@pytest.mark.samples
def test_lc_negated_outcome(lc: pd.DataFrame) -> None:
    tt = truth_table(lc, "~SURV", incl_cut=1)
    assert tt.outcome == "~SURV"
    assert fit(minimize(tt))[:2] == [
        ("~DEV*~URB*~IND", "1.000", "1.000", "0.800", "0.800"),
        ("DEV*LIT*IND*~STB", "1.000", "1.000", "0.200", "0.200"),
    ]
    assert fit(minimize(tt, include="?"))[:2] == [
        ("~DEV", "1.000", "1.000", "0.800", "0.300"),
        ("~STB", "1.000", "1.000", "0.700", "0.200"),
    ]


@pytest.mark.samples
def test_lf_truth_table(lf: pd.DataFrame) -> None:
    tt = truth_table(lf, "SURV", incl_cut=0.8)
    pos = [
        (r.configuration, r.n, round(r.inclusion, 3), round(r.pri, 3), r.cases) for r in tt.positive
    ]
    assert pos == [
        ((1, 0, 1, 0, 1), 2, 0.804, 0.719, ("FI", "IE")),
        ((1, 1, 1, 1, 1), 4, 0.904, 0.886, ("BE", "CZ", "NL", "UK")),
    ]
    frame = tt.to_frame()
    assert list(frame.columns) == [
        "DEV",
        "URB",
        "LIT",
        "IND",
        "STB",
        "OUT",
        "n",
        "incl",
        "PRI",
        "cases",
    ]
    assert frame.index.tolist() == sorted(frame.index.tolist())  # R's row order
    assert frame.loc[32, "cases"] == "BE,CZ,NL,UK"
    assert sum(r.n for r in tt.rows) == 18
    assert "BE,CZ,NL,UK" in repr(tt)
    assert "<table" in tt._repr_html_()


@pytest.mark.samples
def test_lf_surv_all_solutions(lf: pd.DataFrame) -> None:
    tt = truth_table(lf, "SURV", incl_cut=0.8)
    assert fit(minimize(tt)) == [
        ("DEV*URB*LIT*IND*STB", "0.904", "0.886", "0.454", "0.393"),
        ("DEV*~URB*LIT*~IND*STB", "0.804", "0.719", "0.265", "0.204"),
        ("(model)", "0.870", "0.843", "0.658", ""),
    ]
    assert fit(minimize(tt, include="?")) == [
        ("DEV*~IND", "0.815", "0.721", "0.284", "0.194"),
        ("URB*STB", "0.874", "0.845", "0.520", "0.430"),
        ("(model)", "0.850", "0.819", "0.714", ""),
    ]
    inter = minimize(tt, include="?", dir_exp=DE)
    assert fit(inter) == [
        ("DEV*URB*LIT*STB", "0.901", "0.879", "0.468", "0.378"),
        ("DEV*LIT*~IND*STB", "0.814", "0.721", "0.282", "0.191"),
        ("(model)", "0.866", "0.839", "0.660", ""),
    ]
    m = inter.models[0]
    assert m.label == "C1P1"
    # easy counterfactuals are a subset of the parsimonious model's assumptions
    assert set(m.easy_counterfactuals) <= set(m.simplifying_assumptions)
    assert set(m.easy_counterfactuals) | set(m.difficult_counterfactuals) == set(
        m.simplifying_assumptions
    )
    assert 30 in m.easy_counterfactuals  # 11101: DEV URB LIT ~IND STB
    cf = inter.counterfactuals()
    assert set(cf["type"]) == {"easy", "difficult"}


@pytest.mark.samples
def test_lf_negated_outcome(lf: pd.DataFrame) -> None:
    tt = truth_table(lf, "~SURV", incl_cut=0.8)
    assert fit(minimize(tt)) == [
        ("~DEV*~URB*~IND", "0.886", "0.854", "0.678", "0.582"),
        ("DEV*LIT*IND*~STB", "0.981", "0.973", "0.220", "0.124"),
        ("(model)", "0.897", "0.871", "0.803", ""),
    ]
    assert fit(minimize(tt, include="?")) == [
        ("~DEV", "0.837", "0.798", "0.783", "0.231"),
        ("~STB", "0.902", "0.871", "0.657", "0.105"),
        ("(model)", "0.849", "0.816", "0.888", ""),
    ]


@pytest.mark.samples
def test_necessity_lf(lf: pd.DataFrame) -> None:
    nec = necessity(truth_table(lf, "SURV", incl_cut=0.8))
    assert list(nec.index[:2]) == ["DEV", "~DEV"]
    x, y = lf["STB"], lf["SURV"]
    xy = np.minimum(x, y)
    assert nec.loc["STB", "inclN"] == pytest.approx(xy.sum() / y.sum())
    assert nec.loc["STB", "covN"] == pytest.approx(xy.sum() / x.sum())
    assert nec.loc["STB", "RoN"] == pytest.approx((1 - x).sum() / (1 - xy).sum())
    assert nec.equals(necessity(lf, "SURV"))


# ------------------------------------------------------------ R conventions


def test_inclusion_cut_tolerance() -> None:
    # 3/4 computed in floating point can land just below 0.75; R still passes it
    df = pd.DataFrame({"A": [1, 1, 1, 1, 0], "Y": [1, 1, 1, 0, 0]})
    tt = truth_table(df, "Y", incl_cut=0.75 + 1e-10)
    assert [r.out for r in tt.rows] == ["0", "1"]
    assert truth_table(df, "Y", incl_cut=0.76).rows[1].out == "0"


def test_two_inclusion_cuts_give_contradictions() -> None:
    df = pd.DataFrame({"A": [1, 1, 1, 1, 0, 0], "B": [1, 1, 0, 0, 1, 0], "Y": [1, 1, 1, 0, 0, 0]})
    tt = truth_table(df, "Y", incl_cut=(1, 0.5))
    assert {r.configuration: r.out for r in tt.rows} == {
        (0, 0): "0",
        (0, 1): "0",
        (1, 0): "C",
        (1, 1): "1",
    }
    assert minimize(tt, include="?").expression == "A*B"


def test_n_cut_makes_remainders() -> None:
    df = pd.DataFrame({"A": [1, 1, 0, 0, 1], "B": [1, 1, 0, 1, 0], "Y": [1, 1, 0, 0, 1]})
    tt = truth_table(df, "Y", n_cut=2)
    assert {r.row: r.out for r in tt.rows} == {1: "?", 2: "?", 3: "?", 4: "1"}
    assert minimize(tt).expression == "A*B"
    with pytest.raises(ValidationError, match="minimised away"):
        minimize(tt, include="?")  # no negative row left: R refuses too


def test_several_equally_minimal_models_in_r_order() -> None:
    # the classic cyclic chart: positive 0,1,2,5,6,7 over three conditions
    rows = [0, 1, 2, 5, 6, 7]
    df = pd.DataFrame(
        [[*qm_config(r), 1] for r in rows] + [[*qm_config(r), 0] for r in (3, 4)],
        columns=["A", "B", "C", "Y"],
    )
    sol = minimize(truth_table(df, "Y"))
    assert [m.label for m in sol.models] == ["M1", "M2"]
    # terms in R's prime implicant order (sort_matrix), models in lexicographic order
    assert [m.expression for m in sol.models] == [
        "~A*~B + A*C + B*~C",
        "~A*~C + A*B + ~B*C",
    ]
    assert sol.terms == sol.models[0].terms
    assert sol.essential == ()
    assert len(sol.prime_implicants) == 6
    frame = sol.to_frame()
    assert set(frame["model"]) == {"M1", "M2"}
    one = minimize(truth_table(df, "Y"), first_min=True)
    assert len(one.models) == 1
    assert not one.exhaustive


def qm_config(row: int, k: int = 3) -> list[int]:
    return [(row >> (k - 1 - i)) & 1 for i in range(k)]


def test_dir_exp_forms_agree() -> None:
    df = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "C": [1, 1, 0, 1], "Y": [1, 1, 0, 0]})
    tt = truth_table(df, "Y")
    a = minimize(tt, include="?", dir_exp={"A": 1, "C": 1})
    b = minimize(tt, include="?", dir_exp=["A", "C"])
    c = minimize(tt, include="?", dir_exp="A, C")
    assert a.expression == b.expression == c.expression == "A*C"
    # an expectation against the conservative literal makes it an easy counterfactual
    d = minimize(tt, include="?", dir_exp={"C": 0})
    assert d.expression == "A"


def test_fuzzy_half_membership_warns() -> None:
    df = pd.DataFrame({"A": [0.5, 0.9, 0.1], "Y": [1, 1, 0]}, index=["x", "y", "z"])
    with pytest.warns(RealistWarning, match="x"):
        tt = truth_table(df, "Y")
    assert sum(r.n for r in tt.rows) == 2


def test_results_are_frozen_and_display() -> None:
    df = pd.DataFrame({"A": [1, 0, 1], "B": [1, 1, 0], "Y": [1, 0, 0]})
    tt = truth_table(df, "Y")
    sol = minimize(tt)
    with pytest.raises(AttributeError):
        sol.kind = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        tt.outcome = "x"  # type: ignore[misc]
    assert "M1: A*B -> Y" in repr(sol)
    assert repr(sol.models[0]) == "M1: A*B -> Y"
    assert repr(sol.terms[0]).startswith("A*B")
    assert "<table" in sol._repr_html_()
    assert "<table" in sol.models[0]._repr_html_()
    assert isinstance(tt, TruthTable)
    assert tt.to_frame(complete=True).shape[0] == 4


# ------------------------------------------------------------------ calibrate


def test_calibrate_direct_method() -> None:
    out = calibrate([0, 1, 5, 9, 20], 1, 5, 9)
    assert out[1] == pytest.approx(0.05)
    assert out[2] == pytest.approx(0.5)
    assert out[3] == pytest.approx(0.95)
    assert np.all(np.diff(out) > 0)
    s = calibrate(pd.Series([1.0, 9.0], index=["a", "b"], name="gdp"), 1, 5, 9)
    assert list(s.index) == ["a", "b"]
    assert s.name == "gdp"
    down = calibrate([10, 20, 30], exclusion=30, crossover=20, inclusion=10)
    assert down.tolist() == pytest.approx([0.95, 0.5, 0.05])


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (([1, 2], 5, 5, 9), "monotone"),
        ((["a"], 1, 5, 9), "'a'"),
        (([1.0, float("nan")], 1, 5, 9), "NaN"),
    ],
)
def test_calibrate_errors(args: tuple[object, ...], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        calibrate(*args)  # type: ignore[arg-type]


# --------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"outcome": "Z"}, UnknownIdError, "unknown outcome column 'Z'; available: A, B, Y"),
        ({"outcome": "Y", "conditions": ["A", "XYZ"]}, UnknownIdError, "'XYZ'"),
        ({"outcome": "Y", "conditions": ["A", "A"]}, ValidationError, "twice"),
        ({"outcome": "Y", "conditions": ["A", "Y"]}, ValidationError, "both"),
        ({"outcome": "Y", "incl_cut": 1.5}, ValidationError, "incl_cut"),
        ({"outcome": "Y", "incl_cut": (0.5, 0.8)}, ValidationError, "second"),
        ({"outcome": "Y", "n_cut": 0}, ValidationError, "n_cut"),
        ({"outcome": "Y", "n_cut": 9}, ValidationError, "n_cut=9"),
        ({"outcome": "Y", "incl_cut": True}, ValidationError, "incl_cut must be a number.*True"),
        ({"outcome": "Y", "incl_cut": (1, False)}, ValidationError, r"incl_cut.*\(1, False\)"),
        ({"outcome": "Y", "incl_cut": "0.8"}, ValidationError, "incl_cut.*'0.8'"),
        ({"outcome": "Y", "pri_cut": True}, ValidationError, "pri_cut must be a number.*True"),
        ({"outcome": "Y", "pri_cut": np.float64(1.5)}, ValidationError, "pri_cut"),
        ({"outcome": "Y", "pri_cut": "0.5"}, ValidationError, "pri_cut.*'0.5'"),
        ({"outcome": True}, ValidationError, "outcome must be .* got True"),
        ({"outcome": "Y", "conditions": True}, ValidationError, "conditions must be"),
    ],
)
def test_truth_table_errors(kwargs: dict[str, object], exc: type[Exception], match: str) -> None:
    df = pd.DataFrame({"A": [1, 0], "B": [0, 1], "Y": [1, 0]})
    with pytest.raises(exc, match=match):
        truth_table(df, **kwargs)  # type: ignore[arg-type]


def test_integer_column_labels() -> None:
    df = pd.DataFrame({0: [1, 0, 1], 1: [1, 1, 0], 2: [1, 0, 0]})
    tt = truth_table(df, "2")
    assert tt.conditions == ("0", "1") and tt.outcome == "2"
    assert [(r.configuration, r.out) for r in tt.rows] == [
        ((0, 1), "0"),
        ((1, 0), "0"),
        ((1, 1), "1"),
    ]
    assert truth_table(df, 2, [0, 1]) == tt
    assert truth_table(df, np.int64(2), ["0", np.int64(1)]) == tt
    assert truth_table(df, "~2").outcome == "~2"
    assert minimize(tt).expression == "0*1"
    assert list(necessity(df, 2).index) == ["0", "~0", "1", "~1"]
    named = df.rename_axis("case").reset_index()
    assert truth_table(named, 2, case_column="case").case_ids == ("0", "1", "2")
    with pytest.raises(UnknownIdError, match="unknown outcome column '3'; available: 0, 1, 2"):
        truth_table(df, 3)
    with pytest.raises(UnknownIdError, match="unknown condition column '5'"):
        truth_table(df, 2, [0, 5])


def test_duplicate_column_names_are_named() -> None:
    df = pd.DataFrame([[1, 0, 1], [0, 1, 0]], columns=["A", "A", "Y"])
    with pytest.raises(ValidationError, match=r"duplicate column names: 'A' \(2 columns"):
        truth_table(df, "Y")
    with pytest.raises(ValidationError, match="duplicate column names: 'A'"):
        necessity(df, "Y")
    # Labels that read the same as set names: the integer 1 and the string "1".
    clash = pd.DataFrame([[1, 0, 1], [0, 1, 0]], columns=[1, "1", "Y"])
    with pytest.raises(ValidationError, match=r"'1' \(2 columns: 1, '1'\)"):
        truth_table(clash, "Y")


def test_numpy_numbers_as_cuts() -> None:
    df = pd.DataFrame({"A": [1, 1, 0, 0, 1], "B": [1, 0, 1, 0, 1], "Y": [1, 0, 0, 0, 1]})
    plain = truth_table(df, "Y", incl_cut=0.8, pri_cut=0.5, n_cut=1)
    numpy = truth_table(
        df, "Y", incl_cut=np.float32(0.8), pri_cut=np.float64(0.5), n_cut=np.int64(1)
    )
    assert [(r.row, r.out) for r in numpy.rows] == [(r.row, r.out) for r in plain.rows]
    assert numpy.incl_cut == pytest.approx(plain.incl_cut) and numpy.pri_cut == 0.5
    assert type(numpy.pri_cut) is float and type(numpy.n_cut) is int
    pair = truth_table(df, "Y", incl_cut=np.array([0.9, 0.4]))
    assert pair.incl_cut == (0.9, 0.4)
    assert truth_table(df, "Y", incl_cut=(np.float32(1), 0.5)).incl_cut == (1.0, 0.5)


def test_bad_data_errors() -> None:
    with pytest.raises(ValidationError, match="'high'"):
        truth_table(pd.DataFrame({"A": ["high", "low"], "Y": [1, 0]}), "Y")
    with pytest.raises(ValidationError, match="outside"):
        truth_table(pd.DataFrame({"A": [3.0, 0], "Y": [1, 0]}), "Y")
    with pytest.raises(ValidationError, match="missing"):
        truth_table(pd.DataFrame({"A": [np.nan, 0], "Y": [1, 0]}), "Y")
    with pytest.raises(ValidationError, match="DataFrame"):
        truth_table([[1, 0]], "Y")  # type: ignore[arg-type]
    tt = truth_table(pd.DataFrame({"A": [1, 0], "Y": [0, 0]}), "Y")
    with pytest.raises(ValidationError, match="OUT = 1"):
        minimize(tt)
    with pytest.raises(ValidationError, match="include"):
        minimize(tt, include="C")
    with pytest.raises(RealistError):
        minimize("tt")  # type: ignore[arg-type]
    ok = truth_table(pd.DataFrame({"A": [1, 0], "Y": [1, 0]}), "Y")
    with pytest.raises(ValidationError, match="remainders"):
        minimize(ok, dir_exp={"A": 1})
    with pytest.raises(UnknownIdError, match="'Q'"):
        minimize(ok, include="?", dir_exp={"Q": 1})


# ------------------------------------------------- minimiser vs brute force


def _brute_primes(pos: set[int], dc: set[int], k: int) -> set[tuple[int, int]]:
    allowed = pos | dc
    imps = set()
    for mask in range(1 << k):
        for bits in range(1 << k):
            if bits & ~mask:
                continue
            rows = {r for r in range(1 << k) if r & mask == bits}
            if rows <= allowed and rows & pos:
                imps.add((mask, bits))
    primes = set()
    for mask, bits in imps:
        m = mask
        prime = True
        while m:
            b = m & -m
            m ^= b
            if (mask ^ b, bits & ~b) in imps:
                prime = False
        if prime:
            primes.add((mask, bits))
    return primes


@st.composite
def tables(draw: st.DrawFn) -> tuple[int, list[str]]:
    k = draw(st.integers(2, 4))
    outs = draw(st.lists(st.sampled_from("01?"), min_size=1 << k, max_size=1 << k))
    if "1" not in outs:
        outs[0] = "1"
    return k, outs


@settings(max_examples=60, deadline=None)
@given(tables(), st.booleans())
def test_minimiser_against_brute_force(table: tuple[int, list[str]], remainders: bool) -> None:
    k, outs = table
    pos = {r for r, o in enumerate(outs) if o == "1"}
    dc = {r for r, o in enumerate(outs) if o == "?"} if remainders else set()
    neg = set(range(1 << k)) - pos - dc
    expected = _brute_primes(pos, dc, k)
    if remainders:
        got = set(qm.prime_implicants(sorted(pos), sorted(neg), k))
    else:
        got = set(qm.qmc(sorted(pos), k))
    assert got == expected
    primes = sorted(got)
    matrix = qm.chart_matrix(primes, sorted(pos))
    res = qm.minimal_covers(matrix)
    best = min(
        n
        for n in range(1, len(primes) + 1)
        for c in itertools.combinations(range(len(primes)), n)
        if matrix[list(c)].any(axis=0).all()
    )
    every = sorted(
        c
        for c in itertools.combinations(range(len(primes)), best)
        if matrix[list(c)].any(axis=0).all()
    )
    assert res.covers == every
    for cover in res.covers:
        covered = set()
        for i in cover:
            covered |= {r for r in range(1 << k) if r & primes[i][0] == primes[i][1]}
        assert pos <= covered <= pos | dc


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 1), st.integers(0, 1), st.integers(0, 1), st.integers(0, 1)),
        min_size=4,
        max_size=30,
    )
)
def test_solutions_cover_exactly_the_positive_rows(cases: list[tuple[int, ...]]) -> None:
    df = pd.DataFrame(cases, columns=["A", "B", "C", "Y"])
    tt = truth_table(df, "Y")
    if not tt.positive:
        return
    pos = {r.row - 1 for r in tt.positive}
    neg = {r.row - 1 for r in tt.rows if r.out == "0"}
    for include in ("", "?"):
        if include and not neg:
            continue
        for m in minimize(tt, include=include).models:
            rows = set()
            for t in m.terms:
                imp = _imp(t.implicant)
                rows |= {r for r in range(8) if r & imp[0] == imp[1]}
            assert pos <= rows
            assert not rows & neg
            if not include:
                assert rows == pos


def _imp(code: tuple[int, ...]) -> tuple[int, int]:
    k = len(code)
    mask = sum(1 << (k - 1 - i) for i, c in enumerate(code) if c)
    bits = sum(1 << (k - 1 - i) for i, c in enumerate(code) if c == 2)
    return mask, bits


def test_r_order_matches_r_quirk() -> None:
    # R sorts ~X before X within a column, except when every implicant names it
    imps = [(0b111, 0b101), (0b111, 0b111)]
    assert qm.r_order(imps, 3) == [1, 0]
    imps = [(0b110, 0b100), (0b100, 0b000)]
    assert [qm.codes(imps[i], 3) for i in qm.r_order(imps, 3)] == [(1, 0, 0), (2, 1, 0)]
