"""Paper tables: HIPP's Table 4 (regularities by theme) and Table 3 (one configuration).

A :class:`PaperTable` holds a caption, column headings and rows of cells,
each cell a list of items (one line each). It writes itself as LaTeX
(booktabs), Markdown and HTML, turns into a DataFrame, and shows itself in
Jupyter. Every user string is escaped for the format it goes into.

Examples
--------
>>> t = PaperTable(columns=["Theme", "Context"], rows=[[["Vision"], ["A & B", "50%"]]])
>>> print(t.to_markdown())
| Theme | Context |
| --- | --- |
| Vision | A & B; 50% |
>>> print(t.to_latex())  # doctest: +NORMALIZE_WHITESPACE
\\begin{table}[htbp]
\\centering
\\small
\\begin{tabular}{@{}p{0.24\\linewidth}p{0.68\\linewidth}@{}}
\\toprule
Theme & Context \\\\
\\midrule
Vision & A \\& B\\newline 50\\% \\\\
\\bottomrule
\\end{tabular}
\\end{table}
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from realist.analysis.regularities import RECURRING_COLUMNS
from realist.errors import ValidationError
from realist.model import Configuration, Project

if TYPE_CHECKING:
    import pandas as pd

    from realist.analysis.regularities import Regularity

__all__ = [
    "PaperTable",
    "configuration_table",
    "latex_escape",
    "markdown_escape",
    "regularity_table",
]

_LATEX = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    # after \\, \midrule or \addlinespace, LaTeX takes a "[" (even past spaces and a
    # line break) as the start of an optional argument: braced, it is just a bracket
    "[": "{[}",
    "]": "{]}",
}
# control characters (C0, DEL, C1), which pdflatex refuses ("invalid character"), and
# code points that are no characters (lone surrogates, U+FFFE, U+FFFF)
_NOT_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def latex_escape(text: object) -> str:
    r"""`text` with LaTeX's special characters escaped (UTF-8 kept as it is).

    ``\ & % $ # _ { } ~ ^ < > |`` print as themselves; ``[`` and ``]`` are
    braced, so that a cell starting with ``[`` is never taken as the optional
    argument of the ``\\`` or rule before it, and so is a leading ``*`` (which
    ``\\*`` would swallow). Line breaks and runs of spaces become one space,
    and control characters, which pdflatex refuses, spaces too.

    Examples
    --------
    >>> print(latex_escape("50% of {x}_1 & \\ ~"))
    50\% of \{x\}\_1 \& \textbackslash{} \textasciitilde{}
    >>> print(latex_escape("[0pt] first\nline"), latex_escape("*starred"))
    {[}0pt{]} first line {*}starred
    """
    words = " ".join(_NOT_TEXT.sub(" ", str(text)).split())
    escaped = "".join(_LATEX.get(ch, ch) for ch in words)
    return "{*}" + escaped[1:] if escaped.startswith("*") else escaped


def markdown_escape(text: object) -> str:
    r"""`text` safe in a Markdown table cell: ``| \ * _ ` [ ] < >`` escaped, one line.

    Examples
    --------
    >>> print(markdown_escape("a|b *c* <d>"))
    a\|b \*c\* &lt;d&gt;
    """
    out = []
    for ch in " ".join(str(text).split()):
        if ch in "\\|*_`[]":
            out.append("\\" + ch)
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        else:
            out.append(ch)
    return "".join(out)


@dataclass
class PaperTable:
    """A table for a paper: columns, and rows of cells that hold lists of items.

    A cell's items may carry a bold heading: an item ``("Cultural", ["a", "b"])``
    prints as "**Cultural**: a; b" (HIPP's Table 3 style).

    Attributes
    ----------
    columns : list of str
    rows : list of list of cells; a cell is a list of items (str, or
        (heading, list of str))
    caption : str
    widths : list of float, optional
        Relative column widths for LaTeX (``p{}`` columns); default: the first
        column narrower.
    """

    columns: list[str]
    rows: list[list[list[Any]]]
    caption: str = ""
    label: str = ""
    widths: list[float] | None = None
    notes: list[str] = field(default_factory=list)

    # ------------------------------------------------------------ helpers

    @staticmethod
    def _items(cell: Sequence[Any]) -> list[tuple[str | None, list[str]]]:
        out: list[tuple[str | None, list[str]]] = []
        for item in cell:
            if isinstance(item, tuple):
                out.append((str(item[0]), [str(x) for x in item[1]]))
            else:
                out.append((None, [str(item)]))
        return out

    def _widths(self) -> list[float]:
        n = len(self.columns)
        if self.widths is not None:
            if len(self.widths) != n:
                raise ValidationError(
                    f"widths has {len(self.widths)} values for {n} columns; give one per column"
                )
            ws = self.widths
        elif n == 1:
            ws = [1.0]
        else:
            ws = [0.7] + [1.0] * (n - 1) if n > 3 else [1.0] * n
            if n == 2:
                ws = [0.35, 1.0]
        total = sum(ws)
        return [0.92 * w / total for w in ws]

    # ------------------------------------------------------------ formats

    def to_markdown(self) -> str:
        """GitHub-flavoured Markdown; items in a cell are separated by "; "."""

        def cell(items: Sequence[Any]) -> str:
            parts = []
            for heading, texts in self._items(items):
                body = "; ".join(markdown_escape(t) for t in texts)
                parts.append(f"**{markdown_escape(heading)}**: {body}" if heading else body)
            return (
                "; ".join(parts)
                if all(h is None for h, _ in self._items(items))
                else ("<br>".join(parts))
            )

        lines = []
        if self.caption:
            lines += [f"**{markdown_escape(self.caption)}**", ""]
        lines.append("| " + " | ".join(markdown_escape(c) for c in self.columns) + " |")
        lines.append("| " + " | ".join("---" for _ in self.columns) + " |")
        for row in self.rows:
            lines.append("| " + " | ".join(cell(c) for c in row) + " |")
        for note in self.notes:
            lines += ["", markdown_escape(note)]
        return "\n".join(lines)

    def to_latex(self, *, float_env: bool = True) -> str:
        r"""LaTeX with booktabs rules (``\usepackage{booktabs}``); items one per line."""

        def cell(items: Sequence[Any]) -> str:
            parts = []
            for heading, texts in self._items(items):
                body = r"\newline ".join(latex_escape(t) for t in texts)
                if heading:
                    parts.append(rf"\textbf{{{latex_escape(heading)}}}:\newline {body}")
                else:
                    parts.append(body)
            joiner = (
                r"\newline "
                if all(h is None for h, _ in self._items(items))
                else (r"\par\smallskip ")
            )
            return joiner.join(parts)

        spec = "".join(f"p{{{w:.2f}\\linewidth}}" for w in self._widths())
        lines = []
        if float_env:
            lines += [r"\begin{table}[htbp]", r"\centering", r"\small"]
            if self.caption:
                lines.append(rf"\caption{{{latex_escape(self.caption)}}}")
            if self.label:
                lines.append(rf"\label{{{self.label}}}")
        lines.append(rf"\begin{{tabular}}{{@{{}}{spec}@{{}}}}")
        lines.append(r"\toprule")
        lines.append(" & ".join(latex_escape(c) for c in self.columns) + r" \\")
        lines.append(r"\midrule")
        for i, row in enumerate(self.rows):
            lines.append(" & ".join(cell(c) for c in row) + r" \\")
            if i < len(self.rows) - 1 and len(self.columns) > 2:
                lines.append(r"\addlinespace")
        lines.append(r"\bottomrule")
        lines.append(r"\end{tabular}")
        for note in self.notes:
            lines.append(rf"\par\smallskip{{\footnotesize {latex_escape(note)}}}")
        if float_env:
            lines.append(r"\end{table}")
        return "\n".join(lines)

    def to_html(self) -> str:
        """An HTML ``<table>`` (items separated by line breaks), every string escaped."""

        def cell(items: Sequence[Any]) -> str:
            parts = []
            for heading, texts in self._items(items):
                body = "<br>".join(html.escape(t) for t in texts)
                parts.append(f"<b>{html.escape(heading)}</b>: {body}" if heading else body)
            return "<br>".join(parts)

        style = "text-align:left;vertical-align:top;padding:4px 8px"
        head = "".join(f'<th style="{style}">{html.escape(c)}</th>' for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f'<td style="{style}">{cell(c)}</td>' for c in row) + "</tr>"
            for row in self.rows
        )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        notes = "".join(f"<p><small>{html.escape(n)}</small></p>" for n in self.notes)
        return (
            f'<table class="realist-table">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>{notes}"
        )

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame, each cell's items joined by "; "."""
        import pandas as pd

        def cell(items: Sequence[Any]) -> str:
            parts = []
            for heading, texts in self._items(items):
                body = "; ".join(texts)
                parts.append(f"{heading}: {body}" if heading else body)
            return "; ".join(parts)

        return pd.DataFrame([[cell(c) for c in row] for row in self.rows], columns=self.columns)

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.to_markdown()


