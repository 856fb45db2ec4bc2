"""rl.trace_paths and rl.robustness: paths told within one case or source, and the
sources that hold them up (answers computed by hand; properties against brute force)."""

from __future__ import annotations

import itertools
import warnings
from typing import Literal

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import realist as rl
from realist.errors import UnknownIdError, ValidationError


def _halves(*, second_source: str = "int-2") -> rl.Project:
    """c -> m1 -> o1 (told by int-1), o1 becomes c2, c2 -> m2 -> o2 (told by `second_source`)."""
    p = rl.Project(title="t")
    p.add_case("a")
    p.add_source("int-1", case="a")
    if second_source != "int-1":
        p.add_source(second_source, case="a")
    e1 = p.add_evidence(source="int-1", quote="first half", id="e1")
    e2 = p.add_evidence(source=second_source, quote="second half", id="e2")
    c, m1, o1 = (
        p.add_context("C", id="c"),
        p.add_mechanism("M1", id="m1"),
        p.add_outcome("O1", id="o1"),
    )
    c2, m2 = p.add_context("C2", id="c2"), p.add_mechanism("M2", id="m2")
    o2 = p.add_outcome("O2", id="o2")
    p.add_configuration(
        case="a", contexts=[c], mechanisms=[m1], outcomes=[o1], evidence=[e1], id="k1"
    )
    p.add_configuration(
        case="a", contexts=[c2], mechanisms=[m2], outcomes=[o2], evidence=[e2], id="k2"
    )
    p.add_link(o1, "becomes", c2, id="l1")
    return p


def test_two_sources_each_telling_half_give_no_path_within_a_source() -> None:
    p = _halves()
    assert rl.trace_paths(p, source="c", target="o2", within="source") == []
    (path,) = rl.trace_paths(p, source="c", target="o2", within=None)
    assert path.elements == ("c", "m1", "o1", "c2", "m2", "o2")
    assert path.sources == () and path.cases == ("a",) and path.length == 5
    assert [s.configurations for s in path.steps] == [("k1",), ("k1",), (), ("k2",), ("k2",)]
    assert path.steps[2].links == ("l1",) and path.steps[2].sources == ()
    assert [s.sources for s in path.steps] == [("int-1",), ("int-1",), (), ("int-2",), ("int-2",)]
    assert path.steps[0].evidence == ("e1",) and path.evidence == ("e1", "e2")
    assert path.configurations == ("k1", "k2")
    assert rl.trace_paths(p, source="c", target="o2") == [path]  # one case tells it
    # Either source alone breaks it: robustness 1.
    r = rl.robustness(p, source="c", target="o2")
    assert r.n_sources == 1 and r.cut == ("int-1",) and r.paths == (path,) and r.exact


def test_one_source_telling_all_gives_the_path_and_names_it() -> None:
    p = _halves(second_source="int-1")
    (path,) = rl.trace_paths(p, source="c", target="o2", within="source")
    assert path.sources == ("int-1",)
    assert "told in full by int-1" in str(path)
    assert repr(path) == (
        "TracedPath(elements=['c', 'm1', 'o1', 'c2', 'm2', 'o2'], cases=['a'], sources=['int-1'])"
    )


def test_robustness_two_when_two_sources_each_tell_the_whole_path() -> None:
    p = _halves(second_source="int-1")
    assert rl.robustness(p, source="c", target="o2").n_sources == 1
    p.add_source("int-3", case="a")
    e3 = p.add_evidence(source="int-3", quote="all of it", id="e3")
    for k in ("k1", "k2"):
        p.get(k, rl.Configuration).evidence = [*p.get(k, rl.Configuration).evidence, e3.id]
    r = rl.robustness(p, source="c", target="o2")
    assert r.n_sources == 2 and r.cut == ("int-1", "int-3")
    # A link citing evidence is told by its sources only.
    p.links[0].evidence = ["e1"]
    assert rl.robustness(p, source="c", target="o2").cut == ("int-1",)


def test_robustness_zero_without_paths_and_none_for_links_without_evidence() -> None:
    p = _halves()
    r = rl.robustness(p, source="o2", target="c")
    assert (r.n_sources, r.cut, r.paths) == (0, (), ())
    r = rl.robustness(p, source="o1", target="c2")  # only the bare link tells it
    assert r.n_sources is None and len(r.paths) == 1


def test_within_case_drops_paths_stitched_across_cases() -> None:
    p = _halves()
    p.add_case("b")
    p.get("k2").cases = ["b"]
    assert rl.trace_paths(p, source="c", target="o2") == []
    (path,) = rl.trace_paths(p, source="c", target="o2", within=None)
    assert path.cases == () and "stitched" in str(path)
    # A link told in case b does not join case a's half to it either way.
    p.get("k2").cases = ["a"]
    p.links[0].case = "b"
    assert rl.trace_paths(p, source="c", target="o2") == []
    p.links[0].case = "a"
    assert len(rl.trace_paths(p, source="c", target="o2")) == 1


