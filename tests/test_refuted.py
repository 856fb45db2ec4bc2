"""One rule for refuted configurations, and the sources behind every claim.

A refuted configuration (the mechanism fired, the outcome did not follow) is
never support; it is a counter-case of the patterns whose contexts and
mechanisms it holds (docs/analysis.md, "Refuted configurations").

One small project, computed by hand: champions (M) in a history of joint
working (C) bring a shared vision (O) in cases a and b; in case c they were
expected to and did not (refuted). Case a rests on two interviews, b on a
document, c on one interview that refutes.
"""

from __future__ import annotations

import pytest

import realist as rl
from realist.analysis._qca_project import project_membership
from realist.analysis.matrix import case_matrix
from realist.render.diagrams import draw, to_diagram


@pytest.fixture
def project() -> rl.Project:
    p = rl.Project(title="Refuted")
    for case in ("a", "b", "c"):
        p.add_case(case)
    p.add_source("int-1", kind="interview", case="a")
    p.add_source("int-2", kind="interview", case="a")
    p.add_source("doc-1", kind="document", case="b")
    p.add_source("int-3", kind="interview", case="c")
    e1 = p.add_evidence(source="int-1", quote="we had worked together", id="e1")
    e2 = p.add_evidence(source="int-2", quote="the champions made it", id="e2")
    e3 = p.add_evidence(source="doc-1", quote="a shared vision was agreed", id="e3")
    e4 = p.add_evidence(source="int-3", quote="nothing came of it", id="e4", stance="refutes")
    c = p.add_context("History of joint working", id="c-hist")
    m = p.add_mechanism("Local champions", id="m-champ")
    o = p.add_outcome("Shared vision", id="o-vision")
    p.add_configuration(case="a", contexts=[c], mechanisms=[m], outcomes=[o], id="k1",
                        status="supported", evidence=[e1, e2])  # fmt: skip
    p.add_configuration(case="b", contexts=[c], mechanisms=[m], outcomes=[o], id="k2",
                        status="supported", evidence=[e3])  # fmt: skip
    p.add_configuration(case="c", contexts=[c], mechanisms=[m], outcomes=[o], id="k3",
                        status="refuted", evidence=[e4])  # fmt: skip
    return p


def test_regularity_counts_cases_and_sources_and_the_refuted_case_against(
    project: rl.Project,
) -> None:
    [r] = rl.find_regularities(project, min_cases=2)
    assert r.elements == ("c-hist", "m-champ", "o-vision")
    assert r.cases == ("a", "b") and r.n_cases == 2
    assert r.counter_cases == ("c",)
    assert r.configurations == ("k1", "k2")
    assert r.sources == ("int-1", "int-2", "doc-1") and r.n_sources == 3
    assert set(r.source_kinds) == {"interview", "document"}
    assert r.evidence == ("e1", "e2", "e3")
    row = rl.regularities_frame([r]).iloc[0]
    assert (row["n_cases"], row["n_sources"], row["n_evidence"]) == (2, 3, 3)
    assert row["source_kinds"] == ("interview", "document")
    # Whatever the status filter, a refuted configuration supports nothing.
    assert rl.find_regularities(project, min_cases=1, status="refuted") == []
    assert rl.find_regularities(project, min_cases=2, status=["supported", "refuted"]) == [r]
    # Left out altogether, it is no counter-case either.
    [r2] = rl.find_regularities(project, min_cases=2, exclude_status="refuted")
    assert r2.counter_cases == ()


def test_recurring_elements(project: rl.Project) -> None:
    table = rl.recurring_elements(project, by=None, min_cases=1).set_index("element")
    for e in ("c-hist", "m-champ", "o-vision"):
        assert table.loc[e, "cases"] == ("a", "b")
        assert table.loc[e, "n_cases"] == 2
        assert table.loc[e, "n_configurations"] == 2
        assert table.loc[e, "n_sources"] == 3
        assert table.loc[e, "sources"] == ("int-1", "int-2", "doc-1")
        assert table.loc[e, "source_kinds"] == ("interview", "document")
        assert table.loc[e, "n_evidence"] == 3
        assert table.loc[e, "counter_cases"] == ("c",)
        assert table.loc[e, "n_counter_cases"] == 1