# ---------------------------------------------------------------- Table 4


def _regularities_rows(
    regularities: Sequence[Regularity], project: Project | None, counts: bool
) -> PaperTable:
    def names(ids: Sequence[str], attr: str = "label") -> list[str]:
        if project is None:
            return list(ids)
        return [str(getattr(project.get(i), attr, i)) for i in ids]

    rows = []
    for r in regularities:
        cases = ", ".join(names(r.cases, "name"))
        row: list[list[Any]] = [
            names(r.contexts) or ["–"],
            names(r.mechanisms),
            names(r.outcomes),
            [f"{r.n_cases}: {cases}" if counts else cases],
        ]
        counter = ", ".join(names(r.counter_cases, "name")) or "–"
        row.append(
            [f"{len(r.counter_cases)}: {counter}" if counts and r.counter_cases else counter]
        )
        rows.append(row)
    return PaperTable(
        columns=["Context", "Mechanism", "Outcome", "Cases", "Counter-cases"],
        rows=rows,
        caption="Regularities of context, mechanism and outcome across cases",
        widths=[1.0, 1.0, 1.0, 0.6, 0.5],
    )


def regularity_table(
    data: Project | pd.DataFrame | Iterable[Regularity],
    *,
    project: Project | None = None,
    min_cases: int = 2,
    counts: bool = False,
    caption: str | None = None,
) -> PaperTable:
    """HIPP's Table 4: themes as rows, contexts, mechanisms and outcomes as columns.

    Parameters
    ----------
    data : Project, DataFrame or iterable of Regularity
        A project (its :func:`~realist.analysis.regularities.recurring_elements`
        by theme are tabulated), the DataFrame that function returns (with
        ``by="theme"``, or grouped by another column, which then gives the
        rows), or regularities from ``find_regularities`` (one row each, with
        their supporting cases and counter-cases).
    project : Project, optional
        For regularities: gives labels and case names.
    min_cases : int, default 2
        When `data` is a project: elements must recur in this many cases.
    counts : bool, default False
        Add the number of cases to each item ("Local champions (3)").
    caption : str, optional

    Returns
    -------
    PaperTable
        With ``to_latex()``, ``to_markdown()``, ``to_html()``, ``to_frame()``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({
    ...     "theme": ["vision", "vision", "vision"],
    ...     "theme_label": ["Shared strategic vision"] * 3,
    ...     "kind": ["context", "mechanism", "outcome"],
    ...     "element": ["c-h", "m-c", "o-v"],
    ...     "label": ["History", "Local champions", "Shared vision"],
    ...     "n_cases": [3, 4, 3], "cases": [("a", "b", "c")] * 3,
    ...     "n_configurations": [3, 4, 3], "n_evidence": [0, 0, 0]})
    >>> print(regularity_table(df, counts=True, caption="").to_markdown())
    | Theme | Context | Mechanism | Outcome |
    | --- | --- | --- | --- |
    | Shared strategic vision | History (3) | Local champions (4) | Shared vision (3) |
    <BLANKLINE>
    Numbers in brackets: cases in which the element recurs.
    """
    import pandas as pd

    if isinstance(data, Project):
        from realist.analysis.regularities import recurring_elements

        data = recurring_elements(data, min_cases=min_cases, by="theme")
    if not isinstance(data, pd.DataFrame):
        regs = list(data)
        table = _regularities_rows(regs, project, counts)
        if caption is not None:
            table.caption = caption
        return table

    needed = {"kind", "label"}
    missing = needed - set(data.columns)
    if missing:
        raise ValidationError(
            f"the DataFrame lacks the columns {sorted(missing)}: pass the result of "
            "rl.recurring_elements(project, by='theme')"
        )
    known = set(RECURRING_COLUMNS)
    group_cols = [c for c in data.columns if c not in known and c != "theme_label"]
    group = group_cols[0] if group_cols else None
    title = {"theme": "Theme", None: ""}.get(group, str(group).replace("_", " ").capitalize())
    groups: dict[Any, dict[str, list[str]]] = {}
    group_names: dict[Any, str] = {}
    for rec in data.to_dict("records"):
        key = rec[group] if group else None
        name = rec.get("theme_label") if group == "theme" else key
        group_names.setdefault(key, str(name) if name is not None else "")
        cell = groups.setdefault(key, {"context": [], "mechanism": [], "outcome": []})
        text = str(rec["label"])
        if counts and "n_cases" in rec:
            text += f" ({rec['n_cases']})"
        if rec["kind"] in cell:
            cell[rec["kind"]].append(text)
    columns = ["Context", "Mechanism", "Outcome"]
    rows: list[list[list[Any]]] = []
    for key, cell in groups.items():
        row: list[list[Any]] = [] if group is None else [[group_names[key]]]
        row += [cell[k] or ["–"] for k in ("context", "mechanism", "outcome")]
        rows.append(row)
    if group is not None:
        columns = [title, *columns]
    notes = []
    if counts:
        notes.append("Numbers in brackets: cases in which the element recurs.")
    return PaperTable(
        columns=columns,
        rows=rows,
        caption=caption
        if caption is not None
        else "HIPP-style regularities of context, mechanism and outcome, by theme",
        notes=notes,
    )


