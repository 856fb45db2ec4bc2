"""Word documents (``.docx``) of paper tables, through python-docx (an optional extra).

Install it with ``pip install "realist[docx]"`` (from a clone:
``pip install -e ".[docx]"``).

Examples
--------
>>> import realist as rl, tempfile, os
>>> t = rl.PaperTable(columns=["Context", "Outcome"], rows=[[["History"], ["Vision"]]])
>>> with tempfile.TemporaryDirectory() as folder:
...     path = write_docx([t], os.path.join(folder, "tables.docx"))
...     import docx
...     [c.text for c in docx.Document(path).tables[0].rows[1].cells]
['History', 'Vision']
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from realist import _formats
from realist.errors import MissingDependencyError, ValidationError

if TYPE_CHECKING:
    from realist.render.tables import PaperTable

__all__ = ["write_docx"]

_HINT = (
    'writing .docx needs python-docx: pip install "realist[docx]" '
    '(from a clone of the repository: pip install -e ".[docx]")'
)


def _document() -> Any:
    try:
        import docx
    except ImportError as err:
        raise MissingDependencyError(_HINT) from err
    return docx.Document()


def _fill(paragraph: Any, items: Sequence[tuple[str | None, list[str]]]) -> None:
    """Items one to a line; a heading bold, followed by its texts."""
    first = True
    for heading, texts in items:
        if not first:
            paragraph.add_run().add_break()
        first = False
        if heading:
            paragraph.add_run(f"{heading}: ").bold = True
        for i, text in enumerate(texts):
            if i:
                paragraph.add_run().add_break()
            paragraph.add_run(text)


def _add_table(doc: Any, table: PaperTable) -> None:
    from docx.shared import Pt

    if table.caption:
        doc.add_paragraph(table.caption, style="Caption")
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = "Table Grid"
    for j, name in enumerate(table.columns):
        cell = grid.rows[0].cells[j]
        cell.paragraphs[0].add_run(name).bold = True
    for i, row in enumerate(table.rows, start=1):
        for j, items in enumerate(row):
            _fill(grid.rows[i].cells[j].paragraphs[0], table._items(items))
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    for note in table.notes:
        doc.add_paragraph().add_run(note).italic = True


def write_docx(
    tables: Iterable[PaperTable],
    path: str | os.PathLike[str],
    *,
    title: str = "",
    paragraphs: Iterable[str] = (),
) -> Path:
    """Write paper tables into one Word document, each a Word table with its caption and notes.

    Parameters
    ----------
    tables : iterable of PaperTable
    path : str or path-like
        The ``.docx`` to write (atomically; missing folders are created).
    title : str, optional
        A heading at the top of the document.
    paragraphs : iterable of str
        Text before the tables (e.g. a methods summary).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    realist.errors.MissingDependencyError
        python-docx is not installed; the message says how to install it.
    realist.errors.ValidationError
        `path` does not end in ``.docx``.
    realist.errors.FileWriteError
        The file cannot be written.
    """
    target = Path(path)
    if target.suffix.lower() != ".docx":
        raise ValidationError(f"{_formats.shown_path(target)}: a Word document ends in .docx")
    doc = _document()
    if title:
        doc.add_heading(title, level=1)
    for text in paragraphs:
        doc.add_paragraph(text)
    for table in tables:
        _add_table(doc, table)
        doc.add_paragraph()
    buffer = io.BytesIO()
    doc.save(buffer)
    _formats.atomic_write_bytes(target, buffer.getvalue(), folders=True)
    return target
