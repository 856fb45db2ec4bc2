"""Project -> networkx: nodes, edges, filters, case nodes, links and chains."""

from __future__ import annotations

import networkx as nx
import pytest

import realist as rl
from realist.errors import UnknownIdError, ValidationError


def test_nodes_and_edges(small: rl.Project) -> None:
    G = rl.to_networkx(small)
    assert isinstance(G, nx.MultiDiGraph)
    assert set(G.nodes) == set(small.elements)
    assert G.nodes["m-champions"]["kind"] == "mechanism"
    assert G.nodes["m-champions"]["level"] == "project"
    assert G.nodes["o-vision"]["tier"] == "process"
    assert G.nodes["c-history"]["category"] == "cultural"
    k2 = sorted((u, v) for u, v, k in G.edges(keys=True) if k == "k2")
    assert k2 == [
        ("c-turbulence", "m-champions"),
        ("c-turbulence", "m-consultancy"),
        ("c-vision-held", "m-champions"),
        ("c-vision-held", "m-consultancy"),
        ("m-champions", "o-plan"),
        ("m-consultancy", "o-plan"),
    ]
    edge = G.edges["c-turbulence", "m-consultancy", "k2"]
    assert edge["role"] == "constraining" and edge["cases"] == ["a", "b"]
    assert edge["status"] == "refined" and edge["themes"] == ["leadership"]
    assert G.edges["c-vision-held", "m-champions", "k2"]["role"] == "enabling"
    mo = G.edges["m-champions", "o-plan", "k2"]
    assert mo["part"] == "mechanism-outcome" and mo["intended"] and mo["observed"]
    link = G.edges["o-vision", "c-vision-held", "link-1"]
    assert link["part"] == "link" and link["relation"] == "becomes"


def test_no_links_option(small: rl.Project) -> None:
    G = rl.to_networkx(small, links=False)
    assert not any(d["part"] == "link" for _, _, d in G.edges(data=True))


def test_filters_restrict_configurations_and_nodes(small: rl.Project) -> None:
    G = rl.to_networkx(small, theme="vision")
    assert {k for _, _, k in G.edges(keys=True) if not k.startswith("link")} == {"k1"}
    assert set(G.nodes) >= {"c-history", "m-champions", "o-vision"}
    assert "m-consultancy" not in G
    assert G.graph["theme"] == ["vision"]
    G = rl.to_networkx(small, case="b", status=["refined", "supported"])
    assert {k for _, _, k in G.edges(keys=True)} == {"k2"}
    assert rl.to_networkx(small, status="refuted").number_of_edges() == 0


def test_filters_refuse_unknown_values(small: rl.Project) -> None:
    with pytest.raises(UnknownIdError, match="'nope'"):
        rl.to_networkx(small, theme="nope")
    with pytest.raises(UnknownIdError):
        rl.to_networkx(small, case="c-history")  # an id, but not a case
    with pytest.raises(ValidationError, match="unknown status 'proven'"):
        rl.to_networkx(small, status="proven")


def test_case_nodes(small: rl.Project) -> None:
    G = rl.to_networkx(small, case_nodes=True)
    assert G.nodes["a"]["kind"] == "case" and G.nodes["a"]["country"] == "England"
    assert set(G.successors("b")) == {
        "c-vision-held",
        "c-turbulence",
        "m-champions",
        "m-consultancy",
        "o-plan",
    }
    assert set(G.successors("a")) >= {"c-history", "m-champions", "o-vision"}


def test_configuration_graph_and_chains(small: rl.Project) -> None:
    CG = rl.configuration_graph(small)
    assert list(CG.edges(data="links")) == [("k1", "k2", ["link-1"])]
    assert rl.chains(small) == [["k1", "k2"]]


def test_chains_branch_and_survive_cycles() -> None:
    p = rl.Project(title="t")
    m = p.add_mechanism("M")
    outs = [p.add_outcome(f"O{i}") for i in range(4)]
    ctxs = [p.add_context(f"C{i}") for i in range(4)]
    for i in range(4):
        p.add_configuration(id=f"k{i}", contexts=[ctxs[i]], mechanisms=[m], outcomes=[outs[i]])
    # k0 -> k1 -> k2, k0 -> k3, and k2 -> k0 closes a cycle
    p.add_link(outs[0], "becomes", ctxs[1])
    p.add_link(outs[1], "becomes", ctxs[2])
    p.add_link(outs[0], "becomes", ctxs[3])
    p.add_link(outs[2], "becomes", ctxs[0])
    # Inside a cycle every configuration is a possible start; no chain repeats one.
    assert rl.chains(p) == [
        ["k1", "k2", "k0", "k3"],
        ["k0", "k1", "k2"],
        ["k2", "k0", "k1"],
        ["k2", "k0", "k3"],
        ["k0", "k3"],
    ]
    with pytest.warns(rl.RealistWarning, match="stopped after 2 chains"):
        assert len(rl.chains(p, max_chains=2)) == 2


