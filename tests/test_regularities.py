"""find_regularities, Regularity and recurring_elements."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BENCH, require_module
from realist.analysis.regularities import (
    Regularity,
    find_regularities,
    recurring_elements,
    regularities_frame,
)
from realist.errors import RealistError, UnknownIdError, ValidationError
from realist.model import Case, Configuration, Project

STATUSES = ("conjectured", "supported", "refuted", "refined")


# ---------------------------------------------------------------- reference


def reference(
    p: Project,
    *,
    min_cases: int,
    max_size: int | None = None,
    keep_config: Callable[[Configuration], bool] = lambda k: True,
    keep_case: Callable[[Case], bool] = lambda c: True,
) -> list[Regularity]:
    """The definition, by enumerating every set of elements.

    A refuted configuration holds its contexts and mechanisms only: its
    outcomes did not follow (never support; a counter-case).
    """
    configs = [k for k in p.configurations if keep_config(k)]

    def outcomes_of(k: Configuration) -> set[str]:
        return set() if k.status == "refuted" else set(k.outcomes)

    def elements_of(k: Configuration) -> set[str]:
        return set(k.contexts) | set(k.mechanisms) | outcomes_of(k)

    kept_cases = {c.id for c in p.cases if keep_case(c)}
    case_order = [c.id for c in p.cases]
    contexts = [e.id for e in p.contexts]
    mechanisms = [e.id for e in p.mechanisms]
    outcomes = [e.id for e in p.outcomes]
    universe = contexts + mechanisms + outcomes

    def holding(items: frozenset[str]) -> list[Configuration]:
        return [k for k in configs if items <= elements_of(k)]

    def cases_of(ks: Iterable[Configuration]) -> frozenset[str]:
        return frozenset(c for k in ks for c in k.cases if c in kept_cases)

    found = []
    for size in range(2, len(universe) + 1):
        for combo in itertools.combinations(universe, size):
            items = frozenset(combo)
            if not items & set(mechanisms) or not items & set(outcomes):
                continue
            if max_size is not None and size > max_size:
                continue
            support = cases_of(holding(items))
            if len(support) < min_cases:
                continue
            if any(cases_of(holding(items | {e})) == support for e in universe if e not in items):
                continue
            cm = items - set(outcomes)
            counter = cases_of(
                k for k in holding(frozenset(cm)) if not items & set(outcomes) & outcomes_of(k)
            ) - set(support)
            found.append(
                Regularity(
                    contexts=tuple(e for e in contexts if e in items),
                    mechanisms=tuple(e for e in mechanisms if e in items),
                    outcomes=tuple(e for e in outcomes if e in items),
                    cases=tuple(c for c in case_order if c in support),
                    configurations=tuple(k.id for k in holding(items) if cases_of([k])),
                    counter_cases=tuple(c for c in case_order if c in counter),
                )
            )
    found.sort(key=lambda r: (-r.n_cases, -r.size, r.contexts, r.mechanisms, r.outcomes))
    return found


@st.composite
def projects(draw: st.DrawFn) -> Project:
    """Small random projects: several configurations per case, some with several cases."""
    p = Project(title="random")
    p.add_theme("t1", "Theme one")
    p.add_theme("t2", "Theme two")
    n_cases = draw(st.integers(1, 5))
    for n in range(n_cases):
        p.add_case(f"k{n}", region=draw(st.sampled_from(["north", "south"])))
    n_c, n_m, n_o = draw(st.integers(0, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 2))
    cs = [p.add_context(f"Context {i}", id=f"c{i}").id for i in range(n_c)]
    ms = [p.add_mechanism(f"Mechanism {i}", id=f"m{i}").id for i in range(n_m)]
    os_ = [p.add_outcome(f"Outcome {i}", id=f"o{i}").id for i in range(n_o)]
    case_ids = [c.id for c in p.cases]
    for _ in range(draw(st.integers(1, 9))):
        cases = draw(st.lists(st.sampled_from(case_ids), max_size=2, unique=True))
        p.add_configuration(
            cases=cases,
            contexts=draw(st.lists(st.sampled_from(cs), unique=True)) if cs else [],
            mechanisms=draw(st.lists(st.sampled_from(ms), min_size=1, unique=True)),
            outcomes=draw(st.lists(st.sampled_from(os_), min_size=1, unique=True)),
            themes=draw(st.lists(st.sampled_from(["t1", "t2"]), unique=True)),
            status=draw(st.sampled_from(STATUSES)),
        )
    return p


@settings(max_examples=150, deadline=None)
@given(p=projects(), min_cases=st.integers(1, 3), max_size=st.one_of(st.none(), st.integers(2, 4)))
def test_matches_the_definition(p: Project, min_cases: int, max_size: int | None) -> None:
    got = find_regularities(p, min_cases=min_cases, max_size=max_size)
    assert got == reference(p, min_cases=min_cases, max_size=max_size)
    assert find_regularities(p, min_cases=min_cases, max_size=max_size, exclude_status=()) == got
    # Refuted configurations dropped altogether: no counter-cases from them either.
    dropped = find_regularities(p, min_cases=min_cases, max_size=max_size, exclude_status="refuted")
    assert dropped == reference(
        p, min_cases=min_cases, max_size=max_size, keep_config=lambda k: k.status != "refuted"
    )
    assert all(set(r.cases).isdisjoint(r.counter_cases) for r in got)


@settings(max_examples=100, deadline=None)
@given(p=projects(), min_cases=st.integers(1, 2))
def test_filters_match_the_definition(p: Project, min_cases: int) -> None:
    got = find_regularities(p, min_cases=min_cases, themes="t1", exclude_status="refuted")
    assert got == reference(
        p,
        min_cases=min_cases,
        keep_config=lambda k: "t1" in k.themes and k.status != "refuted",
    )
    got = find_regularities(
        p, min_cases=min_cases, status=["supported", "refined"], where={"region": "north"}
    )
    assert got == reference(
        p,
        min_cases=min_cases,
        keep_config=lambda k: k.status in ("supported", "refined"),
        keep_case=lambda c: c.attributes.get("region") == "north",
    )
    # Refuted configurations kept by status are counter-cases, never support ...
    got = find_regularities(p, min_cases=min_cases, status=["refuted", "supported"])
    assert got == reference(
        p, min_cases=min_cases, keep_config=lambda k: k.status in ("refuted", "supported")
    )
    assert find_regularities(p, min_cases=min_cases, status="refuted") == []
    # ... and an explicit exclude_status drops them.
    got = find_regularities(
        p, min_cases=min_cases, status=["refuted", "supported"], exclude_status="refuted"
    )
    assert got == reference(p, min_cases=min_cases, keep_config=lambda k: k.status == "supported")


def _one_configuration_per_case(seed: int, n_cases: int) -> Project:
    rng = random.Random(seed)
    p = Project(title="flat")
    vocab = {kind: [f"{kind}{i}" for i in range(8)] for kind in "cmo"}
    weights = [1.0 / (r + 1) for r in range(8)]
    adders: dict[str, Callable[..., Any]] = {
        "c": p.add_context,
        "m": p.add_mechanism,
        "o": p.add_outcome,
    }
    for kind, ids in vocab.items():
        for i in ids:
            adders[kind](i, id=i)
    for n in range(n_cases):
        p.add_case(f"case{n}")
        pick = {
            kind: sorted(set(rng.choices(ids, weights=weights, k=rng.randint(1, 3))))
            for kind, ids in vocab.items()
        }
        p.add_configuration(
            case=f"case{n}", contexts=pick["c"], mechanisms=pick["m"], outcomes=pick["o"]
        )
    return p


@pytest.mark.parametrize("seed", [0, 1])
def test_one_configuration_per_case_matches_mlxtend(seed: int) -> None:
    """With one configuration per case, regularities are the closed itemsets
    holding a mechanism and an outcome."""
    require_module("mlxtend", hint=BENCH)
    import pandas as pd
    from mlxtend.frequent_patterns import fpgrowth  # type: ignore[import-untyped,import-not-found,unused-ignore]

    n, min_cases = 300, 6
    p = _one_configuration_per_case(seed, n)
    columns = [e.id for e in (*p.contexts, *p.mechanisms, *p.outcomes)]
    onehot = pd.DataFrame(
        [[e in k.elements for e in columns] for k in p.configurations], columns=columns
    )
    table = fpgrowth(onehot, min_support=(min_cases - 0.5) / n, use_colnames=True)
    frequent = {
        frozenset(items): round(support * n)
        for items, support in zip(table["itemsets"], table["support"], strict=True)
    }
    closed = {
        (items, count)
        for items, count in frequent.items()
        if not any(items < other and frequent[other] == count for other in frequent)
    }
    expected = {
        (items, count)
        for items, count in closed
        if any(e.startswith("m") for e in items) and any(e.startswith("o") for e in items)
    }
    got = {(frozenset(r.elements), r.n_cases) for r in find_regularities(p, min_cases=min_cases)}
    assert len(expected) > 20
    assert got == expected


# ---------------------------------------------------------------- a worked example


@pytest.fixture
def hipp() -> Project:
    p = Project(title="HIPP-like")
    p.add_theme("vision", "Shared strategic vision")
    p.add_theme("leadership", "Leadership and management")
    for case, region in [
        ("northumberland", "north"),
        ("nottingham", "midlands"),
        ("sandwell", "midlands"),
        ("tameside", "north"),
    ]:
        p.add_case(case, case.title(), region=region)
    history = p.add_context("History of joint working", id="c-history", category="relations")
    turnover = p.add_context("Staff turnover", id="c-turnover", category="readiness")
    champions = p.add_mechanism("Local champions", id="m-champions", category="relations")
    consult = p.add_mechanism("Consultancy support", id="m-consult")
    vision = p.add_outcome("Shared vision", id="o-vision")
    stalled = p.add_outcome("Project stalled", id="o-stalled")
    for case in ("northumberland", "nottingham", "sandwell"):
        p.add_configuration(
            case=case,
            contexts=[history],
            mechanisms=[champions],
            outcomes=[vision],
            themes=["vision"],
            status="supported",
            id=f"k-{case}",
        )
    p.add_configuration(
        case="tameside",
        contexts=[history, turnover],
        mechanisms=[champions],
        outcomes=[stalled],
        themes=["vision", "leadership"],
        status="conjectured",  # the stall was seen
        id="k-tameside",
    )
    p.add_configuration(
        cases=["sandwell", "tameside"],
        mechanisms=[consult],
        outcomes=[vision],
        themes=["leadership"],
        status="conjectured",
        id="k-consult",
    )
    return p


def test_worked_example(hipp: Project) -> None:
    regs = find_regularities(hipp, min_cases=2)
    assert [(r.contexts, r.mechanisms, r.outcomes, r.cases) for r in regs] == [
        (
            ("c-history",),
            ("m-champions",),
            ("o-vision",),
            ("northumberland", "nottingham", "sandwell"),
        ),
        ((), ("m-consult",), ("o-vision",), ("sandwell", "tameside")),
    ]
    first = regs[0]
    assert first.configurations == ("k-northumberland", "k-nottingham", "k-sandwell")
    assert first.counter_cases == ("tameside",)
    assert first.n_cases == 3
    assert regs[1].counter_cases == ()


def test_filters(hipp: Project) -> None:
    assert find_regularities(hipp, min_cases=1, themes=["leadership"]) == find_regularities(
        hipp, min_cases=1, status=["conjectured"]
    )
    supported = find_regularities(hipp, min_cases=1, exclude_status="conjectured")
    assert all(r.counter_cases == () for r in supported)
    north = find_regularities(hipp, min_cases=1, where={"region": "north"})
    assert {r.cases for r in north} <= {("northumberland",), ("tameside",)}
    both = find_regularities(hipp, min_cases=1, where={"region": ["north", "midlands"]})
    assert both == find_regularities(hipp, min_cases=1)
    by_function = find_regularities(hipp, min_cases=2, where=lambda c: c.id != "tameside")
    assert [r.mechanisms for r in by_function] == [("m-champions",)]
    assert by_function[0].counter_cases == ()


def test_refuted_configurations_are_never_support(hipp: Project) -> None:
    # Tameside's configuration is refuted: champions in a history of joint
    # working did not bring a shared vision there. It must not count for it:
    # it makes Tameside a counter-case (docs/analysis.md, "Refuted configurations").
    hipp.add_configuration(
        case="tameside",
        contexts=["c-history"],
        mechanisms=["m-champions"],
        outcomes=["o-vision"],
        themes=["vision"],
        status="refuted",
        id="k-tameside-refuted",
    )
    [first, *_] = find_regularities(hipp, min_cases=2)
    assert first.cases == ("northumberland", "nottingham", "sandwell")
    assert first.counter_cases == ("tameside",)
    assert "k-tameside-refuted" not in first.configurations
    # No exclusion at all, or every status named: still never support.
    for kwargs in ({"exclude_status": ()}, {"exclude_status": None}, {"status": STATUSES}):
        assert find_regularities(hipp, min_cases=2, **kwargs) == find_regularities(
            hipp, min_cases=2
        )
    # Refuted configurations alone support nothing.
    assert find_regularities(hipp, min_cases=1, status="refuted") == []
    assert find_regularities(hipp, min_cases=1, status="refuted", exclude_status="refuted") == []

    table = recurring_elements(hipp, by=None, min_cases=1).set_index("element")
    four = ("northumberland", "nottingham", "sandwell", "tameside")
    assert table.loc["o-vision", "cases"] == four  # tameside through k-consult
    assert table.loc["o-vision", "n_configurations"] == 4  # the refuted one is not counted
    assert table.loc["o-vision", "counter_cases"] == ()  # tameside supports it elsewhere
    table = recurring_elements(hipp, by=None, min_cases=1, exclude_status=()).set_index("element")
    assert table.loc["o-vision", "n_configurations"] == 4
    by_theme = recurring_elements(hipp, min_cases=1)
    vision = by_theme[(by_theme["theme"] == "vision") & (by_theme["element"] == "o-vision")]
    assert vision["cases"].tolist() == [("northumberland", "nottingham", "sandwell")]
    assert vision["counter_cases"].tolist() == [("tameside",)]
    by_theme = recurring_elements(hipp, min_cases=1, exclude_status="refuted")
    vision = by_theme[(by_theme["theme"] == "vision") & (by_theme["element"] == "o-vision")]
    assert vision["counter_cases"].tolist() == [()]


def test_max_size_filters_closed_patterns(hipp: Project) -> None:
    # The closed pattern {history, champions, vision} has three elements: with
    # max_size=2 it is dropped, and {champions, vision} (not closed) is not reported.
    regs = find_regularities(hipp, min_cases=2, max_size=2)
    assert [r.elements for r in regs] == [("m-consult", "o-vision")]


def test_sorted_strongest_first(hipp: Project) -> None:
    regs = find_regularities(hipp, min_cases=1)
    keys = [(-r.n_cases, -r.size, r.contexts, r.mechanisms, r.outcomes) for r in regs]
    assert keys == sorted(keys)
    assert len(regs) == len({r.elements for r in regs})


def test_empty_project() -> None:
    p = Project(title="empty")
    assert find_regularities(p) == []
    assert list(recurring_elements(p).columns)[:2] == ["theme", "theme_label"]
    assert len(recurring_elements(p)) == 0


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"min_cases": 0}, ValidationError, "min_cases must be an integer of at least 1, got 0"),
        ({"min_cases": True}, ValidationError, "got True"),
        ({"min_cases": 2.5}, ValidationError, "got 2.5"),
        ({"max_size": 1}, ValidationError, "max_size must be None or an integer of at least 2"),
        (
            {"themes": ["nope"]},
            UnknownIdError,
            "unknown theme 'nope' in themes=.*'vision', 'leadership'",
        ),
        (
            {"status": "refutd"},
            ValidationError,
            "unknown status 'refutd' in status=: expected one of",
        ),
        ({"exclude_status": ["x"]}, ValidationError, "unknown status 'x' in exclude_status="),
        (
            {"where": {"contry": "x"}},
            ValidationError,
            "no case, source or configuration has the attribute 'contry'",
        ),
        ({"where": 3}, ValidationError, "where must be a mapping"),
        ({"status": 3}, ValidationError, "status must be a status or a list of statuses, got 3"),
    ],
)
def test_bad_input(
    hipp: Project, kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match) as info:
        find_regularities(hipp, **kwargs)
    assert isinstance(info.value, RealistError)


# ---------------------------------------------------------------- the result object


def test_regularity_display(hipp: Project) -> None:
    r = find_regularities(hipp, min_cases=2)[0]
    assert repr(r) == (
        "Regularity(contexts=['c-history'], mechanisms=['m-champions'], "
        "outcomes=['o-vision'], n_cases=3, n_counter_cases=1)"
    )
    page = r._repr_html_()
    assert "<table>" in page
    assert "m-champions" in page
    assert "Counter-cases (1)" in page
    with pytest.raises(AttributeError):
        r.n_cases = 4  # type: ignore[misc]


def test_frames(hipp: Project) -> None:
    regs = find_regularities(hipp, min_cases=2)
    frame = regularities_frame(regs, project=hipp)
    assert list(frame["n_cases"]) == [3, 2]
    assert frame.loc[0, "mechanism_labels"] == ("Local champions",)
    assert frame.loc[0, "counter_cases"] == ("tameside",)
    assert list(frame["n_configurations"]) == [3, 1]
    one = regs[1].to_frame()
    assert one.shape[0] == 1
    assert "mechanism_labels" not in one.columns
    assert list(regularities_frame([]).columns)[:3] == ["contexts", "mechanisms", "outcomes"]


# ---------------------------------------------------------------- recurring elements


def test_recurring_elements_by_theme(hipp: Project) -> None:
    table = recurring_elements(hipp, min_cases=2)
    assert list(table.columns) == [
        "theme",
        "theme_label",
        "kind",
        "element",
        "label",
        "n_cases",
        "n_sources",
        "cases",
        "n_configurations",
        "n_evidence",
        "sources",
        "source_kinds",
        "evidence",
        "n_counter_cases",
        "counter_cases",
    ]
    rows = [tuple(x) for x in table[["theme", "element", "n_cases"]].itertuples(index=False)]
    assert rows == [
        ("vision", "c-history", 4),
        ("vision", "m-champions", 4),
        ("vision", "o-vision", 3),
        ("leadership", "m-consult", 2),
        ("leadership", "o-vision", 2),
    ]
    assert table.loc[0, "cases"] == ("northumberland", "nottingham", "sandwell", "tameside")
    assert table.loc[3, "n_configurations"] == 1


def test_recurring_elements_other_groupings(hipp: Project) -> None:
    flat = recurring_elements(hipp, by=None, min_cases=1)
    assert "theme" not in flat.columns
    assert list(flat["element"]) == [
        "c-history",
        "c-turnover",
        "m-champions",
        "m-consult",
        "o-vision",
        "o-stalled",
    ]
    assert list(flat["n_cases"]) == [4, 1, 4, 2, 4, 1]
    by_category = recurring_elements(hipp, by="category", min_cases=1)
    assert list(by_category["category"])[:2] == ["relations", "relations"]
    by_region = recurring_elements(hipp, by="region", min_cases=2)
    assert set(by_region["region"]) == {"north", "midlands"}
    north = by_region[by_region["region"] == "north"]
    assert list(north["element"]) == ["c-history", "m-champions", "o-vision"]
    supported = recurring_elements(hipp, by=None, exclude_status=["conjectured"])
    assert "c-turnover" not in set(supported["element"])


def test_recurring_elements_names_the_cases_without_the_attribute(hipp: Project) -> None:
    hipp.add_case("telford", "Telford")  # no region
    hipp.add_case("glossop", "Glossop")  # no region, no configuration
    hipp.add_configuration(
        case="telford", contexts=["c-history"], mechanisms=["m-champions"], outcomes=["o-vision"]
    )
    by_region = recurring_elements(hipp, by="region", min_cases=1)
    assert "telford" not in {c for cases in by_region["cases"] for c in cases}
    assert by_region.attrs["cases_without_attribute"] == ("telford", "glossop")
    north = recurring_elements(hipp, by="region", where=lambda c: c.id != "glossop")
    assert north.attrs["cases_without_attribute"] == ("telford",)
    for by in ("theme", "category", None):
        assert recurring_elements(hipp, by=by).attrs["cases_without_attribute"] == ()


def test_recurring_elements_bad_input(hipp: Project) -> None:
    with pytest.raises(ValidationError, match=r"by='colour' is not 'theme'.*'region'"):
        recurring_elements(hipp, by="colour")
    with pytest.raises(ValidationError, match="min_cases"):
        recurring_elements(hipp, min_cases=-1)
