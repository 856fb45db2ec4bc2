"""Shared fixtures and the rules for tests that need things outside the repository."""

from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest

import realist as rl

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


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
    found = shutil.which(name)
    if found is None:
        unavailable(f"{name} is not installed (make test installs it)")
    return found


def require_module(name: str) -> ModuleType:
    """Import a module that only some tests need: skipped locally when missing, an error in CI."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        unavailable(f"{name} cannot be imported ({exc})")


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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``graphviz`` need ``dot``: skipped locally without it; in CI they run
    (and fail) so that a missing Graphviz can never pass unnoticed."""
    if shutil.which("dot") or IN_CI:
        return
    skip = pytest.mark.skip(reason="Graphviz's dot is not installed (make test installs it)")
    for item in items:
        if "graphviz" in item.keywords:
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
