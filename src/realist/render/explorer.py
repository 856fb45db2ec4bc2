"""An offline explorer: one self-contained HTML file to click through a programme theory.

:func:`explore` writes a single HTML file that opens in any browser with no
network at all (every asset is inside it; a Content-Security-Policy forbids
fetching anything). It shows the programme-theory network as :func:`realist.draw`
draws it, and lets a reader filter it (theme, case, status, source kind,
minimum cases), search labels and quotes, click an element, an arrow or a
configuration to read its configurations and every quote behind it, see each
configuration in HIPP's Table 3 layout, and highlight the regularities found
by :func:`realist.find_regularities` in the network.

How it is built:

- the network is :func:`realist.render.diagrams.to_diagram` drawn by
  Graphviz as SVG (the same shapes, colours, dashes and widths as
  ``rl.draw``), laid out by ``dot`` or, for large networks, in layers
  computed here (:func:`_layered_positions`); its nodes are renamed ``n0``,
  ``n1``... so that no user text becomes an SVG or HTML id;
- everything else is one JSON document in ``<script type="application/json">``,
  with ``<``, ``>``, ``&`` and U+2028/U+2029 escaped, which a small vanilla
  script (``explorer_assets/explorer.js``, no framework) reads with
  ``JSON.parse`` and shows with ``textContent`` only;
- the page is ``explorer_assets/template.html``, whose ``<!--@name@-->``
  markers are each replaced once (:func:`fill_template`).

The same project gives the same bytes.

Examples
--------
>>> script_json({"quote": "</script><b>"})
'{"quote":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from realist import _formats
from realist.errors import GraphvizTimeoutError, ValidationError
from realist.model import STATUSES, Project
from realist.render import palette

if TYPE_CHECKING:
    from realist.render.diagrams import Diagram

__all__ = ["explore", "explorer_data", "explorer_html", "fill_template", "script_json"]

#: The most regularities listed in the explorer (strongest first).
MAX_REGULARITIES = 500

_ASSETS = "explorer_assets"

#: Positions of the project's items by id, per collection ("cases", "evidence"...).
Index = Mapping[str, Mapping[str, int]]

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(data: Any) -> str:
    """`data` as JSON safe inside an HTML ``<script>`` element, deterministic.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e``, ``\\u0026`` (so no
    ``</script>`` or ``<!--`` can end the element early), and U+2028/U+2029
    are escaped too; ``JSON.parse`` reads back exactly the same strings.

    Examples
    --------
    >>> script_json({"b": "a & b", "a": "\\u2028"})
    '{"a":"\\\\u2028","b":"a \\\\u0026 b"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


_MARKER = re.compile(r"<!--@([a-z]+)@-->")


def fill_template(template: str, values: Mapping[str, str]) -> str:
    """`template` with each ``<!--@name@-->`` marker replaced by ``values[name]``, once.

    Replaced text is never scanned again, so a marker inside a value stays as
    it is. Every marker must have a value and every value a marker.

    Examples
    --------
    >>> fill_template("<p><!--@a@--></p>", {"a": "<!--@a@-->x"})
    '<p><!--@a@-->x</p>'
    """
    found = set(_MARKER.findall(template))
    if found != set(values):
        raise ValidationError(
            f"explorer template markers {sorted(found)} do not match the values {sorted(values)}"
        )
    return _MARKER.sub(lambda m: values[m.group(1)], template)