# ---------------------------------------------------------------- Table 3


def configuration_table(
    project: Project,
    configuration: Configuration | str,
    *,
    caption: str | None = None,
) -> PaperTable:
    """HIPP's Table 3 for one configuration: context, mechanism and outcome columns,
    each listing its elements grouped by category (level for mechanisms, tier
    for outcomes). Constraining contexts and unintended or anticipated
    outcomes are marked.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> c = p.add_context("History", category="cultural")
    >>> m = p.add_mechanism("Champions", level="project")
    >>> o = p.add_outcome("Vision", tier="process")
    >>> k = p.add_configuration(contexts=[c], mechanisms=[m], outcomes=[o])
    >>> print(configuration_table(p, k).to_markdown())
    **Configuration cfg-1**
    <BLANKLINE>
    | Context | Mechanism | Outcome |
    | --- | --- | --- |
    | **Cultural**: History | **Project level**: Champions | **Process outcomes**: Vision |
    """
    from realist.render.diagrams import KINDS, to_diagram

    k = (
        project.get(configuration, Configuration)
        if isinstance(configuration, str)
        else configuration
    )
    diagram = to_diagram(k, project=project)
    nodes = {n.id: n for n in diagram.nodes}
    columns: list[list[tuple[str, list[str]] | str]] = []
    for kind in KINDS:
        column: list[tuple[str, list[str]] | str] = []
        for group in diagram.columns[kind]:
            texts = []
            for ident in group.nodes:
                node = nodes[ident]
                marks = [m for m in ("constraining", "unintended", "anticipated") if m in node.note]
                texts.append(node.label + (f" ({', '.join(marks)})" if marks else ""))
            column.append((group.title, texts) if group.title else "; ".join(texts))
        columns.append(column)
    depth = max(len(c) for c in columns)
    rows: list[list[list[Any]]] = []
    for i in range(depth):
        rows.append([[c[i]] if i < len(c) else [] for c in columns])
    return PaperTable(
        columns=["Context", "Mechanism", "Outcome"],
        rows=rows,
        caption=caption if caption is not None else (k.label or f"Configuration {k.id}"),
    )
