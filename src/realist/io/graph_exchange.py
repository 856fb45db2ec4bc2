"""The project graph for other tools: GraphML, GEXF (Gephi) and Cytoscape JSON.

Each writer starts from :func:`realist.graph.to_networkx` and hands the graph
to networkx's own writer, after making every attribute a plain type those
formats hold: lists (``themes``, ``cases``) become ``"; "``-joined strings,
missing values are left out, an attribute whose values are of mixed types
(``phase`` 2006 in one case, ``"baseline"`` in another) is written as text
everywhere, and attributes whose names the format keeps for itself (GEXF's
``id``, ``start``, ``end``, ``pid``, ``viz``, ...; Cytoscape's ``id``, ``name``,
``value``, ``parent``, ...) are renamed ``attr_<name>``, with one more
``attr_`` for as long as the new name is taken too, so nothing is overwritten.
GraphML and GEXF are XML, which cannot hold some characters at all (control
characters such as the ``\x0b`` Word pastes for a line break, U+FFFE, U+FFFF,
lone surrogates): there each of them becomes a space (the rule of
:func:`realist.io._xmltext.xml_text`, shared with the REFI-QDA codebook).
Cytoscape JSON keeps every character. Files are written atomically, and the
same project gives the same file, byte for byte.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from realist import _formats
from realist.graph import to_networkx
from realist.io._xmltext import xml_text, xml_value
from realist.model import Project

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "CYTOSCAPE_EDGE_KEYS",
    "CYTOSCAPE_NODE_KEYS",
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
#: Keys that Cytoscape.js and :func:`networkx.cytoscape_data` give a meaning of
#: their own in a node's or an edge's ``data`` (its id, its name and networkx
#: node, its compound parent, an edge's ends and key, Cytoscape desktop's
#: ``SUID``): other attributes of these names are renamed ``attr_<name>``.
CYTOSCAPE_NODE_KEYS = frozenset({"id", "name", "value", "parent", "source", "target", "SUID"})
CYTOSCAPE_EDGE_KEYS = frozenset({"id", "source", "target", "key", "parent", "SUID"})
_LASTMODIFIED = re.compile(rb' lastmodifieddate="[^"]*"')
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _renamed(
    data: dict[str, Any], reserved: frozenset[str] = frozenset(), clean: bool = False
) -> dict[str, Any]:
    r"""`data` with keys in `reserved` renamed ``attr_<key>`` (``attr_attr_<key>`` when taken).

    With `clean`, keys are first passed through :func:`xml_text`; a key that
    then equals another one is renamed the same way. Missing values are left
    out. The same rule serves every format, so a name comes out the same in
    GraphML, GEXF and Cytoscape JSON whenever the format keeps it.

    Examples
    --------
    >>> _renamed({"id": 1, "attr_id": 2, "label": "x", "gone": None}, frozenset({"id"}))
    {'attr_attr_id': 1, 'attr_id': 2, 'label': 'x'}
    >>> _renamed({"a\x00": 1, "a ": 2}, clean=True)
    {'attr_a ': 1, 'a ': 2}
    """
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        name = xml_text(key) if clean else key
        if name in reserved or name in out or (name != key and name in data):
            name = f"attr_{name}"
            while name in reserved or name in out or name in data:
                name = f"attr_{name}"
        out[name] = value
    return out


def _attrs(data: dict[str, Any], reserved: frozenset[str] = frozenset()) -> dict[str, Any]:
    return {k: _plain(v) for k, v in _renamed(data, reserved).items()}


def _xml_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of a :func:`plain_graph` whose keys and text XML can hold (see :mod:`._xmltext`)."""
    import networkx as nx

    def clean(data: dict[str, Any]) -> dict[str, Any]:
        return {k: xml_value(v) for k, v in _renamed(data, clean=True).items()}

    out = nx.MultiDiGraph()
    out.graph.update(clean(graph.graph))
    out.add_nodes_from((n, clean(d)) for n, d in graph.nodes(data=True))
    out.add_edges_from((u, v, k, clean(d)) for u, v, k, d in graph.edges(keys=True, data=True))
    return out


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
    >>> G = plain_graph(p, case_nodes=True)
    >>> G.nodes["a"]["phase"], G.nodes["b"]["phase"], G.nodes["a"]["attr_start"]
    ('2006', 'baseline', '2005-04')
    """
    import networkx as nx

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
    key. Keyword arguments go to :func:`realist.graph.to_networkx`. Characters
    XML cannot hold become spaces (see the module's notes).

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
    import networkx as nx

    path = Path(path)
    buffer = io.BytesIO()
    nx.write_graphml(_xml_graph(plain_graph(project, **options)), buffer)
    _formats.atomic_write_bytes(path, buffer.getvalue())
    return path


def write_gexf(project: Project, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write the project graph as GEXF 1.2, for Gephi.

    Node labels are element labels. Keyword arguments go to
    :func:`realist.graph.to_networkx`. The file carries no
    ``lastmodifieddate``, so the same project gives the same file on any day.
    Characters XML cannot hold become spaces (see the module's notes).

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
    import networkx as nx

    path = Path(path)
    graph = _xml_graph(plain_graph(project, **options))
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
    value is a plain JSON type. A node's ``id`` is its element (or case) id,
    ``name`` its label and ``value`` its networkx node; an edge's ``id`` is
    ``source|target|key``. Attributes that would overwrite these, or that
    Cytoscape reads itself (``parent`` makes compound nodes), are renamed
    ``attr_<name>`` (:data:`CYTOSCAPE_NODE_KEYS`, :data:`CYTOSCAPE_EDGE_KEYS`),
    the rule GEXF export follows for its own names.

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
    >>> _ = p.add_case("a", "Case A", attributes={"id": "x", "parent": "north"})
    >>> case = to_cytoscape(p, case_nodes=True)["elements"]["nodes"][-1]["data"]
    >>> case["id"], case["name"], case["attr_id"], case["attr_parent"]
    ('a', 'Case A', 'x', 'north')
    """
    import networkx as nx

    graph = to_networkx(project, **options)
    plain = nx.MultiDiGraph()
    plain.graph.update({k: v for k, v in graph.graph.items() if v is not None})

    def keep(d: dict[str, Any], reserved: frozenset[str]) -> dict[str, Any]:
        return {
            k: (list(v) if isinstance(v, list | tuple | set) else v)
            for k, v in _renamed(d, reserved).items()
        }

    plain.add_nodes_from(
        (n, {**keep(d, CYTOSCAPE_NODE_KEYS), "id": n, "name": d.get("label") or n})
        for n, d in graph.nodes(data=True)
    )
    plain.add_edges_from(
        (u, v, k, keep(d, CYTOSCAPE_EDGE_KEYS)) for u, v, k, d in graph.edges(keys=True, data=True)
    )
    data: dict[str, Any] = nx.cytoscape_data(plain)
    for edge in data["elements"]["edges"]:
        edge["data"]["id"] = (
            f"{edge['data']['source']}|{edge['data']['target']}|{edge['data']['key']}"
        )
    return data


def write_cytoscape(project: Project, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write :func:`to_cytoscape` as a ``.cyjs`` / ``.json`` file (UTF-8, sorted keys).

    Every character is kept: control characters are JSON escapes, and a lone
    surrogate (which UTF-8 cannot encode) is written as its ``\\udc80``-style
    escape, so the file is valid UTF-8 JSON and reads back the same text.

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
    # a lone surrogate can only sit inside a JSON string: its escape is the same string
    text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    _formats.atomic_write_text(path, text + "\n")
    return path
