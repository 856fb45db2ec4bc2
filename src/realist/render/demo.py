"""Write every figure and table of the demo (``realist demo``) into a folder.

Examples
--------
>>> import realist as rl, tempfile, warnings
>>> with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     paths = write_demo_figures(rl.datasets.load("hipp"), folder)
...     sorted({p.suffix for p in paths})
['.md', '.pdf', '.png', '.svg', '.tex']
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from realist import _formats
from realist.errors import FileWriteError, GraphvizNotFoundError, RealistWarning
from realist.model import Configuration, Project

__all__ = [
    "FIGURES",
    "make_folder",
    "pick_configuration",
    "save_diagram",
    "write_demo_figures",
    "write_figures",
]

_FORMATS = ("svg", "pdf", "png")


def pick_configuration(project: Project) -> Configuration:
    """The configuration to show as HIPP's Table 3: one whose label or note names
    "Table 3", else the one with the most elements (first in project order)."""
    if not project.configurations:
        from realist.errors import ValidationError

        raise ValidationError("the project has no configuration to draw")
    for k in project.configurations:
        if "table 3" in f"{k.label} {k.note} {k.id}".lower().replace("-", " "):
            return k
    return max(project.configurations, key=lambda k: len(k.elements))


_CLUSTER = re.compile(r"(subgraph\s+\"?cluster[^{\n]*\{)")
_ROOT = re.compile(r"^(\s*(?:strict\s+)?digraph[^{\n]*\{)")


def _no_page_margin(source: str) -> str:
    """DOT `source` without Graphviz's half-inch PDF page margin, clusters as they were.

    Graphviz puts a 7.2 in drawing on a 8.2 in PDF page; the root graph's
    ``margin=0`` removes that, but clusters inherit it (and ``dot`` 2.43 then
    fails on compound edges), so each cluster keeps its default 8 points.

    Examples
    --------
    >>> _no_page_margin("digraph g { subgraph cluster_a { a } }").split()
    ['digraph', 'g', '{', 'margin=0', 'subgraph', 'cluster_a', '{', 'margin=8', 'a', '}', '}']
    """
    source = _CLUSTER.sub(lambda m: m.group(1) + "\n\t\tmargin=8", source)
    return _ROOT.sub(lambda m: m.group(1) + "\n\tmargin=0", source, count=1)


def save_diagram(
    diagram_kwargs: dict[str, Any], stem: Path, formats: Sequence[str] = _FORMATS
) -> list[Path]:
    """Draw ``rl.draw(**diagram_kwargs)`` and save it as ``stem.<format>`` for each format.

    Graphviz draws it; without Graphviz's ``dot``, matplotlib does, and a
    :class:`~realist.errors.RealistWarning` says how to install Graphviz.
    """
    from realist.render.diagrams import draw
    from realist.render.dot import save
    from realist.render.figures import save_figure

    source = _no_page_margin(str(draw(**diagram_kwargs).source))
    written = []
    try:
        for fmt in formats:
            written.append(save(source, stem.with_suffix(f".{fmt}")))
    except GraphvizNotFoundError:
        warnings.warn(
            "Graphviz's 'dot' is not installed: diagrams drawn with matplotlib instead. "
            "Install Graphviz for paper-quality diagrams (e.g. 'apt-get install graphviz').",
            RealistWarning,
            stacklevel=3,
        )
        import matplotlib.pyplot as plt

        ax = draw(**diagram_kwargs, backend="matplotlib")
        written = [save_figure(ax, stem.with_suffix(f".{fmt}")) for fmt in formats]
        from matplotlib.figure import Figure

        figure = ax.figure
        plt.close(figure if isinstance(figure, Figure) else None)
    return written


def make_folder(folder: str | os.PathLike[str]) -> Path:
    """Create `folder` (and its parents) or raise a FileWriteError that names it."""
    out = Path(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = getattr(exc, "strerror", None) or str(exc)
        raise FileWriteError(
            f"{_formats.shown_path(out)}: cannot create the folder ({reason}); choose another one"
        ) from None
    return out


#: The figures :func:`write_figures` draws: file stem and what it shows.
FIGURES: dict[str, str] = {
    "table3-configuration": "the configuration of HIPP's Table 3 shape, as a diagram",
    "programme-theory": "the programme-theory network (arrows of two or more cases)",
    "case-theme-matrix": "cases x themes: configurations per cell",
    "regularities": "supporting cases and counter-cases of the strongest regularities",
    "evidence": "excerpts per configuration, by the kind of their source",
}


def write_figures(
    project: Project,
    folder: str | os.PathLike[str],
    *,
    min_cases: int = 2,
    full_labels: bool = True,
    skipped: dict[str, str] | None = None,
) -> list[Path]:
    """Write the figures of :data:`FIGURES` the project can give, each as SVG, PDF and PNG.

    A figure the project cannot give (no configuration, no theme, no case,
    no evidence, no regularity in `min_cases` cases) is left out, and why is
    put in `skipped` (stem to reason) when given. Labels are whole unless
    `full_labels` is False (then shortened, with a warning); evidence that
    does not fit a page is drawn in parts, ``evidence-1.*``, ``evidence-2.*``
    (see :func:`realist.render.figures.evidence_pages`).

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of :data:`FIGURES`.
    """
    import matplotlib.pyplot as plt

    from realist.analysis.regularities import find_regularities
    from realist.render.figures import (
        evidence_pages,
        plot_case_matrix,
        plot_evidence,
        plot_regularities,
        save_figure,
    )

    out = make_folder(folder)
    written: list[Path] = []
    why: dict[str, str] = {} if skipped is None else skipped

    def figure(ax: Any, stem: str) -> None:
        for fmt in _FORMATS:
            written.append(save_figure(ax, out / f"{stem}.{fmt}"))
        plt.close(ax.figure)

    if project.configurations:
        k = pick_configuration(project)
        kwargs: dict[str, Any] = {"obj": k, "project": project}
        written += save_diagram(kwargs, out / "table3-configuration")
        # The whole theory of a large project is too large for a page: arrows of min_cases cases.
        network_min = min_cases if len(project.cases) >= min_cases else 1
        kwargs = {"obj": project, "min_cases": network_min}
        written += save_diagram(kwargs, out / "programme-theory")
    else:
        why["table3-configuration"] = why["programme-theory"] = "no configuration"
    if project.themes and project.cases and project.configurations:
        figure(plot_case_matrix(project, full_labels=full_labels), "case-theme-matrix")
    else:
        why["case-theme-matrix"] = "no themes, cases or configurations"
    regularities = find_regularities(project, min_cases=min_cases) if project.cases else []
    if regularities:
        ax = plot_regularities(regularities, project=project, top=12, full_labels=full_labels)
        figure(ax, "regularities")
    else:
        why["regularities"] = f"no regularity in {min_cases} or more cases"
    pages = evidence_pages(project, full_labels=full_labels)
    for n, page in enumerate(pages, start=1):
        ax = plot_evidence(project, configurations=page, full_labels=full_labels)
        figure(ax, "evidence" if len(pages) == 1 else f"evidence-{n}")
    if not pages:
        why["evidence"] = "no configuration cites evidence"
    return written


def write_demo_figures(project: Project, folder: str | os.PathLike[str]) -> list[Path]:
    """Write the demo's figures (SVG, PDF, PNG) and tables (Markdown, LaTeX) into `folder`.

    - ``table3-configuration.*``: HIPP's Table 3 configuration as a diagram;
    - ``programme-theory.*``: the programme-theory network of the project
      (arrows supported by at least two cases);
    - ``case-theme-matrix.*``: cases x themes;
    - ``regularities.*``: support and counter-cases of the regularities;
    - ``evidence.*``: evidence per configuration by source kind (when cited;
      ``evidence-1.*``, ``evidence-2.*``, ... when it takes more than a page);
    - ``table3-configuration.md`` / ``.tex``: HIPP's Table 3 as a table;
    - ``table4-regularities.md`` / ``.tex``: HIPP's Table 4.

    The figures are those of :func:`write_figures`, which ``realist report``
    writes too. Without Graphviz, diagrams are drawn with matplotlib and a
    :class:`~realist.errors.RealistWarning` says how to install it.

    Every file is written atomically: a crash or a full disk leaves each
    file whole, old or new.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order above.

    Raises
    ------
    realist.errors.FileWriteError
        A file or the folder cannot be written; the message names it.
    """
    from realist.render.tables import configuration_table, regularity_table

    out = make_folder(folder)
    written = write_figures(project, out)
    t3 = configuration_table(project, pick_configuration(project))
    written.append(_write(out / "table3-configuration.md", t3.to_markdown() + "\n"))
    written.append(_write(out / "table3-configuration.tex", t3.to_latex() + "\n"))
    t4 = regularity_table(project, min_cases=2)
    written.append(_write(out / "table4-regularities.md", t4.to_markdown() + "\n"))
    written.append(_write(out / "table4-regularities.tex", t4.to_latex() + "\n"))
    return written


def _write(path: Path, text: str) -> Path:
    _formats.atomic_write_text(path, text)
    return path
