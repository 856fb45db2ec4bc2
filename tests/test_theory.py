"""subset, diff, ProjectDiff and hypothesis_summary."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import realist as rl
from conftest import projects
from realist.analysis.theory import Change, ProjectDiff, diff, hypothesis_summary, subset
from realist.errors import RealistError, UnknownIdError, ValidationError
from realist.model import Project


def three_countries() -> Project:
    """Two phases of interviews (2006, 2008) in two countries."""
    p = Project(title="Three countries")
    p.add_theme("lead", "Leadership")
    p.add_theme("vision", "Vision")
    p.add_case("wales", country="Wales")
    p.add_case("scotland", country="Scotland")
    p.add_source("w06", case="wales", phase=2006, role="manager")
    p.add_source("w08", case="wales", phase=2008, role="clinician")
    p.add_source("s06", case="scotland", phase=2006, role="manager")
    p.add_evidence(source="w06", id="e-w06")
    p.add_evidence(source="w08", id="e-w08", stance="refutes")
    p.add_evidence(source="s06", id="e-s06")
    p.add_context("Trust between agencies", id="c-trust", themes=["vision"])
    p.add_context("Policy churn", id="c-churn")
    p.add_mechanism("Local champions", id="m-champ", themes=["lead"])
    p.add_mechanism("Joint budgets", id="m-budget")
    p.add_outcome("Shared vision", id="o-vision")
    p.add_outcome("Stalled", id="o-stall")
    p.add_outcome("Never used", id="o-orphan")
    p.add_hypothesis("h1", "Champions build a shared vision", phase=2006, themes=["lead"])
    p.add_hypothesis("h2", "Champions need trust", phase=2008, revises="h1")
    p.add_configuration(
        case="wales",
        id="k-w06",
        contexts=["c-trust"],
        mechanisms=["m-champ"],
        outcomes=["o-vision"],
        evidence=["e-w06"],
        hypotheses=["h1"],
        status="supported",
    )
    p.add_configuration(
        case="wales",
        id="k-w08",
        contexts=["c-churn"],
        mechanisms=["m-champ"],
        outcomes=["o-stall"],
        evidence=["e-w08"],
        hypotheses=["h1", "h2"],
        status="refuted",
    )
    p.add_configuration(
        case="scotland",
        id="k-s06",
        contexts=["c-trust"],
        mechanisms=["m-budget"],
        outcomes=["o-vision"],
        evidence=["e-s06"],
        hypotheses=["h1"],
        phase=2006,
    )
    p.add_configuration(  # programme level, no case, no evidence
        id="k-prog",
        mechanisms=["m-champ"],
        outcomes=["o-vision"],
        phase=2006,
        hypotheses=["h1"],
    )
    p.add_link("o-vision", "becomes", "c-trust", id="l-vision-trust")
    p.add_link("k-w06", "leads_to", "k-w08", id="l-w", evidence=["e-w08"])
    return p


def _ids(items: object) -> list[str]:
    return [x.id for x in items]  # type: ignore[attr-defined]


# ---------------------------------------------------------------- subset


def test_subset_by_phase_on_sources_configurations_and_hypotheses() -> None:
    p = three_countries()
    s = subset(p, phase=2006)
    assert s.title == "Three countries [phase=2006]"
    # k-w06: no phase of its own, its case has none, its evidence source is 2006.
    # k-s06 and k-prog carry phase=2006 themselves. k-w08's source is 2008.
    assert _ids(s.configurations) == ["k-w06", "k-s06", "k-prog"]
    assert _ids(s.sources) == ["w06", "s06"]
    assert _ids(s.evidence) == ["e-w06", "e-s06"]
    assert _ids(s.cases) == ["wales", "scotland"]  # referred to
    assert _ids(s.hypotheses) == ["h1"]
    assert _ids(s.contexts) == ["c-trust"]
    assert _ids(s.outcomes) == ["o-vision"]
    assert _ids(s.links) == ["l-vision-trust"]  # l-w needs k-w08
    assert _ids(s.themes) == ["lead", "vision"]
    assert s.find_problems() == []


def test_subset_2008_keeps_the_revised_hypothesis_chain() -> None:
    s = subset(three_countries(), phase="2008")  # "2008" reads the same as 2008
    assert _ids(s.configurations) == ["k-w08"]
    assert _ids(s.hypotheses) == ["h1", "h2"]  # h2 selected, h1 named and revised
    assert _ids(s.sources) == ["w08"]


def test_subset_by_case_attribute_cuts_a_configuration_to_the_cases_kept() -> None:
    p = three_countries()
    p.add_configuration(
        cases=["wales", "scotland"], id="k-both", mechanisms=["m-champ"], outcomes=["o-vision"],
        evidence=["e-w06", "e-s06"],
    )  # fmt: skip
    s = subset(p, country="Wales")
    assert _ids(s.configurations) == ["k-w06", "k-w08", "k-both"]
    both = s.get("k-both", rl.Configuration)
    assert both.cases == ["wales"] and both.evidence == ["e-w06"]  # Scotland's excerpt goes
    assert p.get("k-both", rl.Configuration).cases == ["wales", "scotland"]  # a copy was cut
    assert _ids(s.cases) == ["wales"]
    assert _ids(s.sources) == ["w06", "w08"]  # inherit the country of their case
    both = subset(p, country=["Wales", "Scotland"])
    assert "k-both" in _ids(both.configurations)
    assert "k-prog" not in _ids(both.configurations)  # no case: cannot decide


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Fail, rather than hang, when the block runs longer than `seconds`."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="needs SIGALRM")
def test_subset_does_not_hang_on_a_cycle_of_revisions() -> None:
    p = three_countries()  # h2 revises h1
    p.get("h1", rl.Hypothesis).revises = "h2"  # hand-edited: h1 -> h2 -> h1
    with _deadline(10):
        try:
            s = subset(p, phase=2006)
        except RealistError as err:  # the cut project is invalid: the cycle is named
            assert "circle" in str(err)
        else:
            assert _ids(s.hypotheses) == ["h1", "h2"]


def test_subset_decides_each_case_of_a_configuration_by_one_rule() -> None:
    p = three_countries()
    p.add_case("ni", phase=2006)  # a case with the attribute; wales has none
    p.add_configuration(  # wales decides through the 2006 source, ni by its attribute
        cases=["wales", "ni"], id="k-mixed", mechanisms=["m-champ"], outcomes=["o-vision"],
        evidence=["e-w06"],
    )  # fmt: skip
    p.add_configuration(  # wales's source is 2008: wales does not match
        cases=["wales", "ni"], id="k-mixed-08", mechanisms=["m-champ"], outcomes=["o-vision"],
        evidence=["e-w08"],
    )  # fmt: skip
    p.add_configuration(  # wales cannot decide (no evidence): no match
        cases=["wales", "ni"], id="k-mixed-none", mechanisms=["m-champ"], outcomes=["o-vision"],
    )  # fmt: skip
    s = subset(p, phase=2006)
    # k-w06 (wales alone, by its source) and k-mixed (wales, by the same source) agree;
    # k-mixed-08 and k-mixed-none are kept with ni alone, without wales's 2008 excerpt.
    told = {k.id: (k.cases, k.evidence) for k in s.configurations}
    assert told == {
        "k-w06": (["wales"], ["e-w06"]),
        "k-s06": (["scotland"], ["e-s06"]),
        "k-prog": ([], []),
        "k-mixed": (["wales", "ni"], ["e-w06"]),
        "k-mixed-08": (["ni"], []),
        "k-mixed-none": (["ni"], []),
    }
    assert _ids(s.cases) == ["wales", "scotland", "ni"]
    s = subset(p, phase=2008)  # ni is 2006; wales decides by the 2008 source
    told = {k.id: (k.cases, k.evidence) for k in s.configurations}
    assert told == {"k-w08": (["wales"], ["e-w08"]), "k-mixed-08": (["wales"], ["e-w08"])}
    s = subset(p, phase=[2006, 2008])
    assert {"k-mixed", "k-mixed-08"} <= set(_ids(s.configurations))
    assert s.get("k-mixed-none", rl.Configuration).cases == ["ni"]  # wales cannot decide


def test_subset_combines_attributes_with_and() -> None:
    s = subset(three_countries(), country="Wales", phase=2006)
    assert _ids(s.configurations) == ["k-w06"]
    assert s.title == "Three countries [country=Wales; phase=2006]"


def test_subset_where_mapping_and_callable() -> None:
    p = three_countries()
    assert subset(p, where={"role": "manager"}).title == "Three countries [role=manager]"
    assert _ids(subset(p, where={"role": "manager"}).sources) == ["w06", "s06"]

    # A where function judges cases; what is told in a case follows it.
    s = subset(p, where=lambda case: case.id != "wales")
    assert "wales" not in _ids(s.cases)
    assert not any("wales" in k.cases for k in s.configurations)
    assert all(src.case != "wales" for src in s.sources)
    assert s.title == "Three countries [where=<lambda>]"
    assert _ids(subset(p, status="refuted").configurations) == ["k-w08"]


def test_subset_by_ids() -> None:
    p = three_countries()
    s = subset(p, cases="scotland")
    assert _ids(s.cases) == ["scotland"]
    assert _ids(s.configurations) == ["k-s06"]
    assert _ids(s.sources) == ["s06"]
    k = subset(p, configurations=["k-w08"])
    assert _ids(k.configurations) == ["k-w08"]
    assert _ids(k.sources) == ["w08"] and _ids(k.cases) == ["wales"]
    src = subset(p, sources=["w06", "s06"])
    assert _ids(src.configurations) == ["k-w06", "k-s06"]
    with pytest.raises(UnknownIdError, match=r"unknown case 'nowhere' in cases=: .*'wales'"):
        subset(p, cases=["nowhere"])
    with pytest.raises(UnknownIdError, match="unknown case 'w06' in cases="):
        subset(p, cases="w06")


def test_subset_errors() -> None:
    p = three_countries()
    with pytest.raises(ValidationError, match=r"attribute 'sector'.*'country', 'phase', 'role'"):
        subset(p, sector="health")
    with pytest.raises(
        ValidationError, match=r"attribute 'case'; .*\(to select by id, pass cases=\)"
    ):
        subset(p, case="wales")
    with pytest.raises(ValidationError, match="given both in where= and as phase="):
        subset(p, where={"phase": 2006}, phase=2008)
    with pytest.raises(ValidationError, match="where must be a mapping"):
        subset(p, where=3)  # type: ignore[arg-type]


def test_subset_copies_items() -> None:
    p = three_countries()
    s = subset(p, phase=2006)
    s.configurations[0].status = "refined"
    assert p.get("k-w06").status == "supported"


def test_subset_of_hipp_by_region() -> None:
    p = rl.datasets.load("hipp")
    s = subset(p, region="West Midlands")
    assert _ids(s.cases) == ["sandwell", "telford-wrekin"]
    assert {c for k in s.configurations for c in k.cases} == {"sandwell", "telford-wrekin"}
    assert s.find_problems() == []


# ---------------------------------------------------------------- diff


def test_diff_between_phases() -> None:
    p = three_countries()
    d = diff(subset(p, phase=2006), subset(p, phase=2008))
    assert d.added["configurations"] == ("k-w08",)
    assert d.removed["configurations"] == ("k-w06", "k-s06", "k-prog")
    assert d.added["hypotheses"] == ("h2",)
    assert d.removed["hypotheses"] == ()
    assert d.revisions == (("h1", "h2"),)
    assert d.changed == (
        Change(
            "project", "", "title", "Three countries [phase=2006]", "Three countries [phase=2008]"
        ),
    )
    assert d.added["links"] == () and d.removed["links"] == ("l-vision-trust",)


def test_diff_changes_and_status() -> None:
    a = three_countries()
    b = a.model_copy(deep=True)
    b.configurations[0].status = "refined"
    b.configurations[0].contexts.append("c-churn")
    b.hypotheses[0].statement = "Champions build a shared vision where trust exists"
    b.hypotheses[0].status = "refined"
    b.mechanisms[0].label = "Local champion role"
    d = diff(a, b)
    assert d.status_changes == (
        Change("configurations", "k-w06", "status", "supported", "refined"),
    )
    assert [(c.id, c.field) for c in d.hypothesis_changes] == [
        ("h1", "statement"),
        ("h1", "status"),
    ]
    assert d.changed_ids["mechanisms"] == ("m-champ",)
    assert d.changed_ids["configurations"] == ("k-w06",)
    assert Change("configurations", "k-w06", "contexts", ["c-trust"], ["c-trust", "c-churn"]) in (
        d.changed
    )
    assert repr(d) == ("ProjectDiff(added={}, removed={}, changed=['m-champ', 'k-w06', 'h1'])")
    text = d.summary()
    assert text.splitlines()[0] == (
        "From 'Three countries' to 'Three countries': 0 added, 0 removed, 3 changed."
    )
    assert "  ~ k-w06: status: 'supported' → 'refined'; contexts: +c-churn" in text
    assert "  ~ m-champ: label: 'Local champions' → 'Local champion role'" in text
    frame = d.to_frame()
    assert list(frame.columns) == ["collection", "id", "change", "field", "old", "new"]
    assert len(frame) == 5
    assert frame.loc[frame.field == "status", "new"].tolist() == ["refined", "refined"]
    html = d._repr_html_()
    assert "k-w06" in html and "&#x27;supported&#x27; → &#x27;refined&#x27;" in html


def test_diff_does_not_change_with_the_projects() -> None:
    a = three_countries()
    b = a.model_copy(deep=True)
    b.configurations[0].contexts.append("c-churn")
    d = diff(a, b)
    b.configurations[0].contexts.append("c-more")
    [c] = d.changed
    assert c.new == ["c-trust", "c-churn"]


def test_empty_diff() -> None:
    p = three_countries()
    d = diff(p, p.model_copy(deep=True))
    assert d.is_empty and not d
    assert d.summary().endswith("No differences.")
    assert "No differences." in d._repr_html_()
    assert d.to_frame().empty
    assert repr(d) == "ProjectDiff(added={}, removed={}, changed=[])"


def test_summary_caps_long_lists() -> None:
    a = Project(title="a")
    b = Project(title="a")
    for i in range(40):
        b.add_case(f"c{i}")
    text = diff(a, b).summary()
    assert "  ... and 15 more (see to_frame())" in text
    assert "'... 33 more'" in repr(diff(a, b))


# ---------------------------------------------------------------- hypothesis_summary


def test_hypothesis_summary() -> None:
    t = hypothesis_summary(three_countries())
    assert t.id.tolist() == ["h1", "h2"]
    h1 = t.iloc[0]
    assert h1.configurations == ("k-w06", "k-w08", "k-s06", "k-prog")
    assert (h1.n_configurations, h1.n_supported, h1.n_refuted, h1.n_conjectured) == (4, 1, 1, 2)
    assert (h1.n_evidence, h1.n_supporting_evidence, h1.n_refuting_evidence) == (3, 2, 1)
    assert h1.themes == ("lead",) and h1.phase == 2006
    h2 = t.iloc[1]
    assert (h2.revises, h2.configurations, h2.n_refuting_evidence) == ("h1", ("k-w08",), 1)
    assert hypothesis_summary(Project(title="t")).empty


def test_hypothesis_summary_hipp() -> None:
    t = hypothesis_summary(rl.datasets.load("hipp")).set_index("id")
    assert t.loc["h4", "configurations"] == (
        "cfg-table3",
        "cfg-nottingham-accountability",
        "cfg-sandwell-accountability",
        "cfg-sandwell-2-accountability",
    )
    assert t.loc["h1", "n_refuted"] == 1  # the generic model was not tested


# ---------------------------------------------------------------- properties


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(projects())
def test_subset_of_everything_is_the_project(p: Project) -> None:
    assert subset(p) == p


@SETTINGS
@given(projects(), st.sampled_from([2006, 2008, [2006, 2008]]))
def test_subset_is_valid_and_inside_the_project(p: Project, phase: object) -> None:
    carriers = [*p.sources, *p.configurations, *p.hypotheses]
    if not any(
        getattr(x, "phase", None) is not None or "phase" in getattr(x, "attributes", {})
        for x in carriers
    ):
        with pytest.raises(ValidationError, match="attribute 'phase'; the attributes are"):
            subset(p, phase=phase)
        return
    s = subset(p, phase=phase)
    assert s.find_problems() == []
    for name in ("cases", "sources", "evidence", "configurations", "hypotheses", "links"):
        assert set(_ids(getattr(s, name))) <= set(_ids(getattr(p, name)))
    for k in s.configurations:  # the same configuration, perhaps cut to the cases kept
        whole = p.get(k.id, rl.Configuration)
        assert set(k.cases) <= set(whole.cases) and set(k.evidence) <= set(whole.evidence)
        assert k.model_copy(update={"cases": whole.cases, "evidence": whole.evidence}) == whole


@SETTINGS
@given(projects())
def test_diff_with_itself_is_empty(p: Project) -> None:
    assert diff(p, p).is_empty
    assert diff(p, p.model_copy(deep=True)).changed == ()


@SETTINGS
@given(projects(), projects())
def test_diff_is_antisymmetric(a: Project, b: Project) -> None:
    ab, ba = diff(a, b), diff(b, a)
    assert ab.added == ba.removed and ab.removed == ba.added
    assert {(c.collection, c.id, c.field) for c in ab.changed} == {
        (c.collection, c.id, c.field) for c in ba.changed
    }
    assert all(isinstance(d, ProjectDiff) for d in (ab, ba))


@SETTINGS
@given(projects())
def test_hypothesis_summary_counts_add_up(p: Project) -> None:
    t = hypothesis_summary(p)
    assert len(t) == len(p.hypotheses)
    for row in t.itertuples():
        assert row.n_configurations == (
            row.n_supported + row.n_refined + row.n_refuted + row.n_conjectured
        )
        assert row.n_evidence == (
            row.n_supporting_evidence + row.n_refuting_evidence + row.n_mixed_evidence
        )


# ---------------------------------------------------------------- diff by content


def _phase(year: int, prefix: str, status: str, extra: bool = False) -> Project:
    """One phase of a study, coded with its own ids (prefix)."""
    p = Project(title=f"Phase {year}")
    p.add_theme(f"{prefix}-vision", "Shared strategic vision")
    for name in ("Wales", "Scotland"):
        p.add_case(f"{prefix}-{name.lower()}", name, country=name)
    c = p.add_context("History of  joint working", id=f"{prefix}-c1")
    m = p.add_mechanism("Local champions", id=f"{prefix}-m1")
    o = p.add_outcome("Shared vision", id=f"{prefix}-o1")
    p.add_hypothesis(f"{prefix}-h1", "Champions build a shared vision", status=status)
    for name in ("wales", "scotland"):
        p.add_configuration(
            case=f"{prefix}-{name}",
            contexts=[c],
            mechanisms=[m],
            outcomes=[o],
            themes=[f"{prefix}-vision"],
            hypotheses=[f"{prefix}-h1"],
            status=status if name == "wales" else "supported",
            id=f"{prefix}-k-{name}",
        )
    if extra:
        t = p.add_outcome("Pooled budgets", id=f"{prefix}-o2")
        p.add_configuration(case=f"{prefix}-wales", mechanisms=[m], outcomes=[t], id=f"{prefix}-k3")
    return p


def test_diff_by_content_matches_renamed_ids() -> None:
    a = _phase(2006, "x", "supported")
    b = _phase(2008, "y", "refuted")
    by_id = diff(a, b)
    assert sum(map(len, by_id.added.values())) == sum(map(len, by_id.removed.values())) == 9
    d = diff(a, b, by="content")
    assert not any(d.added.values()) and not any(d.removed.values())
    assert d.status_changes == (
        Change("configurations", "y-k-wales", "status", "supported", "refuted"),
    )
    assert [(c.id, c.field, c.old, c.new) for c in d.hypothesis_changes] == [
        ("y-h1", "status", "supported", "refuted")
    ]
    assert d.renamed["mechanisms"] == (("x-m1", "y-m1"),)
    assert d.renamed["configurations"] == (
        ("x-k-wales", "y-k-wales"),
        ("x-k-scotland", "y-k-scotland"),
    )
    assert "0 added, 0 removed, 2 changed" in d.summary()


def test_diff_by_content_reports_only_new_content() -> None:
    a = _phase(2006, "x", "supported")
    b = _phase(2008, "y", "supported", extra=True)
    b.contexts[0].label = "HISTORY of joint working"  # same label_key: matched, label changed
    d = diff(a, b, by="content")
    assert d.added["outcomes"] == ("y-o2",)
    assert d.added["configurations"] == ("y-k3",)
    assert not any(d.removed.values())
    assert [(c.id, c.field) for c in d.changed if c.collection != "project"] == [("y-c1", "label")]
    back = diff(b, a, by="content")
    assert back.removed["outcomes"] == ("y-o2",) and not any(back.added.values())


def test_diff_by_content_a_changed_element_is_a_new_configuration() -> None:
    a = _phase(2006, "x", "supported")
    b = _phase(2008, "y", "supported")
    b.mechanisms[0].label = "Project champions"
    d = diff(a, b, by="content")
    assert d.added["mechanisms"] == ("y-m1",) and d.removed["mechanisms"] == ("x-m1",)
    assert set(d.added["configurations"]) == {"y-k-wales", "y-k-scotland"}


def test_diff_by_content_duplicates_matched_in_order() -> None:
    a = Project(title="a")
    b = Project(title="b")
    for p, n in ((a, 2), (b, 3)):
        p.add_case("w", "Wales")
        m, o = p.add_mechanism("M"), p.add_outcome("O")
        for i in range(n):
            p.add_configuration(case="w", mechanisms=[m], outcomes=[o], id=f"k{i}", note=str(i))
    d = diff(a, b, by="content")
    assert d.added["configurations"] == ("k2",) and d.changed == (
        Change("project", "", "title", "a", "b"),
    )


def test_diff_phases_within_one_project() -> None:
    p = Project(title="Study")
    p.add_case("wales", country="Wales")
    m = p.add_mechanism("Local champions", id="m-champ")
    o = p.add_outcome("Shared vision", id="o-vision")
    p.add_configuration(case="wales", mechanisms=[m], outcomes=[o], id="k06", phase=2006)
    p.add_configuration(
        case="wales", mechanisms=[m], outcomes=[o], id="k08", phase=2008, status="refuted"
    )
    d = diff(subset(p, phase=2006), subset(p, phase=2008), by="content")
    assert not any(d.added.values()) and not any(d.removed.values())
    assert [(c.id, c.field, c.new) for c in d.changed if c.collection == "configurations"] == [
        ("k08", "status", "refuted"),
        ("k08", "phase", 2008),
    ]
    by_id = diff(subset(p, phase=2006), subset(p, phase=2008))
    assert by_id.added["configurations"] == ("k08",)


def test_diff_by_checks_its_argument() -> None:
    p = Project(title="t")
    with pytest.raises(ValidationError, match="by must be 'id' or 'content'"):
        diff(p, p, by="label")  # type: ignore[arg-type]


def test_diff_hipp_by_id_unchanged_and_by_content_empty_with_itself() -> None:
    hipp = rl.datasets.load("hipp")
    copy = hipp.model_copy(deep=True)
    copy.configurations[0].status = "refuted"
    d = diff(hipp, copy)
    assert d.renamed == {}
    assert [(c.id, c.field) for c in d.changed] == [(hipp.configurations[0].id, "status")]
    content = diff(hipp, copy, by="content")
    assert content.changed == d.changed and content.added == d.added
    assert diff(hipp, hipp, by="content").is_empty