def _asset(name: str) -> str:
    from importlib import resources

    return (resources.files("realist.render") / _ASSETS / name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script or style."""
    import base64
    import hashlib

    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


# ---------------------------------------------------------------- data


def _location(ev: Any) -> str:
    """Where an excerpt is in its source: page, character span, or nothing known."""
    parts = []
    if ev.page is not None:
        parts.append(f"p. {ev.page}")
    if ev.start is not None and ev.end is not None:
        parts.append(f"characters {ev.start}–{ev.end}")
    elif ev.start is not None:
        parts.append(f"from character {ev.start}")
    return ", ".join(parts)


def _index(items: list[Any]) -> dict[str, int]:
    return {item.id: i for i, item in enumerate(items)}


def _table3(diagram: Diagram, nodes: Mapping[str, int]) -> list[list[list[Any]]]:
    """The columns of a configuration's Table 3 diagram: per kind, [title, [node]] groups."""
    from realist.render.diagrams import KINDS

    return [
        [[group.title, [nodes[i] for i in group.nodes if i in nodes]] for group in column]
        for column in (diagram.columns.get(kind, []) for kind in KINDS)
    ]


def explorer_data(
    project: Project,
    *,
    title: str | None = None,
    weight: Literal["cases", "sources"] = "cases",
) -> dict[str, Any]:
    """Everything the explorer shows, as JSON-ready data (lists indexed by position).

    ``nodes`` are the elements (and the configurations a link names), in
    project order; node ``i`` is ``n{i}`` in the SVG. ``edges`` are the
    network's arrows in :func:`~realist.render.diagrams.to_diagram` order,
    each with the configurations that support it (``configs``), the refuted
    ones that share it (``refuted``) and the relation and evidence of a link
    between the same ends (``link``, ``evidence``); ``configs``,
    ``evidence``, ``sources``, ``cases``, ``themes`` and ``regularities``
    refer to each other by position. No program is run.

    Parameters
    ----------
    project : Project
    title, weight
        As for :func:`explore`.

    Returns
    -------
    dict
        The JSON document the page reads (see :func:`script_json`).

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> _ = p.add_case("a")
    >>> _ = p.add_configuration(case="a", mechanisms=[p.add_mechanism("M <b>")],
    ...                         outcomes=[p.add_outcome("O")])
    >>> data = explorer_data(p)
    >>> [n["label"] for n in data["nodes"]], data["edges"][0]["configs"]
    (['M <b>', 'O'], [0])
    """
    return _build(project, title=title, weight=weight)[0]


def _build(
    project: Project, *, title: str | None, weight: Literal["cases", "sources"]
) -> tuple[dict[str, Any], Diagram]:
    """The explorer's data and the network diagram it lays out."""
    from realist.analysis.regularities import find_regularities
    from realist.render.diagrams import to_diagram

    if weight not in ("cases", "sources"):
        raise ValidationError(f"weight={weight!r}: expected 'cases' or 'sources'")
    index = {
        name: _index(getattr(project, name))
        for name in ("configurations", "evidence", "sources", "cases", "themes")
    }
    nodes = _node_rows(project, index)
    node_index = {n["id"]: i for i, n in enumerate(nodes)}
    diagram = to_diagram(project, title=title, weight=weight)
    diagram.legend = [line for line in diagram.legend if not line.startswith("Filters:")]
    regularities = find_regularities(project, min_cases=2)
    cases = index["cases"]
    return {
        "title": title or project.title,
        "weight": weight,
        "statuses": list(STATUSES),
        "palette": {
            "kinds": palette.KIND_COLOURS,
            "fills": palette.KIND_FILLS,
            "labels": palette.KIND_LABELS,
            "negative": palette.NEGATIVE,
            "statuses": palette.STATUS_COLOURS,
            "sources": palette.SOURCE_KIND_COLOURS,
        },
        "themes": [{"id": t.id, "label": t.label} for t in project.themes],
        "cases": [{"id": c.id, "label": c.name} for c in project.cases],
        "sources": [
            {
                "id": s.id,
                "title": s.title,
                "kind": s.kind,
                "case": cases.get(s.case, -1) if s.case else -1,
            }
            for s in project.sources
        ],
        "evidence": [
            {
                "id": ev.id,
                "quote": ev.quote,
                "source": index["sources"][ev.source],
                "coder": ev.coder or "",
                "location": _location(ev),
                "stance": ev.stance,
                "note": ev.note,
            }
            for ev in project.evidence
        ],
        "nodes": nodes,
        "edges": _edge_rows(project, diagram, node_index, index),
        "configs": _config_rows(project, node_index, index),
        "regularities": [
            {
                "elements": [node_index[e] for e in r.elements],
                "cases": [cases[c] for c in r.cases],
                "counter": [cases[c] for c in r.counter_cases],
                "configs": [index["configurations"][k] for k in r.configurations],
                "sources": r.n_sources,
            }
            for r in regularities[:MAX_REGULARITIES]
        ],
        "regularities_found": len(regularities),
    }, diagram


def _node_rows(project: Project, index: Index) -> list[dict[str, Any]]:
    """The elements, then the configurations that links name (they are nodes too)."""
    from realist.render.diagrams import group_key, raw_group

    themes = index["themes"]
    rows = [
        {
            "id": ident,
            "kind": element.kind,
            "label": element.label,
            "description": element.description,
            "group": group_key(element.kind, raw)[1] if (raw := raw_group(element)) else "",
            "themes": [themes[t] for t in element.themes if t in themes],
        }
        for ident, element in project.elements.items()
    ]
    configs = index["configurations"]
    named = dict.fromkeys(
        end for link in project.links for end in (link.source, link.target) if end in configs
    )
    for ident in named:
        k = project.configurations[configs[ident]]
        rows.append(
            {
                "id": ident,
                "kind": "configuration",
                "label": k.label or ident,
                "description": "",
                "group": "",
                "themes": [],
            }
        )
    return rows


def _edge_rows(
    project: Project, diagram: Diagram, node_index: Mapping[str, int], index: Index
) -> list[dict[str, Any]]:
    """The diagram's arrows with the configurations behind each (refuted ones apart:
    never support), and the relations and evidence of the links between the same ends."""
    from realist.analysis.regularities import REFUTED
    from realist.graph import to_networkx

    configs, evidence = index["configurations"], index["evidence"]
    support: dict[tuple[str, str], set[int]] = {}
    refuted: dict[tuple[str, str], set[int]] = {}
    relations: dict[tuple[str, str], set[str]] = {}
    link_evidence: dict[tuple[str, str], set[int]] = {}
    links = {link.id: link for link in project.links}
    for u, v, data in to_networkx(project).edges(data=True):
        if data.get("part") == "link":
            relations.setdefault((u, v), set()).add(data["relation"].replace("_", " "))
            found = (evidence[e] for e in links[data["link"]].evidence)
            link_evidence.setdefault((u, v), set()).update(found)
        else:
            kept = refuted if data.get("status") in REFUTED else support
            kept.setdefault((u, v), set()).add(configs[data["configuration"]])
    return [
        {
            "s": node_index[e.source],
            "t": node_index[e.target],
            "configs": sorted(support.get(pair, ())),
            "refuted": sorted(refuted.get(pair, ())),
            # a link may join the same two elements as configurations do: one arrow
            "link": ", ".join(sorted(relations.get(pair, ()))),
            "evidence": sorted(link_evidence.get(pair, ())),
        }
        for e in diagram.edges
        for pair in [(e.source, e.target)]
    ]


def _config_rows(
    project: Project, node_index: Mapping[str, int], index: Index
) -> list[dict[str, Any]]:
    """Each configuration with its cases, status, marks, quotes and Table 3 columns."""
    from realist.render.diagrams import to_diagram

    cases, themes, evidence = index["cases"], index["themes"], index["evidence"]
    return [
        {
            "id": k.id,
            "label": k.label,
            "cases": [cases[c] for c in k.cases],
            "themes": [themes[t] for t in k.themes],
            "status": k.status,
            "confidence": k.confidence or "",
            "phase": "" if k.phase is None else str(k.phase),
            "note": k.note,
            "elements": [node_index[e] for e in dict.fromkeys(k.elements)],
            "constraining": [node_index[e] for e in k.constraining],
            "unintended": [node_index[e] for e in k.unintended],
            "anticipated": [node_index[e] for e in k.anticipated],
            "evidence": [evidence[e] for e in k.evidence],
            "table3": _table3(to_diagram(k, project=project), node_index),
        }
        for k in project.configurations
    ]


#: How the network is laid out: ``dot`` (as ``rl.draw``), or in layers computed here.
LAYOUTS = ("auto", "dot", "layered")

#: Height over width that the layered layout aims at (a screen, beside the side panel).
ASPECT = 0.6

#: Above this many arrows ``layout="auto"`` lays the network out in layers: ``dot``'s
#: crossing minimisation takes seconds at 1,300 arrows and minutes at 3,000.
DOT_MAX_EDGES = 1000


def _layered_positions(diagram: Diagram) -> dict[str, tuple[float, float]]:
    """Positions, in points, of a left-to-right layered drawing of the network.

    A node's layer is the longest path to it (nodes on a cycle share one);
    the order within each layer comes from a few barycentre sweeps, down and
    up, starting from the diagram's order. Each layer is a column, centred,
    or, when it is taller than a picture of about :data:`ASPECT` should be,
    several columns side by side, filled in order.

    Examples
    --------
    >>> from realist.render.diagrams import Diagram, DiagramEdge, DiagramNode
    >>> nodes = [DiagramNode(id=i, label=i, kind="context") for i in "abc"]
    >>> edges = [DiagramEdge(source="a", target="b"), DiagramEdge(source="c", target="b")]
    >>> pos = _layered_positions(Diagram(layout="network", title="", nodes=nodes, edges=edges))
    >>> pos["a"][0] == pos["c"][0] < pos["b"][0]
    True
    """
    import networkx as nx

    from realist.render.diagrams import estimate_box

    graph = nx.DiGraph()
    graph.add_nodes_from(n.id for n in diagram.nodes)
    graph.add_edges_from((e.source, e.target) for e in diagram.edges if e.source != e.target)
    merged = nx.condensation(graph)
    layer_of: dict[str, int] = {}
    for depth, members in enumerate(nx.topological_generations(merged)):
        for scc in members:
            for n in merged.nodes[scc]["members"]:
                layer_of[n] = depth
    first = {n.id: i for i, n in enumerate(diagram.nodes)}
    layers: list[list[str]] = [[] for _ in range(max(layer_of.values(), default=-1) + 1)]
    for n in diagram.nodes:
        layers[layer_of[n.id]].append(n.id)
    rank: dict[str, float] = {n: i for layer in layers for i, n in enumerate(layer)}
    for sweep in range(4):
        down = sweep % 2 == 0
        for layer in layers[1:] if down else layers[-2::-1]:
            for n in layer:
                near = list(graph.predecessors(n) if down else graph.successors(n))
                if near:
                    rank[n] = sum(rank[m] for m in near) / len(near)
            layer.sort(key=lambda n: (rank[n], first[n]))
            rank.update({n: i for i, n in enumerate(layer)})
    boxes = {n.id: estimate_box(n, diagram.wrap) for n in diagram.nodes}
    nodesep, colsep, ranksep = 0.25, 0.5, 1.4
    # A layer taller than the picture should be wide goes into several columns, in order.
    area = sum((w + colsep) * (h + nodesep) for w, h in boxes.values())
    most = math.sqrt(area * ASPECT) * 1.5
    columns: list[list[list[str]]] = []
    for layer in layers:
        height = sum(boxes[n][1] + nodesep for n in layer)
        size = math.ceil(len(layer) / max(1, math.ceil(height / most))) if layer else 0
        columns.append([layer[i : i + size] for i in range(0, len(layer), size or 1)])
    heights = [sum(boxes[n][1] + nodesep for n in col) for cols in columns for col in cols]
    tallest = max(heights, default=0.0)
    positions: dict[str, tuple[float, float]] = {}
    x = 0.0
    for cols in columns:
        width = max((boxes[n][0] for col in cols for n in col), default=0.0)
        for col in cols:
            y = (tallest + sum(boxes[n][1] + nodesep for n in col)) / 2
            for n in col:
                y -= boxes[n][1] / 2
                positions[n] = (round((x + width / 2) * 72, 1), round(y * 72, 1))
                y -= boxes[n][1] / 2 + nodesep
            x += width + colsep
        x += ranksep - colsep
    return positions


def _network_svg(diagram: Diagram, node_index: Mapping[str, int], layout: str) -> str:
    """The network as inline SVG, laid out by ``dot`` or in layers, nodes renamed ``n{i}``."""
    from dataclasses import replace

    from realist.render.diagrams import to_dot
    from realist.render.dot import render

    safe = replace(
        diagram,
        nodes=[
            replace(n, id=f"n{node_index[n.id]}", tooltip=n.label or n.id) for n in diagram.nodes
        ],
        edges=[
            replace(e, source=f"n{node_index[e.source]}", target=f"n{node_index[e.target]}")
            for e in diagram.edges
        ],
    )
    graph = to_dot(safe, name="network")
    if layout == "layered" or (layout == "auto" and len(diagram.edges) > DOT_MAX_EDGES):
        # Graphviz still draws every node, arrow and the key (same styles as rl.draw);
        # it keeps the positions given and joins them with straight arrows.
        graph.body.append("\tlayout=neato splines=line inputscale=72 overlap=true\n")
        for name, (x, y) in _layered_positions(safe).items():
            graph.body.append(f'\t{name} [pos="{x},{y}!"]\n')
    try:
        svg = render(graph.source, "svg").decode("utf-8")
    except GraphvizTimeoutError:
        raise GraphvizTimeoutError(
            f"Graphviz did not lay out the network of {len(diagram.edges)} arrows in time: "
            "write the explorer with layout='layered' (realist explore --layout layered)"
        ) from None
    # Inline SVG: no XML declaration, doctype or comments (the HTML parser needs none).
    svg = svg[svg.index("<svg") :]
    return re.sub(r"<!--.*?-->\n?", "", svg, flags=re.DOTALL)


def explorer_html(
    project: Project,
    *,
    title: str | None = None,
    weight: Literal["cases", "sources"] = "cases",
    layout: Literal["auto", "dot", "layered"] = "auto",
) -> str:
    """The explorer page of `project` as a string (see :func:`explore` for the parameters).

    Examples
    --------
    >>> import realist as rl
    >>> page = explorer_html(rl.datasets.load("hipp"), title="HIPP <draft>")
    >>> "<title>HIPP &lt;draft&gt;</title>" in page, page.count("<script")
    (True, 2)

    Raises
    ------
    realist.errors.GraphvizNotFoundError
        Graphviz's ``dot`` is not installed: it lays out the network.
    """
    if not isinstance(project, Project):
        raise ValidationError(
            f"explore needs a Project, got {type(project).__name__}: "
            "load one with rl.load(path) or rl.datasets.load('hipp')"
        )
    if layout not in LAYOUTS:
        raise ValidationError(f"layout={layout!r}: expected one of {', '.join(LAYOUTS)}")
    data, diagram = _build(project, title=title, weight=weight)
    node_index = {n["id"]: i for i, n in enumerate(data["nodes"])}
    svg = _network_svg(diagram, node_index, layout)
    script, style = _asset("explorer.js"), _asset("explorer.css")
    csp = (
        "default-src 'none'; "
        f"script-src '{_sha256(script)}'; style-src '{_sha256(style)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    return fill_template(
        _asset("template.html"),
        {
            "csp": html.escape(csp, quote=True),
            "title": html.escape(data["title"], quote=False),
            "style": style,
            "svg": svg,
            "data": script_json(data),
            "script": script,
        },
    )


def explore(
    project: Project,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    weight: Literal["cases", "sources"] = "cases",
    layout: Literal["auto", "dot", "layered"] = "auto",
) -> Path:
    """Write an interactive, offline explorer of `project`: one self-contained HTML file.

    The file opens in any browser without network access (from a USB stick,
    an email attachment): it holds the programme-theory network as
    :func:`realist.draw` draws it, filters (theme, case, status, source kind,
    minimum cases) and a search over labels and quotes; clicking an element,
    an arrow or a configuration shows its configurations, cases, status,
    confidence and every quote behind it (source, case, coder, location);
    each configuration has a view in HIPP's Table 3 layout, and the
    regularities (:func:`realist.find_regularities`, at least two cases)
    are listed, each row highlighting its pattern in the network. No label
    or quote is ever read as HTML. The same project gives the same bytes.

    Parameters
    ----------
    project : Project
        The project (or a sub-project from ``rl.subset``).
    path : str or os.PathLike
        The HTML file to write (folders are created); written atomically.
    title : str, optional
        The page title (default: the project's title).
    weight : {"cases", "sources"}, default "cases"
        Arrow width by the number of supporting cases or of distinct sources,
        as in :func:`realist.draw`.
    layout : {"auto", "dot", "layered"}, default "auto"
        ``"dot"`` lays the network out as :func:`realist.draw` does (fewest
        crossings, curved arrows); ``"layered"`` puts each element in the
        column of the longest chain that reaches it and draws straight arrows,
        in about a second at any size, where ``dot`` can take minutes on a few
        thousand arrows. ``"auto"`` uses ``dot`` up to ``DOT_MAX_EDGES`` (1,000)
        arrows. Shapes, colours, dashes and widths are the same either way.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    realist.errors.GraphvizNotFoundError
        Graphviz's ``dot``, which lays out the network, is not installed.
    realist.errors.FileWriteError
        The file cannot be written.
    realist.errors.ValidationError
        `project` is not a Project, or `weight` or `layout` is unknown.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import realist as rl
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> out = rl.explore(rl.datasets.load("hipp"), folder / "explorer.html")
    >>> out.name, out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    ('explorer.html', True)
    """
    target = Path(path)
    text = explorer_html(project, title=title, weight=weight, layout=layout)
    _formats.atomic_write_text(target, text, folders=True)
    return target