def test_refuted_configurations_tell_no_step() -> None:
    p = _halves()
    p.get("k2").status = "refuted"
    assert rl.trace_paths(p, source="c", target="o2", within=None) == []
    assert len(rl.trace_paths(p, source="c", target="o2", within=None, exclude_status=())) == 1
    assert rl.robustness(p, source="c", target="o2").n_sources == 0
    assert rl.robustness(p, source="c", target="o2", exclude_status=None).n_sources == 1


def test_links_between_configurations_step_from_outcomes_to_contexts() -> None:
    p = _halves()
    p.links.clear()
    assert rl.trace_paths(p, source="c", target="o2", within=None) == []
    p.add_link("k1", "leads_to", "k2", id="l2")
    (path,) = rl.trace_paths(p, source="c", target="o2", within=None)
    assert path.steps[2].links == ("l2",) and path.steps[2].source_element == "o1"
    p.get("k1").status = "refuted"  # a refuted configuration leads nowhere
    assert rl.trace_paths(p, source="m1", target="o2", within=None) == []


def test_caps_warn() -> None:
    p = _halves()
    with pytest.warns(rl.RealistWarning, match="longer than max_length=3"):
        assert rl.trace_paths(p, source="c", target="o2", max_length=3) == []
    p.add_mechanism("M3", id="m3")
    p.add_configuration(case="a", contexts=["c"], mechanisms=["m3"], outcomes=["o1"], id="k3")
    assert len(rl.trace_paths(p, source="c", target="o2", within=None)) == 2
    with pytest.warns(rl.RealistWarning, match="stopped after 1 paths"):
        assert len(rl.trace_paths(p, source="c", target="o2", within=None, max_paths=1)) == 1
    with pytest.warns(rl.RealistWarning, match="stopped after 1 paths"):
        rl.robustness(p, source="c", target="o2", max_paths=1)


def test_bad_arguments() -> None:
    p = _halves()
    with pytest.raises(UnknownIdError, match="nope"):
        rl.trace_paths(p, source="nope", target="o2")
    with pytest.raises(UnknownIdError):
        rl.trace_paths(p, source="k1", target="o2")  # a configuration, not an element
    with pytest.raises(ValidationError, match="within must be"):
        rl.trace_paths(p, source="c", target="o2", within="informant")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="max_length"):
        rl.trace_paths(p, source="c", target="o2", max_length=0)
    with pytest.raises(ValidationError, match="unknown status"):
        rl.robustness(p, source="c", target="o2", exclude_status="proven")
    assert rl.trace_paths(p, source=p.get("c", rl.Context), target="c") == []


def test_hipp_paths_keep_to_one_case_by_default() -> None:
    p = rl.datasets.load("hipp")
    default = rl.trace_paths(p, source="c-history", target="o-locality-models")
    assert default and all(path.cases == ("sandwell",) for path in default)
    with pytest.warns(rl.RealistWarning, match="max_length"):
        everything = rl.trace_paths(p, source="c-history", target="o-locality-models", within=None)
    assert {q.elements for q in default} < {q.elements for q in everything}
    stitched = [q for q in everything if q.cases == ()]
    assert stitched and "cfg-table3" in stitched[0].configurations
    # The chain from Nottingham into Sandwell is gone by default, there with within=None.
    pair = ["cfg-nottingham-accountability", "cfg-sandwell-accountability"]
    assert pair not in rl.chains(p) and pair in rl.chains(p, within=None)


# ---------------------------------------------------------------- properties

SOURCES = ("s0", "s1", "s2")


