"""The RAMESES II methods summary: counts as a table and a paragraph."""

from __future__ import annotations

import math

import realist as rl
from realist.analysis.methods import MethodsSummary


def _coded_project() -> rl.Project:
    p = rl.Project(title="t")
    for case in ("a", "b"):
        _ = p.add_case(case)
    _ = p.add_source("int-1", case="a", attributes={"role": "manager", "informant": "P1"})
    _ = p.add_source("int-2", case="a", attributes={"role": "manager", "informant": "P1"})
    _ = p.add_source("int-3", case="b", attributes={"role": "nurse"})
    _ = p.add_source("doc-1", kind="document", case="b")
    c = p.add_context("History", id="c-h")
    m = p.add_mechanism("Champions", id="m-c")
    o = p.add_outcome("Plans", id="o-p")
    # four excerpts; the first two coded by both ann and bob, the same way on one
    evs = []
    for n, coder, codes in (
        (0, "ann", [c, m]),
        (0, "bob", [c, m]),
        (1, "ann", [c]),
        (1, "bob", [m]),
        (2, "ann", [o]),
        (3, "bob", [o]),
    ):
        evs.append(
            p.add_evidence(
                source="int-1", start=10 * n, end=10 * n + 9, coder=coder, elements=codes
            )
        )
    p.add_configuration(
        case="a",
        contexts=[c],
        mechanisms=[m],
        outcomes=[o],
        evidence=evs[:2],
        status="supported",
        phase=1,
    )
    p.add_configuration(case="b", mechanisms=[m], outcomes=[o], status="refuted", phase=2)
    p.add_hypothesis("h1", "H1", status="refuted")
    p.add_hypothesis("h2", "H2", status="refined", revises="h1")
    p.add_finding("F", cerqual={"overall": "moderate"})
    p.add_finding("G")
    return p


def test_counts_table() -> None:
    s = rl.methods_summary(_coded_project())
    assert isinstance(s, MethodsSummary)
    assert list(s.table.columns) == ["section", "item", "value"]
    assert s.value("cases") == 2
    assert (
        s.value("sources"),
        s.value("sources", "interview"),
        s.value("sources", "document"),
    ) == (4, 3, 1)
    # int-1 and int-2 are one informant (P1); int-3 and doc-1 one each
    assert (
        s.value("informants"),
        s.value("informants", "manager"),
        s.value("informants", "nurse"),
    ) == (3, 1, 1)
    assert s.value("excerpts") == 6
    assert s.value("configurations", "supported") == 1 and s.value("configurations", "refuted") == 1
    assert s.value("configurations by phase", "2") == 1
    assert s.value("coders") == 2 and s.value("coders", "ann") == 3
    assert s.value("double coding", "excerpts with a coder") == 4
    assert s.value("double coding", "double-coded") == 2
    assert s.value("double coding", "share double-coded") == 0.5
    pooled = rl.coder_agreement(_coded_project())
    expected = float(pooled[pooled["kind"] == "all"]["agreement"].iloc[0])
    assert math.isclose(s.value("double coding", "agreement"), expected)
    assert s.value("hypotheses", "refuted") == 1 and s.value("hypotheses", "refined") == 1
    assert s.value("hypotheses", "revising another") == 1
    assert s.value("findings", "moderate") == 1 and s.value("findings", "not assessed") == 1
    assert s.value("nothing") is None


def test_text_paragraph() -> None:
    s = rl.methods_summary(_coded_project())
    assert str(s) == s.text and "\n" not in s.text
    assert "4 sources (3 interviews and 1 document) about 2 cases" in s.text
    assert "Informants: 1 manager and 1 nurse (by role)." in s.text
    assert "2 of 4 excerpts (50%) were double-coded" in s.text
    assert "Cohen's kappa" in s.text
    assert "Of 2 hypotheses, 1 was refined and 1 was refuted; 1 revises an earlier one." in s.text
    assert "by phase: 1 in phase 1 and 1 in phase 2." in s.text
    assert (
        "The team kept 2 findings; GRADE-CERQual confidence: moderate 1; 1 not assessed." in s.text
    )
    assert "<table>" in s._repr_html_() and "double-coded" in s._repr_html_()


def test_hipp_and_an_empty_project() -> None:
    s = rl.methods_summary(rl.datasets.load("hipp"))
    assert s.value("sources", "document") == 7 and s.value("configurations") == 33
    assert "double coding cannot be reported" in s.text
    empty = rl.methods_summary(rl.Project(title="e"))
    assert empty.value("cases") == 0
    assert empty.text.startswith("The analysis drew on 0 sources about 0 cases.")
