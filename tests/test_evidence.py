"""evidence_table, verify_quotes, coder_agreement and cohen_kappa."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import realist as rl
from realist.analysis.evidence import coder_agreement, cohen_kappa, evidence_table, verify_quotes
from realist.errors import Problem, UnknownIdError, ValidationError
from realist.model import Project

TRANSCRIPT = "Q: How did it start?\nA: We had worked  together\nfor years. Then the PCG came."


def _project() -> Project:
    p = Project(title="t")
    _ = p.add_theme("vision", "Vision")
    _ = p.add_case("a", region="north")
    _ = p.add_case("b", region="south")
    _ = p.add_source("int-1", kind="interview", case="a", informant="P1", text=TRANSCRIPT)
    _ = p.add_source("int-2", kind="interview", case="a", informant="P1")  # second interview
    _ = p.add_source("int-3", kind="interview", case="b", role="manager")  # no informant
    _ = p.add_source("doc-1", kind="document", case="a", role="manager")
    _ = p.add_source("obs-1", kind="observation", case="b")
    ev = {
        "e1": p.add_evidence(source="int-1", id="e1", quote="We had worked together for years."),
        "e2": p.add_evidence(source="int-1", id="e2", quote="the PCG came", stance="refutes"),
        "e3": p.add_evidence(source="int-2", id="e3", quote="anything", stance="mixed"),
        "e4": p.add_evidence(source="int-3", id="e4", quote="x"),
        "e5": p.add_evidence(source="doc-1", id="e5", quote="y"),
        "e6": p.add_evidence(source="obs-1", id="e6", quote="z"),
        "bad": p.add_evidence(source="int-1", id="bad", quote="we never worked together"),
    }
    m = p.add_mechanism("Champions", id="m")
    o = p.add_outcome("Vision", id="o")
    p.add_configuration(
        case="a", id="k1", mechanisms=m, outcomes=o, themes=["vision"], status="supported",
        confidence="high", evidence=[ev["e1"], ev["e2"], ev["e3"], ev["e5"]],
    )  # fmt: skip
    p.add_configuration(case="a", id="k2", mechanisms=m, outcomes=o, evidence=[ev["e1"]])
    p.add_configuration(
        case="b", id="k3", mechanisms=m, outcomes=o, status="refuted",
        evidence=[ev["e4"], ev["e6"], ev["bad"]],
    )  # fmt: skip
    p.add_configuration(id="k4", mechanisms=m, outcomes=o)  # programme level, no evidence
    return p


# ---------------------------------------------------------------- evidence_table


def test_evidence_table_counts() -> None:
    t = evidence_table(_project())
    assert t.index.name == "configuration"
    assert t.index.tolist() == ["k1", "k2", "k3", "k4"]
    assert t.columns.tolist() == [
        "cases", "status", "confidence", "n_evidence", "n_sources", "n_informants", "n_kinds",
        "n_interview", "n_document", "n_observation", "n_survey", "n_other",
        "n_supports", "n_refutes", "n_mixed", "unverified_quotes",
        "no_evidence", "single_source", "single_kind", "counts_as", "stance_mismatch",
    ]  # fmt: skip
    k1 = t.loc["k1"]
    assert k1["cases"] == ("a",) and k1["status"] == "supported" and k1["confidence"] == "high"
    assert k1["n_evidence"] == 4
    assert k1["n_sources"] == 3  # int-1 (twice), int-2, doc-1
    assert k1["n_informants"] == 2  # P1 (int-1 and int-2), doc-1 on its own
    assert k1["n_kinds"] == 2
    assert (k1["n_interview"], k1["n_document"], k1["n_observation"]) == (3, 1, 0)
    assert (k1["n_supports"], k1["n_refutes"], k1["n_mixed"]) == (2, 1, 1)
    assert k1["unverified_quotes"] == 0
    assert not k1["single_source"] and not k1["single_kind"] and not k1["no_evidence"]
    k2 = t.loc["k2"]
    assert (k2["n_evidence"], k2["n_sources"], k2["n_informants"]) == (1, 1, 1)
    assert k2["single_source"] and k2["single_kind"]
    k3 = t.loc["k3"]
    assert (k3["n_sources"], k3["n_kinds"], k3["unverified_quotes"]) == (3, 2, 1)
    k4 = t.loc["k4"]
    assert k4["no_evidence"] and k4["n_evidence"] == 0
    assert not k4["single_source"] and not k4["single_kind"]
    assert k4["cases"] == () and pd.isna(k4["confidence"])


def test_informant_key() -> None:
    p = _project()
    t = evidence_table(p, informant_key="role")
    # int-3 and doc-1 are both "manager"; int-1, int-2 have no role: themselves
    assert t.loc["k1", "n_informants"] == 3
    assert t.loc["k3", "n_informants"] == 3  # manager (int-3), obs-1, int-1
    p.add_configuration(id="k5", mechanisms="m", outcomes="o", evidence=["e4", "e5"])
    t = evidence_table(p, informant_key="role")
    assert list(t.loc["k5", ["n_sources", "n_informants", "n_kinds"]]) == [2, 1, 2]
    assert evidence_table(p).loc["k5", "n_informants"] == 2
    with pytest.raises(ValidationError, match=r"'rolle'.*'informant', 'role'"):
        evidence_table(p, informant_key="rolle")


def test_evidence_table_filters() -> None:
    p = _project()
    assert evidence_table(p, status="supported").index.tolist() == ["k1"]
    assert evidence_table(p, exclude_status="refuted").index.tolist() == ["k1", "k2", "k4"]
    assert evidence_table(p, themes="vision").index.tolist() == ["k1"]
    assert evidence_table(p, where={"region": "south"}).index.tolist() == ["k3"]
    with pytest.raises(UnknownIdError, match="'nope'"):
        evidence_table(p, themes="nope")
    with pytest.raises(ValidationError, match="'proven'"):
        evidence_table(p, status="proven")


def test_evidence_table_empty() -> None:
    t = evidence_table(Project(title="empty"))
    assert t.shape == (0, 21) and t.index.name == "configuration"


def test_hipp_evidence_table() -> None:
    hipp = rl.datasets.load("hipp")
    t = evidence_table(hipp)
    assert len(t) == 33
    assert t["n_evidence"].sum() == sum(len(k.evidence) for k in hipp.configurations)
    assert (t["n_document"] == t["n_evidence"]).all()
    assert t["single_kind"].all()  # one paper: no triangulation across kinds
    assert t.loc["cfg-sandwell-2-pcg", "single_source"]
    assert t.loc["cfg-nottingham-generic-model", "n_refutes"] == 1
    assert t["unverified_quotes"].sum() == 0  # HIPP's sources carry no text
    assert verify_quotes(hipp) == []


# ---------------------------------------------------------------- verify_quotes


def test_verify_quotes_whitespace_and_spans() -> None:
    p = Project(title="t")
    _ = p.add_source("s", text=TRANSCRIPT)
    _ = p.add_source("no-text")
    start = TRANSCRIPT.index("We had")
    end = TRANSCRIPT.index(" Then")
    good = [
        {"quote": "We had worked together for years."},  # whitespace runs read as one space
        {"quote": "We had worked together\n for years.", "start": start, "end": end},
        {"quote": "We had worked", "start": start},
        {"quote": "Then the PCG came.", "end": len(TRANSCRIPT)},
        {"quote": "", "start": 0, "end": 5},  # nothing to compare
        {"quote": ""},
    ]
    for n, kwargs in enumerate(good):
        _ = p.add_evidence(source="s", id=f"good-{n}", **kwargs)  # type: ignore[arg-type]
    _ = p.add_evidence(source="no-text", id="unchecked", quote="anything at all")
    assert verify_quotes(p) == []

    _ = p.add_evidence(source="s", id="case", quote="we had worked together")
    _ = p.add_evidence(source="s", id="span", quote="Then the PCG came.", start=0, end=18)
    _ = p.add_evidence(source="s", id="gone", quote="Never said", start=0, end=10)
    _ = p.add_evidence(source="s", id="far", quote="x", start=5, end=1000)
    _ = p.add_evidence(source="s", id="start", quote="Then", start=0)
    problems = verify_quotes(p)
    assert all(isinstance(x, Problem) for x in problems)
    paths = [x.path for x in problems]
    assert paths == [
        "evidence[7].quote",
        "evidence[8].quote",
        "evidence[9].quote",
        "evidence[10].end",
        "evidence[11].quote",
    ]
    assert "'case'" in problems[0].message and "is not in the text of source 's'" in (
        problems[0].message
    )
    assert "the quote is elsewhere in the text" in problems[1].message
    assert "reads 'Q: How did it star'," in problems[1].message
    assert "not in the text at all" in problems[2].message
    assert f"end 1000 is beyond the end of the text of source 's' ({len(TRANSCRIPT)}" in (
        problems[3].message
    )


def test_unicode_normalisation() -> None:
    p = Project(title="t")
    _ = p.add_source("s", text="the caf\u00e9 group")  # composed é
    _ = p.add_evidence(source="s", quote="cafe\u0301 group")  # e + combining accent
    assert verify_quotes(p) == []


# ---------------------------------------------------------------- cohen_kappa


def _labels(both: int, only_a: int, only_b: int, neither: int) -> tuple[list[bool], list[bool]]:
    a = [True] * both + [True] * only_a + [False] * only_b + [False] * neither
    b = [True] * both + [False] * only_a + [True] * only_b + [False] * neither
    return a, b


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        # Wikipedia "Cohen's kappa", worked example: p_o = .7, p_e = .5
        ((20, 5, 10, 15), Fraction(2, 5)),
        # Wikipedia, "same agreement, different kappa": p_o = .6, p_e = .54 / .46
        ((45, 15, 25, 15), Fraction(6, 46)),  # 0.1304
        ((25, 35, 5, 35), Fraction(14, 54)),  # 0.2593
        # perfect agreement; perfect disagreement with balanced margins
        ((10, 0, 0, 10), Fraction(1)),
        ((0, 10, 10, 0), Fraction(-1)),
    ],
)
def test_kappa_textbook_values(cells: tuple[int, int, int, int], expected: Fraction) -> None:
    assert cohen_kappa(*_labels(*cells)) == pytest.approx(float(expected), abs=1e-12)


def test_kappa_three_categories() -> None:
    # 3x3 table, rows rater A, columns rater B (n = 30):
    #        x   y   z
    #   x    8   1   1     A: x 10, y 10, z 10
    #   y    2   6   2     B: x 12, y  9, z  9
    #   z    2   2   6
    # p_o = 20/30; p_e = (10*12 + 10*9 + 10*9)/900 = 300/900; kappa = (2/3 - 1/3)/(2/3) = 1/2
    table = {("x", "x"): 8, ("x", "y"): 1, ("x", "z"): 1, ("y", "x"): 2, ("y", "y"): 6,
             ("y", "z"): 2, ("z", "x"): 2, ("z", "y"): 2, ("z", "z"): 6}  # fmt: skip
    a = [r for (r, _), n in table.items() for _ in range(n)]
    b = [c for (_, c), n in table.items() for _ in range(n)]
    assert cohen_kappa(a, b) == pytest.approx(0.5)


def test_kappa_undefined_and_errors() -> None:
    assert math.isnan(cohen_kappa([1, 1, 1], [1, 1, 1]))
    with pytest.raises(ValidationError, match="3 and 2"):
        cohen_kappa([1, 2, 3], [1, 2])
    with pytest.raises(ValidationError, match="at least one"):
        cohen_kappa([], [])


@pytest.mark.parametrize(
    ("a", "b", "match"),
    [
        (
            ["yes", float("nan")],
            ["yes", "no"],
            r"rater a has a missing label \(nan\) at position 1",
        ),
        (["yes", "no"], ["yes", None], r"rater b has a missing label \(None\) at position 1"),
        ([math.nan, "no"], [math.nan, "no"], "rater a has a missing label .* position 0"),
        (["yes", pd.NA], ["yes", "no"], "missing label .* position 1"),
        (pd.Series([1.0, None, 0.0]), [1.0, 1.0, 0.0], "rater a .* position 1"),
    ],
)
def test_kappa_rejects_missing_labels(a: list[object], b: list[object], match: str) -> None:
    # NaN != NaN: agreement would say "disagree" while the counts pair NaN with itself.
    with pytest.raises(ValidationError, match=match):
        cohen_kappa(a, b)  # type: ignore[arg-type]


def test_kappa_rejects_a_string_and_unhashable_labels() -> None:
    with pytest.raises(
        ValidationError, match="rater a's labels must be a sequence of labels, got the string 'yyn'"
    ):
        cohen_kappa("yyn", ["y", "y", "n"])
    with pytest.raises(ValidationError, match=r"rater b's labels .* the string 'ab'"):
        cohen_kappa(["a", "b"], "ab")
    with pytest.raises(ValidationError, match=r"must be a sequence .* got int"):
        cohen_kappa(3, [1])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"position 0 is not hashable \(\['x'\]\)"):
        cohen_kappa([["x"], "y"], ["y", "y"])  # type: ignore[list-item]
    # Arrays and Series of labels are sequences like any other.
    assert cohen_kappa(np.array([1, 0, 1, 0]), pd.Series([1, 0, 1, 0])) == 1.0


_ratings = st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), min_size=1)


@settings(max_examples=200, deadline=None)
@given(_ratings)
def test_kappa_bounded_and_symmetric(pairs: list[tuple[str, str]]) -> None:
    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    k = cohen_kappa(a, b)
    if math.isnan(k):
        assert len(set(a)) == 1 and set(a) == set(b)
        return
    assert -1 - 1e-12 <= k <= 1 + 1e-12
    assert k == pytest.approx(cohen_kappa(b, a))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from("abc"), min_size=1))
def test_kappa_one_when_raters_agree(a: list[str]) -> None:
    k = cohen_kappa(a, list(a))
    assert k == 1.0 or (math.isnan(k) and len(set(a)) == 1)


# ---------------------------------------------------------------- coder_agreement


def _coded(codings: dict[str, list[list[str]]], *, by: str = "span") -> Project:
    p = Project(title="t")
    _ = p.add_source("s", text="x" * 100)
    for c in ("c1", "c2"):
        _ = p.add_context(c, id=c)
    for m in ("m1", "m2"):
        _ = p.add_mechanism(m, id=m)
    _ = p.add_outcome("o1", id="o1")
    for coder, excerpts in codings.items():
        for n, codes in enumerate(excerpts):
            where = {"start": 10 * n, "end": 10 * n + 5} if by == "span" else {"quote": f"q {n}"}
            _ = p.add_evidence(source="s", coder=coder, elements=codes, **where)
    return p


def test_agreement_by_kind() -> None:
    p = _coded(
        {
            "ann": [["c1", "m1"], ["c1"], ["c2", "m1", "o1"], ["m2"], []],
            "bob": [["c1", "m1"], ["c2"], ["c2", "m2", "o1"], ["m2"], ["c1"]],
        }
    )
    df = coder_agreement(p).set_index("kind")
    assert df["coders"].tolist() == [("ann", "bob")] * 4
    assert (df["n_excerpts"] == 5).all()
    ctx = df.loc["context"]
    # codes c1, c2 x 5 excerpts: both 2 (c1@0, c2@2), ann only 1 (c1@1), bob only 2 (c2@1, c1@4)
    assert (ctx["n_codes"], ctx["n_decisions"]) == (2, 10)
    assert (ctx["n_both"], ctx["n_only_a"], ctx["n_only_b"], ctx["n_neither"]) == (2, 1, 2, 5)
    assert ctx["agreement"] == pytest.approx(0.7)
    # p_o = 7/10, p_e = (3*4 + 7*6)/100 = .54, kappa = .16/.46
    assert ctx["kappa"] == pytest.approx(0.16 / 0.46)
    mech = df.loc["mechanism"]
    # m1, m2: both 2 (m1@0, m2@3), ann only m1@2, bob only m2@2, neither 6
    assert (mech["n_both"], mech["n_only_a"], mech["n_only_b"], mech["n_neither"]) == (2, 1, 1, 6)
    assert mech["kappa"] == pytest.approx((0.8 - 0.58) / 0.42)
    out = df.loc["outcome"]
    assert (out["n_decisions"], out["agreement"], out["kappa"]) == (5, 1.0, 1.0)
    pooled = df.loc["all"]
    assert pooled["n_decisions"] == 25 and pooled["n_codes"] == 5
    assert (pooled["n_both"], pooled["n_only_a"], pooled["n_only_b"]) == (5, 2, 3)
    a_yes, b_yes, n = 7, 8, 25
    p_e = (a_yes * b_yes + (n - a_yes) * (n - b_yes)) / n**2
    assert pooled["kappa"] == pytest.approx((20 / 25 - p_e) / (1 - p_e))


def test_agreement_matches_cohen_kappa_on_decisions() -> None:
    p = _coded({"ann": [["c1"], ["c1", "c2"], []], "bob": [["c2"], ["c1"], ["c1"]]})
    row = coder_agreement(p).set_index("kind").loc["context"]
    a = [True, False, True, True, False, False]  # c1, c2 per excerpt
    b = [False, True, True, False, True, False]
    assert row["kappa"] == pytest.approx(cohen_kappa(a, b))


def test_excerpts_matched_by_quote_and_coders_unioned() -> None:
    p = _coded({"ann": [["c1"], ["m1"]], "bob": [["c1"], ["m1"]]}, by="quote")
    _ = p.add_evidence(source="s", quote="q  1", coder="ann", elements=["c2"])  # same excerpt
    _ = p.add_evidence(source="s", quote="q 0", elements=["m2"])  # no coder: left out
    _ = p.add_evidence(source="s", quote="q 9", coder="bob", elements=["c1"])  # bob only
    df = coder_agreement(p).set_index("kind")
    assert (df["n_excerpts"] == 2).all()
    ctx = df.loc["context"]
    assert (ctx["n_both"], ctx["n_only_a"], ctx["n_only_b"], ctx["n_neither"]) == (1, 1, 0, 2)


def test_identical_coding_agrees_fully() -> None:
    codes = [["c1", "m1"], ["c2"], ["m2", "o1"], []]
    df = coder_agreement(_coded({"ann": codes, "bob": codes}))
    assert (df["agreement"] == 1.0).all()
    assert df.set_index("kind").loc[["context", "mechanism", "all"], "kappa"].tolist() == [1, 1, 1]
    # o1 applied by both to the one excerpt of four: both 1, neither 3
    assert df.set_index("kind").loc["outcome", "kappa"] == 1.0


def test_three_coders() -> None:
    p = _coded(
        {
            "ann": [["c1"], ["c2"], ["c1"]],
            "bob": [["c1"], ["c1"], ["c1"]],
            "cat": [["c1"], ["c2"]],  # only the first two excerpts
        }
    )
    df = coder_agreement(p)
    ctx = df[df["kind"] == "context"].set_index("coders")
    assert ctx.index.tolist() == [
        ("ann", "bob", "cat"),
        ("ann", "bob"),
        ("ann", "cat"),
        ("bob", "cat"),
    ]
    ab, ac, bc = (ctx.loc[[pair]].iloc[0] for pair in ctx.index[1:])
    assert ab["n_excerpts"] == 3 and ac["n_excerpts"] == 2 and bc["n_excerpts"] == 2
    assert ac["agreement"] == 1.0 and ac["kappa"] == 1.0
    # ann/bob: c1,c2 x 3: both 2, ann only c2@1, bob only c1@1, neither 2
    assert ab["kappa"] == pytest.approx(cohen_kappa([1, 0, 0, 1, 1, 0], [1, 0, 1, 0, 1, 0]))
    overall = ctx.loc[[("ann", "bob", "cat")]].iloc[0]
    assert overall["n_excerpts"] == 3
    assert overall["n_decisions"] == ab["n_decisions"] + ac["n_decisions"] + bc["n_decisions"]
    agree = sum(r["n_both"] + r["n_neither"] for r in (ab, ac, bc))
    assert overall["agreement"] == pytest.approx(agree / overall["n_decisions"])
    assert overall["kappa"] == pytest.approx((ab["kappa"] + ac["kappa"] + bc["kappa"]) / 3)


def test_no_double_coding() -> None:
    assert coder_agreement(_coded({"ann": [["c1"]]})).empty
    assert coder_agreement(rl.datasets.load("hipp")).empty
    assert coder_agreement(Project(title="t")).columns.tolist()[:2] == ["coders", "kind"]


_codes = st.lists(st.sets(st.sampled_from(["c1", "c2", "m1", "m2", "o1"])), min_size=1, max_size=6)


@settings(max_examples=100, deadline=None)
@given(_codes, _codes)
def test_agreement_properties(ann: list[set[str]], bob: list[set[str]]) -> None:
    df = coder_agreement(_coded({"ann": [sorted(c) for c in ann], "bob": [sorted(c) for c in bob]}))
    for _, row in df.iterrows():
        cells = row["n_both"] + row["n_only_a"] + row["n_only_b"] + row["n_neither"]
        assert cells == row["n_decisions"]
        if row["n_decisions"]:
            assert 0 <= row["agreement"] <= 1
        if not math.isnan(row["kappa"]):
            assert -1 - 1e-12 <= row["kappa"] <= 1 + 1e-12
    same = coder_agreement(
        _coded({"ann": [sorted(c) for c in ann], "bob": [sorted(c) for c in ann]})
    )
    assert all(a == 1.0 or math.isnan(a) for a in same["agreement"])
    assert all(k == 1.0 or math.isnan(k) for k in same["kappa"])