def test_contrast_shows_the_case_where_the_outcome_failed(project: rl.Project) -> None:
    [k] = rl.contrasts(project)
    assert k.mechanisms == ("m-champ",) and k.cases == ("a", "b", "c")
    followed, failed = k.groups
    assert (followed.outcomes, followed.refuted, followed.cases) == (
        ("o-vision",),
        False,
        ("a", "b"),
    )
    assert (failed.outcomes, failed.refuted, failed.cases) == (("o-vision",), True, ("c",))
    assert followed.n_sources == 3 and followed.source_kinds == ("interview", "document")
    assert failed.sources == ("int-3",) and failed.evidence == ("e4",)
    assert k.n_sources == 4
    frame = rl.contrasts_frame([k])
    assert frame["refuted"].tolist() == [False, True]
    assert frame["n_sources"].tolist() == [3, 1]
    assert rl.contrasts(project, exclude_status="refuted") == []


def test_evidence_table_counts_refuted_evidence_against(project: rl.Project) -> None:
    t = rl.evidence_table(project)
    assert t["counts_as"].tolist() == ["support", "support", "counter"]
    assert t.loc["k3", "n_refutes"] == 1 and t.loc["k3", "n_supports"] == 0
    assert not t["stance_mismatch"].any()
    # A refuted configuration whose only excerpt "supports" contradicts its status.
    project.get("e4", rl.Evidence).stance = "supports"
    assert rl.evidence_table(project).loc["k3", "stance_mismatch"]


def test_case_matrix_does_not_count_refuted_as_presence(project: rl.Project) -> None:
    frame = case_matrix(project, cols="elements")
    assert list(frame.loc["c"]) == [0, 0, 0]
    assert list(frame.loc["a"]) == [1, 1, 1]
    refuted = frame.attrs["refuted"]
    assert list(refuted.loc["c"]) == [1, 1, 1]
    assert list(refuted.loc["a"]) == [0, 0, 0]
    by_excerpt = case_matrix(project, rows="sources", cols="elements", value="evidence")
    assert list(by_excerpt.loc["int-3"]) == [0, 0, 0]
    assert list(by_excerpt.attrs["refuted"].loc["int-3"]) == [1, 1, 1]
    assert list(by_excerpt.loc["int-1"]) == [1, 1, 1]


def test_qca_puts_the_refuted_case_in_its_contexts_and_mechanisms_only(
    project: rl.Project,
) -> None:
    frame, behind = project_membership(
        project,
        ["c-hist", "m-champ", "o-vision"],
        statuses=None,
        negate_constraining=False,
        calibration=None,
    )
    assert list(frame.loc["c"]) == [1.0, 1.0, 0.0]
    assert list(frame.loc["a"]) == [1.0, 1.0, 1.0]
    assert behind["c"] == {"c-hist": ("k3",), "m-champ": ("k3",)}


def test_network_arrows_rest_on_support_only(project: rl.Project) -> None:
    d = to_diagram(project)
    arrows = {(e.source, e.target): e for e in d.edges}
    assert set(arrows) == {("c-hist", "m-champ"), ("m-champ", "o-vision")}
    for e in arrows.values():
        assert e.n_cases == 2  # not 3: c's refuted configuration is no support
        assert e.counter_cases == ("c",)
        assert e.tooltip == "2 cases: a, b; refuted in c"
    assert "Rests on 2 configurations from 2 cases, 3 sources and 3 excerpts" in d.legend
    assert "Not drawn as support: 1 refuted configuration (the outcome did not follow)" in (
        d.legend
    )
    # Only the refuted configuration: no support, no arrow.
    assert to_diagram(project, status="refuted").edges == []


def test_network_weighted_by_sources(project: rl.Project) -> None:
    d = to_diagram(project, weight="sources")
    for e in d.edges:
        assert e.n_sources == 3 and e.n_cases == 2
        assert e.width == 4.0  # the widest: 3 sources
    assert "Arrow width: number of sources (0 to 3)" in d.legend
    src = draw(project, weight="sources").source
    assert "Arrow width: number of sources (0 to 3)" in src
    by_cases = to_diagram(project)
    assert "Arrow width: number of supporting cases (1 to 2)" in by_cases.legend
    with pytest.raises(rl.RealistError):
        to_diagram(project, weight="citations")  # type: ignore[arg-type]
