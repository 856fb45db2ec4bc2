"""suggest_opposites, OppositeSuggestion, and opposites left out of suggest_merges."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import realist as rl
from realist.analysis.harmonise import (
    NEGATED_WORDS,
    NEGATIONS,
    OppositeSuggestion,
    is_opposite,
    suggest_merges,
    suggest_opposites,
    suggestions_frame,
)
from realist.errors import ValidationError
from realist.model import Project


def _project() -> Project:
    p = Project(title="Opposites")
    p.add_context("Shared vision", id="c-vision")
    p.add_context("No shared vision", id="c-no-vision")
    p.add_mechanism("Lack of trust", id="m-no-trust")
    p.add_mechanism("Trust", id="m-trust")
    p.add_mechanism("Local champions", id="m-local")
    p.add_mechanism("Project champion role", id="m-role")
    return p


def test_negations_are_opposites_not_merges() -> None:
    p = _project()
    merges = {(s.keep, s.merge) for s in suggest_merges(p, threshold=0)}
    for pair in [("c-vision", "c-no-vision"), ("m-trust", "m-no-trust")]:
        assert pair not in merges and pair[::-1] not in merges
    assert suggest_opposites(p) == [
        OppositeSuggestion(
            positive="c-vision",
            negative="c-no-vision",
            reason="negation",
            cue="/no",
            kind="context",
            matched=("Shared vision", "No shared vision"),
        ),
        OppositeSuggestion(
            positive="m-trust",
            negative="m-no-trust",
            reason="negation",
            cue="/lack of",
            kind="mechanism",
            matched=("Trust", "Lack of trust"),
        ),
    ]


def test_similar_labels_still_merge() -> None:
    p = _project()
    p.elements["m-local"].aliases.append("project champion role")
    p.add_mechanism("Local champion", id="m-local-1")
    s = suggest_merges(p)
    assert [(x.keep, x.merge, x.reason) for x in s] == [
        ("m-local", "m-role", "alias"),
        ("m-local", "m-local-1", "similar"),
    ]


def test_the_default_merge_threshold_would_have_proposed_the_opposites() -> None:
    """The reason for the rule: token_set_ratio gives these pairs 100."""
    from rapidfuzz import fuzz, utils

    for a, b in [("Shared vision", "No shared vision"), ("Trust", "Lack of trust")]:
        assert fuzz.token_set_ratio(utils.default_process(a), utils.default_process(b)) == 100


def test_recorded_opposites_are_never_merges_nor_suggested_again() -> None:
    p = Project(title="t")
    p.add_outcome("Engagement of GPs", id="o-yes")
    p.add_outcome("Engagement of GPs, partial", id="o-partial")
    assert [(s.keep, s.merge) for s in suggest_merges(p)] == [("o-yes", "o-partial")]
    p.pair_opposites("o-yes", "o-partial")
    assert suggest_merges(p) == []
    p.add_outcome("No engagement of GPs", id="o-no")
    assert [(s.positive, s.negative) for s in suggest_opposites(p)] == [("o-yes", "o-no")]
    p.pair_opposites("o-yes", "o-no")
    assert suggest_opposites(p) == []


@pytest.mark.parametrize(
    ("a", "b", "reason", "cue"),
    [
        ("Shared vision", "No shared vision", "negation", "/no"),
        ("Trust", "Lack of trust", "negation", "/lack of"),
        ("Leadership", "Poor leadership", "negation", "/poor"),
        ("Funding", "Absence of funding", "negation", "/absence of"),
        ("Senior support", "Without senior support", "negation", "/without"),
        ("Statutory partners", "Non-statutory partners", "negation", "/non"),
        ("Statutory partners", "non statutory partners", "negation", "/non"),
        ("Aligned budgets", "Not aligned budgets", "negation", "/not"),
        ("Resources", "Insufficient resources", "negation", "/insufficient"),
        ("Training", "Inadequate training", "negation", "/inadequate"),
        ("Capacity", "Limited capacity", "negation", "/limited"),
        ("Champion", "Champion absent", "negation", "/absent"),
        ("Roles clear", "Roles unclear", "negation", "/unclear"),
        ("Stable funding", "Unstable funding", "negation", "/unstable"),
        ("Trust between agencies", "Distrust between agencies", "negation", "/distrust"),
        ("High trust", "Low trust", "antonym", "high/low"),
        ("Trust", "Low trust", "antonym", "/low"),
        ("Strong leadership", "Weak leadership", "antonym", "strong/weak"),
        ("Increased referrals", "Decreased referrals", "antonym", "increased/decreased"),
        ("More contact", "Less contact", "antonym", "more/less"),
        ("Good communication", "Poor communication", "antonym", "good/poor"),
        ("Presence of a champion", "Absence of a champion", "antonym", "presence of/absence of"),
    ],
)
def test_rules(a: str, b: str, reason: str, cue: str) -> None:
    p = Project(title="t")
    p.add_context(a, id="c-a")
    p.add_context(b, id="c-b")
    assert is_opposite(a, b) and is_opposite(b, a)
    [s] = suggest_opposites(p)
    assert (s.positive, s.negative, s.reason, s.cue) == ("c-a", "c-b", reason, cue)
    assert suggest_merges(p, threshold=0) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Local champions", "No-cost champions"),
        ("Local champions", "No champions"),
        ("High trust", "Trust"),  # both positive
        ("Staffed", "Understaffed"),  # un-/under- only from the explicit list
        ("Interest", "Disinterest among GPs"),
        ("Shared vision", "Shared visions lacking"),  # the rest must match word for word
        ("No shared vision", "Lack of shared vision"),  # both negative
        ("Universal services", "Services"),
    ],
)
def test_not_opposites(a: str, b: str) -> None:
    assert not is_opposite(a, b)
    assert not is_opposite(b, a)


def test_opposites_only_within_a_kind_and_by_alias() -> None:
    p = Project(title="t")
    p.add_context("Shared vision", id="c-vision")
    p.add_outcome("No shared vision", id="o-no-vision")
    assert suggest_opposites(p) == []
    p.add_outcome("Common purpose", id="o-purpose", aliases=["Shared vision"])
    [s] = suggest_opposites(p)
    assert (s.positive, s.negative, s.matched) == (
        "o-purpose",
        "o-no-vision",
        ("Shared vision", "No shared vision"),
    )
    assert suggest_opposites(p, kinds="contexts") == []
    with pytest.raises(ValidationError, match="unknown kind"):
        suggest_opposites(p, kinds="theme")


def test_suggestions_frame_for_opposites() -> None:
    p = _project()
    frame = suggestions_frame(suggest_opposites(p), project=p)
    assert list(frame.columns) == [
        "kind",
        "positive",
        "positive_label",
        "negative",
        "negative_label",
        "reason",
        "cue",
        "matched",
    ]
    assert frame["negative_label"].tolist() == ["No shared vision", "Lack of trust"]
    assert suggest_opposites(p)[0].to_frame()["positive"].tolist() == ["c-vision"]
    assert "Opposite suggestion" in suggest_opposites(p)[0]._repr_html_()
    mixed = [*suggest_opposites(p), *suggest_merges(p, threshold=0)]
    with pytest.raises(ValidationError, match="not a mix"):
        suggestions_frame(mixed)  # type: ignore[arg-type]
    assert list(suggestions_frame([]).columns)[:2] == ["kind", "keep"]


def test_applying_a_suggestion_pairs_the_elements() -> None:
    p = _project()
    for s in suggest_opposites(p):
        p.pair_opposites(s.positive, s.negative)
    assert p.elements["c-vision"].opposites == ["c-no-vision"]
    assert p.elements["m-no-trust"].opposites == ["m-trust"]
    assert suggest_opposites(p) == []


def test_documented_lists_are_lower_case_words() -> None:
    for word in (*NEGATIONS, *NEGATED_WORDS, *NEGATED_WORDS.values()):
        assert word == word.lower().strip()


def test_top_level_exports() -> None:
    assert rl.suggest_opposites is suggest_opposites
    assert rl.OppositeSuggestion is OppositeSuggestion


_LABEL = st.text(
    alphabet=st.characters(categories=["L"]) | st.just(" "), min_size=1, max_size=30
).filter(lambda x: any(ch.isalpha() for ch in x))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LABEL)
def test_never_merges_x_with_no_x(label: str) -> None:
    p = Project(title="t")
    p.add_context(label, id="c-x")
    p.add_context("No " + label, id="c-no-x")
    assert suggest_merges(p, threshold=0) == []
    assert [(s.positive, s.negative) for s in suggest_opposites(p)] == [("c-x", "c-no-x")]
