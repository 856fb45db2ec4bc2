"""Figures for papers: the case matrix, regularities and evidence (matplotlib).

Every function takes ``ax=None`` (a new figure sized for a journal column or
page when None), returns the Axes, never calls ``plt.show()``, and imports
matplotlib only when called. :func:`save_figure` writes SVG, PDF or PNG
(300 dpi) deterministically.

Examples
--------
>>> import realist as rl
>>> p = rl.Project(title="t")
>>> _ = p.add_theme("vision", "Shared strategic vision")
>>> _ = p.add_case("a", "Case A"); _ = p.add_case("b", "Case B")
>>> m, o = p.add_mechanism("Champions"), p.add_outcome("Vision")
>>> _ = p.add_configuration(case="a", mechanisms=[m], outcomes=[o], themes=["vision"])
>>> ax = plot_case_matrix(p)
>>> [t.get_text() for t in ax.get_yticklabels()]
['Case A', 'Case B']
"""

from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

# case_matrix lived here before it moved to realist.analysis.matrix: still importable from here
from realist import _formats
from realist.analysis.matrix import MatrixCols, MatrixRows, MatrixValue, case_matrix
from realist.errors import ValidationError
from realist.model import SOURCE_KINDS, Configuration, Project
from realist.render import palette
from realist.render.dot import wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from realist.analysis.regularities import Regularity

__all__ = [
    "EVIDENCE_MAX_ROWS",
    "EVIDENCE_TWO_LINE_ROWS",
    "MATRIX_MAX_COLUMNS",
    "PAGE_HEIGHT",
    "case_matrix",
    "evidence_pages",
    "plot_case_matrix",
    "plot_evidence",
    "plot_regularities",
    "save_figure",
]

Rows = MatrixRows
Cols = MatrixCols
Value = MatrixValue


def _new_axes(width: float, height: float) -> Axes:
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(width, height))
    return fig.add_subplot(1, 1, 1)


#: The tallest figure a function draws by itself, in inches: a journal page's text height.
PAGE_HEIGHT = 9.0


class _Labels:
    r"""Wraps labels to a few lines, cutting only when asked, and counts what it cut.

    Examples
    --------
    >>> labels = _Labels(full=False)
    >>> labels("one two three four five", 8, 2), labels.cut
    ('one two\nthree…', 1)
    >>> _Labels(full=True)("one two three four five", 8, 2)
    'one two\nthree\nfour\nfive'
    """

    def __init__(self, *, full: bool) -> None:
        self.full = full
        self.cut = 0

    def __call__(self, text: str, width: int = 28, lines: int = 2) -> str:
        whole = wrap(text, width)
        if self.full or len(whole) <= lines:
            return "\n".join(whole)
        self.cut += 1
        return "\n".join(wrap(text, width, max_lines=lines))

    def warn(self, what: str) -> None:
        """Say how many labels were cut, and how to show them whole."""
        if self.cut:
            import warnings

            from realist.errors import RealistWarning

            warnings.warn(
                f"{self.cut} {what} label{'s' if self.cut > 1 else ''} shortened to fit "
                "(ending in …): pass full_labels=True to show them whole",
                RealistWarning,
                stacklevel=3,
            )


def _label(text: str, width: int = 28, lines: int = 2) -> str:
    return "\n".join(wrap(text, width, max_lines=lines))


# ---------------------------------------------------------------- case matrix


def _display_labels(
    ids: Sequence[str], labels: dict[str, str], project: Project, *, kinds: bool
) -> list[str]:
    """The labels of `ids`, made distinct for display: a repeated label gets its kind, then its id.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> ids = [p.add_context("Trust").id, p.add_outcome("Trust").id, p.add_outcome("Vision").id]
    >>> _display_labels(ids, {i: p.get(i).label for i in ids}, p, kinds=True)
    ['Trust (context)', 'Trust (outcome)', 'Vision']
    >>> _display_labels(["a", "b"], {"a": "North", "b": "North"}, p, kinds=False)
    ['North (a)', 'North (b)']
    """
    shown = {i: str(labels.get(i, i)) for i in ids}
    if kinds:
        seen = Counter(shown.values())
        for i in ids:
            kind = getattr(project.elements.get(i), "kind", None)
            if seen[shown[i]] > 1 and kind is not None:
                shown[i] = f"{shown[i]} ({kind})"
    seen = Counter(shown.values())
    for i in ids:
        if seen[shown[i]] > 1:
            shown[i] = f"{shown[i]} ({i})"
    return [shown[i] for i in ids]


