"""Everything a paper needs from a project, in one folder (``realist report``).

Examples
--------
>>> import realist as rl, tempfile, warnings
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     paths = write_report(rl.datasets.load("hipp"), folder)
...     index = (Path(folder) / "index.md").read_text(encoding="utf-8")
...     all(f"({p.relative_to(folder).as_posix()})" in index for p in paths[1:])
True
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from realist import _formats
from realist.errors import MissingDependencyError, RealistWarning, ValidationError
from realist.model import Project

if TYPE_CHECKING:
    import pandas as pd

    from realist.render.tables import PaperTable

__all__ = ["TABLES", "write_report"]

#: The tables of a report: file stem and what it holds.
TABLES: dict[str, str] = {
    "table3-configuration": "one configuration in HIPP's Table 3 shape",
    "table4-regularities": "elements recurring across cases by theme, with quotes (HIPP's Table 4)",
    "cmocs": "every configuration with illustrative quotes",
    "regularities": "regularities across cases with illustrative quotes",
    "confidence-summary": "GRADE-CERQual Summary of Qualitative Findings",
    "confidence-profile": "GRADE-CERQual Evidence Profile",
}


def _tables(
    project: Project,
    *,
    quotes: int,
    max_quote_chars: int | None,
    min_cases: int,
    skipped: dict[str, str],
) -> dict[str, PaperTable]:
    from realist.analysis.confidence import cerqual_table
    from realist.analysis.regularities import find_regularities
    from realist.render.demo import pick_configuration
    from realist.render.tables import (
        cmoc_table,
        confidence_table,
        configuration_table,
        regularity_table,
    )

    tables: dict[str, PaperTable] = {}
    if project.configurations:
        tables["table3-configuration"] = configuration_table(
            project, pick_configuration(project), caption=""
        )
    else:
        skipped["table3-configuration"] = skipped["cmocs"] = "no configuration"
    t4 = regularity_table(
        project, min_cases=min_cases, quotes=quotes, max_quote_chars=max_quote_chars
    )
    if t4.rows:
        tables["table4-regularities"] = t4
    else:
        skipped["table4-regularities"] = f"no element recurs in {min_cases} or more cases"
    if project.configurations:
        tables["cmocs"] = cmoc_table(project, quotes=quotes, max_quote_chars=max_quote_chars)
    regs = find_regularities(project, min_cases=min_cases) if project.cases else []
    if regs:
        tables["regularities"] = cmoc_table(
            project, regs, quotes=quotes, max_quote_chars=max_quote_chars
        )
    else:
        skipped["regularities"] = f"no regularity in {min_cases} or more cases"
    if len(cerqual_table(project)):
        tables["confidence-summary"] = confidence_table(project, shape="summary")
        tables["confidence-profile"] = confidence_table(project, shape="profile")
    else:
        reason = "no finding, configuration or hypothesis has a GRADE-CERQual assessment"
        skipped["confidence-summary"] = skipped["confidence-profile"] = reason
    return tables


def _csv(frame: pd.DataFrame) -> str:
    shown = frame.map(lambda v: "; ".join(map(str, v)) if isinstance(v, tuple) else v)
    text: str = shown.to_csv(index=False)
    return text


def write_report(
    project: Project,
    folder: str | os.PathLike[str],
    *,
    quotes: int = 1,
    max_quote_chars: int | None = None,
    min_cases: int = 2,
    captions: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write the tables, figures, methods summary and confidence of a project, with an index.

    Into `folder`:

    - ``index.md``: a page that links every file written, says what each
      holds, and why anything was left out;
    - ``methods-summary.txt`` / ``.csv``: :func:`realist.methods_summary`'s
      paragraph and counts;
    - ``confidence.csv`` and ``confidence-check.txt``:
      :func:`realist.cerqual_table` and :func:`realist.check_confidence`;
    - ``tables/``: each table of :data:`TABLES` the project can give as
      Markdown, LaTeX (a booktabs ``longtable`` to ``\\input``), CSV and Word
      (``.docx``, when python-docx is installed; a warning otherwise), and
      ``tables.tex`` / ``tables.docx``, all of them in one document (the
      LaTeX one compiles as it is);
    - ``figures/``: the figures of :func:`realist.render.demo.write_figures`
      as SVG, PDF and PNG.

    Parameters
    ----------
    project : Project
    folder : str or path-like
        Created when missing; files already there with the same names are
        replaced (atomically), others are left alone.
    quotes : int, default 1
        Illustrative quotes per configuration and regularity (0 for none).
    max_quote_chars : int, optional
        Cut longer quotes (marked "…", with a note); whole by default.
    min_cases : int, default 2
        Cases a regularity or recurring element needs.
    captions : mapping of str to str, optional
        Captions by table stem (``{"cmocs": "Table 2. ..."}``); tables
        have none otherwise.

    Returns
    -------
    list of pathlib.Path
        Every file written, ``index.md`` first.

    Raises
    ------
    realist.errors.FileWriteError
        The folder or a file cannot be written; the message names it.
    realist.errors.ValidationError
        A caption for a table that is not one of :data:`TABLES`.
    """
    from realist.analysis.confidence import cerqual_table, check_confidence
    from realist.analysis.methods import methods_summary
    from realist.render.demo import FIGURES, make_folder, write_figures
    from realist.render.docx import write_docx
    from realist.render.tables import latex_document

    unknown = sorted(set(captions or {}) - set(TABLES))
    if unknown:
        raise ValidationError(
            f"captions for {', '.join(map(repr, unknown))}: no such table; the tables are "
            + ", ".join(TABLES)
        )
    out = make_folder(folder)
    written: list[Path] = []
    skipped: dict[str, str] = {}
    described: dict[Path, str] = {}

    def write(path: Path, text: str, what: str) -> None:
        _formats.atomic_write_text(path, text, folders=True)
        written.append(path)
        described[path] = what

    summary = methods_summary(project)
    write(out / "methods-summary.txt", summary.text + "\n", "methods summary (RAMESES II)")
    write(out / "methods-summary.csv", _csv(summary.table), "methods summary counts")
    write(out / "confidence.csv", _csv(cerqual_table(project)), "GRADE-CERQual assessments")
    problems = check_confidence(project)
    check = "\n".join(str(p) for p in problems) if problems else "No problems found."
    write(out / "confidence-check.txt", check + "\n", "GRADE-CERQual consistency check")

    tables = _tables(
        project,
        quotes=quotes,
        max_quote_chars=max_quote_chars,
        min_cases=min_cases,
        skipped=skipped,
    )
    for stem, caption in (captions or {}).items():
        if stem in tables:
            tables[stem].caption = caption
    docx = True
    for stem, table in tables.items():
        base = out / "tables" / stem
        what = TABLES[stem]
        write(base.with_suffix(".md"), table.to_markdown() + "\n", what)
        write(base.with_suffix(".tex"), table.to_latex(long=True) + "\n", what)
        write(base.with_suffix(".csv"), _csv(table.to_frame()), what)
        if docx:
            try:
                written.append(write_docx([table], base.with_suffix(".docx")))
                described[written[-1]] = what
            except MissingDependencyError as exc:
                docx = False
                warnings.warn(f"no .docx tables written: {exc}", RealistWarning, stacklevel=2)
    if tables:
        write(
            out / "tables" / "tables.tex",
            latex_document(tables.values()),
            "every table in one LaTeX document",
        )
        if docx:
            path = write_docx(
                tables.values(),
                out / "tables" / "tables.docx",
                title=project.title,
                paragraphs=[summary.text],
            )
            written.append(path)
            described[path] = "every table in one Word document, after the methods summary"

    figures = write_figures(project, out / "figures", min_cases=min_cases, skipped=skipped)
    for path in figures:
        stem = path.stem.rsplit("-", 1)[0] if path.stem not in FIGURES else path.stem
        part = "" if stem == path.stem else f" (part {path.stem.rsplit('-', 1)[1]})"
        described[path] = FIGURES[stem] + part
    written += figures

    index = out / "index.md"
    _formats.atomic_write_text(index, _index(project, out, written, described, skipped))
    return [index, *written]


