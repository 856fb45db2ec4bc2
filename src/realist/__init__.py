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
from realist.analysis.harmonise import (
    MergeSuggestion,
    OppositeSuggestion,
    merge_elements,
    suggest_merges,
    suggest_opposites,
    suggestions_frame,
)
from realist.analysis.theory import Change, ProjectDiff, diff, hypothesis_summary, subset
from realist.errors import (
    BrokenReferenceError,
    DuplicateIdError,
    FileFormatError,
    FileWriteError,
    GraphvizNotFoundError,
    GraphvizTimeoutError,
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

# Everything else loads on first use (``rl.read_table`` imports realist.io.tables
# then), so that ``import realist`` stays cheap: tests/test_layers.py checks it.
if TYPE_CHECKING:
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
    from realist.analysis.evidence import (
        coder_agreement,
        cohen_kappa,
        evidence_table,
        verify_quotes,
    )
    from realist.analysis.matrix import case_matrix
    from realist.analysis.methods import MethodsSummary, methods_summary
    from realist.analysis.paths import PathStep, Robustness, TracedPath, robustness, trace_paths
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
    from realist.analysis.quotes import QuoteMatch, locate_quote, match_quotes
    from realist.analysis.regularities import (
        Regularity,
        find_regularities,
        recurring_elements,
        regularities_frame,
    )
    from realist.io.codebook import write_qdc
    from realist.io.graph_exchange import to_cytoscape, write_cytoscape, write_gexf, write_graphml
    from realist.io.qdpx import Imported, ImportReport, import_file, read_qdpx
    from realist.io.tables import read_table, write_table
    from realist.render.diagrams import draw
    from realist.render.docx import write_docx
    from realist.render.explorer import explore
    from realist.render.figures import (
        plot_case_matrix,
        plot_evidence,
        plot_regularities,
        save_figure,
    )
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

_LAZY: dict[str, str] = {
    "Model": "realist.analysis.qca",
    "Solution": "realist.analysis.qca",
    "Term": "realist.analysis.qca",
    "TruthTable": "realist.analysis.qca",
    "TruthTableRow": "realist.analysis.qca",
    "minimize": "realist.analysis.qca",
    "necessity": "realist.analysis.qca",
    "truth_table": "realist.analysis.qca",
    "calibrate": "realist.analysis.calibration",
    "CnaResult": "realist.analysis.cna",
    "cna": "realist.analysis.cna",
    "code_table": "realist.analysis.codings",
    "coding_spans": "realist.analysis.codings",
    "form_configurations": "realist.analysis.codings",
    "map_codes": "realist.analysis.codings",
    "resolve_mapping": "realist.analysis.codings",
    "cerqual_table": "realist.analysis.confidence",
    "check_confidence": "realist.analysis.confidence",
    "keep_regularity": "realist.analysis.confidence",
    "Contrast": "realist.analysis.contrasts",
    "OutcomeGroup": "realist.analysis.contrasts",
    "contrasts": "realist.analysis.contrasts",
    "contrasts_frame": "realist.analysis.contrasts",
    "coder_agreement": "realist.analysis.evidence",
    "cohen_kappa": "realist.analysis.evidence",
    "evidence_table": "realist.analysis.evidence",
    "verify_quotes": "realist.analysis.evidence",
    "case_matrix": "realist.analysis.matrix",
    "MethodsSummary": "realist.analysis.methods",
    "methods_summary": "realist.analysis.methods",
    "PathStep": "realist.analysis.paths",
    "Robustness": "realist.analysis.paths",
    "TracedPath": "realist.analysis.paths",
    "robustness": "realist.analysis.paths",
    "trace_paths": "realist.analysis.paths",
    "QuoteMatch": "realist.analysis.quotes",
    "locate_quote": "realist.analysis.quotes",
    "match_quotes": "realist.analysis.quotes",
    "Regularity": "realist.analysis.regularities",
    "find_regularities": "realist.analysis.regularities",
    "recurring_elements": "realist.analysis.regularities",
    "regularities_frame": "realist.analysis.regularities",
    "write_qdc": "realist.io.codebook",
    "to_cytoscape": "realist.io.graph_exchange",
    "write_cytoscape": "realist.io.graph_exchange",
    "write_gexf": "realist.io.graph_exchange",
    "write_graphml": "realist.io.graph_exchange",
    "Imported": "realist.io.qdpx",
    "ImportReport": "realist.io.qdpx",
    "import_file": "realist.io.qdpx",
    "read_qdpx": "realist.io.qdpx",
    "read_table": "realist.io.tables",
    "write_table": "realist.io.tables",
    "draw": "realist.render.diagrams",
    "write_docx": "realist.render.docx",
    "explore": "realist.render.explorer",
    "plot_case_matrix": "realist.render.figures",
    "plot_evidence": "realist.render.figures",
    "plot_regularities": "realist.render.figures",
    "save_figure": "realist.render.figures",
    "write_report": "realist.render.report",
    "csf_diagram": "realist.render.structures",
    "PaperTable": "realist.render.tables",
    "cmoc_table": "realist.render.tables",
    "confidence_table": "realist.render.tables",
    "configuration_table": "realist.render.tables",
    "regularity_table": "realist.render.tables",
    "plot_xy": "realist.render.xyplot",
}

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
    "GraphvizTimeoutError",
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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'realist' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
