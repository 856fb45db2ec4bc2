"""Example projects bundled with realist, loaded by name.

Examples
--------
>>> import realist as rl
>>> rl.datasets.names()
['hipp']
>>> p = rl.datasets.load("hipp")
>>> p.title
'Health Education Authority Integrated Purchasing Programme (HIPP) evaluation'
"""

from __future__ import annotations

from pathlib import Path

from realist.errors import UnknownIdError
from realist.io.project_files import loads
from realist.model import Project

__all__ = ["load", "names", "path", "text"]

_FILES = {"hipp": "hipp.yaml"}


def names() -> list[str]:
    """The names of the bundled projects."""
    return sorted(_FILES)


def path(name: str) -> Path:
    """Where the bundled file of a dataset is (``.../realist/datasets/hipp.yaml``).

    Examples
    --------
    >>> path("hipp").name
    'hipp.yaml'
    """
    from importlib import resources

    return Path(str(resources.files(__package__).joinpath(_file(name))))


def text(name: str) -> str:
    """The bundled file of a dataset, as text (a YAML project file).

    Examples
    --------
    >>> text("hipp").splitlines()[0]
    'schema_version: 1'
    """
    from importlib import resources

    return resources.files(__package__).joinpath(_file(name)).read_text(encoding="utf-8")


def _file(name: str) -> str:
    try:
        return _FILES[name]
    except KeyError:
        raise UnknownIdError(
            f"no bundled dataset named {name!r}; available: {', '.join(names())}"
        ) from None


def load(name: str) -> Project:
    """Load a bundled example project by name.

    ``"hipp"``: the evaluation of the Health Education Authority's Integrated
    Purchasing Programme (Evans & Killoran, 2000), see :mod:`realist.datasets.hipp`.
    """
    return loads(text(name), format="yaml", file=f"realist/datasets/{_FILES[name]}")
