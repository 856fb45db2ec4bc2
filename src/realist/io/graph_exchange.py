"""The project graph for other tools: GraphML, GEXF (Gephi) and Cytoscape JSON.

Each writer starts from :func:`realist.graph.to_networkx` and hands the graph
to networkx's own writer, after making every attribute a plain type those
formats hold: lists (``themes``, ``cases``) become ``"; "``-joined strings,
missing values are left out, an attribute whose values are of mixed types
(``phase`` 2006 in one case, ``"baseline"`` in another) is written as text
everywhere, and attributes whose names GEXF keeps for itself (``id``,
``start``, ``end``, ``pid``, ``viz``, ...) are renamed ``attr_<name>``. Files
are written atomically, and the same project gives the same file, byte for byte.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path
from typing import Any

import networkx as nx

from realist import _formats
from realist.graph import to_networkx
from realist.model import Project

__all__ = [
    "RESERVED_EDGE_KEYS",
    "RESERVED_NODE_KEYS",
    "plain_graph",
    "to_cytoscape",
    "write_cytoscape",
    "write_gexf",
    "write_graphml",
]


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(str(v) for v in value)
    if isinstance(value, str | bool | int | float):
        return value
    return str(value)


#: Attribute names that networkx's GEXF writer takes as part of the node or edge
#: itself (its id, parent, time span, drawing, ...): other attributes of these
#: names are renamed ``attr_<name>``.
RESERVED_NODE_KEYS = frozenset(
    {"id", "pid", "start", "end", "viz", "parents", "slices", "spells", "networkx_key"}
)
RESERVED_EDGE_KEYS = frozenset(
    {"id", "weight", "type", "start", "end", "viz", "slices", "spells", "networkx_key"}
)
_LASTMODIFIED = re.compile(rb' lastmodifieddate="[^"]*"')


def _attrs(data: dict[str, Any], reserved: frozenset[str] = frozenset()) -> dict[str, Any]:
    return {
        (f"attr_{k}" if k in reserved else k): _plain(v) for k, v in data.items() if v is not None
    }


def _one_type_per_key(items: list[dict[str, Any]]) -> None:
    """Make text of every value of a key whose values are of more than one type."""
    types: dict[str, set[type]] = {}
    for data in items:
        for k, v in data.items():
            types.setdefault(k, set()).add(type(v))
    mixed = {k for k, found in types.items() if len(found) > 1}
    if mixed:
        for data in items:
            for k in mixed & data.keys():
                data[k] = str(data[k])


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
    >>> _ = p.add_case("a", "Case A", phase=2006, start="2005-04")
    >>> _ = p.add_case("b", "Case B", phase="baseline")
    >>> G = plain_graph(p, cases=True)
    >>> G.nodes["a"]["phase"], G.nodes["b"]["phase"], G.nodes["a"]["attr_start"]
    ('2006', 'baseline', '2005-04')
    """
    graph = to_networkx(project, **options)
    nodes = [(n, _attrs(d, RESERVED_NODE_KEYS)) for n, d in graph.nodes(data=True)]
    edges = [
        (u, v, k, _attrs(d, RESERVED_EDGE_KEYS)) for u, v, k, d in graph.edges(keys=True, data=True)
    ]
    _one_type_per_key([d for _, d in nodes])
    _one_type_per_key([d for *_, d in edges])
    plain = nx.MultiDiGraph()
    plain.graph.update(_attrs(graph.graph))
    plain.add_nodes_from(nodes)
    plain.add_edges_from(edges)
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
    :func:`realist.graph.to_networkx`. The file carries no
    ``lastmodifieddate``, so the same project gives the same file on any day.

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
    _formats.atomic_write_bytes(path, _LASTMODIFIED.sub(b"", buffer.getvalue(), count=1))
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
