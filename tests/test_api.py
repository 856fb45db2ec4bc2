"""The public API: every exported name imports; importing realist stays cheap."""

from __future__ import annotations

import subprocess
import sys

import pytest

import realist as rl
from realist import errors


@pytest.mark.parametrize("name", rl.__all__)
def test_every_exported_name_exists(name: str) -> None:
    assert getattr(rl, name) is not None


def test_design_names_are_exported() -> None:
    for name in (
        "Project",
        "load",
        "to_networkx",
        "datasets",
        "Theme",
        "Case",
        "Source",
        "Evidence",
        "Context",
        "Mechanism",
        "Outcome",
        "Configuration",
        "Link",
        "Hypothesis",
        "RealistError",
        "RealistWarning",
    ):
        assert name in rl.__all__


def test_error_hierarchy_matches_builtins() -> None:
    assert issubclass(errors.ValidationError, ValueError)
    assert issubclass(errors.UnknownIdError, KeyError)
    assert issubclass(errors.GraphvizNotFoundError, RuntimeError)
    assert issubclass(errors.MissingDependencyError, ImportError)
    assert issubclass(errors.MissingFileError, FileNotFoundError)
    for name in errors.__all__:
        obj = getattr(errors, name)
        if isinstance(obj, type) and issubclass(obj, Exception) and not issubclass(obj, Warning):
            assert issubclass(obj, errors.RealistError), name


def test_import_is_cheap() -> None:
    code = (
        "import sys, realist; "
        "heavy = [m for m in ('matplotlib', 'graphviz') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
