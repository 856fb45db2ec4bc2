"""One narrowing: every function that takes filters keeps what rl.subset keeps.

The property tests draw random projects and random filters, and check each
function against the same function run on ``rl.subset`` of the project: a
filter keyword cannot mean something else in another function.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import realist as rl
from conftest import projects
from realist.errors import RealistError, ValidationError
from realist.selection import narrow

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STATUSES = ["conjectured", "supported", "refuted", "refined"]


@st.composite
def filters(draw: st.DrawFn, p: rl.Project) -> dict[str, Any]:
    """Random filters of rl.subset that the project can answer."""
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        out["status"] = draw(st.lists(st.sampled_from(STATUSES), min_size=1, unique=True))
    if draw(st.booleans()):
        out["exclude_status"] = draw(st.sampled_from(STATUSES))
    if p.cases and draw(st.booleans()):
        out["where"] = {"country": draw(st.sampled_from(["Wales", "Scotland"]))}
    elif draw(st.booleans()):
        out["where"] = {"phase": draw(st.sampled_from([2006, "2008", [2006, 2008]]))}
    return out


def _both(call: Any, other: Any) -> tuple[Any, Any] | None:
    """Both results, or None when both refuse the filters (a clear RealistError)."""
    try:
        a = call()
    except RealistError:
        with pytest.raises(RealistError):
            other()
        return None
    return a, other()


@SETTINGS
@given(st.data())
def test_every_analysis_keeps_what_subset_keeps(data: st.DataObject) -> None:
    p = data.draw(projects())
    f = data.draw(filters(p))
    graph_f = {k: v for k, v in f.items() if k != "exclude_status"}
    if p.cases and data.draw(st.booleans()):  # the graph functions' case= is subset's cases=
        graph_f["case"] = data.draw(st.sampled_from([c.id for c in p.cases]))
    subset_graph_f = {("cases" if k == "case" else k): v for k, v in graph_f.items()}
    checks = [
        (
            lambda: rl.find_regularities(p, min_cases=1, **f),
            lambda: rl.find_regularities(rl.subset(p, **f), min_cases=1),
        ),
        (
            lambda: rl.contrasts(p, min_cases=2, **f),
            lambda: rl.contrasts(rl.subset(p, **f), min_cases=2),
        ),
        (
            lambda: rl.recurring_elements(p, min_cases=1, **f),
            lambda: rl.recurring_elements(rl.subset(p, **f), min_cases=1),
        ),
        (
            lambda: rl.evidence_table(p, **f),
            lambda: rl.evidence_table(rl.subset(p, **f)),
        ),
        (
            lambda: [k.id for k in rl.select_configurations(p, **graph_f)],
            lambda: [k.id for k in rl.subset(p, **subset_graph_f).configurations],
        ),
        (
            lambda: sorted(rl.to_networkx(p, **graph_f).edges(keys=True, data="cases")),
            lambda: (
                sorted(
                    rl.to_networkx(rl.subset(p, **subset_graph_f)).edges(keys=True, data="cases")
                )
                if graph_f
                else sorted(rl.to_networkx(p).edges(keys=True, data="cases"))
            ),
        ),
    ]
    for call, other in checks:
        both = _both(call, other)
        if both is None:
            continue
        a, b = both
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b)
        else:
            assert a == b


@SETTINGS
@given(st.data())
def test_narrow_is_subset_without_the_copies(data: st.DataObject) -> None:
    p = data.draw(projects())
    f = data.draw(filters(p))
    if p.cases and data.draw(st.booleans()):
        f["cases"] = data.draw(st.sampled_from([c.id for c in p.cases]))
    try:
        s = rl.subset(p, **f)
    except ValidationError:
        return
    q = narrow(p, **f)
    for name in rl.model.COLLECTIONS:
        assert [x.id for x in getattr(q, name)] == [x.id for x in getattr(s, name)]
        assert [x.model_dump() for x in getattr(q, name)] == [
            x.model_dump() for x in getattr(s, name)
        ]
    assert q.find_problems() == [] and s.find_problems() == []
    # whole items are shared with the project, cut ones are copies; the project is untouched
    for k in q.configurations:
        whole = p.get(k.id, rl.Configuration)
        assert (k is whole) == (k.cases == whole.cases and k.evidence == whole.evidence)


def test_one_equality_rule_for_attribute_values() -> None:
    p = rl.Project(title="t")
    p.add_case("a", phase=2006)
    p.add_case("b", phase="2008")
    p.add_configuration(case="a", mechanisms=p.add_mechanism("M"), outcomes=p.add_outcome("O"))
    for value in (2006, "2006", [2006, 2010]):
        assert [c.id for c in rl.subset(p, phase=value).cases] == ["a"]
        assert len(rl.find_regularities(p, min_cases=1, where={"phase": value})) == 1
        assert len(rl.evidence_table(p, where={"phase": value})) == 1
    assert rl.find_regularities(p, min_cases=1, where={"phase": 2008}) == []


def test_a_where_function_judges_cases_only() -> None:
    p = rl.datasets.load("hipp")
    seen: set[type] = set()

    def north_west(case: rl.Case) -> bool:
        seen.add(type(case))
        return case.attributes.get("region") == "North West"

    regs = rl.find_regularities(p, min_cases=1, where=north_west)
    assert seen == {rl.Case}
    assert regs and regs == rl.find_regularities(p, min_cases=1, where={"region": "North West"})
    assert regs == rl.find_regularities(rl.subset(p, where=north_west), min_cases=1)
    s = rl.subset(p, where=lambda case: case.name.startswith("S"))  # a Case attribute
    assert [c.id for c in s.cases] == ["sandwell"]


def test_what_a_filter_refuses_never_comes_back_through_links_or_excerpts() -> None:
    p = rl.Project(title="t")
    p.add_case("north", region="N")
    p.add_case("south", region="S")
    p.add_source("s-n", case="north")
    p.add_source("s-s", case="south")
    e_n = p.add_evidence(source="s-n", quote="north says", id="e-n")
    e_s = p.add_evidence(source="s-s", quote="south says", id="e-s")
    m, o, c = p.add_mechanism("M"), p.add_outcome("O"), p.add_context("C")
    p.add_configuration(cases=["north", "south"], mechanisms=m, outcomes=o, id="k1",
                        evidence=[e_n, e_s])  # fmt: skip
    p.add_configuration(case="north", contexts=c, mechanisms=m, outcomes=o, id="k2",
                        evidence=[e_n, e_s])  # fmt: skip
    p.add_link("k1", "leads_to", "k2", evidence=[e_n, e_s])
    p.add_link("k2", "related", "k1", case="south")
    for s in (rl.subset(p, region="N"), rl.subset(p, cases="north"), narrow(p, region="N")):
        assert [x.id for x in s.cases] == ["north"]
        assert [x.id for x in s.sources] == ["s-n"] and [x.id for x in s.evidence] == ["e-n"]
        assert [k.evidence for k in s.configurations] == [["e-n"], ["e-n"]]
        assert [(lk.source, lk.evidence) for lk in s.links] == [("k1", ["e-n"])]
        assert s.find_problems() == []
    G = rl.to_networkx(p, where={"region": "N"}, case_nodes=True)
    assert {n for n, d in G.nodes(data=True) if d["kind"] == "case"} == {"north"}
    assert p.get("k2", rl.Configuration).evidence == ["e-n", "e-s"]  # the project is untouched


def test_cut_configuration_counts_only_the_cases_kept() -> None:
    p = rl.Project(title="t")
    p.add_case("n1", region="north")
    p.add_case("n2", region="north")
    p.add_case("s1", region="south")
    m, o = p.add_mechanism("Champions"), p.add_outcome("Plan")
    p.add_configuration(cases=["n1", "s1"], mechanisms=m, outcomes=o, id="k1")
    p.add_configuration(case="n2", mechanisms=m, outcomes=o, id="k2")
    [r] = rl.find_regularities(p, min_cases=2, where={"region": "north"})
    assert r.cases == ("n1", "n2")
    assert p.get("k1", rl.Configuration).cases == ["n1", "s1"]  # the project is untouched
    G = rl.to_networkx(p, where={"region": "north"})
    assert G.edges["m-champions", "o-plan", "k1"]["cases"] == ["n1"]
    assert nx.number_of_edges(G) == 2


def test_draw_weighs_arrows_by_the_sources_of_the_slice() -> None:
    p = rl.Project(title="t")
    p.add_case("north", region="N")
    p.add_case("south", region="S")
    p.add_source("s-n", case="north")
    p.add_source("s-s", case="south")
    e_n = p.add_evidence(source="s-n", quote="n", id="e-n")
    e_s = p.add_evidence(source="s-s", quote="s", id="e-s")
    m, o = p.add_mechanism("M", id="m"), p.add_outcome("O", id="o")
    p.add_configuration(cases=["north", "south"], mechanisms=m, outcomes=o, evidence=[e_n, e_s])
    whole = rl.draw(p, weight="sources").source
    north = rl.draw(p, case="north", weight="sources").source
    assert "2 sources" in whole and "1 case: north; 1 source" in north
