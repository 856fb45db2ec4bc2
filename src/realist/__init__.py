"""realist: realist evaluation in Python.

Model the Context-Mechanism-Outcome configurations (CMOcs) of an evaluation,
link them into a graph, find the regularities that recur across cases, and
produce the tables and figures of a paper.

Examples
--------
>>> import realist as rl
>>> p = rl.datasets.load("hipp")
>>> len(p.cases)
5
"""

from __future__ import annotations

from realist import datasets
from realist.analysis.regularities import (
    Regularity,
    find_regularities,
    recurring_elements,
    regularities_frame,
)
from realist.errors import (
    BrokenReferenceError,
    DuplicateIdError,
    FileFormatError,
    GraphvizNotFoundError,
    MissingDependencyError,
    MissingFileError,
    Problem,
    RealistError,
    RealistWarning,
    SchemaVersionError,
    UnknownIdError,
    UnsafeFileError,
    ValidationError,
)
from realist.graph import chains, configuration_graph, select_configurations, to_networkx
from realist.io.project_files import load, loads
from realist.model import (
    SCHEMA_VERSION,
    Case,
    Configuration,
    Context,
    Element,
    Evidence,
    Hypothesis,
    Link,
    Mechanism,
    Outcome,
    Project,
    Source,
    Theme,
)

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "BrokenReferenceError",
    "Case",
    "Configuration",
    "Context",
    "DuplicateIdError",
    "Element",
    "Evidence",
    "FileFormatError",
    "GraphvizNotFoundError",
    "Hypothesis",
    "Link",
    "Mechanism",
    "MissingDependencyError",
    "MissingFileError",
    "Outcome",
    "Problem",
    "Project",
    "RealistError",
    "RealistWarning",
    "Regularity",
    "SchemaVersionError",
    "Source",
    "Theme",
    "UnknownIdError",
    "UnsafeFileError",
    "ValidationError",
    "__version__",
    "chains",
    "configuration_graph",
    "datasets",
    "find_regularities",
    "load",
    "loads",
    "recurring_elements",
    "regularities_frame",
    "select_configurations",
    "to_networkx",
]
