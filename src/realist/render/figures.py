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

__all__ = ["case_matrix", "plot_case_matrix", "plot_evidence", "plot_regularities", "save_figure"]

Rows = MatrixRows
Cols = MatrixCols
Value = MatrixValue


def _new_axes(width: float, height: float) -> Axes:
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(width, height))
    return fig.add_subplot(1, 1, 1)


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


def plot_case_matrix(
    project: Project,
    *,
    rows: Rows = "cases",
    cols: Cols = "themes",
    value: Value = "configurations",
    presence: bool = False,
    annotate: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """The framework-matrix view: which themes (or elements) appear in which cases or sources.

    Each cell is shaded by how many configurations (or excerpts) put the
    column in the row; an empty cell is white with a dash, so themes missing
    from some cases or source kinds stand out. The counts are those of
    :func:`realist.analysis.matrix.case_matrix`; rows and columns are named
    by their labels, a label shared by two of them followed by the kind of
    element (``"Trust (context)"``, ``"Trust (outcome)"``) or the id.

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
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The heatmap is ``ax.images[0]``; the counts are in ``ax.texts``.

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
    """
    from matplotlib.colors import LinearSegmentedColormap

    frame = case_matrix(project, rows=rows, cols=cols, value=value)
    if frame.empty or frame.shape[1] == 0:
        raise ValidationError(
            f"nothing to plot: the project has no {rows} or no {cols} to put in the matrix"
        )
    values = frame.to_numpy()
    if presence:
        values = (values > 0).astype(int)
    with palette.figure_context():
        if ax is None:
            n_r, n_c = frame.shape
            width = min(palette.PAGE_WIDTH, max(palette.COLUMN_WIDTH, 1.4 + 0.42 * n_c))
            height = max(1.6, 1.1 + 0.32 * n_r)
            ax = _new_axes(width, height)
        top = palette.KIND_COLOURS["context"]
        cmap = LinearSegmentedColormap.from_list(
            "realist", ["#FFFFFF", palette.tint(top, 0.35), top]
        )
        vmax = max(1, int(values.max()))
        image = ax.imshow(values, cmap=cmap, vmin=0, vmax=vmax, aspect="auto")
        ax.set_xticks(range(frame.shape[1]))
        names = _display_labels(list(frame.columns), frame.attrs["col_labels"], project, kinds=True)
        col_labels = [_label(name, 18, 3) for name in names]
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
        ax.set_yticks(range(frame.shape[0]))
        names = _display_labels(list(frame.index), frame.attrs["row_labels"], project, kinds=False)
        ax.set_yticklabels([_label(name, 24, 2) for name in names])
        ax.set_xticks([x - 0.5 for x in range(1, frame.shape[1])], minor=True)
        ax.set_yticks([y - 0.5 for y in range(1, frame.shape[0])], minor=True)
        ax.grid(which="minor", color="#CCCCCC", linewidth=0.5)
        ax.tick_params(which="minor", length=0)
        ax.tick_params(which="major", length=0)
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_linewidth(0.5)
            spine.set_color("#999999")
        if annotate:
            for i in range(values.shape[0]):
                for j in range(values.shape[1]):
                    v = int(values[i, j])
                    text = ("✓" if presence else str(v)) if v else "–"
                    colour = "white" if v > vmax * 0.6 else "#222222" if v else "#999999"
                    ax.text(j, i, text, ha="center", va="center", fontsize=7, color=colour)
        what = "configurations" if (rows == "cases" and value == "configurations") else "excerpts"
        row_name = {"cases": "Case", "sources": "Source", "source kinds": "Source kind"}[rows]
        ax.set_ylabel(row_name)
        ax.set_title(
            "Presence" if presence else f"Number of {what}", loc="left", fontsize=palette.FONT_SIZE
        )
        image.set_gid("case-matrix")
        palette.plain_text(ax)
    return ax


# ---------------------------------------------------------------- regularities


def _regularity_label(r: Regularity, project: Project | None, width: int) -> str:
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
        part = wrap(names(ids), width - 3, max_lines=2)
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
    labels = [_regularity_label(r, project, _REG_WRAP) for r in items]
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


def _fit_labels_in_page(ax: Axes, height: float, *, top: float = 0.3) -> None:
    """Make room for the y tick labels inside the figure, so it stays a page wide.

    `height` is the figure's height and `top` the room above the axes, in inches.
    """
    fig: Any = ax.figure
    fig.draw_without_rendering()
    widest = max((t.get_window_extent().width for t in ax.get_yticklabels()), default=0.0)
    # text measured at screen resolution runs a little wider at 300 dpi: 5% slack
    label_in = widest / fig.dpi * 1.05 + 0.08
    # Labels start together at the left edge of the figure, lines left-aligned.
    ax.tick_params(axis="y", pad=label_in * 72 - 2)
    for t in ax.get_yticklabels():
        t.set_horizontalalignment("left")
    left = min(0.7, (label_in + 0.06) / palette.PAGE_WIDTH)
    fig.subplots_adjust(left=left, right=0.97, bottom=0.45 / height, top=1 - top / height)


# ---------------------------------------------------------------- evidence


def _evidence_label(k: Configuration, project: Project, labels: str) -> str:
    """``"Case: label"`` (or the configuration id) wrapped to two lines."""
    if labels == "id":
        return k.id
    names = [str(getattr(project.get(c), "name", c)) for c in k.cases]
    where = ", ".join(names) if names else "Programme"
    return _label(f"{where}: {k.label or k.id}", 40, 2)


def plot_evidence(
    project: Project,
    *,
    configurations: Iterable[str] | None = None,
    labels: Literal["label", "id"] = "label",
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
    ax : matplotlib Axes, optional

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
    height = 0.9 + 0.24 * len(chosen)  # two 7 pt lines a row: HIPP's 33 fit a page
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
        ax.set_yticklabels([_evidence_label(k, project, labels) for k in chosen])
        ax.set_ylim(len(chosen) - 0.5, -0.5)
        ax.set_xlabel("Excerpts of evidence")
        ax.legend(title="Source", loc="lower right", fontsize=7, title_fontsize=7)
        palette.plain_text(ax)
        if new:
            _fit_labels_in_page(ax, height, top=0.1)
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
