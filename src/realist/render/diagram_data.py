"""The data of a diagram, independent of the backend that draws it.

:mod:`realist.render.diagrams` builds these from a project and draws them with
Graphviz; :mod:`realist.render.matplotlib_backend` draws the same data with
matplotlib. Both import this module; neither imports the other at import time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["KINDS", "Diagram", "DiagramEdge", "DiagramGroup", "DiagramNode", "Kind"]

Kind = Literal["context", "mechanism", "outcome"]
KINDS: tuple[Kind, ...] = ("context", "mechanism", "outcome")


@dataclass
class DiagramNode:
    """One box of a diagram."""

    id: str
    label: str
    kind: str
    group: str = ""
    style: Literal["solid", "dashed", "dotted"] = "solid"
    negative: bool = False
    note: str = ""
    tooltip: str = ""


@dataclass
class DiagramEdge:
    """One arrow of a diagram; `width` is in points, `n_cases` and `n_sources` what it
    rests on (supporting cases; distinct sources of their configurations' excerpts),
    `counter_cases` the cases where a refuted configuration holds the arrow."""

    source: str
    target: str
    width: float = 1.0
    style: Literal["solid", "dashed", "dotted"] = "solid"
    negative: bool = False
    label: str = ""
    n_cases: int = 0
    tooltip: str = ""
    link: bool = False
    n_sources: int = 0
    counter_cases: tuple[str, ...] = ()


@dataclass
class DiagramGroup:
    """A box of boxes: a column (kind) or a category inside a column."""

    key: str
    title: str
    kind: str
    nodes: list[str] = field(default_factory=list)


@dataclass
class Diagram:
    """A drawing, independent of the backend that draws it.

    ``layout`` is ``"columns"`` (HIPP Table 3: three columns of grouped
    boxes) or ``"network"`` (a programme-theory graph, left to right).
    ``legend`` holds the lines of the key under the picture; ``swatches``
    the kinds shown, ``marks`` the line styles used, in the key.
    """

    layout: Literal["columns", "network"]
    title: str
    nodes: list[DiagramNode] = field(default_factory=list)
    edges: list[DiagramEdge] = field(default_factory=list)
    columns: dict[str, list[DiagramGroup]] = field(default_factory=dict)
    legend: list[str] = field(default_factory=list)
    swatches: list[str] = field(default_factory=list)
    marks: list[tuple[str, str]] = field(default_factory=list)
    wrap: int = 26
