"""The project graph for other tools: GraphML, GEXF (Gephi) and Cytoscape JSON.

Each writer starts from :func:`realist.graph.to_networkx` and hands the graph
to networkx's own writer, after making every attribute a plain type those
formats hold: lists (``themes``, ``cases``) become ``"; "``-joined strings and
missing values are left out. Files are written atomically.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import networkx as nx

from realist import _formats
from realist.graph import to_networkx
from realist.model import Project

__all__ = ["plain_graph", "to_cytoscape", "write_cytoscape", "write_gexf", "write_graphml"]


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(str(v) for v in value)
    if isinstance(value, str | bool | int | float):
        return value
    return str(value)


def _attrs(data: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in data.items() if v is not None}


def plain_graph(project: Project, **options: Any) -> nx.MultiDiGraph:
    """:func:`realist.graph.to_networkx` with every attribute a str, int, float or bool.

    Keyword arguments go to :func:`~realist.graph.to_networkx` (``theme=``,
    ``case=``, ``status=``, ``cases=``, ``links=``).

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> _ = p.add_theme("vision", "Shared strategic vision")
    >>> m = p.add_mechanism("Champions", themes=["vision"])
    >>> o = p.add_outcome("Vision")
    >>> _ = p.add_configuration(mechanisms=[m], outcomes=[o], id="k1")
    >>> plain_graph(p).nodes["m-champions"]["themes"]
    'vision'
    """
    graph = to_networkx(project, **options)
    plain = nx.MultiDiGraph()
    plain.graph.update(_attrs(graph.graph))
    plain.add_nodes_from((n, _attrs(d)) for n, d in graph.nodes(data=True))
    plain.add_edges_from((u, v, k, _attrs(d)) for u, v, k, d in graph.edges(keys=True, data=True))
    return plain


def write_graphml(project: Project, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write the project graph as GraphML (yEd, Gephi, Cytoscape, igraph).

    Node ids are element ids; edges keep their configuration or link id as
    key. Keyword arguments go to :func:`realist.graph.to_networkx`.

    Examples
    --------
    >>> import tempfile, networkx as nx, realist as rl
    >>> from pathlib import Path
    >>> p = rl.Project(title="t")
    >>> m = p.add_mechanism("Champions")
    >>> o = p.add_outcome("Vision")
    >>> _ = p.add_configuration(mechanisms=[m], outcomes=[o], id="k1")
    >>> out = write_graphml(p, Path(tempfile.mkdtemp()) / "p.graphml")
    >>> list(nx.read_graphml(out, force_multigraph=True).edges(keys=True))
    [('m-champions', 'o-vision', 'k1')]
    """
    path = Path(path)
    buffer = io.BytesIO()
    nx.write_graphml(plain_graph(project, **options), buffer)
    _formats.atomic_write_bytes(path, buffer.getvalue())
    return path


def write_gexf(project: Project, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write the project graph as GEXF 1.2, for Gephi.

    Node labels are element labels. Keyword arguments go to
    :func:`realist.graph.to_networkx`.

    Examples
    --------
    >>> import tempfile, networkx as nx, realist as rl
    >>> from pathlib import Path
    >>> p = rl.Project(title="t")
    >>> m = p.add_mechanism("Champions")
    >>> o = p.add_outcome("Vision")
    >>> _ = p.add_configuration(mechanisms=[m], outcomes=[o], id="k1")
    >>> out = write_gexf(p, Path(tempfile.mkdtemp()) / "p.gexf")
    >>> G = nx.read_gexf(out)
    >>> G.nodes["m-champions"]["label"], G.nodes["m-champions"]["kind"]
    ('Champions', 'mechanism')
    """
    path = Path(path)
    graph = plain_graph(project, **options)
    for u, v, k, d in graph.edges(keys=True, data=True):
        d["id"] = f"{u}|{v}|{k}"
        d.setdefault("label", str(k))
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer)
    _formats.atomic_write_bytes(path, buffer.getvalue())
    return path


def to_cytoscape(project: Project, **options: Any) -> dict[str, Any]:
    """The project graph as Cytoscape.js JSON data (``elements``: ``nodes`` and ``edges``).

    Keyword arguments go to :func:`realist.graph.to_networkx`. Cytoscape
    keeps lists, so here ``themes`` and ``cases`` stay lists; every other
    value is a plain JSON type.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> m = p.add_mechanism("Champions")
    >>> o = p.add_outcome("Vision")
    >>> _ = p.add_configuration(mechanisms=[m], outcomes=[o], id="k1")
    >>> data = to_cytoscape(p)
    >>> [n["data"]["id"] for n in data["elements"]["nodes"]]
    ['m-champions', 'o-vision']
    >>> data["elements"]["edges"][0]["data"]["configuration"]
    'k1'
    """
    graph = to_networkx(project, **options)
    plain = nx.MultiDiGraph()
    plain.graph.update({k: v for k, v in graph.graph.items() if v is not None})

    def keep(d: dict[str, Any]) -> dict[str, Any]:
        return {
            k: (list(v) if isinstance(v, list | tuple | set) else v)
            for k, v in d.items()
            if v is not None
        }

    plain.add_nodes_from(
        (n, {**keep(d), "name": d.get("label", n)}) for n, d in graph.nodes(data=True)
    )
    plain.add_edges_from((u, v, k, keep(d)) for u, v, k, d in graph.edges(keys=True, data=True))
    data: dict[str, Any] = nx.cytoscape_data(plain)
    for edge in data["elements"]["edges"]:
        edge["data"]["id"] = (
            f"{edge['data']['source']}|{edge['data']['target']}|{edge['data']['key']}"
        )
    return data


def write_cytoscape(project: Project, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write :func:`to_cytoscape` as a ``.cyjs`` / ``.json`` file (UTF-8, sorted keys).

    Examples
    --------
    >>> import json, tempfile, networkx as nx, realist as rl
    >>> from pathlib import Path
    >>> p = rl.Project(title="t")
    >>> m = p.add_mechanism("Champions")
    >>> o = p.add_outcome("Vision")
    >>> _ = p.add_configuration(mechanisms=[m], outcomes=[o], id="k1")
    >>> out = write_cytoscape(p, Path(tempfile.mkdtemp()) / "p.cyjs")
    >>> G = nx.cytoscape_graph(json.loads(out.read_text()))
    >>> sorted(G.nodes)
    ['m-champions', 'o-vision']
    """
    path = Path(path)
    text = json.dumps(
        to_cytoscape(project, **options), indent=2, ensure_ascii=False, sort_keys=True
    )
    _formats.atomic_write_text(path, text + "\n")
    return path
