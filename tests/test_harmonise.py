"""suggest_merges, MergeSuggestion, suggestions_frame and Project.merge."""

from __future__ import annotations

import itertools
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

import realist as rl
from realist.analysis.harmonise import (
    MergeSuggestion,
    merge_elements,
    suggest_merges,
    suggestions_frame,
)
from realist.errors import RealistWarning, UnknownIdError, ValidationError
from realist.model import Mechanism, Project

# ---------------------------------------------------------------- suggest_merges


def _champions() -> Project:
    p = Project(title="Champions")
    p.add_case("a")
    p.add_case("b")
    p.add_mechanism("Local champions", id="m-local", aliases=["Project  Champion role"])
    p.add_mechanism("project champion role", id="m-role")
    p.add_mechanism("Local champion", id="m-local-1")
    p.add_mechanism("Consultancy support", id="m-consult")
    p.add_context("Local champions", id="c-local")  # same label, other kind
    p.add_outcome("Shared vision", id="o-vision")
    p.add_configuration(case="b", mechanisms=["m-role"], outcomes=["o-vision"], id="k1")
    p.add_configuration(case="a", mechanisms=["m-role"], outcomes=["o-vision"], id="k2")
    return p


def test_alias_match_ignores_case_and_spaces_and_keeps_the_more_used() -> None:
    p = _champions()
    s = suggest_merges(p, threshold=100)
    assert s == [
        MergeSuggestion(
            keep="m-role",  # named by two configurations; m-local by none
            merge="m-local",
            score=100.0,
            reason="alias",
            kind="mechanism",
            matched=("project champion role", "Project  Champion role"),
        )
    ]


def test_similar_labels_scored_and_sorted() -> None:
    p = _champions()
    s = suggest_merges(p, threshold=80)
    assert [(x.keep, x.merge, x.reason) for x in s] == [
        ("m-role", "m-local", "alias"),
        ("m-local", "m-local-1", "similar"),
    ]
    assert s[1].score == round(fuzz.token_set_ratio("local champions", "local champion"), 1)
    assert s[1].score == pytest.approx(96.6)
    assert s[1].kind == "mechanism"
    assert all(a.score >= b.score for a, b in itertools.pairwise(s))


def test_only_within_one_kind() -> None:
    p = _champions()
    pairs = {(x.keep, x.merge) for x in suggest_merges(p, threshold=0)}
    assert all(a[0] == b[0] for a, b in pairs)  # c- with c-, m- with m-
    assert not any("c-local" in pair for pair in pairs)  # the only context


def test_kinds_filter_and_plurals() -> None:
    p = _champions()
    p.add_outcome("Shared visions", id="o-visions")
    assert [x.merge for x in suggest_merges(p, kinds="outcomes")] == ["o-visions"]
    assert {x.kind for x in suggest_merges(p, kinds=["mechanism"])} == {"mechanism"}
    assert suggest_merges(p, kinds=[]) == []


def test_threshold_excludes_lower_scores() -> None:
    p = _champions()
    assert all(x.score >= 97 for x in suggest_merges(p, threshold=97))
    assert len(suggest_merges(p, threshold=97)) == 1


def test_custom_scorer() -> None:
    p = Project(title="t")
    p.add_mechanism("Stakeholder events", id="m-a")
    p.add_mechanism("Stakeholder events focusing on community health needs", id="m-b")
    [s] = suggest_merges(p)  # token_set_ratio: subset of words -> 100
    assert (s.score, s.reason) == (100.0, "similar")
    assert suggest_merges(p, scorer=fuzz.token_sort_ratio) == []


def test_bad_options() -> None:
    p = _champions()
    with pytest.raises(ValidationError, match="threshold must be a number from 0 to 100, got 120"):
        suggest_merges(p, threshold=120)
    with pytest.raises(ValidationError, match="unknown kind 'theme'"):
        suggest_merges(p, kinds="theme")


def test_empty_and_single() -> None:
    assert suggest_merges(Project(title="t")) == []
    p = Project(title="t")
    p.add_context("Alone")
    assert suggest_merges(p) == []


def test_hipp_has_no_alias_collisions_but_finds_the_steering_groups() -> None:
    p = rl.datasets.load("hipp")
    s = suggest_merges(p)
    assert [x for x in s if x.reason == "alias"] == []
    assert ("m-steering-groups", "similar") in {(x.merge, x.reason) for x in s}


def test_frame_repr_and_html() -> None:
    p = _champions()
    s = suggest_merges(p, threshold=80)
    df = suggestions_frame(s, project=p)
    assert list(df.columns) == [
        "kind",
        "keep",
        "keep_label",
        "merge",
        "merge_label",
        "score",
        "reason",
        "matched",
    ]
    assert df.loc[0, "keep_label"] == "project champion role"
    assert df.loc[0, "merge_label"] == "Local champions"
    assert suggestions_frame([]).shape == (0, 8)
    assert repr(s[0]) == (
        "MergeSuggestion(keep='m-role', merge='m-local', score=100.0, reason='alias')"
    )
    assert "m-role" in s[0]._repr_html_()
    assert s[0].to_frame().loc[0, "keep_label"] == ""


