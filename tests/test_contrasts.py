"""contrasts, Contrast, OutcomeGroup and contrasts_frame."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import realist as rl
from realist.analysis.contrasts import Contrast, OutcomeGroup, contrasts, contrasts_frame
from realist.errors import RealistError, UnknownIdError, ValidationError
from realist.model import Project


def _project() -> Project:
    """Champions in four cases: vision where there is a history (a, b), stalled
    where staff turn over (c), and in d both, in two configurations."""
    p = Project(title="t")
    _ = p.add_theme("vision", "Shared vision")
    _ = p.add_theme("leadership", "Leadership")
    for case, region in (("a", "north"), ("b", "north"), ("c", "south"), ("d", "south")):
        _ = p.add_case(case, region=region)
    for ident in ("c-hist", "c-churn", "c-coterm", "c-funds"):
        _ = p.add_context(ident, id=ident)
    for ident in ("m-champ", "m-consult"):
        _ = p.add_mechanism(ident, id=ident)
    for ident in ("o-vision", "o-stall"):
        _ = p.add_outcome(ident, id=ident)
    p.add_configuration(
        case="a", id="k1", contexts=["c-hist", "c-coterm", "c-funds"], mechanisms=["m-champ"],
        outcomes=["o-vision"], themes=["vision"], status="supported",
    )  # fmt: skip
    p.add_configuration(
        case="b", id="k2", contexts=["c-hist", "c-funds"], mechanisms=["m-champ"],
        outcomes=["o-vision"], themes=["vision"], status="supported",
    )  # fmt: skip
    p.add_configuration(
        case="c", id="k3", contexts=["c-funds"], constraining=["c-churn"],
        mechanisms=["m-champ"], outcomes=["o-stall"], themes=["leadership"], status="conjectured",
    )  # fmt: skip
    p.add_configuration(
        case="d", id="k4", contexts=["c-funds", "c-churn"], mechanisms=["m-champ", "m-consult"],
        outcomes=["o-stall"], themes=["leadership"], status="supported",
    )  # fmt: skip
    p.add_configuration(
        case="d", id="k5", contexts=["c-hist", "c-funds"], mechanisms=["m-champ", "m-consult"],
        outcomes=["o-vision"], status="supported",
    )  # fmt: skip
    # programme-level: no case, never part of a contrast
    p.add_configuration(id="k0", mechanisms=["m-champ"], outcomes=["o-stall", "o-vision"])
    return p


# ---------------------------------------------------------------- definition


def test_mechanism_set_groups_configurations_with_equal_mechanisms() -> None:
    p = _project()
    [k] = contrasts(p)  # {m-champ}: k1, k2, k3; {m-champ, m-consult}: k4, k5 (one case only)
    assert k.mechanisms == ("m-champ",)
    assert k.cases == ("a", "b", "c")
    assert k.n_cases == 3
    assert [g.outcomes for g in k.groups] == [("o-vision",), ("o-stall",)]
    vision, stall = k.groups
    assert vision.cases == ("a", "b") and vision.configurations == ("k1", "k2")
    assert vision.distinguishing_contexts == ("c-hist",)  # c-coterm only in k1: not every
    assert vision.constraining == ()
    assert stall.cases == ("c",) and stall.configurations == ("k3",)
    assert stall.distinguishing_contexts == ("c-churn",)
    assert stall.constraining == ("c-churn",)
    assert k.shared_contexts == ("c-funds",)
    assert k.mixed_cases == ()
    assert k.configurations == ("k1", "k2", "k3")
    assert all(g.other_mechanisms == () for g in k.groups)


def test_rule_any_takes_contexts_of_some_configuration() -> None:
    [k] = contrasts(_project(), rule="any")
    assert k.groups[0].distinguishing_contexts == ("c-hist", "c-coterm")


def test_by_mechanism_keeps_one_entry_per_configuration() -> None:
    found = contrasts(_project(), by="mechanism")
    assert [k.mechanisms for k in found] == [("m-champ",)]  # m-consult: case d only
    [k] = found
    assert k.cases == ("a", "b", "c", "d")
    vision, stall = k.groups
    assert vision.configurations == ("k1", "k2", "k5")
    assert vision.cases == ("a", "b", "d")
    assert stall.configurations == ("k3", "k4")
    assert stall.cases == ("c", "d")
    assert k.mixed_cases == ("d",)  # the mechanism led to both outcomes in d
    assert vision.distinguishing_contexts == ("c-hist",)
    # c-churn is in k3 and k4, constraining in k3 only: flagged
    assert stall.distinguishing_contexts == ("c-churn",)
    assert stall.constraining == ("c-churn",)
    assert vision.other_mechanisms == ("m-consult",)
    assert stall.other_mechanisms == ("m-consult",)


def test_a_context_in_the_other_group_does_not_distinguish() -> None:
    p = _project()
    p.get("k3", rl.Configuration).contexts.append("c-hist")  # now in every group
    [k] = contrasts(p)
    assert k.groups[0].distinguishing_contexts == ()
    assert k.groups[1].distinguishing_contexts == ("c-churn",)


def test_same_outcomes_everywhere_is_no_contrast() -> None:
    p = _project()
    for ident in ("k3", "k4"):
        p.get(ident, rl.Configuration).outcomes[:] = ["o-vision"]
    assert contrasts(p, by="mechanism") == []


def test_outcome_sets_compare_exactly() -> None:
    p = _project()
    p.get("k2", rl.Configuration).outcomes.append("o-stall")
    [k] = contrasts(p)
    assert [g.outcomes for g in k.groups] == [("o-vision",), ("o-vision", "o-stall"), ("o-stall",)]


def test_min_cases_and_single_case() -> None:
    p = _project()
    assert contrasts(p, min_cases=4) == []
    assert len(contrasts(p, by="mechanism", min_cases=4)) == 1
    assert contrasts(p, by="mechanism", where={"region": "south"})[0].cases == ("c", "d")
    # within one case only: not a contrast between cases
    assert contrasts(p, by="mechanism", where=lambda c: c.id == "d") == []


def test_filters() -> None:
    p = _project()
    assert contrasts(p, exclude_status="conjectured") == []  # k3 was the stalled case
    assert contrasts(p, status="supported", by="mechanism")[0].configurations == (
        "k1", "k2", "k5", "k4",
    )  # fmt: skip
    assert contrasts(p, themes="vision") == []
    assert contrasts(p, themes=["vision", "leadership"])[0].cases == ("a", "b", "c")


def test_refuted_configurations_are_the_cases_where_the_outcome_failed() -> None:
    p = _project()
    p.get("k3", rl.Configuration).status = "refuted"  # the stall was expected in c, did not come
    [k] = contrasts(p)
    assert k.cases == ("a", "b", "c")
    assert [(g.outcomes, g.refuted, g.cases) for g in k.groups] == [
        (("o-vision",), False, ("a", "b")),
        (("o-stall",), True, ("c",)),
    ]
    assert "not ['o-stall'] in ['c']" in repr(k)
    assert contrasts(p, exclude_status=()) == [k] == contrasts(p, exclude_status=None)
    assert contrasts(p, status=["supported", "refuted"])[0].configurations == ("k1", "k2", "k3")
    assert contrasts(p, exclude_status="refuted") == []
    assert contrasts(p, status=["supported", "refuted"], exclude_status="refuted") == []
    # The same expected outcome, followed in a and b, failed in c: still a contrast.
    p.get("k3", rl.Configuration).outcomes = ["o-vision"]
    [k] = contrasts(p)
    assert [(g.outcomes, g.refuted) for g in k.groups] == [
        (("o-vision",), False),
        (("o-vision",), True),
    ]
    assert contrasts_frame([k])["refuted"].tolist() == [False, True]


def test_configurations_of_several_cases_count_each_kept_case() -> None:
    p = _project()
    p.get("k3", rl.Configuration).cases.append("b")
    [k] = contrasts(p)
    assert k.groups[1].cases == ("b", "c")
    assert k.mixed_cases == ("b",)
    [k] = contrasts(p, where={"region": "north"})
    assert k.groups[1].cases == ("b",)


def test_sorted_by_cases_then_groups() -> None:
    p = _project()
    _ = p.add_case("e")
    p.add_configuration(case="e", id="k6", mechanisms=["m-consult"], outcomes=["o-stall"])
    found = contrasts(p, by="mechanism")
    assert [(k.mechanisms, k.n_cases) for k in found] == [(("m-champ",), 4), (("m-consult",), 2)]
    assert found[1].groups[0].outcomes == ("o-stall",)  # d (k4) and e (k6): 2 cases first
    assert found[1].groups[0].cases == ("d", "e")


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"by": "mechanisms"}, "'mechanisms'"),
        ({"rule": "all"}, "'all'"),
        ({"min_cases": 1}, "at least 2"),
        ({"min_cases": 0}, "0"),
        ({"status": "proven"}, "'proven'"),
        ({"where": {"country": "Wales"}}, "'country'"),
    ],
)
def test_bad_options(kwargs: dict[str, object], needle: str) -> None:
    with pytest.raises(ValidationError, match=needle):
        contrasts(_project(), **kwargs)  # type: ignore[arg-type]


def test_unknown_theme() -> None:
    with pytest.raises(UnknownIdError, match="'nope'") as info:
        contrasts(_project(), themes="nope")
    assert isinstance(info.value, RealistError)


# ---------------------------------------------------------------- the result


def test_repr_names_ids() -> None:
    [k] = contrasts(_project())
    assert repr(k) == (
        "Contrast(mechanisms=['m-champ'], n_cases=3, groups=["
        "['o-vision'] in ['a', 'b'] given ['c-hist'], "
        "['o-stall'] in ['c'] given ['c-churn' (constraining)]])"
    )
    assert repr(k.groups[1]) == (
        "OutcomeGroup(outcomes=['o-stall'], cases=['c'], distinguishing_contexts=['c-churn'], "
        "constraining=['c-churn'])"
    )


def test_frozen_and_cases_checked() -> None:
    [k] = contrasts(_project())
    with pytest.raises(AttributeError):
        k.mechanisms = ("m-x",)  # type: ignore[misc]
    g = OutcomeGroup(outcomes=("o",), cases=("x",), configurations=("k",))
    with pytest.raises(ValidationError, match="'y'"):
        Contrast(mechanisms=("m",), groups=(g,), cases=("y",))


def test_repr_html_escapes() -> None:
    g1 = OutcomeGroup(outcomes=("o-<a>",), cases=("x",), configurations=("k1",))
    g2 = OutcomeGroup(outcomes=("o-b",), cases=("y",), configurations=("k2",))
    out = Contrast(mechanisms=("m-&",), groups=(g1, g2))._repr_html_()
    assert "o-&lt;a&gt;" in out and "m-&amp;" in out and "<a>" not in out


def test_frame() -> None:
    p = _project()
    found = contrasts(p, by="mechanism")
    df = contrasts_frame(found, project=p)
    assert list(df.columns) == [
        "contrast", "mechanisms", "group", "outcomes", "n_cases", "n_sources", "cases",
        "configurations", "distinguishing_contexts", "constraining", "other_mechanisms",
        "shared_contexts", "refuted", "sources", "source_kinds", "n_evidence", "evidence",
        "mechanism_labels", "outcome_labels", "context_labels",
    ]  # fmt: skip
    assert df["group"].tolist() == [1, 2]
    assert df["n_cases"].tolist() == [3, 2]
    assert df.loc[1, "constraining"] == ("c-churn",)
    assert df.loc[0, "outcome_labels"] == ("o-vision",)
    assert found[0].to_frame().shape == (2, 17)
    assert contrasts_frame([]).shape == (0, 17)


# ---------------------------------------------------------------- HIPP


def test_hipp_nottingham_versus_sandwell() -> None:
    hipp = rl.datasets.load("hipp")
    found = {k.mechanisms: k for k in contrasts(hipp, by="mechanism")}
    relations = found[("m-relations-attention",)]
    assert relations.cases == ("nottingham", "sandwell")
    notts, sandwell = relations.groups
    assert notts.configurations == ("cfg-nottingham-relations",)
    assert set(notts.distinguishing_contexts) == {
        "c-lack-gp-involvement",
        "c-lack-shared-understanding",
    }
    assert notts.constraining == notts.distinguishing_contexts
    assert sandwell.configurations == ("cfg-sandwell-1-relations",)
    assert sandwell.outcomes == ("o-effective-relationships",)
    management = found[("m-project-management",)]
    assert [g.cases for g in management.groups] == [("nottingham",), ("sandwell",)]
    assert management.groups[1].distinguishing_contexts == ("c-blurred-management",)
    # the programme-level Table 3 configuration is never part of a contrast
    assert all("cfg-table3" not in k.configurations for k in found.values())


def test_hipp_default_is_strict() -> None:
    hipp = rl.datasets.load("hipp")
    [k] = contrasts(hipp)
    assert k.mechanisms == ("m-local-champions", "m-consultancy")
    assert k.cases == ("nottingham", "telford-wrekin")
    assert k.groups[1].distinguishing_contexts == ("c-national-focus",)


# ---------------------------------------------------------------- properties

_CASES = ("a", "b", "c", "d")
_CONTEXTS = ("c1", "c2", "c3")
_MECHANISMS = ("m1", "m2")
_OUTCOMES = ("o1", "o2", "o3")

_configs = st.lists(
    st.tuples(
        st.sets(st.sampled_from(_CASES), max_size=2),
        st.sets(st.sampled_from(_CONTEXTS)),
        st.sets(st.sampled_from(_MECHANISMS), min_size=1),
        st.sets(st.sampled_from(_OUTCOMES), min_size=1),
    ),
    max_size=10,
)


def _random_project(configs: list[tuple[set[str], set[str], set[str], set[str]]]) -> Project:
    p = Project(title="random")
    for c in _CASES:
        _ = p.add_case(c)
    for c in _CONTEXTS:
        _ = p.add_context(c, id=c)
    for m in _MECHANISMS:
        _ = p.add_mechanism(m, id=m)
    for o in _OUTCOMES:
        _ = p.add_outcome(o, id=o)
    for n, (cases, contexts, mechanisms, outcomes) in enumerate(configs):
        p.add_configuration(
            id=f"k{n}", cases=sorted(cases), contexts=sorted(contexts),
            mechanisms=sorted(mechanisms), outcomes=sorted(outcomes),
        )  # fmt: skip
    return p


@settings(max_examples=150, deadline=None)
@given(_configs, st.sampled_from(["mechanism_set", "mechanism"]))
def test_outcome_groups_partition_the_contrast(
    configs: list[tuple[set[str], set[str], set[str], set[str]]], by: str
) -> None:
    p = _random_project(configs)
    by_id = {k.id: k for k in p.configurations}
    for k in contrasts(p, by=by):  # type: ignore[arg-type]
        assert len(k.groups) >= 2 and k.n_cases >= 2
        ids = [c for g in k.groups for c in g.configurations]
        assert len(ids) == len(set(ids))  # each configuration in exactly one group
        expected = {
            x.id
            for x in p.configurations
            if x.cases
            and (
                set(x.mechanisms) == set(k.mechanisms)
                if by == "mechanism_set"
                else k.mechanisms[0] in x.mechanisms
            )
        }
        assert set(ids) == expected
        assert set(k.cases) == {c for g in k.groups for c in g.cases}
        assert len({g.outcomes for g in k.groups}) == len(k.groups)
        for g in k.groups:
            assert {c for x in g.configurations for c in by_id[x].cases} == set(g.cases)
            assert all(set(by_id[x].outcomes) == set(g.outcomes) for x in g.configurations)
            others = [x for h in k.groups if h is not g for x in h.configurations]
            for c in g.distinguishing_contexts:
                assert all(c in by_id[x].contexts for x in g.configurations)
                assert all(c not in by_id[x].contexts for x in others)
            assert set(g.constraining) <= set(g.distinguishing_contexts)


@settings(max_examples=100, deadline=None)
@given(_configs)
def test_every_is_stricter_than_any(
    configs: list[tuple[set[str], set[str], set[str], set[str]]],
) -> None:
    p = _random_project(configs)
    strict, loose = contrasts(p, rule="every"), contrasts(p, rule="any")
    assert [k.configurations for k in strict] == [k.configurations for k in loose]
    for a, b in zip(strict, loose, strict=True):
        for ga, gb in zip(a.groups, b.groups, strict=True):
            assert set(ga.distinguishing_contexts) <= set(gb.distinguishing_contexts)


def test_contrasts_name_outcomes_recorded_as_opposites() -> None:
    p = rl.Project(title="t")
    for c in ("a", "b"):
        p.add_case(c)
    m = p.add_mechanism("Local champions", id="m")
    yes = p.add_outcome("Shared vision", id="o-yes")
    no = p.add_outcome("No shared vision", id="o-no")
    p.add_configuration(case="a", mechanisms=[m], outcomes=[yes])
    p.add_configuration(case="b", mechanisms=[m], outcomes=[no])
    [before] = rl.contrasts(p)
    assert before.opposites == ()
    [suggestion] = rl.suggest_opposites(p)
    p.pair_opposites(suggestion.positive, suggestion.negative)
    [after] = rl.contrasts(p)
    assert set(after.opposites) in ({("o-yes", "o-no")}, {("o-no", "o-yes")})