def _index(
    project: Project,
    out: Path,
    written: list[Path],
    described: dict[Path, str],
    skipped: dict[str, str],
) -> str:
    from realist.render.tables import markdown_escape

    lines = [f"# {markdown_escape(project.title)}: report", ""]
    sections: dict[str, list[Path]] = {}
    for path in written:
        folder = path.parent.relative_to(out).as_posix()
        sections.setdefault(folder, []).append(path)
    titles = {".": "Methods and confidence", "tables": "Tables", "figures": "Figures"}
    for folder, paths in sections.items():
        lines += [f"## {titles.get(folder, folder)}", ""]
        by_stem: dict[str, list[Path]] = {}
        for path in paths:
            by_stem.setdefault(path.stem if folder != "." else path.name, []).append(path)
        for stem, group in by_stem.items():
            links = ", ".join(
                f"[{p.suffix.lstrip('.')}]({p.relative_to(out).as_posix()})" for p in group
            )
            what = described.get(group[0], "")
            lines.append(f"- **{markdown_escape(stem)}** — {markdown_escape(what)}: {links}")
        lines.append("")
    if skipped:
        lines += ["## Not written", ""]
        for stem, why in skipped.items():
            lines.append(f"- {markdown_escape(stem)}: {markdown_escape(why)}")
        lines.append("")
    return "\n".join(lines)