def test_speed_shape_two_thousand_elements() -> None:
    """Not a timing test: a large project gives sensible pairs (see benchmarks/)."""
    p = Project(title="big")
    for i in range(300):
        p.add_context(f"Context number {i} about topic {i % 7}", id=f"c-{i}")
    p.add_context("context number 5 about topic 5", id="c-dup")
    s = suggest_merges(p, threshold=100)
    assert ("c-5", "c-dup", "alias") in {(x.keep, x.merge, x.reason) for x in s}


# ---------------------------------------------------------------- Project.merge


def _to_merge() -> Project:
    p = Project(title="Merge")
    p.add_theme("vision", "Vision")
    p.add_theme("lead", "Leadership")
    p.add_case("a")
    p.add_source("s1", case="a")
    p.add_context("History", id="c-hist", themes=["vision"])
    p.add_context("Joint history", id="c-joint", themes=["lead"], aliases=["history", "past"])
    p.add_context("Turbulence", id="c-turb", category="political")
    p.add_mechanism("Champions", id="m-champ", level="project")
    p.add_mechanism("Champion role", id="m-role", description="a role", level="programme")
    p.add_outcome("Vision", id="o-vision")
    p.add_outcome("Plan", id="o-plan")
    p.add_evidence(source="s1", id="e1", elements=["c-hist", "c-joint", "m-role"])
    p.add_configuration(
        case="a",
        id="k1",
        contexts=["c-hist", "c-joint", "c-turb"],
        constraining=["c-joint"],
        mechanisms=["m-role"],
        outcomes=["o-vision", "o-plan"],
        anticipated=["o-plan"],
        evidence=["e1"],
    )
    p.add_configuration(
        case="a", id="k2", contexts=["c-joint"], mechanisms=["m-champ"], outcomes=["o-plan"]
    )
    p.add_link("c-joint", "constrains", "m-champ", id="l1")
    p.add_link("c-hist", "related", "c-joint", id="l2")
    p.add_link("k1", "leads_to", "k2", id="l3")
    return p


def test_merge_rewrites_every_reference() -> None:
    p = _to_merge()
    with pytest.warns(RealistWarning) as caught:
        q = merge_elements(p, "c-hist", "c-joint")
    assert "c-joint" in p and p.get("k2").contexts == ["c-joint"]  # p is unchanged
    p, kept = q, q.get("c-hist")
    [message] = [str(w.message) for w in caught]
    assert "in 'k1', 'c-hist' is now constraining" in message
    assert "link 'l2' would run from 'c-hist' to itself: dropped" in message
    assert kept is p.get("c-hist")
    assert "c-joint" not in p
    assert [c.id for c in p.contexts] == ["c-hist", "c-turb"]
    k1, k2 = p.configurations
    assert k1.contexts == ["c-hist", "c-turb"]  # no duplicate
    assert k1.constraining == ["c-hist"]  # the role held by the merged element
    assert k1.anticipated == ["o-plan"]
    assert k2.contexts == ["c-hist"]
    assert p.get("e1").elements == ["c-hist", "m-role"]
    assert [(lk.id, lk.source, lk.target) for lk in p.links] == [
        ("l1", "c-hist", "m-champ"),
        ("l3", "k1", "k2"),
    ]
    assert kept.themes == ["vision", "lead"]
    assert kept.aliases == ["Joint history", "past"]  # "history" is the kept label
    assert p.find_problems() == []


def test_merge_fills_empty_fields_and_keeps_set_ones() -> None:
    p = _to_merge()
    with pytest.warns(RealistWarning, match="level 'programme' of 'm-role' was not kept"):
        p = merge_elements(p, p.get("m-champ"), p.get("m-role"))
    kept = p.get("m-champ")
    assert isinstance(kept, Mechanism)
    assert (kept.level, kept.description) == ("project", "a role")
    assert kept.aliases == ["Champion role"]
    assert p.get("k1").mechanisms == ["m-champ"]


def test_merge_errors_leave_the_project_unchanged() -> None:
    p = _to_merge()
    before = p.model_copy(deep=True)
    with pytest.raises(UnknownIdError, match="unknown id 'c-nothing'"):
        merge_elements(p, "c-hist", "c-nothing")
    with pytest.raises(UnknownIdError, match="'a' is a case, not an element"):
        merge_elements(p, "a", "c-hist")
    with pytest.raises(ValidationError, match="only elements of the same kind"):
        merge_elements(p, "c-hist", "m-champ")
    with pytest.raises(ValidationError, match="into itself"):
        merge_elements(p, "c-hist", "c-hist")
    assert p == before


def test_merge_is_atomic_when_the_result_does_not_validate() -> None:
    p = _to_merge()
    p.configurations[1].cases.append("nowhere")  # broken by hand, elsewhere
    before = p.model_copy(deep=True)
    with pytest.raises(ValidationError, match="nowhere"):
        merge_elements(p, "m-champ", "m-role")
    with pytest.raises(ValidationError, match="nowhere"), pytest.deprecated_call():
        p.merge("m-champ", "m-role")
    assert p == before
    assert "m-role" in p and p.get("m-role").label == "Champion role"


