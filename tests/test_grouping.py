"""recurring_elements(by=...): element fields, case, configuration and source attributes."""

from __future__ import annotations

import pytest

import realist as rl
from realist.analysis._grouping import resolve_by
from realist.errors import ValidationError
from realist.model import Project


def _project() -> Project:
    """Two cases; a manager and a GP in each; champions told by everyone, trust by GPs."""
    p = Project(title="t")
    p.add_case("a", region="north")
    p.add_case("b", region="south")
    p.add_source("int-a1", kind="interview", case="a", role="manager")
    p.add_source("int-a2", kind="interview", case="a", role="GP")
    p.add_source("doc-b", kind="document", case="b", sector="health")
    p.add_source("int-b2", kind="interview", case="b", role="GP")
    champions = p.add_mechanism("Local champions", id="m-champ", level="project")
    trust = p.add_mechanism("Trust", id="m-trust")
    vision = p.add_outcome("Shared vision", id="o-vision", tier="process")
    health = p.add_outcome("Better health", id="o-health", tier="health")
    ev = {
        "e-a1": p.add_evidence(source="int-a1", quote="q", id="e-a1", elements=["m-champ"]),
        "e-a2": p.add_evidence(source="int-a2", quote="q", id="e-a2"),
        "e-b1": p.add_evidence(source="doc-b", quote="q", id="e-b1", elements=["m-champ"]),
        "e-b2": p.add_evidence(source="int-b2", quote="q", id="e-b2"),
    }
    p.add_configuration(
        case="a",
        mechanisms=[champions, trust],
        outcomes=[vision],
        evidence=[ev["e-a1"], ev["e-a2"]],
        id="k-a",
        phase=2006,
    )
    p.add_configuration(
        case="b",
        mechanisms=[champions, trust],
        outcomes=[vision, health],
        evidence=[ev["e-b1"], ev["e-b2"]],
        id="k-b",
        phase=2008,
    )
    return p


def _rows(frame, column):  # type: ignore[no-untyped-def]
    return {(r[column], r["element"]): r["cases"] for _, r in frame.iterrows()}


def test_by_tier_groups_outcomes_only() -> None:
    t = rl.recurring_elements(_project(), by="tier", min_cases=1)
    assert _rows(t, "tier") == {("process", "o-vision"): ("a", "b"), ("health", "o-health"): ("b",)}
    assert t.attrs["without_value"] == ("m-champ", "m-trust")
    assert t.attrs["cases_without_attribute"] == ()


def test_by_level_of_mechanisms() -> None:
    t = rl.recurring_elements(_project(), by="level", min_cases=2)
    assert _rows(t, "level") == {("project", "m-champ"): ("a", "b")}


def test_by_source_role_counts_the_excerpts_of_each_role() -> None:
    t = rl.recurring_elements(_project(), by="role", min_cases=1)
    # e-a1 (manager) is coded to champions only; the GP excerpts to nothing, so
    # they speak for every element of their configuration; doc-b has no role.
    assert _rows(t, "role") == {
        ("manager", "m-champ"): ("a",),
        ("GP", "m-champ"): ("a", "b"),
        ("GP", "m-trust"): ("a", "b"),
        ("GP", "o-vision"): ("a", "b"),
        ("GP", "o-health"): ("b",),
    }
    gp = t[(t.role == "GP") & (t.element == "m-champ")].iloc[0]
    assert gp["sources"] == ("int-a2", "int-b2")
    assert gp["evidence"] == ("e-a2", "e-b2")
    assert gp["n_evidence"] == 2
    assert t.attrs["without_value"] == ("e-b1",)
    assert list(t.role.drop_duplicates()) == ["manager", "GP"]


def test_by_source_kind_and_sector_inherited_from_nothing() -> None:
    t = rl.recurring_elements(_project(), by="kind", min_cases=2)
    assert "source_kind" in t.columns and list(t.columns).count("kind") == 1
    assert _rows(t, "source_kind") == {
        ("interview", "m-champ"): ("a", "b"),
        ("interview", "m-trust"): ("a", "b"),
        ("interview", "o-vision"): ("a", "b"),
    }
    sector = rl.recurring_elements(_project(), by="sector", min_cases=1)
    assert set(sector.element) == {"m-champ"}  # only the document has a sector


def test_source_attribute_falls_back_to_the_case() -> None:
    p = _project()
    t = rl.recurring_elements(p, by="source.region", min_cases=2)
    assert set(t["source.region"]) == set()
    t = rl.recurring_elements(p, by="source.region", min_cases=1)
    assert set(t["source.region"]) == {"north", "south"}


def test_by_configuration_phase() -> None:
    t = rl.recurring_elements(_project(), by="phase", min_cases=1)
    assert _rows(t, "phase")[(2006, "m-champ")] == ("a",)
    assert _rows(t, "phase")[(2008, "o-health")] == ("b",)


def test_case_attributes_come_first_and_prefixes_force_the_place() -> None:
    p = _project()
    p.get("a").attributes["level"] = "national"
    assert resolve_by(p, "level", p.cases).place == "case"
    assert resolve_by(p, "element.level", p.cases).place == "element"
    t = rl.recurring_elements(p, by="element.level", min_cases=2)
    assert list(t["element.level"]) == ["project"]
    assert rl.recurring_elements(p, by="region", min_cases=1).attrs["without_value"] == ()


def test_unknown_name_lists_every_place() -> None:
    with pytest.raises(ValidationError) as info:
        rl.recurring_elements(_project(), by="colour")
    message = str(info.value)
    for part in (
        "case attributes: 'region'",
        "element fields: 'tier', 'level', 'resource', 'reasoning'",
        "configuration attributes: 'phase'",
        "source attributes: 'kind', 'role', 'sector'",
    ):
        assert part in message


def test_hipp_by_tier() -> None:
    hipp = rl.datasets.load("hipp")
    t = rl.recurring_elements(hipp, by="tier", min_cases=1)
    tiers = {o.tier for o in hipp.outcomes if o.tier}
    assert set(t.tier) <= tiers and len(set(t.tier)) >= 2
    assert set(t.kind) == {"outcome"}
    flat = rl.recurring_elements(hipp, by=None, min_cases=1).set_index("element")
    for _, row in t.iterrows():
        assert set(row["cases"]) <= set(flat.loc[row["element"], "cases"])
    # every outcome with a tier is counted once, in its own tier
    assert t.groupby("element").size().max() == 1


def test_hipp_unchanged_groupings() -> None:
    hipp = rl.datasets.load("hipp")
    by_region = rl.recurring_elements(hipp, by="region", min_cases=1)
    assert by_region.attrs["cases_without_attribute"] == by_region.attrs["without_value"]
    assert rl.recurring_elements(hipp, by="theme").attrs["without_value"] == ()
