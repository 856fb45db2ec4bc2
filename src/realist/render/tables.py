"""Paper tables: HIPP's Table 4 (regularities by theme), Table 3 (one configuration),
CMOcs with illustrative quotes, and GRADE-CERQual confidence.

A :class:`PaperTable` holds a caption, column headings and rows of cells,
each cell a list of items (one line each). It writes itself as LaTeX
(booktabs, ragged-right ``p`` columns, a ``longtable`` over pages on request:
see :data:`LATEX_PACKAGES`), Markdown, HTML and Word (``.docx``), turns into a
DataFrame, and shows itself in Jupyter. Every user string is escaped for the
format it goes into. A table has a caption only when the user gives one.

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
\\raggedright\\hspace{0pt}Vision & \\raggedright\\hspace{0pt}A \\& B\\newline 50\\% \\tabularnewline
\\bottomrule
\\end{tabular}
\\end{table}
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from realist.analysis.regularities import RECURRING_COLUMNS
from realist.errors import ValidationError
from realist.model import Configuration, Project

if TYPE_CHECKING:
    import pandas as pd

    from realist.analysis.regularities import Regularity

__all__ = [
    "LATEX_PACKAGES",
    "PaperTable",
    "cmoc_table",
    "confidence_table",
    "configuration_table",
    "latex_document",
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
        # the column gaps (2 x 6 pt each, about 4% of a page's text width) fit beside them
        room = min(0.92, 1.0 - 0.04 * (n - 1))
        return [room * w / total for w in ws]

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

    def to_latex(self, *, float_env: bool = True, long: bool = False) -> str:
        r"""LaTeX with booktabs rules and ragged-right ``p`` columns; items one per line.

        Needs ``booktabs`` in the preamble and, for `long`, ``longtable``
        (:data:`LATEX_PACKAGES`).

        Parameters
        ----------
        float_env : bool, default True
            Wrap the ``tabular`` in a ``table`` float with the caption and label
            (when set); False gives the bare ``tabular``.
        long : bool, default False
            A ``longtable`` that breaks over pages, its header repeated on each
            page (the caption and label inside it; `float_env` does not apply).
        """

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
        head = [
            r"\toprule",
            " & ".join(latex_escape(c) for c in self.columns) + r" \\",
            r"\midrule",
        ]
        body = []
        for i, row in enumerate(self.rows):
            # ragged right, the first word hyphenable; \raggedright takes \\ over, so rows
            # end in \tabularnewline (no package needed beyond booktabs)
            cells = (r"\raggedright\hspace{0pt}" + cell(c) for c in row)
            body.append(" & ".join(cells) + r" \tabularnewline")
            if i < len(self.rows) - 1 and len(self.columns) > 2:
                body.append(r"\addlinespace")
        notes = [rf"\par\smallskip{{\footnotesize {latex_escape(n)}}}" for n in self.notes]
        if long:
            lines = [r"\begingroup\small", rf"\begin{{longtable}}{{@{{}}{spec}@{{}}}}"]
            if self.caption or self.label:
                caption = rf"\caption{{{latex_escape(self.caption)}}}" if self.caption else ""
                label = rf"\label{{{self.label}}}" if self.label else ""
                lines.append(caption + label + r" \\")
            lines += [*head, r"\endfirsthead", *head, r"\endhead", r"\bottomrule", r"\endlastfoot"]
            lines += [*body, r"\end{longtable}", *notes, r"\endgroup"]
            return "\n".join(lines)
        lines = []
        if float_env:
            lines += [r"\begin{table}[htbp]", r"\centering", r"\small"]
            if self.caption:
                lines.append(rf"\caption{{{latex_escape(self.caption)}}}")
            if self.label:
                lines.append(rf"\label{{{self.label}}}")
        lines.append(rf"\begin{{tabular}}{{@{{}}{spec}@{{}}}}")
        lines += [*head, *body, r"\bottomrule", r"\end{tabular}", *notes]
        if float_env:
            lines.append(r"\end{table}")
        return "\n".join(lines)

    def to_docx(self, path: str | os.PathLike[str]) -> Path:
        """Write the table as a Word document (needs python-docx: ``pip install "realist[docx]"``).

        See :func:`realist.render.docx.write_docx`.
        """
        from realist.render.docx import write_docx

        return write_docx([self], path)

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
        widths=[1.0, 1.0, 1.0, 0.75, 0.75],
    )


def regularity_table(
    data: Project | pd.DataFrame | Iterable[Regularity],
    *,
    project: Project | None = None,
    min_cases: int = 2,
    counts: bool = False,
    caption: str | None = None,
    quotes: int = 0,
    max_quote_chars: int | None = None,
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
        None by default: a caption is yours to write.
    quotes : int, default 0
        Add an "Illustrative quotes" column with up to this many quotes a
        row, from the evidence of the configurations behind it (see
        :func:`cmoc_table`): a regularity's configurations, or, by theme, the
        configurations of the theme that are not refuted. Needs the project.
    max_quote_chars : int, optional
        Cut longer quotes at a word, mark the cut with "…" and say so in a note.

    Returns
    -------
    PaperTable
        With ``to_latex()``, ``to_markdown()``, ``to_html()``, ``to_frame()``,
        ``to_docx()``.

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

        project = project or data
        data = recurring_elements(data, min_cases=min_cases, by="theme")
    if not isinstance(data, pd.DataFrame):
        regs = list(data)
        table = _regularities_rows(regs, project, counts)
        if caption is not None:
            table.caption = caption
        if quotes:
            if project is None:
                raise ValidationError(
                    "quotes need the project the regularities come from: pass project=..."
                )
            _add_quotes(table, project, [r.configurations for r in regs], quotes, max_quote_chars)
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
    table = PaperTable(columns=columns, rows=rows, caption=caption or "", notes=notes)
    if quotes:
        if project is None or group != "theme":
            raise ValidationError(
                "quotes by theme need the project and rows by theme: pass the project (or "
                "project=... with rl.recurring_elements(project, by='theme'))"
            )
        # a theme's quotes come from its cases first, programme-level conjectures last
        ours = [k for k in project.configurations if k.status != "refuted"]
        ours.sort(key=lambda k: not k.cases)
        by_theme = [[k.id for k in ours if key in k.themes] for key in groups]
        _add_quotes(table, project, by_theme, quotes, max_quote_chars)
    return table


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


# ---------------------------------------------------------------- LaTeX documents

#: The packages :meth:`PaperTable.to_latex` needs in the preamble.
LATEX_PACKAGES: tuple[str, ...] = ("booktabs", "longtable")


def latex_document(tables: Iterable[PaperTable], *, long: bool = True) -> str:
    r"""A LaTeX document holding `tables`, that compiles on its own (pdflatex).

    Each table is a ``longtable`` (breaking over pages) unless `long` is
    False. The preamble loads T1 fonts, UTF-8 input and :data:`LATEX_PACKAGES`.

    Examples
    --------
    >>> doc = latex_document([PaperTable(columns=["A"], rows=[[["x"]]])])
    >>> print(doc.splitlines()[3])
    \usepackage{booktabs,longtable}
    """
    lines = [
        r"\documentclass{article}",
        r"\usepackage[T1]{fontenc}",
        r"\usepackage[utf8]{inputenc}",
        rf"\usepackage{{{','.join(LATEX_PACKAGES)}}}",
        r"\usepackage[margin=2.5cm]{geometry}",
        r"\begin{document}",
    ]
    for table in tables:
        lines += [table.to_latex(long=long), ""]
    lines.append(r"\end{document}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- quotes


def _cut(text: str, limit: int | None) -> tuple[str, bool]:
    """`text` cut at a word to at most `limit` characters, "…" marking the cut."""
    text = " ".join(text.split())
    if limit is None or len(text) <= limit:
        return text, False
    head = text[: max(1, limit - 1)]
    if " " in head.strip():
        head = head[: head.rstrip().rfind(" ")]
    return head.rstrip(" ,;:.") + "…", True


def _quote_items(
    project: Project,
    configurations: Sequence[str],
    n: int,
    limit: int | None,
    used: set[str] | None = None,
) -> tuple[list[str], bool]:
    """Up to `n` quotes from the evidence of `configurations`, attributed.

    Supporting excerpts first, then those not yet `used` by an earlier row
    (a table does not repeat a quote while it has others), in project order.
    """
    used = set() if used is None else used
    from realist.model import Evidence, Source

    cited: list[tuple[Evidence, Configuration]] = []
    seen: set[str] = set()
    for k_id in configurations:
        k = project.get(k_id, Configuration)
        for e_id in k.evidence:
            ev = project.get(e_id)
            if isinstance(ev, Evidence) and ev.quote.strip() and e_id not in seen:
                seen.add(e_id)
                cited.append((ev, k))
    # stable: project order kept
    cited.sort(key=lambda pair: (pair[0].stance != "supports", pair[0].id in used))
    items, cut = [], False
    for ev, k in cited[:n]:
        used.add(ev.id)
        text, was_cut = _cut(ev.quote, limit)
        cut |= was_cut
        source = project.get(ev.source, Source)
        where = [source.title or source.id]
        case = source.case or (k.cases[0] if k.cases else None)
        if case:
            where.append(str(getattr(project.get(case), "name", case)))
        stance = "" if ev.stance == "supports" else f"{ev.stance}; "
        items.append(f"“{text}” ({stance}{', '.join(where)})")
    return items, cut


def _add_quotes(
    table: PaperTable,
    project: Project,
    groups: Sequence[Sequence[str]],
    n: int,
    limit: int | None,
) -> None:
    """Add an "Illustrative quotes" column to `table`, one row per group of configurations."""
    if n < 0:
        raise ValidationError(f"quotes={n}: give 0 (no quotes) or more")
    if limit is not None and limit < 10:
        raise ValidationError(
            f"max_quote_chars={limit}: give at least 10, or None for whole quotes"
        )
    cut_any = False
    used: set[str] = set()
    for row, group in zip(table.rows, groups, strict=True):
        items, cut = _quote_items(project, group, n, limit, used)
        cut_any |= cut
        row.append(items or ["–"])
    table.columns.append("Illustrative quotes")
    if table.widths is not None:
        table.widths = [*table.widths, 1.6]
    if cut_any:
        table.notes.append(
            f"Quotes longer than {limit} characters are cut at a word; “…” marks the cut."
        )


def cmoc_table(
    project: Project,
    items: Iterable[str | Configuration] | Iterable[Regularity] | None = None,
    *,
    quotes: int = 1,
    max_quote_chars: int | None = None,
    caption: str = "",
    label: str = "",
) -> PaperTable:
    """A table of CMOcs (or regularities) with illustrative quotes, one row each.

    Configurations give the columns Case, Context, Mechanism, Outcome and
    Illustrative quotes (HIPP's Table 3 contents, one configuration a row);
    regularities give Table 4's Context, Mechanism, Outcome, Cases and
    Counter-cases, then the quotes (see :func:`regularity_table`).

    Quotes come from the evidence each configuration cites (for a
    regularity, the configurations that carry it), supporting excerpts first,
    then excerpts no earlier row quoted, in project order; each is followed
    by its source (title, else id) and
    case, and by its stance when it does not support. Quotes are whole unless
    `max_quote_chars` is set: then a longer quote is cut at a word, the cut is
    marked with "…", and a note under the table says so.

    Parameters
    ----------
    project : Project
    items : iterable of configuration ids, Configurations or Regularity, optional
        What to tabulate (default: every configuration, in project order).
    quotes : int, default 1
        Quotes per row; 0 for no quote column.
    max_quote_chars : int, optional
    caption, label : str
        Yours to set; empty by default.

    Returns
    -------
    PaperTable

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> _ = p.add_case("a", "Sandwell")
    >>> _ = p.add_source("int-1", case="a", title="Manager")
    >>> ev = p.add_evidence(source="int-1", quote="We had worked together for years.")
    >>> k = p.add_configuration(case="a", contexts=[p.add_context("History")],
    ...     mechanisms=[p.add_mechanism("Champions")], outcomes=[p.add_outcome("Vision")],
    ...     evidence=[ev])
    >>> print(cmoc_table(p).to_markdown())
    | Case | Context | Mechanism | Outcome | Illustrative quotes |
    | --- | --- | --- | --- | --- |
    | Sandwell | History | Champions | Vision | “We had worked together for years.” (Manager, Sandwell) |
    >>> print(cmoc_table(p, max_quote_chars=20).to_markdown().splitlines()[-1])
    Quotes longer than 20 characters are cut at a word; “…” marks the cut.
    """
    from realist.analysis.regularities import Regularity

    chosen: list[Any] = list(project.configurations if items is None else items)
    if chosen and all(isinstance(x, Regularity) for x in chosen):
        table = regularity_table(
            chosen, project=project, quotes=quotes, max_quote_chars=max_quote_chars
        )
        table.caption, table.label = caption, label
        return table
    configs = [x if isinstance(x, Configuration) else project.get(x, Configuration) for x in chosen]

    def names(ids: Sequence[str], marked: Configuration) -> list[str]:
        out = []
        for i in ids:
            text = str(getattr(project.get(i), "label", i))
            marks = [
                m for m in ("constraining", "unintended", "anticipated") if i in getattr(marked, m)
            ]
            out.append(text + (f" ({', '.join(marks)})" if marks else ""))
        return out or ["–"]

    rows: list[list[list[Any]]] = []
    for k in configs:
        cases = [str(getattr(project.get(c), "name", c)) for c in k.cases] or ["Programme"]
        rows.append(
            [[", ".join(cases)], names(k.contexts, k), names(k.mechanisms, k), names(k.outcomes, k)]
        )
    table = PaperTable(
        columns=["Case", "Context", "Mechanism", "Outcome"],
        rows=rows,
        caption=caption,
        label=label,
        widths=[0.7, 1.0, 1.0, 1.0],
    )
    if quotes:
        _add_quotes(table, project, [[k.id] for k in configs], quotes, max_quote_chars)
    return table


# ---------------------------------------------------------------- confidence

_SHAPES = ("summary", "profile")


def confidence_table(
    project: Project,
    *,
    shape: Literal["summary", "profile"] = "summary",
    caption: str = "",
    label: str = "",
) -> PaperTable:
    """GRADE-CERQual tables of the findings, configurations and hypotheses assessed.

    ``shape="summary"`` gives the *Summary of Qualitative Findings*: the
    finding, what contributes to it (configurations and cases), the overall
    confidence and its explanation. ``shape="profile"`` gives the *Evidence
    Profile*: the finding, the concern about each of the four components
    with its explanation, and the overall confidence. The rows are those of
    :func:`realist.cerqual_table`.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> _ = p.add_finding("Champions get plans agreed", cerqual={
    ...     "coherence": {"concern": "minor", "explanation": "one case differs"},
    ...     "overall": "moderate", "explanation": "minor concerns about coherence"})
    >>> print(confidence_table(p).to_markdown())
    | Finding | Contributing | Confidence | Explanation |
    | --- | --- | --- | --- |
    | Champions get plans agreed | – | Moderate | minor concerns about coherence |
    >>> print(confidence_table(p, shape="profile").to_frame().iloc[0, 2])
    Minor concerns: one case differs
    """
    from realist.analysis.confidence import COMPONENT_NAMES, cerqual_table
    from realist.model import CERQUAL_COMPONENTS

    if shape not in _SHAPES:
        raise ValidationError(f"shape={shape!r}: expected 'summary' or 'profile'")
    frame = cerqual_table(project)
    rows: list[list[list[Any]]] = []
    for rec in frame.to_dict("records"):
        overall = str(rec["overall"]).capitalize() or "Not set"
        if shape == "summary":
            contributing = []
            if rec["configurations"]:
                n = len(rec["configurations"])
                contributing.append(f"{n} CMOc{'' if n == 1 else 's'}")
            if rec["cases"]:
                names = [str(getattr(project.get(c), "name", c)) for c in rec["cases"]]
                contributing.append(f"cases: {', '.join(names)}")
            rows.append(
                [
                    [rec["finding"]],
                    ["; ".join(contributing) or "–"],
                    [overall],
                    [rec["overall_explanation"] or "–"],
                ]
            )
            continue
        row: list[list[Any]] = [[rec["finding"]]]
        for name in CERQUAL_COMPONENTS:
            concern, why = rec[name], rec[f"{name}_explanation"]
            if not concern:
                row.append(["Not assessed"])
                continue
            head = f"{str(concern).capitalize()} concerns"
            row.append([(head, [why])] if why else [head])
        why = rec["overall_explanation"]
        row.append([(f"{overall} confidence", [why])] if why else [overall])
        rows.append(row)
    if shape == "summary":
        columns = ["Finding", "Contributing", "Confidence", "Explanation"]
        widths = [1.4, 0.8, 0.5, 1.3]
    else:
        columns = ["Finding", *(COMPONENT_NAMES[c] for c in CERQUAL_COMPONENTS), "Overall"]
        widths = [1.2, 1.0, 1.0, 1.0, 1.0, 1.0]
    return PaperTable(columns=columns, rows=rows, caption=caption, label=label, widths=widths)