def test_merge_a_suggestion_on_hipp() -> None:
    p = rl.datasets.load("hipp")
    [s] = [x for x in suggest_merges(p) if x.merge == "m-steering-groups"]
    n = len(p.configurations)
    p = merge_elements(p, s.keep, s.merge)
    assert "Strategic steering groups" in p.get(s.keep).aliases
    assert len(p.configurations) == n
    assert p.find_problems() == []
    assert not any("m-steering-groups" in k.elements for k in p.configurations)


@st.composite
def merge_cases(draw: st.DrawFn) -> tuple[Project, str, str]:
    p = Project(title="random")
    p.add_theme("t1", "T1")
    p.add_case("a")
    p.add_source("s")
    kinds = {
        "c": [
            p.add_context(f"C{i}", id=f"c{i}", themes=draw(st.sampled_from([[], ["t1"]])))
            for i in range(draw(st.integers(2, 4)))
        ],
        "m": [p.add_mechanism(f"M{i}", id=f"m{i}") for i in range(draw(st.integers(2, 4)))],
        "o": [p.add_outcome(f"O{i}", id=f"o{i}") for i in range(draw(st.integers(2, 4)))],
    }
    ids = {k: [e.id for e in v] for k, v in kinds.items()}
    for i in range(draw(st.integers(0, 3))):
        p.add_evidence(
            source="s",
            id=f"e{i}",
            elements=draw(
                st.lists(st.sampled_from([i for group in ids.values() for i in group]), unique=True)
            ),
        )
    for i in range(draw(st.integers(1, 5))):
        contexts = draw(st.lists(st.sampled_from(ids["c"]), unique=True))
        outcomes = draw(st.lists(st.sampled_from(ids["o"]), min_size=1, unique=True))
        p.add_configuration(
            id=f"k{i}",
            cases=draw(st.sampled_from([[], ["a"]])),
            contexts=contexts,
            constraining=draw(st.lists(st.sampled_from(contexts), unique=True)) if contexts else [],
            mechanisms=draw(st.lists(st.sampled_from(ids["m"]), min_size=1, unique=True)),
            outcomes=outcomes,
            unintended=draw(st.lists(st.sampled_from(outcomes), unique=True)),
        )
    everything = [i for group in ids.values() for i in group]
    for i in range(draw(st.integers(0, 4))):
        source, target = draw(
            st.lists(st.sampled_from(everything), min_size=2, max_size=2, unique=True)
        )
        p.add_link(source, "related", target, id=f"l{i}")
    kind = draw(st.sampled_from(["c", "m", "o"]))
    keep, merge = draw(st.lists(st.sampled_from(ids[kind]), min_size=2, max_size=2, unique=True))
    return p, keep, merge


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(merge_cases())
def test_merge_keeps_the_project_valid(case: tuple[Project, str, str]) -> None:
    p, keep, merge = case
    n_configurations = len(p.configurations)
    n_elements = len(p.elements)
    looping = {lk.id for lk in p.links if {lk.source, lk.target} == {keep, merge}}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        p = merge_elements(p, keep, merge)
    told = " ".join(str(w.message) for w in caught)
    for link_id in looping:
        assert f"link {link_id!r} would run from" in told
    assert p.find_problems() == []
    assert len(p.configurations) == n_configurations
    assert len(p.elements) == n_elements - 1
    assert merge not in p
    assert not looping & {lk.id for lk in p.links}
    for k in p.configurations:
        assert merge not in (*k.elements, *k.constraining, *k.unintended, *k.anticipated)
    assert all(merge not in ev.elements for ev in p.evidence)
    assert all(merge not in (lk.source, lk.target) for lk in p.links)


def test_merge_drops_links_that_become_repeats() -> None:
    p = Project(title="t")
    o = p.add_outcome("O", id="o")
    c1, c2 = p.add_context("C one", id="c1"), p.add_context("C two", id="c2")
    p.add_link(o, "becomes", c1, id="l1")
    p.add_link(o, "becomes", c2, id="l2")
    p.add_link(o, "enables", c2, id="l3")  # another relation: not a repeat
    with pytest.warns(RealistWarning, match="link 'l2' now repeats 'l1': dropped"):
        p = merge_elements(p, "c1", "c2")
    assert [(lk.id, lk.relation, lk.target) for lk in p.links] == [
        ("l1", "becomes", "c1"),
        ("l3", "enables", "c1"),
    ]


def test_project_merge_is_a_deprecated_shim_that_edits_in_place() -> None:
    p = _to_merge()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RealistWarning)  # "level ... was not kept"
        expected = merge_elements(p.model_copy(deep=True), "m-champ", "m-role")
        with pytest.deprecated_call(match="realist.merge_elements"):
            kept = p.merge("m-champ", "m-role")
    assert kept is p.get("m-champ") and "m-role" not in p
    assert p == expected