def test_link_to_a_configuration_becomes_a_node() -> None:
    p = rl.Project(title="t")
    m, o = p.add_mechanism("M"), p.add_outcome("O")
    k1 = p.add_configuration(mechanisms=[m], outcomes=[o], id="k1", label="First")
    k2 = p.add_configuration(mechanisms=[m], outcomes=[o], id="k2")
    p.add_link(k1, "leads_to", k2)
    G = rl.to_networkx(p)
    assert G.nodes["k1"]["kind"] == "configuration" and G.nodes["k1"]["label"] == "First"
    assert rl.chains(p) == [["k1", "k2"]]


def test_empty_project() -> None:
    G = rl.to_networkx(rl.Project(title="Empty"))
    assert G.number_of_nodes() == 0 and G.graph["title"] == "Empty"
    assert rl.chains(rl.Project(title="Empty")) == []


def test_fast_edge_insertion_equals_the_public_networkx_api(small: rl.Project) -> None:
    G = rl.to_networkx(small, case_nodes=True)
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from(G.edges(keys=True, data=True))
    assert nx.utils.graphs_equal(G, H)
    assert {n: dict(G.pred[n]) for n in G} == {n: dict(H.pred[n]) for n in H}
    assert G.in_degree("m-champions") == H.in_degree("m-champions") == 6  # 3 contexts + 3 cases
    # Each edge owns its attribute dict: editing one leaves the others alone.
    G.edges["c-turbulence", "m-champions", "k2"]["role"] = "edited"
    assert G.edges["c-vision-held", "m-champions", "k2"]["role"] == "enabling"


def test_filtered_graph_keeps_only_links_inside_the_slice() -> None:
    p = rl.Project(title="t")
    p.add_theme("x", "X")
    p.add_theme("y", "Y")
    m = p.add_mechanism("M")
    o1, o2 = p.add_outcome("O1"), p.add_outcome("O2")
    c2 = p.add_context("C2")
    k1 = p.add_configuration(mechanisms=[m], outcomes=[o1], id="k1", themes=["x"])
    k2 = p.add_configuration(contexts=[c2], mechanisms=[m], outcomes=[o2], id="k2", themes=["y"])
    p.add_link(o1, "becomes", c2)
    p.add_link(k1, "leads_to", k2)
    G = rl.to_networkx(p, theme="x")
    assert [d["part"] for _, _, d in G.edges(data=True)] == ["mechanism-outcome"]
    assert "k2" not in G and "c-c2" not in G
    both = rl.to_networkx(p, theme=["x", "y"])
    assert sorted(k for _, _, k in both.edges(keys=True) if k.startswith("link")) == [
        "link-1",
        "link-2",
    ]


def test_filters_take_items_as_well_as_ids(small: rl.Project) -> None:
    by_object = rl.to_networkx(small, case=small.get("b"), theme=small.themes)
    assert {k for _, _, k in by_object.edges(keys=True)} == {"k2"}
    with pytest.raises(ValidationError, match="must be an id, a project item or a list of them"):
        rl.to_networkx(small, case=5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="max_chains must be a whole number"):
        rl.chains(small, max_chains=0)


def _two_case_chain() -> rl.Project:
    """k1 (case a, told by int-a) -> k2 (case b, told by int-b) -> k3 (case b, told by int-b)."""
    p = rl.Project(title="t")
    for case in ("a", "b"):
        p.add_case(case)
        p.add_source(f"int-{case}", case=case)
    ev_a = p.add_evidence(source="int-a", quote="a")
    ev_b = p.add_evidence(source="int-b", quote="b")
    ev_b2 = p.add_evidence(source="int-b", quote="b again")
    m = p.add_mechanism("M")
    o1, o2, o3 = p.add_outcome("O1"), p.add_outcome("O2"), p.add_outcome("O3")
    c2, c3 = p.add_context("C2"), p.add_context("C3")
    p.add_configuration(case="a", mechanisms=[m], outcomes=[o1], id="k1", evidence=[ev_a])
    p.add_configuration(
        case="b", contexts=[c2], mechanisms=[m], outcomes=[o2], id="k2", evidence=[ev_b]
    )
    p.add_configuration(
        case="b", contexts=[c3], mechanisms=[m], outcomes=[o3], id="k3", evidence=[ev_b2]
    )
    p.add_link(o1, "becomes", c2)
    p.add_link(o2, "becomes", c3)
    return p


