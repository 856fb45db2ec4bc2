"""The framework matrix: how often each theme or element appears in each case or source.

:func:`case_matrix` counts, per row (a case, a source, or a kind of source)
and per column (a theme or an element), the configurations or the excerpts
of evidence that put the column in the row. Rows and columns are indexed by
ids, never by labels, so a context and an outcome both labelled "Trust", or
two cases with the same name, stay apart; the labels are in
``frame.attrs["row_labels"]`` and ``frame.attrs["col_labels"]``.
:func:`realist.plot_case_matrix` draws it.

Examples
--------
>>> import realist as rl
>>> p = rl.Project(title="t")
>>> _ = p.add_case("a", "Case A"); _ = p.add_case("b", "Case B")
>>> _ = p.add_theme("vision", "Shared vision")
>>> _ = p.add_configuration(case="a", mechanisms=p.add_mechanism("Champions"),
...                         outcomes=p.add_outcome("Vision"), themes=["vision"])
>>> frame = case_matrix(p)
>>> frame
theme  vision
case
a           1
b           0
>>> frame.attrs["row_labels"], frame.attrs["col_labels"]
({'a': 'Case A', 'b': 'Case B'}, {'vision': 'Shared vision'})
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from realist.errors import ValidationError
from realist.model import SOURCE_KINDS, Configuration, Project

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MatrixCols", "MatrixRows", "MatrixValue", "case_matrix"]

#: What the rows of a case matrix are.
MatrixRows = Literal["cases", "sources", "source kinds"]
#: What the columns of a case matrix are.
MatrixCols = Literal["themes", "elements", "contexts", "mechanisms", "outcomes"]
#: What a cell of a case matrix counts.
MatrixValue = Literal["configurations", "evidence"]

_ROWS = ("cases", "sources", "source kinds")
_COLS = ("themes", "elements", "contexts", "mechanisms", "outcomes")
_VALUES = ("configurations", "evidence")


def case_matrix(
    project: Project,
    *,
    rows: MatrixRows = "cases",
    cols: MatrixCols = "themes",
    value: MatrixValue = "configurations",
) -> pd.DataFrame:
    """Counts of configurations or excerpts, rows x columns, indexed by ids; 0 where absent.

    A configuration puts its themes (its own and those of its elements) or
    its elements in each of its cases. An excerpt puts them in its source,
    and so in that source's kind and case: the themes and elements of the
    configurations citing it, and the elements it is coded with (and their
    themes).

    A refuted configuration (the mechanism fired, the outcome did not
    follow) is never counted as presence: its counts go to a separate
    frame of the same shape, ``frame.attrs["refuted"]`` (configurations, or
    the excerpts they cite), so a cell can be read as "present in n, refuted
    in m".

    Parameters
    ----------
    project : Project
    rows : {"cases", "sources", "source kinds"}, default "cases"
        One row per case (case ids, in project order), per source (source
        ids) or per kind of source present (``"interview"``, ...).
    cols : {"themes", "elements", "contexts", "mechanisms", "outcomes"}, default "themes"
        One column per theme (every theme, even one found nowhere), or per
        element (all, or of one kind) found in at least one row; element
        or theme ids.
    value : {"configurations", "evidence"}, default "configurations"
        Count configurations (rows ``"cases"`` only: sources see
        configurations only through their evidence, so other rows always
        count excerpts) or excerpts of evidence.

    Returns
    -------
    pandas.DataFrame
        Integer counts. The index is named ``"case"``, ``"source"`` or
        ``"source kind"``, the columns ``"theme"`` or ``"element"``.
        ``frame.attrs["row_labels"]`` maps each row id to its label (case
        name, source title or id, source kind) and
        ``frame.attrs["col_labels"]`` each column id to its label; labels
        may repeat, ids never do. ``frame.attrs["refuted"]`` holds the
        counts of refuted configurations (or of the excerpts they cite),
        same index and columns.

    Raises
    ------
    realist.errors.ValidationError
        An unknown `rows`, `cols` or `value`.

    Examples
    --------
    A context and an outcome with the same label stay two columns:

    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> _ = p.add_case("a"); _ = p.add_source("int-1", case="a")
    >>> ev = p.add_evidence(source="int-1", quote="...")
    >>> k = p.add_configuration(case="a", contexts=p.add_context("Trust"),
    ...                         mechanisms=p.add_mechanism("Champions"),
    ...                         outcomes=p.add_outcome("Trust"), evidence=[ev])
    >>> frame = case_matrix(p, rows="source kinds", cols="elements", value="evidence")
    >>> frame
    element      c-trust  m-champions  o-trust
    source kind
    interview          1            1        1
    >>> frame.attrs["col_labels"]
    {'c-trust': 'Trust', 'm-champions': 'Champions', 'o-trust': 'Trust'}
    >>> case_matrix(p, value="cases")
    Traceback (most recent call last):
    ...
    realist.errors.ValidationError: value='cases': expected 'configurations' or 'evidence'
    """
    import pandas as pd

    if rows not in _ROWS:
        raise ValidationError(f"rows={rows!r}: expected 'cases', 'sources' or 'source kinds'")
    if cols not in _COLS:
        raise ValidationError(
            f"cols={cols!r}: expected 'themes', 'elements', 'contexts', 'mechanisms' or 'outcomes'"
        )
    if value not in _VALUES:
        raise ValidationError(f"value={value!r}: expected 'configurations' or 'evidence'")
    if rows != "cases":
        value = "evidence"  # sources only see configurations through their evidence

    elements = project.elements
    if cols == "themes":
        col_labels = {t.id: t.label for t in project.themes}
    else:
        pool = elements.values() if cols == "elements" else getattr(project, cols)
        col_labels = {e.id: e.label for e in pool}

    def themes_of(element_ids: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for e in element_ids:
            if e in elements:
                found.update(elements[e].themes)
        return found

    def columns_of(k: Configuration) -> set[str]:
        if cols == "themes":
            return set(k.themes) | themes_of(k.elements)
        return set(k.elements)

    if rows == "cases":
        row_labels = {c.id: c.name for c in project.cases}
    elif rows == "sources":
        row_labels = {s.id: s.title or s.id for s in project.sources}
    else:
        present = {s.kind for s in project.sources}
        row_labels = {k: k for k in SOURCE_KINDS if k in present}

    counts: dict[tuple[str, str], int] = {}
    refuted: dict[tuple[str, str], int] = {}

    def count(row: str, targets: set[str], into: dict[tuple[str, str], int]) -> None:
        for c in targets:
            if c in col_labels:
                into[row, c] = into.get((row, c), 0) + 1

    if value == "configurations":
        for k in project.configurations:
            targets = columns_of(k)
            for case in dict.fromkeys(k.cases):
                count(case, targets, refuted if k.status == "refuted" else counts)
    else:
        sources = {s.id: s for s in project.sources}
        by_evidence: dict[str, set[str]] = {}
        refuting: dict[str, set[str]] = {}
        for k in project.configurations:
            targets = columns_of(k)
            for ev in k.evidence:
                into = refuting if k.status == "refuted" else by_evidence
                into.setdefault(ev, set()).update(targets)
        for excerpt in project.evidence:
            targets = set(by_evidence.get(excerpt.id, ()))
            targets |= themes_of(excerpt.elements) if cols == "themes" else set(excerpt.elements)
            src = sources.get(excerpt.source)
            if src is None:
                continue
            row = {"cases": src.case, "sources": src.id, "source kinds": src.kind}[rows]
            if row is not None:
                count(row, targets, counts)
                count(row, refuting.get(excerpt.id, set()) - targets, refuted)

    row_ids = list(row_labels)
    keep = [
        c
        for c in col_labels
        if cols == "themes" or any((r, c) in counts or (r, c) in refuted for r in row_ids)
    ]
    index = pd.Index(row_ids, name={"cases": "case", "sources": "source"}.get(rows, "source kind"))
    columns = pd.Index(keep, name="theme" if cols == "themes" else "element")
    frame = pd.DataFrame(
        [[counts.get((r, c), 0) for c in keep] for r in row_ids],
        index=index,
        columns=columns,
        dtype="int64",
    )
    frame.attrs["refuted"] = pd.DataFrame(
        [[refuted.get((r, c), 0) for c in keep] for r in row_ids],
        index=index.copy(),
        columns=columns.copy(),
        dtype="int64",
    )
    frame.attrs["row_labels"] = dict(row_labels)
    frame.attrs["col_labels"] = {c: col_labels[c] for c in keep}
    return frame
