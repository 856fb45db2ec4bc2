"""Shared fixtures and the rules for tests that need things outside the repository."""

from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest
from hypothesis import strategies as st

import realist as rl

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

#: How to install the reference packages that some tests compare realist against.
BENCH = 'pip install -e ".[bench]"'


def unavailable(what: str) -> NoReturn:
    """The one rule for a test that needs something outside the repository: skipped
    locally when it is missing, a failure in CI, where every test must run."""
    if IN_CI:
        pytest.fail(f"{what}, and CI must run this test")
    pytest.skip(what)


def require_shared(*parts: str) -> Path:
    """The path of a folder under shared/: skipped locally when it is missing, an error in CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        unavailable(f"shared/{'/'.join(parts)} is not beside the repository")
    return path


def require_program(name: str) -> str:
    """The full path of a program on the PATH (``dot``, ``pdflatex``, ``chromium``):
    skipped locally when it is missing, an error in CI (``make test`` installs it)."""
    found = optional_program(name)
    if found is None:
        unavailable(f"{name} is not installed (make test installs it)")
    return found


def optional_program(name: str) -> str | None:
    """The full path of a program on the PATH, or None locally when it is missing, for a
    test that still checks the rest without it; in CI a missing program fails the test."""
    found = shutil.which(name)
    if found is None and IN_CI:
        unavailable(f"{name} is not installed (make test installs it)")
    return found


def require_module(name: str, hint: str = "") -> ModuleType:
    """Import a module that only some tests need: skipped locally when missing, an error in CI.

    `hint` says how to install it, e.g. ``pip install -e ".[bench]"``.
    """
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        unavailable(f"{name} cannot be imported ({exc})" + (f": {hint}" if hint else ""))


#: The namespace of REFI-QDA project files, for hand-written fixtures.
REFI_NS = 'xmlns="urn:QDA-XML:project:1.0"'


def g(n: int) -> str:
    """A GUID made from a number, for readable REFI-QDA fixtures."""
    return f"00000000-0000-0000-0000-{n:012d}"


def code(n: int, name: str, children: str = "") -> str:
    """A REFI-QDA ``<Code>`` element (with its sub-codes), for fixtures."""
    if children:
        return f'<Code guid="{g(n)}" name="{name}" isCodable="true">{children}</Code>'
    return f'<Code guid="{g(n)}" name="{name}" isCodable="true"/>'


#: Doctests whose examples run Graphviz's ``dot`` (they write a file through it).
DOCTESTS_NEEDING_DOT = ("realist.render.explorer.explore", "realist.render.explorer.explorer_html")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``graphviz`` (and the doctests that run ``dot``) need ``dot``: skipped
    locally without it; in CI they run (and fail) so that a missing Graphviz can never
    pass unnoticed."""
    if shutil.which("dot") or IN_CI:
        return
    skip = pytest.mark.skip(reason="Graphviz's dot is not installed (make test installs it)")
    for item in items:
        if "graphviz" in item.keywords or item.name in DOCTESTS_NEEDING_DOT:
            item.add_marker(skip)


@pytest.fixture
def small() -> rl.Project:
    """A small project with two cases, one chain and one constraining context."""
    p = rl.Project(title="Small evaluation", description="for tests")
    p.add_theme("vision", "Shared strategic vision")
    p.add_theme("leadership", "Leadership and management")
    p.add_case("a", "Case A", country="England", phase=2006)
    p.add_case("b", "Case B", country="Wales", phase=2008)
    p.add_source("int-1", kind="interview", case="a", role="manager")
    p.add_source("doc-1", kind="document", case="b", title="Plan")
    ev1 = p.add_evidence(source="int-1", quote="we had worked together for years", start=3, end=36)
    ev2 = p.add_evidence(source="doc-1", quote="budgets were devolved", page=4)
    c1 = p.add_context("History of working together", id="c-history", category="cultural")
    c2 = p.add_context("Policy turbulence", id="c-turbulence", category="political")
    c3 = p.add_context("Shared vision in place", id="c-vision-held")
    m1 = p.add_mechanism("Local champions", id="m-champions", level="project")
    m2 = p.add_mechanism("Consultancy support", id="m-consultancy", level="programme")
    o1 = p.add_outcome("Shared strategic vision", id="o-vision", tier="process")
    o2 = p.add_outcome("Locality plan agreed", id="o-plan", tier="intended")
    p.add_configuration(
        case="a",
        contexts=[c1],
        mechanisms=[m1],
        outcomes=[o1],
        themes=["vision"],
        status="supported",
        evidence=[ev1],
        id="k1",
    )
    p.add_configuration(
        cases=["a", "b"],
        contexts=[c3, c2],
        constraining=[c2],
        mechanisms=[m1, m2],
        outcomes=[o2],
        themes=["leadership"],
        status="refined",
        evidence=[ev2],
        id="k2",
        confidence="moderate",
    )
    p.add_link(o1, "becomes", c3)
    p.add_hypothesis("h1", "A shared vision needs shared language", themes=["vision"])
    return p


@st.composite
def projects(draw: st.DrawFn) -> rl.Project:
    """Small random projects: cases with a country, sources with a phase, evidence,
    elements, hypotheses, configurations of any status and phase, perhaps a link."""
    p = rl.Project(title="random")
    p.add_theme("t")
    n_cases = draw(st.integers(0, 3))
    for i in range(n_cases):
        p.add_case(f"case{i}", country=draw(st.sampled_from(["Wales", "Scotland"])))
    for i in range(draw(st.integers(0, 3))):
        p.add_source(
            f"s{i}",
            case=f"case{i % n_cases}" if n_cases else None,
            phase=draw(st.sampled_from([2006, 2008])),
        )
    sources = [s.id for s in p.sources]
    for i in range(len(sources) * 2):
        p.add_evidence(
            source=draw(st.sampled_from(sources)),
            id=f"e{i}",
            stance=draw(st.sampled_from(["supports", "refutes", "mixed"])),
        )
    for i in range(3):
        p.add_context(f"C{i}", id=f"c{i}")
        p.add_mechanism(f"M{i}", id=f"m{i}", themes=draw(st.sampled_from([[], ["t"]])))
        p.add_outcome(f"O{i}", id=f"o{i}")
    for i in range(draw(st.integers(0, 2))):
        p.add_hypothesis(
            f"h{i}",
            f"H{i}",
            phase=draw(st.sampled_from([None, 2006, 2008])),
            revises=f"h{i - 1}" if i else None,
        )
    evidence = [e.id for e in p.evidence]
    for i in range(draw(st.integers(1, 5))):
        p.add_configuration(
            id=f"k{i}",
            cases=draw(st.lists(st.sampled_from([c.id for c in p.cases]), unique=True))
            if p.cases
            else [],
            contexts=draw(st.lists(st.sampled_from(["c0", "c1", "c2"]), unique=True)),
            mechanisms=draw(st.lists(st.sampled_from(["m0", "m1", "m2"]), min_size=1, unique=True)),
            outcomes=draw(st.lists(st.sampled_from(["o0", "o1", "o2"]), min_size=1, unique=True)),
            evidence=draw(st.lists(st.sampled_from(evidence), unique=True)) if evidence else [],
            hypotheses=draw(st.lists(st.sampled_from([h.id for h in p.hypotheses]), unique=True))
            if p.hypotheses
            else [],
            status=draw(st.sampled_from(["conjectured", "supported", "refuted", "refined"])),
            phase=draw(st.sampled_from([None, 2006, 2008])),
        )
    if draw(st.booleans()):
        p.add_link("o0", "becomes", "c0")
    return p
