"""The data model: construction, add-methods, ids, references, errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import realist as rl
from realist.errors import (
    BrokenReferenceError,
    DuplicateIdError,
    RealistError,
    UnknownIdError,
    ValidationError,
)


def test_design_example_runs_and_links_everything() -> None:
    p = rl.Project(title="HIPP evaluation")
    p.add_theme("vision", "Shared strategic vision")
    p.add_case("sandwell", "Sandwell", region="West Midlands", phase=2006)
    src = p.add_source(
        "int-07", kind="interview", case="sandwell", title="Locality manager", role="manager"
    )
    ev = p.add_evidence(source=src, quote="we had worked together for years", start=120, end=153)
    c = p.add_context("History of working together", themes=["vision"], category="cultural")
    m = p.add_mechanism(
        "Local champions", resource="time of senior officers", reasoning="staff feel backed"
    )
    o = p.add_outcome("Shared strategic vision on health inequalities", tier="process")
    k = p.add_configuration(
        case="sandwell",
        contexts=[c],
        mechanisms=[m],
        outcomes=[o],
        themes=["vision"],
        status="supported",
        evidence=[ev],
    )
    h = p.add_hypothesis(
        "h1", "Achieving a shared strategic vision requires shared language", themes=["vision"]
    )
    later = p.add_context("Shared vision in place")
    link = p.add_link(o, "becomes", later)

    assert p.get("sandwell").attributes == {"region": "West Midlands", "phase": 2006}
    assert src.attributes == {"role": "manager"} and src.case == "sandwell"
    assert ev.id == "ev-int-07-1" and ev.source == "int-07"
    assert (c.id, m.id, o.id) == (
        "c-history-of-working-together",
        "m-local-champions",
        "o-shared-strategic-vision-on-health",
    )
    assert k.id == "cfg-sandwell-1" and k.cases == ["sandwell"] and k.evidence == [ev.id]
    assert m.resource == "time of senior officers" and m.reasoning == "staff feel backed"
    assert h.themes == ["vision"] and link.source == o.id and link.target == later.id
    assert p.get(k.id) is k and p.get(h.id, rl.Hypothesis) is h


def test_ids_are_readable_unique_and_stable() -> None:
    p = rl.Project(title="t")
    a = p.add_context("Local champions!")
    b = p.add_context("Local champions?")
    c = p.add_mechanism("Local champions")
    assert [a.id, b.id, c.id] == ["c-local-champions", "c-local-champions-2", "m-local-champions"]
    p.add_case("x")
    ids = [
        p.add_configuration(case="x", mechanisms=[c], outcomes=[p.add_outcome(f"O{i}")]).id
        for i in range(3)
    ]
    assert ids == ["cfg-x-1", "cfg-x-2", "cfg-x-3"]
    assert p.add_configuration(mechanisms=[c], outcomes=["o-o0"]).id == "cfg-1"


def test_failed_add_changes_nothing_and_keeps_numbering() -> None:
    p = rl.Project(title="t")
    p.add_case("x")
    m = p.add_mechanism("M")
    o = p.add_outcome("O")
    before = p.model_copy(deep=True)
    with pytest.raises(BrokenReferenceError, match=r"outcomes\[1\]: unknown id 'o-missing'"):
        p.add_configuration(case="x", mechanisms=[m], outcomes=[o, "o-missing"])
    assert p == before
    assert p.add_configuration(case="x", mechanisms=[m], outcomes=[o]).id == "cfg-x-1"


def test_element_ids_unique_across_kinds() -> None:
    p = rl.Project(title="t")
    p.add_context("Champions", id="champions")
    with pytest.raises(DuplicateIdError, match="'champions': it already names a context"):
        p.add_mechanism("Champions", id="champions")
    with pytest.raises(DuplicateIdError):
        p.add_case("champions")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"case": "nowhere"}, r"cases\[0\]: unknown id 'nowhere' \(expected a case\)"),
        ({"themes": ["nope"]}, r"themes\[0\]: unknown id 'nope' \(expected a theme\)"),
        ({"mechanisms": ["o-o"]}, r"mechanisms\[0\]: 'o-o' is an outcome, not a mechanism"),
        ({"evidence": ["ev-x"]}, r"evidence\[0\]: unknown id 'ev-x'"),
        ({"hypotheses": ["h9"]}, r"hypotheses\[0\]: unknown id 'h9'"),
    ],
)
def test_configuration_references_are_checked(kwargs: dict[str, object], message: str) -> None:
    p = rl.Project(title="t")
    p.add_case("a")
    p.add_mechanism("M", id="m-m")
    p.add_outcome("O", id="o-o")
    args: dict[str, object] = {"case": "a", "mechanisms": ["m-m"], "outcomes": ["o-o"], **kwargs}
    with pytest.raises(BrokenReferenceError, match=message):
        p.add_configuration(**args)  # type: ignore[arg-type]
    assert p.configurations == []


def test_configuration_rules() -> None:
    p = rl.Project(title="t")
    p.add_mechanism("M", id="m")
    p.add_outcome("O", id="o")
    p.add_context("C", id="c")
    with pytest.raises(ValidationError, match=r"mechanisms: .*\(got \[\]\)"):
        p.add_configuration(mechanisms=[], outcomes=["o"])
    with pytest.raises(ValidationError, match=r"unintended\[0\]: 'c' is not one of this"):
        p.add_configuration(contexts=["c"], mechanisms=["m"], outcomes=["o"], unintended=["c"])
    with pytest.raises(ValidationError, match="contexts lists 'c' twice"):
        p.add_configuration(contexts=["c", "c"], mechanisms=["m"], outcomes=["o"])
    with pytest.raises(ValidationError, match=r"status: .*'conjectured'.*\(got 'proven'\)"):
        p.add_configuration(mechanisms=["m"], outcomes=["o"], status="proven")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="either case= or cases="):
        p.add_configuration(case="a", cases=["b"], mechanisms=["m"], outcomes=["o"])
    k = p.add_configuration(
        mechanisms=["m"], outcomes=["o"], constraining=["c"], anticipated=["o"], confidence="Medium"
    )
    assert k.contexts == ["c"] and k.context_role("c") == "constraining"
    assert k.confidence == "moderate" and k.anticipated == ["o"]


@pytest.mark.parametrize(
    ("factory", "message"),
    [
        (lambda p: p.add_context("   "), r"label: .*\(got '   '\)"),
        (lambda p: p.add_context("x", id="has space"), "'has space' is not a valid id"),
        (lambda p: p.add_case(""), "id: '' is not a valid id"),
        (lambda p: p.add_source("s", kind="letter"), r"kind: .*'interview'.*\(got 'letter'\)"),
        (lambda p: p.add_case("a", score=float("nan")), "finite number"),
        (lambda p: p.add_evidence(source="s0", start=9, end=3), "end 3 is before start 9"),
        (lambda p: p.add_link("c0", "becomes", "c0"), "a link from 'c0' to itself"),
        (lambda p: p.add_link("c0", "causes", "c0"), r"relation: .*'becomes'.*\(got 'causes'\)"),
    ],
)
def test_bad_values_raise_realist_errors(factory: object, message: str) -> None:
    p = rl.Project(title="t")
    p.add_source("s0")
    p.add_context("C", id="c0")
    with pytest.raises(ValidationError, match=message) as info:
        factory(p)  # type: ignore[operator]
    assert isinstance(info.value, RealistError) and isinstance(info.value, ValueError)


def test_get_unknown_and_wrong_kind() -> None:
    p = rl.Project(title="t")
    p.add_context("History", id="c-history")
    with pytest.raises(UnknownIdError, match="did you mean 'c-history'") as info:
        p.get("c-histroy")
    assert isinstance(info.value, KeyError)
    assert str(info.value).startswith("unknown id 'c-histroy'")
    with pytest.raises(UnknownIdError, match="'c-history' is a context, not a mechanism"):
        p.get("c-history", rl.Mechanism)
    assert isinstance(p.get("c-history", rl.Element), rl.Context)
    assert "c-history" in p and "zzz" not in p


def test_get_sees_items_appended_by_hand() -> None:
    p = rl.Project(title="t")
    p.contexts.append(rl.Context(id="c-late", label="Late"))
    assert p.get("c-late").label == "Late"


def test_find_problems_after_hand_edits() -> None:
    p = rl.Project(title="t")
    p.add_mechanism("M", id="m")
    p.add_outcome("O", id="o")
    k = p.add_configuration(mechanisms=["m"], outcomes=["o"], id="k")
    assert p.find_problems() == []
    k.outcomes.append("o-gone")
    problems = p.find_problems()
    assert [str(x) for x in problems] == [
        "configurations[0].outcomes[1]: unknown id 'o-gone' (expected an outcome)"
    ]
    with pytest.raises(BrokenReferenceError):
        p.check()


def test_project_construction_checks_everything_at_once() -> None:
    with pytest.raises(ValidationError) as info:
        rl.Project(
            title="t",
            contexts=[{"id": "c", "label": "C"}, {"id": "c", "label": "Again"}],
            configurations=[{"id": "k", "mechanisms": ["m"], "outcomes": ["c"]}],
        )
    text = str(info.value)
    assert "contexts[1].id: duplicate id 'c' (already used by contexts[0])" in text


def test_reference_problems_listed_with_paths() -> None:
    with pytest.raises(BrokenReferenceError) as info:
        rl.Project(
            title="t",
            contexts=[{"id": "c", "label": "C"}],
            outcomes=[{"id": "o", "label": "O"}],
            configurations=[
                {"id": "k", "contexts": ["c"], "mechanisms": ["c"], "outcomes": ["o", "x"]}
            ],
        )
    paths = [p.path for p in info.value.problems]
    assert paths == ["configurations[0].mechanisms[0]", "configurations[0].outcomes[1]"]


def test_equality_ignores_internal_state(small: rl.Project) -> None:
    copy = rl.Project.model_validate(small.to_data())
    assert copy == small
    copy.contexts[0].label = "Changed"
    assert copy != small


def test_elements_and_configurations_of(small: rl.Project) -> None:
    assert list(small.elements) == [
        "c-history",
        "c-turbulence",
        "c-vision-held",
        "m-champions",
        "m-consultancy",
        "o-vision",
        "o-plan",
    ]
    assert [k.id for k in small.configurations_of("b")] == ["k2"]
    with pytest.raises(UnknownIdError):
        small.configurations_of("zz")


def test_repr_is_short(small: rl.Project) -> None:
    assert repr(small).startswith("<Project 'Small evaluation': 2 themes, 2 cases")
    assert repr(small.get("c-history")) == (
        "Context(id='c-history', label='History of working together', category='cultural')"
    )


def test_add_ready_made_item() -> None:
    p = rl.Project(title="t")
    theme = p.add(rl.Theme(id="vision", label="Vision"))
    assert p.themes == [theme]
    with pytest.raises(DuplicateIdError):
        p.add(rl.Theme(id="vision", label="Again"))


def test_hypotheses_revising_each_other_in_a_circle_are_refused() -> None:
    with pytest.raises(
        ValidationError, match=r"hypotheses\[0\]\.revises: .*circle \(h1 -> h2 -> h1\)"
    ):
        rl.Project(
            title="t",
            hypotheses=[
                {"id": "h1", "statement": "A", "revises": "h2"},
                {"id": "h2", "statement": "B", "revises": "h1"},
            ],
        )
    p = rl.Project(title="t")
    p.add_hypothesis("h1", "A")
    p.add_hypothesis("h2", "B", revises="h1")
    p.get("h1", rl.Hypothesis).revises = "h2"  # edited by hand
    assert [x.message.split(";")[0] for x in p.find_problems()] == [
        "hypotheses revise each other in a circle (h1 -> h2 -> h1)"
    ]


def test_index_follows_hand_edits_of_the_lists() -> None:
    p = rl.Project(title="t")
    p.add_case("a")
    p.cases.clear()
    assert "a" not in p
    p.add_case("a")  # no stale duplicate
    p.cases[0] = rl.Case(id="b", name="B")  # replaced, same count
    with pytest.raises(UnknownIdError):
        p.get("a")
    assert p.get("b").name == "B"
    p.add_mechanism("M", id="m")
    p.add_outcome("O", id="o")
    with pytest.raises(BrokenReferenceError, match="unknown id 'a'"):
        p.add_configuration(case="a", mechanisms=["m"], outcomes=["o"])


def test_assignments_are_validated() -> None:
    p = rl.Project(title="t")
    p.add_mechanism("M", id="m")
    p.add_outcome("O", id="o")
    k = p.add_configuration(mechanisms=["m"], outcomes=["o"])
    with pytest.raises(ValidationError, match=r"status: .*'refined'.*\(got 'proven'\)"):
        k.status = "proven"  # type: ignore[assignment]
    assert k.status == "conjectured"
    k.confidence = "Medium"  # type: ignore[assignment]
    p.title = "  Padded  "
    assert (k.confidence, p.title) == ("moderate", "Padded")
    assert rl.loads(p.dumps("json")) == p


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda p: p.get(5), UnknownIdError),
        (lambda p: p.get(None), UnknownIdError),
        (lambda p: p.add_context(None), ValidationError),
        (lambda p: p.add_context(5), ValidationError),
        (lambda p: rl.loads('{"schema_version": true, "title": "x"}'), RealistError),
    ],
)
def test_wrong_types_are_realist_errors(call: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        call(rl.Project(title="t"))  # type: ignore[operator]


def test_a_union_type_error_is_one_problem_saying_what_is_allowed() -> None:
    with pytest.raises(ValidationError) as info:
        rl.Project(title="t", attributes={"x": [1, 2]})
    assert [str(x) for x in info.value.problems] == [
        "attributes.x: must be text or a number or true/false (got [1, 2])"
    ]


def test_opposites_are_kept_through_merge_and_subset() -> None:
    p = rl.Project(title="t")
    p.add_case("a")
    yes = p.add_context("Shared vision", id="c-yes")
    no = p.add_context("No shared vision", id="c-no")
    p.add_context("A shared vision", id="c-also")
    m, o = p.add_mechanism("M", id="m"), p.add_outcome("O", id="o")
    p.add_configuration(case="a", contexts=[yes], mechanisms=[m], outcomes=[o], id="k1")
    p.pair_opposites(yes, no)
    assert (p.get("c-yes").opposites, p.get("c-no").opposites) == (["c-no"], ["c-yes"])
    with pytest.raises(rl.ValidationError, match="cannot be opposites"):
        p.pair_opposites(yes, m)
    with pytest.raises(rl.ValidationError, match="cannot be opposites"):
        p.pair_opposites(yes, yes)
    cut = rl.subset(p, configurations=["k1"])  # "No shared vision" comes along
    assert [c.id for c in cut.contexts] == ["c-yes", "c-no"]
    p = rl.merge_elements(p, "c-also", "c-yes")  # the kept element takes the opposites
    assert p.get("c-also").opposites == ["c-no"]
    assert p.get("c-no").opposites == ["c-also"]
    data = p.to_data()
    data["contexts"][0]["opposites"] = ["m"]
    with pytest.raises(
        rl.ValidationError, match=r"opposites\[0\]: 'm' is a mechanism, not a context"
    ):
        rl.Project(**{k: v for k, v in data.items() if k != "schema_version"})


def test_links_may_name_their_case() -> None:
    p = rl.Project(title="t")
    p.add_case("a")
    o, c = p.add_outcome("Vision", id="o"), p.add_context("Vision held", id="c")
    link = p.add_link(o, "becomes", c, case="a")
    assert link.case == "a"
    assert rl.loads(p.dumps("yaml"), format="yaml") == p
    with pytest.raises(rl.BrokenReferenceError, match="case: unknown id 'b'"):
        p.add_link(c, "leads_to", o, case="b")


# ---------------------------------------------------------------- GRADE-CERQual


def test_cerqual_reads_the_ways_teams_write_concerns_and_levels() -> None:
    c = rl.Cerqual(
        methodological_limitations="No or very minor concerns",
        coherence="very-minor",
        adequacy={"concern": "Serious concerns", "explanation": "two thin sites"},
        relevance="moderate",
        overall="Very low confidence",
    )
    assert c.concerns() == {
        "methodological_limitations": "no or very minor",
        "coherence": "no or very minor",
        "adequacy": "serious",
        "relevance": "moderate",
    }
    assert c.overall == "very low"
    assert c.adequacy is not None and c.adequacy.explanation == "two thin sites"


def test_cerqual_refuses_an_unknown_concern_naming_the_component() -> None:
    with pytest.raises(ValidationError, match=r"coherence\.concern"):
        rl.Cerqual(coherence="a bit worried")
    with pytest.raises(ValidationError, match=r"overall"):
        rl.Cerqual(overall="excellent")


def test_findings_and_cerqual_are_checked_and_survive_a_round_trip(
    small: rl.Project, tmp_path: Path
) -> None:
    k = small.get("k1", rl.Configuration)
    k.cerqual = rl.Cerqual(adequacy="minor", overall="moderate")
    small.add_hypothesis("h2", "Champions need time", cerqual={"relevance": "minor"})
    f = small.add_finding(
        "Champions build a vision where people have worked together",
        configurations=["k1"],
        elements=["c-history", "m-champions", "o-vision"],
        themes=["vision"],
        cerqual={"coherence": "minor", "overall": "moderate", "explanation": "one case"},
    )
    assert f.id == "f-1" and small.get("f-1") is f
    with pytest.raises(BrokenReferenceError, match=r"configurations\[0\]: unknown id 'k9'"):
        small.add_finding("Nothing behind it", configurations=["k9"])
    assert [x.id for x in small.findings] == ["f-1"]  # a failed add changes nothing
    for suffix in ("json", "yaml"):
        path = small.save(tmp_path / f"p.{suffix}")
        back = rl.load(path)
        assert back == small
        assert back.get("f-1", rl.Finding).cerqual == f.cerqual
        assert back.get("k1", rl.Configuration).cerqual == k.cerqual


def test_str_is_a_short_summary_and_jupyter_display_needs_no_renderer_import() -> None:
    p = rl.datasets.load("hipp")
    text = str(p)
    assert text.startswith(p.title) and "5 cases" in text and len(text) < 400
    assert "<table" in p._repr_html_() and "<" not in str(p)[len(p.title) :]
    k = p.configurations[0]
    assert "<table" in k._repr_html_() and "o-health-outcomes" in k._repr_html_()


def test_get_finds_an_item_replaced_by_hand_under_a_new_id() -> None:
    p = rl.Project(title="t")
    p.add_case("a")
    p.add_case("b")
    p.cases[0] = rl.Case(id="z", name="Z")  # the same number of items: the index looks fresh
    assert p.get("z").id == "z"
    with pytest.raises(UnknownIdError, match="unknown id 'a'"):
        p.get("a")


@pytest.mark.parametrize(
    ("make", "path"),
    [
        (lambda: rl.Case(id="a b", name="A"), "id"),
        (lambda: rl.Cerqual(adequacy="a lot"), "adequacy.concern"),
        (lambda: rl.Project(title="t", cases=[{"id": "a"}]), r"cases\[0\]\.name"),
    ],
)
def test_building_any_model_with_bad_data_raises_realists_error(make: Any, path: str) -> None:
    with pytest.raises(ValidationError, match=rf"(?s){path}: .*\(while creating a "):
        make()


def test_a_shallow_copy_indexes_its_own_lists(small: rl.Project) -> None:
    q = small.model_copy(update={"cases": [rl.Case(id="z", name="Z")]})
    assert "z" in q and "a" not in q and q.free_id("z") == "z-2"
    assert "a" in small and "z" not in small
    with pytest.raises(DuplicateIdError):
        q.add_case("z")


def test_automatic_ids_see_items_added_by_hand() -> None:
    p = rl.Project(title="t")
    p.findings.append(rl.Finding(id="f-1", statement="by hand"))
    assert p.add_finding("second").id == "f-2"
    with pytest.raises(DuplicateIdError, match="a finding"):
        p.add_finding("again", id="f-1")


def test_deprecated_merge_leaves_a_copy_taken_before_alone() -> None:
    p = rl.Project(title="t")
    m1, m2 = p.add_mechanism("M one", id="m1"), p.add_mechanism("M two", id="m2")
    p.add_configuration(mechanisms=m2, outcomes=p.add_outcome("O"), id="k")
    backup = p.model_copy()
    with pytest.deprecated_call():
        kept = p.merge(m1, m2)
    assert kept is p.get("m1") and p.get("k", rl.Configuration).mechanisms == ["m1"]
    assert [m.id for m in backup.mechanisms] == ["m1", "m2"]
    assert backup.get("k", rl.Configuration).mechanisms == ["m2"]


def test_a_subclass_of_project_shows_itself_in_jupyter() -> None:
    class Evaluation(rl.Project):
        pass

    assert "<table" in Evaluation(title="t")._repr_html_()