@st.composite
def projects(draw: st.DrawFn) -> rl.Project:
    p = rl.Project(title="random")
    for case in ("a", "b"):
        p.add_case(case)
    for s in SOURCES:
        p.add_source(s)
    evidence = {s: p.add_evidence(source=s, quote=s, id=f"e-{s}").id for s in SOURCES}
    for i in range(3):
        p.add_context(f"C{i}", id=f"c{i}")
        p.add_mechanism(f"M{i}", id=f"m{i}")
        p.add_outcome(f"O{i}", id=f"o{i}")
    told = st.lists(st.sampled_from(SOURCES), max_size=2, unique=True)
    for n in range(draw(st.integers(1, 5))):
        p.add_configuration(
            id=f"k{n}",
            cases=draw(st.lists(st.sampled_from(["a", "b"]), max_size=2, unique=True)),
            contexts=draw(st.lists(st.sampled_from(["c0", "c1", "c2"]), max_size=2, unique=True)),
            mechanisms=[draw(st.sampled_from(["m0", "m1", "m2"]))],
            outcomes=[draw(st.sampled_from(["o0", "o1", "o2"]))],
            evidence=[evidence[s] for s in draw(told)],
            status=draw(st.sampled_from(["supported", "supported", "refuted"])),
        )
    pairs = [(o, c) for o in ("o0", "o1", "o2") for c in ("c0", "c1", "c2")]
    for n, (o, c) in enumerate(draw(st.lists(st.sampled_from(pairs), max_size=3, unique=True))):
        p.add_link(
            o,
            "becomes",
            c,
            id=f"l{n}",
            case=draw(st.sampled_from([None, "a", "b"])),
            evidence=[evidence[s] for s in draw(told)],
        )
    return p


def _brute_force(p: rl.Project, source: str, target: str) -> int | None:
    """The smallest set of sources whose removal disconnects target from source."""
    src_of = {ev.id: ev.source for ev in p.evidence}

    def graph(removed: set[str]) -> nx.DiGraph:
        G = nx.DiGraph()
        G.add_nodes_from(p.elements)
        for k in p.configurations:
            if k.status == "refuted" or {src_of[e] for e in k.evidence} <= removed:
                continue
            G.add_edges_from((c, m) for c in k.contexts for m in k.mechanisms)
            G.add_edges_from((m, o) for m in k.mechanisms for o in k.outcomes)
        for link in p.links:
            if not link.evidence or not {src_of[e] for e in link.evidence} <= removed:
                G.add_edge(link.source, link.target)
        return G

    for size in range(len(SOURCES) + 1):
        for removed in itertools.combinations(SOURCES, size):
            if not nx.has_path(graph(set(removed)), source, target):
                return size
    return None


ENDS = st.tuples(st.sampled_from(["c0", "c1", "m0"]), st.sampled_from(["o0", "o1", "o2"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects(), ENDS)
def test_robustness_equals_brute_force(p: rl.Project, ends: tuple[str, str]) -> None:
    source, target = ends
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # max_length=20 never cuts these small graphs
        r = rl.robustness(p, source=source, target=target, max_length=20)
    assert r.exact
    assert r.n_sources == _brute_force(p, source, target)
    if r.n_sources:
        assert len(r.cut) == r.n_sources
        assert r.flow is not None and r.flow >= r.n_sources  # the flow counts per step


@settings(max_examples=150, deadline=None)
@given(projects(), ENDS)
def test_paths_within_a_source_or_case_are_among_all_paths(
    p: rl.Project, ends: tuple[str, str]
) -> None:
    source, target = ends
    every = {
        q.elements: q
        for q in rl.trace_paths(p, source=source, target=target, within=None, max_length=20)
    }
    within: Literal["source", "case"]
    for within in ("source", "case"):
        some = rl.trace_paths(p, source=source, target=target, within=within, max_length=20)
        assert {q.elements for q in some} <= set(every)
        for q in some:
            assert q == every[q.elements]  # the same path, reporting the same tellers
            named = q.sources if within == "source" else q.cases
            assert named or within == "case"


def test_the_minimum_cut_is_causal_maps_score_and_a_safe_answer() -> None:
    """A source telling two steps of a cut is counted twice by the flow, once by n_sources."""
    p = rl.Project(title="t")
    for s in ("a", "b", "s-c"):
        p.add_source(s)
    c, m1, m2, o = (
        p.add_context("C", id="ctx"),
        p.add_mechanism("M1", id="m1"),
        p.add_mechanism("M2", id="m2"),
        p.add_outcome("O", id="o"),
    )
    ev = {s: p.add_evidence(source=s, quote=s, id=f"e-{s}") for s in ("a", "b", "s-c")}
    # two parallel configurations; source "a" tells both, "b" and "c" one each
    p.add_configuration(contexts=[c], mechanisms=[m1], outcomes=[o], evidence=[ev["a"], ev["b"]])
    p.add_configuration(contexts=[c], mechanisms=[m2], outcomes=[o], evidence=[ev["a"], ev["s-c"]])
    r = rl.robustness(p, source="ctx", target="o")
    assert (r.flow, r.n_sources, r.cut, r.exact) == (4, 3, ("a", "b", "s-c"), True)
    # with too little budget the answer is still a set that breaks every path
    with pytest.warns(rl.RealistWarning, match="minimum cut's flow is 4"):
        cheap = rl.robustness(p, source="ctx", target="o", budget=1)
    assert cheap.exact is False and cheap.n_sources is not None and cheap.n_sources >= 3