#: More columns than this and :func:`plot_case_matrix` turns the matrix (``transpose=None``).
MATRIX_MAX_COLUMNS = 24


def plot_case_matrix(
    project: Project,
    *,
    rows: Rows = "cases",
    cols: Cols = "themes",
    value: Value = "configurations",
    presence: bool = False,
    annotate: bool = True,
    transpose: bool | None = None,
    full_labels: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """The framework-matrix view: which themes (or elements) appear in which cases or sources.

    Each cell is shaded by how many configurations (or excerpts) put the
    column in the row; an empty cell is white with a dash, so themes missing
    from some cases or source kinds stand out. The counts are those of
    :func:`realist.analysis.matrix.case_matrix`; rows and columns are named
    by their labels, a label shared by two of them followed by the kind of
    element (``"Trust (context)"``, ``"Trust (outcome)"``) or the id.

    Labels are wrapped (columns to three lines, rows to two); a longer label
    is shortened with "…" and a :class:`~realist.errors.RealistWarning` says
    how many, unless ``full_labels=True``.

    Parameters
    ----------
    project : Project
    rows : {"cases", "sources", "source kinds"}, default "cases"
    cols : {"themes", "elements", "contexts", "mechanisms", "outcomes"}, default "themes"
    value : {"configurations", "evidence"}, default "configurations"
        What the shade counts (sources always count evidence).
    presence : bool, default False
        Show presence only (one shade), not strength.
    annotate : bool, default True
        Write the count in each cell.
    transpose : bool, optional
        Draw `cols` down the side and `rows` across the top. By default
        (None) the matrix is turned when it has more than
        :data:`MATRIX_MAX_COLUMNS` columns and more columns than rows: sixty
        elements then read as sixty lines of text, not as sixty labels
        crowded under a page's width.
    full_labels : bool, default False
        Never shorten a label (wrap it over as many lines as it takes).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The heatmap is ``ax.images[0]`` (rows by columns, or turned); the
        counts are in ``ax.texts``.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> for t in ("vision", "leadership"):
    ...     _ = p.add_theme(t)
    >>> _ = p.add_case("a"); _ = p.add_case("b")
    >>> m, o = p.add_mechanism("M"), p.add_outcome("O")
    >>> _ = p.add_configuration(case="a", mechanisms=[m], outcomes=[o], themes=["vision"])
    >>> ax = plot_case_matrix(p)
    >>> ax.images[0].get_array().tolist()
    [[1, 0], [0, 0]]
    >>> plot_case_matrix(p, transpose=True).images[0].get_array().tolist()
    [[1, 0], [0, 0]]
    """
    from matplotlib.colors import LinearSegmentedColormap

    frame = case_matrix(project, rows=rows, cols=cols, value=value)
    if frame.empty or frame.shape[1] == 0:
        raise ValidationError(
            f"nothing to plot: the project has no {rows} or no {cols} to put in the matrix"
        )
    row_names = _display_labels(list(frame.index), frame.attrs["row_labels"], project, kinds=False)
    col_names = _display_labels(list(frame.columns), frame.attrs["col_labels"], project, kinds=True)
    if transpose is None:
        transpose = frame.shape[1] > MATRIX_MAX_COLUMNS and frame.shape[1] > frame.shape[0]
    values = frame.to_numpy()
    if transpose:
        values = values.T
        row_names, col_names = col_names, row_names
    if presence:
        values = (values > 0).astype(int)
    labels = _Labels(full=full_labels)
    n_r, n_c = values.shape
    # a line of text for each of many rows: the type shrinks to 6 pt, never below
    row_h = max(0.1, min(0.32, (PAGE_HEIGHT - 2.6) / max(n_r, 1)))
    font = min(palette.FONT_SIZE - 0.5, max(6.0, row_h * 72 * 0.75))
    with palette.figure_context():
        new = ax is None
        if ax is None:
            width = min(palette.PAGE_WIDTH, max(palette.COLUMN_WIDTH, 1.4 + 0.42 * n_c))
            ax = _new_axes(palette.PAGE_WIDTH if transpose else width, max(1.6, 1.1 + row_h * n_r))
        top = palette.KIND_COLOURS["context"]
        cmap = LinearSegmentedColormap.from_list(
            "realist", ["#FFFFFF", palette.tint(top, 0.35), top]
        )
        vmax = max(1, int(values.max()))
        image = ax.imshow(values, cmap=cmap, vmin=0, vmax=vmax, aspect="auto")
        ax.set_xticks(range(n_c))
        # few columns: longer lines, thinner blocks that do not crowd each other
        col_labels = [labels(name, 26 if n_c <= 12 else 18, 3) for name in col_names]
        ax.set_xticklabels(
            col_labels,
            rotation=40,
            # Rotate about the label's right end, lines right-aligned, the block
            # centred on the tick: every line of a label ends under its column.
            ha="right",
            va="center",
            multialignment="right",
            rotation_mode="anchor",
        )
        # centred on the tick, the first line rises: keep it clear of the frame
        n_lines = max(label.count("\n") + 1 for label in col_labels)
        ax.tick_params(axis="x", which="major", pad=3.5 + 3.8 * (n_lines - 1))
        ax.set_yticks(range(n_r))
        if transpose:  # many rows: one line each, as long as the page allows
            ax.set_yticklabels([labels(name, 64, 1) for name in row_names], fontsize=font)
        else:
            ax.set_yticklabels([labels(name, 24, 2) for name in row_names])
        ax.set_xticks([x - 0.5 for x in range(1, n_c)], minor=True)
        ax.set_yticks([y - 0.5 for y in range(1, n_r)], minor=True)
        ax.grid(which="minor", color="#CCCCCC", linewidth=0.5)
        ax.tick_params(which="minor", length=0)
        ax.tick_params(which="major", length=0)
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_linewidth(0.5)
            spine.set_color("#999999")
        if annotate:
            cell_font = min(7.0, font)
            for i in range(n_r):
                for j in range(n_c):
                    v = int(values[i, j])
                    text = ("✓" if presence else str(v)) if v else "–"
                    colour = "white" if v > vmax * 0.6 else "#222222" if v else "#999999"
                    ax.text(j, i, text, ha="center", va="center", fontsize=cell_font, color=colour)
        what = "configurations" if (rows == "cases" and value == "configurations") else "excerpts"
        row_name = {"cases": "Case", "sources": "Source", "source kinds": "Source kind"}[rows]
        if transpose:
            ax.set_xlabel(row_name)
        else:
            ax.set_ylabel(row_name)
        ax.set_title(
            "Presence" if presence else f"Number of {what}", loc="left", fontsize=palette.FONT_SIZE
        )
        image.set_gid("case-matrix")
        palette.plain_text(ax)
        if new and transpose:
            _fit_labels_in_page(ax, max(1.6, 1.1 + row_h * n_r), top=0.3, align="right")
    labels.warn("matrix")
    return ax


# ---------------------------------------------------------------- regularities


def _regularity_label(
    r: Regularity, project: Project | None, width: int, labels: _Labels | None = None
) -> str:
    """Three parts, ``C:``, ``M:`` and ``O:``, each wrapped to at most two lines.

    Examples
    --------
    >>> from realist.analysis.regularities import Regularity
    >>> r = Regularity(contexts=("c-history-of-joint-working",), mechanisms=("m-champions",),
    ...                outcomes=("o-a-shared-strategic-vision", "o-joint-plans"),
    ...                cases=("x", "y"), configurations=("k1", "k2"))
    >>> print(_regularity_label(r, None, 30))
    C: c-history-of-joint-working
    M: m-champions
    O: o-a-shared-strategic-vision +
       o-joint-plans
    """

    def names(ids: Sequence[str]) -> str:
        if project is None:
            return " + ".join(ids)
        return " + ".join(getattr(project.get(i), "label", i) for i in ids)

    lines: list[str] = []
    for prefix, ids in (("C", r.contexts), ("M", r.mechanisms), ("O", r.outcomes)):
        if not ids:
            continue
        cut = labels or _Labels(full=False)
        part = cut(names(ids), width - 3, 2).split("\n")
        lines.append(f"{prefix}: {part[0]}")
        lines.extend(f"   {line}" for line in part[1:])
    return "\n".join(lines)


#: Font size (points) and wrap width (characters) of the labels of regularities.
_REG_FONT = 7.0
_REG_WRAP = 56


def plot_regularities(
    regularities: Iterable[Regularity],
    *,
    project: Project | None = None,
    top: int | None = 15,
    full_labels: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Support per regularity: supporting cases to the right, counter-cases to the left.

    Each regularity is labelled by its parts, one to a line (``C:`` contexts,
    ``M:`` mechanisms, ``O:`` outcomes, each wrapped to at most two lines),
    and each row is as tall as its label. A new figure is a journal page wide
    (7.2 in), labels included.

    Parameters
    ----------
    regularities : iterable of Regularity
        As ``rl.find_regularities`` returns them (strongest first).
    project : Project, optional
        Gives element labels (ids otherwise).
    top : int or None, default 15
        Show only the first `top` regularities.
    full_labels : bool, default False
        Never shorten a part of a label: wrap it over as many lines as it
        takes. Otherwise a part longer than two lines ends in "…" and a
        :class:`~realist.errors.RealistWarning` says how many were cut.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Bars of supporting cases have gid ``"support"``, counter-cases ``"counter"``.

    Examples
    --------
    >>> from realist.analysis.regularities import Regularity
    >>> r = Regularity(contexts=("c-a",), mechanisms=("m-b",), outcomes=("o-c",),
    ...                cases=("x", "y"), configurations=("k1", "k2"), counter_cases=("z",))
    >>> ax = plot_regularities([r])
    >>> [(p.get_gid(), float(p.get_width())) for p in ax.patches]
    [('support', 2.0), ('counter', -1.0)]
    >>> ax.get_yticklabels()[0].get_text()
    'C: c-a\\nM: m-b\\nO: o-c'
    """
    from matplotlib.ticker import MaxNLocator

    items = list(regularities)
    if top is not None:
        items = items[:top]
    if not items:
        raise ValidationError(
            "no regularities to plot: lower min_cases in find_regularities, or check the filters"
        )
    cutter = _Labels(full=full_labels)
    labels = []
    for r in items:
        parts = _Labels(full=full_labels)
        labels.append(_regularity_label(r, project, _REG_WRAP, parts))
        cutter.cut += parts.cut > 0
    cutter.warn("regularity")
    # Rows as tall as their labels, in inches: y runs down the figure.
    line_h = _REG_FONT * 1.25 / 72
    heights = [(label.count("\n") + 1) * line_h + 0.14 for label in labels]
    ys = [sum(heights[:i]) + h / 2 for i, h in enumerate(heights)]
    total = sum(heights)
    bar_h = min(0.22, min(heights) * 0.7)
    with palette.figure_context():
        new = ax is None
        if ax is None:
            ax = _new_axes(palette.PAGE_WIDTH, total + 0.8)
        support = [r.n_cases for r in items]
        counter = [len(r.counter_cases) for r in items]
        bars = ax.barh(
            ys,
            support,
            color=palette.KIND_COLOURS["context"],
            height=bar_h,
            label="supporting cases",
        )
        for b in bars:
            b.set_gid("support")
        cbars = ax.barh(
            ys,
            [-c for c in counter],
            color=palette.NEGATIVE,
            hatch="///",
            edgecolor="white",
            linewidth=0,
            height=bar_h,
            label="counter-cases",
        )
        for b in cbars:
            b.set_gid("counter")
        for y, s, c in zip(ys, support, counter, strict=True):
            ax.text(s + 0.08, y, str(s), va="center", ha="left", fontsize=7)
            if c:
                ax.text(
                    -c - 0.08,
                    y,
                    str(c),
                    va="center",
                    ha="right",
                    fontsize=7,
                    color=palette.NEGATIVE,
                )
        ax.set_yticks(ys)
        ax.set_yticklabels(labels, fontsize=_REG_FONT, multialignment="left")
        ax.set_ylim(total, 0)
        ax.axvline(0, color="#333333", linewidth=0.6)
        lo = -max(counter) - 0.8 if any(counter) else -0.2
        ax.set_xlim(lo, max(support) + 0.8)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xticks([t for t in ax.get_xticks() if lo <= t <= max(support) + 0.8])
        ax.set_xticklabels([str(abs(int(t))) for t in ax.get_xticks()])
        ax.set_xlabel("Number of cases")
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, fontsize=7)
        palette.plain_text(ax)
        if new:
            _fit_labels_in_page(ax, total + 0.8)
    return ax


def _fit_labels_in_page(
    ax: Axes, height: float, *, top: float = 0.3, align: Literal["left", "right"] = "left"
) -> None:
    """Make room for the tick labels inside the figure, so it stays a page wide.

    `height` is the figure's height and `top` the room above the axes, in
    inches. With ``align="left"`` the y labels start together at the left
    edge of the figure; with ``"right"`` they end at the axis, and the figure
    grows downwards to hold its x labels (the axes keep their height).
    """
    fig: Any = ax.figure
    fig.draw_without_rendering()
    widest = max((t.get_window_extent().width for t in ax.get_yticklabels()), default=0.0)
    # text measured at screen resolution runs a little wider at 300 dpi: 5% slack
    label_in = widest / fig.dpi * 1.05 + 0.08
    if align == "left":
        # Labels start together at the left edge of the figure, lines left-aligned.
        ax.tick_params(axis="y", pad=label_in * 72 - 2)
        for t in ax.get_yticklabels():
            t.set_horizontalalignment("left")
    left = min(0.7, (label_in + 0.06) / palette.PAGE_WIDTH)
    bottom = 0.45
    if align == "right":
        below = [t.get_window_extent().height for t in ax.get_xticklabels()]
        below.append(ax.xaxis.label.get_window_extent().height * 1.6)
        bottom = max(bottom, sum(sorted(below)[-2:]) / fig.dpi * 1.05 + 0.15)
        axes_h = height - top - 0.45
        height = axes_h + top + bottom
        fig.set_size_inches(palette.PAGE_WIDTH, height)
    fig.subplots_adjust(left=left, right=0.97, bottom=bottom / height, top=1 - top / height)


# ---------------------------------------------------------------- evidence


def _evidence_label(
    k: Configuration, project: Project, labels: str, cutter: _Labels | None = None, lines: int = 2
) -> str:
    """``"Case: label"`` (or the configuration id) wrapped to two lines."""
    if labels == "id":
        return k.id
    names = [str(getattr(project.get(c), "name", c)) for c in k.cases]
    where = ", ".join(names) if names else "Programme"
    return (cutter or _Labels(full=False))(
        f"{where}: {k.label or k.id}", 40 * 3 // (lines + 1), lines
    )


#: Configurations :func:`plot_evidence` puts on one page, two lines of label each; more
#: get one line each, down to :data:`EVIDENCE_MAX_ROWS`, past which a figure is too tall.
EVIDENCE_TWO_LINE_ROWS = 33
EVIDENCE_MAX_ROWS = 60


def evidence_pages(project: Project, *, full_labels: bool = False) -> list[list[str]]:
    """The configurations that cite evidence, in parts whose evidence figure fits a page.

    Each part, drawn with ``plot_evidence(project, configurations=part,
    full_labels=full_labels)``, is at most :data:`PAGE_HEIGHT` tall.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.datasets.load("hipp")
    >>> [len(part) for part in evidence_pages(p)], [len(x) for x in evidence_pages(p, full_labels=True)]
    ([33], [17, 16])
    """
    font = palette.FONT_SIZE - 0.5
    pages: list[list[str]] = [[]]
    most = 1
    for k in project.configurations:
        if not k.evidence:
            continue
        cutter = _Labels(full=full_labels)
        lines = _evidence_label(k, project, "label", cutter).count("\n") + 1
        tallest = max(most, lines)
        row_h = max(0.24, tallest * font * 1.25 / 72 + 0.06) if full_labels else 0.24
        fits = 0.9 + row_h * (len(pages[-1]) + 1) <= PAGE_HEIGHT
        if pages[-1] and (not fits or len(pages[-1]) >= EVIDENCE_TWO_LINE_ROWS):
            pages.append([])
            tallest = lines
        most = tallest
        pages[-1].append(k.id)
    return [page for page in pages if page]


def plot_evidence(
    project: Project,
    *,
    configurations: Iterable[str] | None = None,
    labels: Literal["label", "id"] = "label",
    full_labels: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Per configuration, the excerpts cited, stacked by the kind of their source.

    Triangulation shows at a glance: a configuration resting on interviews
    alone looks different from one backed by documents and observation too.
    The counts are those of :func:`realist.analysis.evidence.evidence_table`
    (distinct excerpts, by the kind of their source).

    Parameters
    ----------
    project : Project
    configurations : iterable of str, optional
        Configuration ids to show (default: all that cite evidence).
    labels : {"label", "id"}, default "label"
        Name each bar ``"Case: configuration label"`` (wrapped to two lines;
        ``"Programme"`` for a configuration without a case), or by the
        configuration's id.
    full_labels : bool, default False
        Never shorten a label. Otherwise a label longer than its lines ends
        in "…" and a :class:`~realist.errors.RealistWarning` says how many.
    ax : matplotlib Axes, optional

    A new figure is a page wide, its legend above the bars and its ticks
    whole numbers. Up to :data:`EVIDENCE_TWO_LINE_ROWS` configurations get
    two lines of label each; more get one line each and less room, so that
    :data:`EVIDENCE_MAX_ROWS` still fit a page (9 in). A figure taller than
    that (more rows, or whole labels over more lines) warns that it should
    be split (``configurations=``; ``realist report`` does).

    Returns
    -------
    matplotlib.axes.Axes
        One bar segment per configuration and source kind, with gid the kind.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> _ = p.add_case("a", "Case A")
    >>> _ = p.add_source("int-1", kind="interview"); _ = p.add_source("doc-1", kind="document")
    >>> evs = [p.add_evidence(source=s) for s in ("int-1", "int-1", "doc-1")]
    >>> _ = p.add_configuration(case="a", mechanisms=p.add_mechanism("M"),
    ...                         outcomes=p.add_outcome("O"), evidence=evs, id="k1",
    ...                         label="Champions build a vision")
    >>> ax = plot_evidence(p)
    >>> [(b.get_gid(), float(b.get_width())) for b in ax.patches]
    [('interview', 2.0), ('document', 1.0)]
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Case A: Champions build a vision']
    """

    from matplotlib.ticker import MaxNLocator

    from realist.analysis.evidence import evidence_table

    if labels not in ("label", "id"):
        raise ValidationError(f"labels={labels!r}: expected 'label' or 'id'")
    if configurations is None:
        chosen = [k for k in project.configurations if k.evidence]
    else:
        chosen = [project.get(k, Configuration) for k in configurations]
    if not chosen:
        raise ValidationError("no configuration cites evidence: nothing to plot")
    table = evidence_table(project)
    columns = [f"n_{kind}" for kind in SOURCE_KINDS]
    rows = table.loc[[k.id for k in chosen], columns].astype(int).to_numpy().tolist()
    counts = {
        k.id: dict(zip(SOURCE_KINDS, row, strict=True)) for k, row in zip(chosen, rows, strict=True)
    }
    kinds = [kind for kind in SOURCE_KINDS if any(c[kind] for c in counts.values())]
    n = len(chosen)
    lines = 2 if n <= EVIDENCE_TWO_LINE_ROWS else 1
    # two 7 pt lines a row: HIPP's 33 fit a page; more rows, one line each, as room allows
    row_h = 0.24 if lines == 2 else max(0.125, min(0.24, (PAGE_HEIGHT - 0.9) / n))
    font = palette.FONT_SIZE - 0.5 if lines == 2 else max(6.0, min(7.5, row_h * 72 * 0.8))
    cutter = _Labels(full=full_labels)
    names = [_evidence_label(k, project, labels, cutter, lines) for k in chosen]
    if full_labels:  # rows as tall as the longest label
        most = max(name.count("\n") + 1 for name in names)
        row_h = max(row_h, most * font * 1.25 / 72 + 0.06)
    height = 0.9 + row_h * n
    if height > PAGE_HEIGHT and ax is None:
        import warnings

        from realist.errors import RealistWarning

        warnings.warn(
            f"{n} configurations make the evidence figure {height:.1f} in tall, more than a "
            "page: draw it in parts (configurations=...)",
            RealistWarning,
            stacklevel=2,
        )
    with palette.figure_context():
        new = ax is None
        if ax is None:
            ax = _new_axes(palette.PAGE_WIDTH, height)
        ys = list(range(len(chosen)))
        left = [0] * len(chosen)
        for kind in kinds:
            widths = [counts[k.id][kind] for k in chosen]
            bars = ax.barh(
                ys,
                widths,
                left=left,
                height=0.65,
                color=palette.SOURCE_KIND_COLOURS[kind],
                hatch=palette.SOURCE_KIND_HATCHES[kind],
                edgecolor="white",
                linewidth=0.4,
                label=kind,
            )
            for b in bars:
                b.set_gid(kind)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        ax.set_yticks(ys)
        ax.set_yticklabels(names, fontsize=font)
        ax.set_ylim(len(chosen) - 0.5, -0.5)
        ax.set_xlabel("Excerpts of evidence")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        # above the bars, never over them
        ax.legend(
            title="Source",
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncol=max(1, len(kinds)),
            fontsize=7,
            title_fontsize=7,
            frameon=False,
        )
        palette.plain_text(ax)
        if new:
            _fit_labels_in_page(ax, height, top=0.45)
    cutter.warn("evidence")
    return ax


# ---------------------------------------------------------------- saving


def save_figure(figure: Figure | Axes, path: str | os.PathLike[str], *, dpi: int = 300) -> Path:
    """Save a figure (or the figure of an Axes) as SVG, PDF or PNG, deterministically.

    The format follows the suffix. PNG is written at `dpi` (300 by default);
    SVG and PDF carry no date or random ids, so the same figure gives the same
    bytes every time.

    The figure is drawn in memory and then written atomically (see
    :func:`realist._formats.atomic_write_bytes`): a crash or a full disk leaves
    the previous file whole. Missing folders on the way are created.

    Raises
    ------
    realist.errors.ValidationError
        A suffix other than .svg, .pdf or .png.
    realist.errors.FileWriteError
        The file cannot be written (no permission, a full disk, a folder or a
        FIFO in its place); nothing on disk changes.
    """

    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("svg", "pdf", "png"):
        raise ValidationError(
            f"cannot tell the figure format from {str(target)!r}: use .svg, .pdf or .png"
        )
    fig: Any = getattr(figure, "figure", figure)
    metadata: dict[str, Any] = {
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
        "png": {"Software": None},
    }[fmt]
    buffer = io.BytesIO()  # drawn in memory, then written atomically: never half a file
    with palette.figure_context():
        fig.savefig(
            buffer, format=fmt, dpi=dpi, metadata=metadata, bbox_inches="tight", pad_inches=0.03
        )
    _formats.atomic_write_bytes(target, buffer.getvalue(), folders=True)
    return target
