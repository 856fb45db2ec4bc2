"""Draw a :class:`~realist.render.diagrams.Diagram` with matplotlib (no Graphviz needed).

The columns layout (HIPP Table 3) is placed by hand, column by column; the
network is placed in layers (the layer of a node is the length of the longest
path reaching it, so chains run left to right), ordered within layers by the
barycentre of their neighbours, each layer a column centred on the others.
Coordinates are in inches, so the text, set in points, fits its boxes. The
placement depends on nothing but the diagram, so the same project gives the
same file in every process (no set or hash order is involved).

Examples
--------
>>> import realist as rl
>>> from realist.render.diagrams import to_diagram
>>> p = rl.Project(title="t")
>>> k = p.add_configuration(mechanisms=[p.add_mechanism("M")], outcomes=[p.add_outcome("O")])
>>> ax = draw_diagram(to_diagram(k, project=p))
>>> sorted(t.get_text() for t in ax.texts if t.get_text() in ("M", "O"))
['M', 'O']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from realist.render import palette
from realist.render.dot import wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from realist.render.diagram_data import Diagram, DiagramNode

__all__ = ["draw_diagram"]

_PT = 1 / 72  # inches per point
_FS = 7.5  # font size of node labels, points
_LINE = _FS * 1.25 * _PT
_CHAR = _FS * 0.55 * _PT


@dataclass
class _Box:
    x: float  # centre
    y: float  # centre
    w: float
    h: float
    lines: list[str]
    note: str
    node_id: str = ""


def _box_for(node: DiagramNode, width: int, x: float, y: float, min_w: float = 0.0) -> _Box:
    lines = wrap(node.label, width, max_lines=6)
    longest = max(len(line) for line in lines)
    w = max(min_w, longest * _CHAR + 0.16)
    h = len(lines) * _LINE + (_LINE * 0.9 if node.note else 0) + 0.1
    return _Box(x, y, w, h, lines, node.note, node.id)


def _clip(box: _Box, tx: float, ty: float) -> tuple[float, float]:
    """Where the segment from the box centre towards (tx, ty) leaves the box."""
    dx, dy = tx - box.x, ty - box.y
    if dx == 0 and dy == 0:
        return box.x, box.y
    sx = (box.w / 2) / abs(dx) if dx else float("inf")
    sy = (box.h / 2) / abs(dy) if dy else float("inf")
    s = min(sx, sy, 1.0)
    return box.x + dx * s, box.y + dy * s


def _draw_box(ax: Axes, node: DiagramNode, box: _Box, *, rounded: bool) -> None:
    from matplotlib.patches import FancyBboxPatch

    colour = palette.NEGATIVE if node.negative else palette.KIND_COLOURS.get(node.kind, "#555555")
    style = {"solid": "-", "dashed": "--", "dotted": ":"}[node.style]
    pad = 0.03
    patch = FancyBboxPatch(
        (box.x - box.w / 2 + pad, box.y - box.h / 2 + pad),
        box.w - 2 * pad,
        box.h - 2 * pad,
        boxstyle=f"round,pad={pad},rounding_size=0.06" if rounded else f"square,pad={pad}",
        facecolor=palette.KIND_FILLS.get(node.kind, "#EEEEEE"),
        edgecolor=colour,
        linewidth=1.3 if node.negative else 0.8,
        linestyle=style,
        zorder=2,
        gid=node.id,
    )
    ax.add_patch(patch)
    text_y = box.y + (_LINE * 0.45 if box.note else 0)
    ax.text(
        box.x,
        text_y,
        "\n".join(box.lines),
        ha="center",
        va="center",
        fontsize=_FS,
        linespacing=1.1,
        zorder=3,
    )
    if box.note:
        ax.text(
            box.x,
            box.y - box.h / 2 + 0.05 + _LINE * 0.4,
            box.note,
            ha="center",
            va="center",
            fontsize=_FS - 1.5,
            style="italic",
            color=palette.NEGATIVE if node.negative else "#444444",
            zorder=3,
        )


def _arrow(
    ax: Axes,
    a: tuple[float, float],
    b: tuple[float, float],
    *,
    width: float,
    colour: str,
    style: str,
    label: str = "",
) -> None:
    from matplotlib.patches import FancyArrowPatch

    ls = {"solid": "-", "dashed": "--", "dotted": ":"}[style]
    arrow = FancyArrowPatch(
        a,
        b,
        arrowstyle="-|>",
        mutation_scale=6 + 1.5 * width,
        linewidth=width,
        linestyle=ls,
        color=colour,
        shrinkA=0,
        shrinkB=0,
        zorder=1,
    )
    ax.add_patch(arrow)
    if label:
        ax.text(
            (a[0] + b[0]) / 2,
            (a[1] + b[1]) / 2,
            label,
            fontsize=_FS - 1,
            style="italic",
            ha="center",
            va="bottom",
            zorder=3,
        )


def _columns(ax: Axes, diagram: Diagram) -> tuple[float, float]:
    """Draw the three-column layout; return its width and height (inches)."""
    from matplotlib.patches import FancyBboxPatch

    from realist.render.diagram_data import KINDS

    nodes = {n.id: n for n in diagram.nodes}
    col_w, gap, y_gap = 2.0, 0.45, 0.08
    heights: list[float] = []
    placed: dict[str, list[tuple[str, float, list[_Box]]]] = {}
    for kind in KINDS:
        y = -0.32  # below the column heading
        groups = []
        for group in diagram.columns.get(kind, []):
            boxes = []
            if group.title:
                y -= 0.22
            for ident in group.nodes:
                box = _box_for(nodes[ident], diagram.wrap, 0.0, 0.0, min_w=col_w - 0.3)
                box.y = y - box.h / 2
                y -= box.h + y_gap
                boxes.append(box)
            groups.append((group.title, y, boxes))
            y -= 0.1
        placed[kind] = groups
        heights.append(-y)
    total_h = max(heights) + 0.1
    centres: dict[str, float] = {}
    for i, kind in enumerate(KINDS):
        x0 = i * (col_w + gap)
        cx = x0 + col_w / 2
        centres[kind] = cx
        offset = (total_h - heights[i]) / 2  # centre the column vertically
        colour = palette.KIND_COLOURS[kind]
        ax.add_patch(
            FancyBboxPatch(
                (x0, -heights[i] - offset),
                col_w,
                heights[i],
                boxstyle="round,pad=0,rounding_size=0.08",
                facecolor="none",
                edgecolor=colour,
                linewidth=1.0,
                zorder=0,
            )
        )
        ax.text(
            cx,
            -offset - 0.16,
            palette.KIND_LABELS[kind],
            ha="center",
            va="center",
            fontsize=_FS + 2,
            weight="bold",
        )
        top = -0.32 - offset
        for title, bottom, boxes in placed[kind]:
            bottom -= offset
            if title:
                ax.add_patch(
                    FancyBboxPatch(
                        (x0 + 0.07, bottom + y_gap - 0.05),
                        col_w - 0.14,
                        top - bottom - y_gap + 0.03,
                        boxstyle="round,pad=0,rounding_size=0.05",
                        facecolor="#F7F7F7",
                        edgecolor="#BBBBBB",
                        linewidth=0.6,
                        zorder=0.5,
                    )
                )
                ax.text(x0 + 0.14, top - 0.12, title, fontsize=_FS, weight="bold", va="center")
            for box in boxes:
                box.x, box.y = cx, box.y - offset
                _draw_box(ax, nodes[box.node_id], box, rounded=True)
            top = bottom - 0.1
        if not any(boxes for _, _, boxes in placed[kind]):
            ax.text(cx, -total_h / 2, "none", style="italic", color="#777777", ha="center")
    for a, b in (("context", "mechanism"), ("mechanism", "outcome")):
        xa = centres[a] + col_w / 2 + 0.04
        xb = centres[b] - col_w / 2 - 0.04
        _arrow(
            ax, (xa, -total_h / 2), (xb, -total_h / 2), width=2.0, colour="#333333", style="solid"
        )
    return 3 * col_w + 2 * gap, total_h


def _layers(diagram: Diagram) -> dict[str, int]:
    """Longest-path layer of every node (back edges of cycles ignored)."""
    import networkx as nx

    from realist.render.diagram_data import KINDS

    full = nx.DiGraph()
    full.add_nodes_from(n.id for n in diagram.nodes)
    full.add_edges_from((e.source, e.target) for e in diagram.edges)
    # Drop edges that close a cycle (depth-first, in node order) to get a DAG.
    dag = nx.DiGraph()
    dag.add_nodes_from(full.nodes)
    for u, v in full.edges:
        dag.add_edge(u, v)
        if not nx.is_directed_acyclic_graph(dag):
            dag.remove_edge(u, v)
    kind_rank: dict[str, int] = {k: i for i, k in enumerate(KINDS)}
    kinds = {n.id: n.kind for n in diagram.nodes}
    layer: dict[str, int] = {}
    for n in nx.topological_sort(dag):
        preds = [layer[p] + 1 for p in dag.predecessors(n)]
        layer[n] = max([kind_rank.get(kinds[n], 0), *preds])
    return layer


def _network(ax: Axes, diagram: Diagram) -> tuple[float, float]:
    layer = _layers(diagram)
    nodes = {n.id: n for n in diagram.nodes}
    by_layer: dict[int, list[str]] = {}
    for node in diagram.nodes:
        by_layer.setdefault(layer[node.id], []).append(node.id)
    # order within layers by the barycentre of the previous layer (one sweep)
    position: dict[str, float] = {}
    preds: dict[str, list[str]] = {}
    for e in diagram.edges:
        preds.setdefault(e.target, []).append(e.source)
    for lay in sorted(by_layer):
        members = by_layer[lay]
        first = {n: i for i, n in enumerate(members)}

        def key(n: str, first: dict[str, int] = first) -> tuple[float, int]:
            ps = [position[p] for p in preds.get(n, []) if p in position]
            return (sum(ps) / len(ps) if ps else float(first[n]), first[n])

        members.sort(key=key)
        for i, ident in enumerate(members):
            position[ident] = float(i)
    # Positions straight from the ordered layers: networkx's multipartite_layout
    # groups nodes in sets, so order within a layer would follow the hash seed.
    boxes = {
        n: _box_for(nodes[n], diagram.wrap, 0, 0) for lay in sorted(by_layer) for n in by_layer[lay]
    }
    tallest = max((b.h for b in boxes.values()), default=0.3)
    widest = max((b.w for b in boxes.values()), default=1.0)
    most = max((len(v) for v in by_layer.values()), default=1)
    step_x = widest + 0.7
    step_y = tallest + 0.15
    for column, lay in enumerate(sorted(by_layer)):
        members = by_layer[lay]
        for i, ident in enumerate(members):
            boxes[ident].x = column * step_x
            # centred in the column: the layers' middles line up
            boxes[ident].y = (i - (len(members) - 1) / 2 + (most - 1) / 2) * step_y
    for e in diagram.edges:
        a, b = boxes[e.source], boxes[e.target]
        start = _clip(a, b.x, b.y)
        end = _clip(b, a.x, a.y)
        colour = palette.NEGATIVE if e.negative else "#222222" if e.link else "#4D4D4D"
        _arrow(ax, start, end, width=e.width, colour=colour, style=e.style, label=e.label)
    for ident, box in boxes.items():
        node = nodes[ident]
        _draw_box(ax, node, box, rounded=node.kind != "context")
    xs = [b.x - b.w / 2 for b in boxes.values()] + [b.x + b.w / 2 for b in boxes.values()]
    ys = [b.y - b.h / 2 for b in boxes.values()] + [b.y + b.h / 2 for b in boxes.values()]
    return (max(xs) - min(xs) if xs else 1.0), (max(ys) - min(ys) if ys else 1.0)


def _legend(ax: Axes, diagram: Diagram) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    for kind in diagram.swatches:
        handles.append(
            Patch(
                facecolor=palette.KIND_FILLS.get(kind, "#EEEEEE"),
                edgecolor=palette.KIND_COLOURS.get(kind, "#555555"),
                label=palette.KIND_LABELS.get(kind, kind.capitalize()),
            )
        )
    for mark, text in diagram.marks:
        colour = palette.NEGATIVE if mark.endswith("negative") else "#333333"
        ls: Any = ":" if mark.startswith("dotted") else "--"
        handles.append(Line2D([], [], color=colour, linestyle=ls, linewidth=1.2, label=text))
    lines = [diagram.title, *diagram.legend]
    ax.set_title("\n".join(lines), loc="left", fontsize=_FS, pad=4)
    if handles:
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.0, 0.0),
            ncol=min(3, len(handles)),
            fontsize=_FS - 0.5,
            frameon=False,
            handlelength=1.6,
        )


def draw_diagram(diagram: Diagram, *, ax: Axes | None = None) -> Axes:
    """Draw `diagram` on `ax` (a new figure sized to fit when None) and return the Axes."""
    import matplotlib.pyplot as plt

    with palette.figure_context():
        if ax is None:
            fig = plt.figure(figsize=(1.0, 1.0))
            ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
            new = True
        else:
            new = False
        if diagram.layout == "columns":
            w, h = _columns(ax, diagram)
            x0, y0 = -0.05, -h - 0.05
        else:
            w, h = _network(ax, diagram)
            xs = [p.get_x() for p in ax.patches if hasattr(p, "get_x")]
            ys = [p.get_y() for p in ax.patches if hasattr(p, "get_y")]
            x0 = min(xs, default=0.0) - 0.1
            y0 = min(ys, default=0.0) - 0.1
        ax.set_xlim(x0, x0 + w + 0.2)
        ax.set_ylim(y0, y0 + h + 0.2)
        ax.set_aspect("equal")
        ax.set_axis_off()
        _legend(ax, diagram)
        palette.plain_text(ax)
        if new:
            n_lines = 1 + len(diagram.legend)
            extra = 0.6 + 0.14 * n_lines
            cast(Any, ax.figure).set_size_inches(w + 0.4, h + 0.3 + extra)
            ax.set_position((0.03, 0.35 / (h + 0.3 + extra), 0.94, h / (h + 0.3 + extra)))
    return ax
