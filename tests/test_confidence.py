"""GRADE-CERQual: the consistency check, the evidence profile, keeping a regularity."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import realist as rl
from realist.analysis.confidence import CERQUAL_COLUMNS, keep_regularity
from realist.model import CERQUAL_COMPONENTS, CERQUAL_LEVELS, CONCERNS

FULL = {c: {"concern": "no or very minor", "explanation": "fine"} for c in CERQUAL_COMPONENTS}


def _project(**cerqual: Any) -> rl.Project:
    p = rl.Project(title="t")
    _ = p.add_case("a")
    m, o = p.add_mechanism("Champions", id="m-ch"), p.add_outcome("Plans", id="o-pl")
    p.add_configuration(case="a", mechanisms=[m], outcomes=[o], id="k1")
    p.add_finding("Champions get plans agreed", id="f1", configurations=["k1"], cerqual=cerqual)
    return p


def _messages(p: rl.Project) -> list[str]:
    return [str(x) for x in rl.check_confidence(p)]


def test_a_consistent_assessment_passes() -> None:
    p = _project(**FULL, overall="high", explanation="no concerns")
    assert rl.check_confidence(p) == []


def test_serious_concern_with_high_is_flagged_with_path_and_reason() -> None:
    parts = {**FULL, "adequacy": {"concern": "serious", "explanation": "one site"}}
    problems = rl.check_confidence(_project(**parts, overall="high", explanation="x"))
    assert len(problems) == 1
    assert problems[0].path == "findings[0].cerqual"
    assert problems[0].kind == "confidence"
    assert (
        "'f1'" in problems[0].message and "serious concerns about adequacy" in problems[0].message
    )


def test_two_moderate_concerns_with_high_are_flagged() -> None:
    parts = {
        **FULL,
        "coherence": {"concern": "moderate", "explanation": "a"},
        "relevance": {"concern": "moderate", "explanation": "b"},
    }
    (problem,) = rl.check_confidence(_project(**parts, overall="high", explanation="x"))
    assert "coherence, relevance" in problem.message
    one = {**FULL, "coherence": {"concern": "moderate", "explanation": "a"}}
    assert rl.check_confidence(_project(**one, overall="high", explanation="x")) == []


def test_missing_overall_missing_components_and_explanations() -> None:
    msgs = _messages(_project(coherence="serious"))
    assert any("overall level of confidence is not set" in m for m in msgs)
    assert any("methodological limitations, adequacy, relevance not assessed" in m for m in msgs)
    assert any(m.startswith("findings[0].cerqual.coherence:") and "say why" in m for m in msgs)
    msgs = _messages(_project(overall="moderate"))
    assert any("without any component assessed" in m for m in msgs)
    assert any(m.startswith("findings[0].cerqual.explanation:") for m in msgs)


def test_low_overall_without_concerns_is_flagged() -> None:
    msgs = _messages(_project(**FULL, overall="very low", explanation="x"))
    assert len(msgs) == 1 and "raise the overall level" in msgs[0]


def test_unassessed_finding_and_legacy_disagreement() -> None:
    p = rl.Project(title="t")
    m, o = p.add_mechanism("M", id="m-a"), p.add_outcome("O", id="o-a")
    p.add_configuration(mechanisms=[m], outcomes=[o], id="k1", confidence="high")
    p.add_finding("F", id="f1")
    p.configurations[0].cerqual = rl.Cerqual(**FULL, overall="low", explanation="x")
    msgs = _messages(p)
    assert (
        msgs[0] == "findings[0]: finding 'f1': no GRADE-CERQual assessment: assess it (cerqual=...)"
    )
    assert any(
        m.startswith("configurations[0].cerqual: configuration 'k1': confidence 'high'")
        for m in msgs
    )


def test_legacy_confidence_alone_still_loads_and_is_not_flagged() -> None:
    p = rl.loads(
        '{"title": "t", "mechanisms": [{"id": "m-a", "label": "M"}], '
        '"outcomes": [{"id": "o-a", "label": "O"}], "configurations": [{"id": "k1", '
        '"mechanisms": ["m-a"], "outcomes": ["o-a"], "confidence": "medium"}]}'
    )
    assert p.configurations[0].confidence == "moderate"
    assert rl.check_confidence(p) == []
    assert rl.cerqual_table(p).empty


concern = st.sampled_from(CONCERNS)


@given(
    parts=st.fixed_dictionaries(dict.fromkeys(CERQUAL_COMPONENTS, concern)),
    overall=st.sampled_from(CERQUAL_LEVELS),
)
def test_check_never_changes_the_overall_and_flags_every_serious_high(
    parts: dict[str, str], overall: str
) -> None:
    assessed = {c: {"concern": v, "explanation": "e"} for c, v in parts.items()}
    p = _project(**assessed, overall=overall, explanation="why")
    problems = rl.check_confidence(p)
    assert p.findings[0].cerqual is not None and p.findings[0].cerqual.overall == overall
    bad = sum(CONCERNS.index(v) >= 2 for v in parts.values())
    inconsistent_high = overall == "high" and ("serious" in parts.values() or bad >= 2)
    inconsistent_low = overall in ("low", "very low") and bad == 0
    assert bool(problems) == (inconsistent_high or inconsistent_low)


def test_cerqual_table_rows_columns_and_contributions() -> None:
    p = _project(**FULL, overall="high", explanation="all fine")
    _ = p.add_source("int-1", case="a")
    ev = p.add_evidence(source="int-1", quote="q")
    p.configurations[0].evidence = [ev.id]
    p.add_hypothesis("h1", "H", cerqual={"coherence": "minor"})
    p.configurations[0].hypotheses = ["h1"]
    table = rl.cerqual_table(p)
    assert tuple(table.columns) == CERQUAL_COLUMNS
    assert table["kind"].tolist() == ["finding", "hypothesis"]
    first = table.iloc[0]
    assert (first["overall"], first["overall_explanation"]) == ("high", "all fine")
    assert first["adequacy_explanation"] == "fine"
    assert first["cases"] == ("a",) and first["sources"] == ("int-1",)
    second = table.iloc[1]
    assert second["configurations"] == ("k1",) and second["adequacy"] == ""


def test_keep_regularity_on_hipp() -> None:
    p = rl.datasets.load("hipp")
    r = rl.find_regularities(p, min_cases=2)[0]
    f = keep_regularity(p, r, "A finding", cerqual={"overall": "low"})
    assert p.findings == [f]
    assert f.configurations == list(r.configurations)
    shared = set.intersection(*(set(p.get(k).themes) for k in r.configurations))
    assert set(f.themes) == shared
    assert rl.cerqual_table(p)["id"].tolist() == [f.id]