def test_chains_stay_within_a_case_by_default() -> None:
    p = _two_case_chain()
    assert rl.chains(p) == [["k2", "k3"]]
    assert rl.chains(p, within="case") == [["k2", "k3"]]
    assert rl.chains(p, within=None) == [["k1", "k2", "k3"]]
    assert rl.chains(p, within="source") == [["k2", "k3"]]
    CG = rl.configuration_graph(p, within=None)
    assert CG.edges["k1", "k2"]["cases"] == [] and CG.edges["k2", "k3"]["cases"] == ["b"]
    assert CG.edges["k2", "k3"]["sources"] == ["int-b"]
    assert list(rl.configuration_graph(p).edges) == [("k2", "k3")]


def test_chains_within_source_need_one_source_for_both_ends() -> None:
    p = _two_case_chain()
    # k3 now told by a second informant of case b: same case, no shared source.
    p.add_source("int-b2", case="b")
    ev = p.add_evidence(source="int-b2", quote="other")
    k3 = p.get("k3", rl.Configuration)
    k3.evidence = [ev.id]
    assert rl.chains(p) == [["k2", "k3"]]
    assert rl.chains(p, within="source") == []


def test_a_link_told_in_another_case_does_not_join_a_case() -> None:
    p = _two_case_chain()
    p.add_case("c")
    p.links[1].case = "c"
    assert rl.chains(p) == []
    p.links[1].case = "b"
    assert rl.chains(p) == [["k2", "k3"]]


def test_programme_level_configurations_chain_only_with_each_other() -> None:
    p = _two_case_chain()
    p.get("k1", rl.Configuration).cases = []
    p.get("k2", rl.Configuration).cases = []
    assert rl.chains(p) == [["k1", "k2"]]
    assert rl.chains(p, within=None) == [["k1", "k2", "k3"]]


def test_chains_do_not_follow_refuted_configurations() -> None:
    p = _two_case_chain()
    p.get("k3", rl.Configuration).status = "refuted"
    assert rl.chains(p, within=None) == [["k1", "k2"]]
    assert "k3" not in rl.configuration_graph(p)
    assert rl.chains(p, within=None, exclude_status=()) == [["k1", "k2", "k3"]]
    assert rl.chains(p, within=None, exclude_status=None) == [["k1", "k2", "k3"]]
    p.get("k2", rl.Configuration).status = "conjectured"
    assert rl.chains(p, within=None, exclude_status=["conjectured"]) == []


def test_chains_refuse_bad_within_and_statuses() -> None:
    p = _two_case_chain()
    with pytest.raises(ValidationError, match="within must be"):
        rl.chains(p, within="informant")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="unknown status 'proven'"):
        rl.chains(p, exclude_status="proven")


def test_hipp_chains_do_not_stitch_nottingham_to_sandwell() -> None:
    p = rl.datasets.load("hipp")
    stitched = ["cfg-nottingham-accountability", "cfg-sandwell-accountability"]
    default = rl.chains(p)
    assert stitched not in default and stitched[::-1] not in default
    assert all(
        len({c for k in chain for c in p.get(k, rl.Configuration).cases}) == 1 for chain in default
    )
    assert ["cfg-sandwell-vision", "cfg-sandwell-localities"] in default
    assert stitched in rl.chains(p, within=None)


def test_the_old_cases_flag_still_works_with_a_deprecation_warning(small: rl.Project) -> None:
    with pytest.warns(DeprecationWarning, match="case_nodes=True"):
        old = rl.to_networkx(small, cases=True)
    new = rl.to_networkx(small, case_nodes=True)
    assert nx.utils.graphs_equal(old, new) and "a" in new
    # cases= with ids is the filter of rl.subset
    only_b = rl.to_networkx(small, cases="b", case_nodes=True)
    assert {n for n, d in only_b.nodes(data=True) if d["kind"] == "case"} == {"b"}
    assert {k for *_, k in only_b.edges(keys=True) if not k.startswith("link")} == {"k2"}
