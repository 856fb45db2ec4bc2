"""GraphML, GEXF and Cytoscape export, each read back by networkx."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

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
    G = plain_graph(small, case_nodes=True)
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


def test_writes_are_deterministic(
    small: rl.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import networkx.readwrite.gexf as gexf

    for writer, name in (
        (write_graphml, "g.graphml"),
        (write_cytoscape, "g.cyjs"),
        (write_gexf, "g.gexf"),
    ):
        a = writer(small, tmp_path / ("1" + name)).read_bytes()
        with monkeypatch.context() as m:  # the next day
            m.setattr(gexf.time, "strftime", lambda *_: "2099-12-31")
            b = writer(small, tmp_path / ("2" + name)).read_bytes()
        assert a == b, name


def test_gexf_mixed_types_and_reserved_attribute_names(tmp_path: Path) -> None:
    p = rl.Project(title="t")
    p.add_case(
        "a",
        "Case A",
        attributes={"phase": 2006, "id": "x", "start": "2005", "end": 3, "pid": "p", "viz": "v"},
    )
    p.add_case("b", "Case B", phase="baseline", score=0.5)
    p.add_case("c", "Case C", phase=True, score=2)
    m = p.add_mechanism("Champions")
    o = p.add_outcome("Vision")
    p.add_configuration(cases=["a", "b", "c"], mechanisms=[m], outcomes=[o], id="k1")
    G = nx.read_gexf(write_gexf(p, tmp_path / "p.gexf", case_nodes=True))
    assert set(G.nodes) == {"a", "b", "c", "m-champions", "o-vision"}
    a, b, c = G.nodes["a"], G.nodes["b"], G.nodes["c"]
    assert (a["label"], a["phase"], b["phase"], c["phase"]) == (
        "Case A",
        "2006",
        "baseline",
        "True",
    )
    assert (b["score"], c["score"]) == ("0.5", "2")
    assert {k: a[f"attr_{k}"] for k in ("id", "start", "end", "pid", "viz")} == {
        "id": "x",
        "start": "2005",
        "end": 3,
        "pid": "p",
        "viz": "v",
    }
    out = write_graphml(p, tmp_path / "p.graphml", case_nodes=True)
    assert nx.read_graphml(out, force_multigraph=True).nodes["b"]["phase"] == "baseline"
