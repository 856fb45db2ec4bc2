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

import importlib
from typing import TYPE_CHECKING, Any

from realist import datasets
from realist.analysis.calibration import calibrate
from realist.analysis.cna import CnaResult, cna
from realist.analysis.codings import (
    code_table,
    coding_spans,
    form_configurations,
    map_codes,
    resolve_mapping,
)
from realist.analysis.confidence import cerqual_table, check_confidence, keep_regularity
from realist.analysis.contrasts import Contrast, OutcomeGroup, contrasts, contrasts_frame
from realist.analysis.evidence import coder_agreement, cohen_kappa, evidence_table, verify_quotes
from realist.analysis.harmonise import (
    MergeSuggestion,
    OppositeSuggestion,
    merge_elements,
    suggest_merges,
    suggest_opposites,
    suggestions_frame,
)
from realist.analysis.matrix import case_matrix
from realist.analysis.methods import MethodsSummary, methods_summary
from realist.analysis.paths import PathStep, Robustness, TracedPath, robustness, trace_paths
from realist.analysis.quotes import QuoteMatch, locate_quote, match_quotes
from realist.analysis.regularities import (
    Regularity,
    find_regularities,
    recurring_elements,
    regularities_frame,
)
from realist.analysis.theory import Change, ProjectDiff, diff, hypothesis_summary, subset
from realist.errors import (
    BrokenReferenceError,
    DuplicateIdError,
    FileFormatError,
    FileWriteError,
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
from realist.io.codebook import write_qdc
from realist.io.graph_exchange import to_cytoscape, write_cytoscape, write_gexf, write_graphml
from realist.io.project_files import load, loads
from realist.io.qdpx import Imported, ImportReport, import_file, read_qdpx
from realist.io.tables import read_table, write_table
from realist.model import (
    SCHEMA_VERSION,
    Assessment,
    Case,
    Cerqual,
    Code,
    Configuration,
    Context,
    Element,
    Evidence,
    Finding,
    Hypothesis,
    Link,
    Mechanism,
    Outcome,
    Project,
    Source,
    Theme,
)
from realist.render import jupyter as _jupyter  # noqa: F401  (registers how items show in Jupyter)
from realist.render.diagrams import draw
from realist.render.docx import write_docx
from realist.render.explorer import explore
from realist.render.figures import plot_case_matrix, plot_evidence, plot_regularities, save_figure
from realist.render.report import write_report
from realist.render.structures import csf_diagram
from realist.render.tables import (
    PaperTable,
    cmoc_table,
    confidence_table,
    configuration_table,
    regularity_table,
)
from realist.render.xyplot import plot_xy

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Assessment",
    "BrokenReferenceError",
    "Case",
    "Cerqual",
    "Change",
    "CnaResult",
    "Code",
    "Configuration",
    "Context",
    "Contrast",
    "DuplicateIdError",
    "Element",
    "Evidence",
    "FileFormatError",
    "FileWriteError",
    "Finding",
    "GraphvizNotFoundError",
    "Hypothesis",
    "ImportReport",
    "Imported",
    "Link",
    "Mechanism",
    "MergeSuggestion",
    "MethodsSummary",
    "MissingDependencyError",
    "MissingFileError",
    "Model",
    "OppositeSuggestion",
    "Outcome",
    "OutcomeGroup",
    "PaperTable",
    "PathStep",
    "Problem",
    "Project",
    "ProjectDiff",
    "QuoteMatch",
    "RealistError",
    "RealistWarning",
    "Regularity",
    "Robustness",
    "SchemaVersionError",
    "Solution",
    "Source",
    "Term",
    "Theme",
    "TracedPath",
    "TruthTable",
    "TruthTableRow",
    "UnknownIdError",
    "UnsafeFileError",
    "ValidationError",
    "__version__",
    "calibrate",
    "case_matrix",
    "cerqual_table",
    "chains",
    "check_confidence",
    "cmoc_table",
    "cna",
    "code_table",
    "coder_agreement",
    "coding_spans",
    "cohen_kappa",
    "confidence_table",
    "configuration_graph",
    "configuration_table",
    "contrasts",
    "contrasts_frame",
    "csf_diagram",
    "datasets",
    "diff",
    "draw",
    "evidence_table",
    "explore",
    "find_regularities",
    "form_configurations",
    "hypothesis_summary",
    "import_file",
    "keep_regularity",
    "load",
    "loads",
    "locate_quote",
    "map_codes",
    "match_quotes",
    "merge_elements",
    "methods_summary",
    "minimize",
    "necessity",
    "plot_case_matrix",
    "plot_evidence",
    "plot_regularities",
    "plot_xy",
    "read_qdpx",
    "read_table",
    "recurring_elements",
    "regularities_frame",
    "regularity_table",
    "resolve_mapping",
    "robustness",
    "save_figure",
    "select_configurations",
    "subset",
    "suggest_merges",
    "suggest_opposites",
    "suggestions_frame",
    "to_cytoscape",
    "to_networkx",
    "trace_paths",
    "truth_table",
    "verify_quotes",
    "write_cytoscape",
    "write_docx",
    "write_gexf",
    "write_graphml",
    "write_qdc",
    "write_report",
    "write_table",
]

# QCA needs pandas and numpy: its names load on first use, so that
# ``import realist`` stays cheap (tests/test_layers.py checks it).
_LAZY = dict.fromkeys(
    (
        "Model",
        "Solution",
        "Term",
        "TruthTable",
        "TruthTableRow",
        "minimize",
        "necessity",
        "truth_table",
    ),
    "realist.analysis.qca",
)

if TYPE_CHECKING:
    from realist.analysis.qca import (
        Model,
        Solution,
        Term,
        TruthTable,
        TruthTableRow,
        minimize,
        necessity,
        truth_table,
    )


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'realist' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
