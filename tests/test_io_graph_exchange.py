"""GraphML, GEXF and Cytoscape export, each read back by networkx."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

import realist as rl
from realist.io.graph_exchange import (
    plain_graph,
    to_cytoscape,
    write_cytoscape,
    write_gexf,
    write_graphml,
)

PLAIN = (str, int, float, bool)


def test_plain_graph_has_only_plain_attributes(small: rl.Project) -> None:
    G = plain_graph(small, cases=True)
    for _, data in G.nodes(data=True):
        assert all(isinstance(v, PLAIN) for v in data.values()), data
    for *_, data in G.edges(keys=True, data=True):
        assert all(isinstance(v, PLAIN) for v in data.values()), data
    assert all(isinstance(v, PLAIN) for v in G.graph.values())
    assert G.edges["c-turbulence", "m-champions", "k2"]["cases"] == "a; b"
    assert G.edges["c-turbulence", "m-champions", "k2"]["role"] == "constraining"


def test_graphml_round_trip(small: rl.Project, tmp_path: Path) -> None:
    out = write_graphml(small, tmp_path / "small.graphml")
    G = nx.read_graphml(out, force_multigraph=True)
    source = rl.to_networkx(small)
    assert set(G.nodes) == set(source.nodes)
    assert sorted(G.edges(keys=True)) == sorted(source.edges(keys=True))
    assert G.nodes["m-champions"]["label"] == "Local champions"
    assert G.nodes["m-champions"]["level"] == "project"
    assert G.nodes["c-history"]["category"] == "cultural"
    edge = G.edges["m-champions", "o-plan", "k2"]
    assert (edge["themes"], edge["status"], edge["intended"]) == ("leadership", "refined", True)
    link = G.edges["o-vision", "c-vision-held", "link-1"]
    assert (link["part"], link["relation"]) == ("link", "becomes")


def test_graphml_filters_pass_through(small: rl.Project, tmp_path: Path) -> None:
    out = write_graphml(small, tmp_path / "a.graphml", case="a", links=False)
    G = nx.read_graphml(out, force_multigraph=True)
    assert {k for *_, k in G.edges(keys=True)} == {"k1", "k2"}
    assert G.graph["case"] == "a"


def test_gexf_round_trip(small: rl.Project, tmp_path: Path) -> None:
    out = write_gexf(small, tmp_path / "small.gexf")
    G = nx.read_gexf(out)
    source = rl.to_networkx(small)
    assert set(G.nodes) == set(source.nodes)
    assert G.number_of_edges() == source.number_of_edges()
    assert G.nodes["o-vision"]["label"] == "Shared strategic vision"
    assert G.nodes["o-vision"]["kind"] == "outcome"
    assert G.nodes["m-consultancy"]["themes"] == ""
    assert G.nodes["o-vision"]["tier"] == "process"
    configs = sorted(d["configuration"] for *_, d in G.edges(data=True) if "configuration" in d)
    assert configs.count("k2") == 2 * 2 + 2 * 1  # contexts x mechanisms + mechanisms x outcomes


def test_cytoscape_round_trip(small: rl.Project, tmp_path: Path) -> None:
    data = to_cytoscape(small)
    json.dumps(data)  # plain JSON types only
    out = write_cytoscape(small, tmp_path / "small.cyjs")
    G = nx.cytoscape_graph(json.loads(out.read_text(encoding="utf-8")))
    assert set(G.nodes) == set(rl.to_networkx(small).nodes)
    assert G.nodes["m-champions"]["name"] == "Local champions"
    edges = data["elements"]["edges"]
    ids = [e["data"]["id"] for e in edges]
    assert len(ids) == len(set(ids))
    k2 = [e["data"] for e in edges if e["data"].get("configuration") == "k2"]
    assert k2[0]["cases"] == ["a", "b"]


def test_writes_are_deterministic(small: rl.Project, tmp_path: Path) -> None:
    for writer, name in ((write_graphml, "g.graphml"), (write_cytoscape, "g.cyjs")):
        a = writer(small, tmp_path / ("1" + name)).read_bytes()
        b = writer(small, tmp_path / ("2" + name)).read_bytes()
        assert a == b
