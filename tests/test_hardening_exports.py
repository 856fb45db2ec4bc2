"""Exports that lose nothing and stay valid, whatever the labels hold.

Hostile text (control characters, U+FFFE, lone surrogates, LaTeX specials,
names that formats keep for themselves) goes through every writer: GraphML,
GEXF, Cytoscape JSON, the REFI-QDA codebook, matplotlib SVG and LaTeX tables.
"""

from __future__ import annotations

import json
import re
import subprocess
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import realist as rl
from conftest import require_program
from realist.io._xmltext import xml_text
from realist.io.codebook import codebook_xml, write_qdc
from realist.io.graph_exchange import (
    CYTOSCAPE_EDGE_KEYS,
    CYTOSCAPE_NODE_KEYS,
    plain_graph,
    to_cytoscape,
    write_cytoscape,
    write_gexf,
    write_graphml,
)
from realist.io.qdpx import read_qdpx
from realist.render.tables import PaperTable, latex_escape

#: Every kind of character XML 1.0 cannot hold, between words (the model refuses
#: lone surrogates in labels, but attribute values may hold them).
NASTY = "a\x00b\x0bc\x1fd\ufffee\uffff f"
CLEAN = "a b c d e  f"
SURROGATE = "lone\ud800surrogate"


# ---------------------------------------------------------------------- Cytoscape


def _clashing_project() -> rl.Project:
    p = rl.Project(title="t")
    p.add_case(
        "a",
        "Case A",
        attributes={
            "id": "x",
            "name": "a name",
            "value": 3,
            "parent": "nowhere",
            "source": "s",
            "attr_id": "already there",
        },
    )
    m = p.add_mechanism("Champions")
    o = p.add_outcome("Vision")
    p.add_configuration(cases=["a"], mechanisms=[m], outcomes=[o], id="k1")
    return p


def test_cytoscape_keeps_reserved_fields_and_renames_clashing_attributes() -> None:
    data = to_cytoscape(_clashing_project(), case_nodes=True)
    nodes = {n["data"]["value"]: n["data"] for n in data["elements"]["nodes"]}
    case = nodes["a"]
    assert (case["id"], case["name"], case["value"]) == ("a", "Case A", "a")
    assert "parent" not in case and "source" not in case  # no compound node, no edge look
    assert case["attr_name"] == "a name"
    assert case["attr_value"] == 3
    assert case["attr_parent"] == "nowhere"
    assert case["attr_source"] == "s"
    # "id" would become "attr_id", which is taken: one more prefix, nothing lost
    assert (case["attr_attr_id"], case["attr_id"]) == ("x", "already there")
    assert {"id", "name", "value", "parent"} <= CYTOSCAPE_NODE_KEYS
    assert {"id", "source", "target", "key"} <= CYTOSCAPE_EDGE_KEYS
    ids = [n["data"]["id"] for n in data["elements"]["nodes"]]
    assert len(ids) == len(set(ids)) == 3
    G = nx.cytoscape_graph(data)
    assert set(G.nodes) == {"a", "m-champions", "o-vision"}
    assert G.number_of_edges() == 3  # m->o and the case's two


def test_gexf_and_cytoscape_share_one_renaming_rule() -> None:
    G = plain_graph(_clashing_project(), case_nodes=True)
    case = G.nodes["a"]
    assert (case["attr_attr_id"], case["attr_id"]) == ("x", "already there")


def test_cytoscape_file_keeps_lone_surrogates_and_control_characters(tmp_path: Path) -> None:
    p = rl.Project(title="t")
    p.add_mechanism(NASTY, id="m-1")
    p.add_case("a", "Case A", attributes={"note": SURROGATE})
    out = write_cytoscape(p, tmp_path / "p.cyjs", case_nodes=True)
    data = json.loads(out.read_bytes().decode("utf-8"))  # strict UTF-8: valid JSON text
    nodes = {n["data"]["id"]: n["data"] for n in data["elements"]["nodes"]}
    assert nodes["m-1"]["label"] == NASTY  # nothing lost
    assert nodes["a"]["note"] == SURROGATE


# ---------------------------------------------------------------------- GraphML / GEXF


def _nasty_project() -> rl.Project:
    p = rl.Project(title=f"title {NASTY}", description=NASTY)
    p.add_theme("vision", f"theme {NASTY}")
    p.add_case("a", f"case {NASTY}", attributes={"note": NASTY, f"key{NASTY}": "v", "s": SURROGATE})
    m = p.add_mechanism(f"m {NASTY}", id="m-1", description=f"tab\tand\nnewline {NASTY}")
    o = p.add_outcome(f"o {NASTY}", id="o-1", themes=["vision"])
    p.add_configuration(cases=["a"], mechanisms=[m], outcomes=[o], id="k1", themes=["vision"])
    return p


@pytest.mark.parametrize("writer", ["graphml", "gexf"])
def test_graphml_and_gexf_stay_valid_xml_with_control_characters(
    tmp_path: Path, writer: str
) -> None:
    p = _nasty_project()
    if writer == "graphml":
        out = write_graphml(p, tmp_path / "p.graphml", case_nodes=True)
        ET.parse(out)
        G = nx.read_graphml(out, force_multigraph=True)
        assert G.graph["title"] == f"title {CLEAN}"
    else:
        out = write_gexf(p, tmp_path / "p.gexf", case_nodes=True)
        ET.parse(out)
        G = nx.read_gexf(out)
    assert G.nodes["m-1"]["label"] == f"m {CLEAN}"
    assert G.nodes["m-1"]["description"] == f"tab\tand\nnewline {CLEAN}"
    assert G.nodes["o-1"]["themes"] == "vision"
    assert G.nodes["a"]["label"] == f"case {CLEAN}"
    assert G.nodes["a"]["note"] == CLEAN
    assert G.nodes["a"][f"key{CLEAN}"] == "v"
    assert G.nodes["a"]["s"] == "lone surrogate"
    assert G.number_of_nodes() == 3 and G.number_of_edges() == 3


def test_xml_text_is_the_rule_of_the_codebook_too() -> None:
    p = rl.Project(title="t")
    p.add_mechanism(f"m {NASTY}", description=NASTY)
    text = codebook_xml(p)
    ET.fromstring(text.encode("utf-8"))
    assert f'name="m {CLEAN}"' in text and f"<Description>{CLEAN}</Description>" in text
    assert xml_text(NASTY) == CLEAN


# ---------------------------------------------------------------------- properties

_LABEL = st.text(min_size=1, max_size=12).filter(lambda s: s.strip() != "")


@st.composite
def _projects(draw: st.DrawFn) -> rl.Project:
    p = rl.Project(title=draw(_LABEL))
    n = draw(st.integers(1, 4))
    mechanisms = [p.add_mechanism(draw(_LABEL), id=f"m-{i}") for i in range(n)]
    outcomes = [p.add_outcome(draw(_LABEL), id=f"o-{i}") for i in range(n)]
    key = draw(st.sampled_from(["id", "name", "value", "parent", "start", "note", "x\x00"]))
    p.add_case("a", draw(_LABEL), attributes={key: draw(st.text(max_size=6))})
    for i in range(draw(st.integers(0, 3))):
        p.add_configuration(
            cases=["a"],
            mechanisms=[mechanisms[i % n]],
            outcomes=[outcomes[(i + 1) % n]],
            id=f"k{i}",
        )
    return p


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(project=_projects())
def test_graph_exports_of_any_labels_read_back_whole(
    project: rl.Project, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("exports")
    source = rl.to_networkx(project, case_nodes=True)
    n, m = source.number_of_nodes(), source.number_of_edges()
    G = nx.read_graphml(write_graphml(project, folder / "p.graphml", case_nodes=True))
    assert (G.number_of_nodes(), G.number_of_edges()) == (n, m)
    G = nx.read_gexf(write_gexf(project, folder / "p.gexf", case_nodes=True))
    assert (G.number_of_nodes(), G.number_of_edges()) == (n, m)
    for node in project.elements.values():
        assert G.nodes[node.id]["label"] == xml_text(node.label)
    out = write_cytoscape(project, folder / "p.cyjs", case_nodes=True)
    G = nx.cytoscape_graph(json.loads(out.read_bytes().decode("utf-8")))
    assert (G.number_of_nodes(), G.number_of_edges()) == (n, m)
    for node in project.elements.values():
        assert G.nodes[node.id]["label"] == node.label


# ---------------------------------------------------------------------- SVG figures


def _svg_project() -> rl.Project:
    p = rl.Project(title="t")
    p.add_theme("vision", "Shared\x0bvision\ufffe")
    p.add_case("a", "Case\x1fA\ufffe")
    p.add_case("b", "Case\x0bB\ufffe\x01")
    c = p.add_context("History\ufffe\x0b", id="c-1")
    m = p.add_mechanism("Champ\x0bions\x1f\ufffe", id="m-1")
    o = p.add_outcome("Vis\x1fion\ufffe\x02", id="o-1")
    for case in ("a", "b"):
        p.add_configuration(
            case=case, contexts=[c], mechanisms=[m], outcomes=[o], themes=["vision"]
        )
    return p


@pytest.mark.parametrize("figure", ["case-matrix", "case-matrix-elements", "regularities"])
def test_svg_figures_stay_valid_xml_with_control_characters(tmp_path: Path, figure: str) -> None:
    from realist.render.figures import plot_case_matrix, plot_regularities, save_figure

    p = _svg_project()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # missing glyphs
        if figure == "case-matrix":
            ax = plot_case_matrix(p)
        elif figure == "case-matrix-elements":
            ax = plot_case_matrix(p, cols="elements")
        else:
            ax = plot_regularities(rl.find_regularities(p), project=p)
        out = save_figure(ax, tmp_path / "f.svg")
    ET.parse(out)
    texts = [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", t) for t in texts)


def test_svg_diagram_stays_valid_xml_with_control_characters(tmp_path: Path) -> None:
    import matplotlib.pyplot as plt

    p = _svg_project()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ax = rl.draw(p.configurations[0], project=p, backend="matplotlib")
        out = tmp_path / "d.svg"
        ax.figure.savefig(out, format="svg")
    ET.parse(out)
    plt.close(ax.figure)


# ---------------------------------------------------------------------- LaTeX

_UNESCAPE = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\textless{}": "<",
    r"\textgreater{}": ">",
    r"\textbar{}": "|",
    "{[}": "[",
    "{]}": "]",
    "{*}": "*",
}


def _latex_tokens(text: str) -> list[str]:
    """Characters, control words (``\\name``), control symbols and ``{[}``-style groups."""
    return re.findall(r"\\text[a-z]+\{\}|\{[\[\]*]\}|\\[A-Za-z]+ ?|\\.|.", text, flags=re.DOTALL)


def _unescape(latex: str) -> str:
    """The text a cell prints, read back from its LaTeX source."""
    out = []
    for token in _latex_tokens(latex):
        if token in _UNESCAPE:
            out.append(_UNESCAPE[token])
        elif len(token) == 2 and token[0] == "\\" and not token[1].isalpha():
            out.append(token[1])  # \& \% \$ \# \_ \{ \}
        else:
            assert token not in set("\\&%$#_{}~^"), f"unescaped {token!r} in {latex!r}"
            out.append(token)
    return "".join(out)


_HOSTILE_CELLS = [
    "[0pt] swallowed?",
    "*starred",
    "a & b % c $ d # e _ f { g } h ~ i ^ j \\ k",
    "\\\\[2pt] \\midrule",
    "line\nbreak\n\nparagraph\r\nwindows\x0bvertical\x0cfeed",
    "control\x00\x01\x07\x1b\x7fcharacters",
    "] closing [",
    "<less> |bar|",
]


@pytest.mark.parametrize("text", _HOSTILE_CELLS)
def test_latex_escape_round_trips_every_special(text: str) -> None:
    escaped = latex_escape(text)
    assert "\n" not in escaped and not re.search("[\x00-\x1f\x7f]", escaped)
    expected = " ".join(re.sub("[\x00-\x1f\x7f]", " ", text).split())
    assert _unescape(escaped) == expected


def _hostile_table() -> PaperTable:
    rows: list[list[list[Any]]] = [[[cell], [cell]] for cell in _HOSTILE_CELLS]
    rows.append([[("[Heading]", ["*x", "[y]"])], ["[z]"]])
    return PaperTable(columns=["[First]", "*Second"], rows=rows, caption="[cap] & *", notes=["[n]"])


def test_latex_rows_never_start_with_an_optional_argument_or_a_star() -> None:
    latex = _hostile_table().to_latex()
    # after \\, \toprule, \midrule, \addlinespace LaTeX looks past spaces for "[" or "*"
    for match in re.finditer(r"(\\\\|\\(?:top|mid|bottom)rule|\\addlinespace)\s*(.)", latex):
        assert match.group(2) not in "[*", latex[match.start() : match.end() + 20]


def test_latex_table_with_hostile_cells_compiles(tmp_path: Path) -> None:
    pdflatex = require_program("pdflatex")  # Debian's texlive-latex-base
    body = _hostile_table().to_latex()
    doc = (
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n"
        "\\usepackage{booktabs}\n\\begin{document}\n" + body + "\n\\end{document}\n"
    )
    (tmp_path / "t.tex").write_text(doc, encoding="utf-8")
    run = subprocess.run(
        [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "t.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "t.pdf").exists()
    log = (tmp_path / "t.log").read_text(encoding="latin-1")
    assert "Missing number" not in log and "Illegal unit" not in log


# ---------------------------------------------------------------------- codebook round trip


def test_qdc_round_trip_keeps_labels_holding_double_colons(tmp_path: Path) -> None:
    p = rl.Project(title="t")
    p.add_context("Policy::turbulence")
    p.add_mechanism("Ratio 2::1 funding")
    p.add_outcome("Vision::shared")
    back = read_qdpx(write_qdc(p, tmp_path / "t.qdc"))
    for kind in ("contexts", "mechanisms", "outcomes"):
        assert [e.label for e in getattr(back, kind)] == [e.label for e in getattr(p, kind)]


def test_qdc_round_trip_keeps_labels_that_look_like_prefixes(tmp_path: Path) -> None:
    p = rl.Project(title="t")
    p.add_context("M: not a mechanism")
    p.add_mechanism("O: ratio 2::1 funding")
    p.add_outcome("Outcome::stalled")
    back = read_qdpx(write_qdc(p, tmp_path / "t.qdc"))
    for kind in ("contexts", "mechanisms", "outcomes"):
        assert [e.label for e in getattr(back, kind)] == [e.label for e in getattr(p, kind)]


def test_qdc_writes_double_colons_as_they_are(tmp_path: Path) -> None:
    p = rl.Project(title="t")
    p.add_mechanism("Ratio 2::1 funding")
    assert 'name="Ratio 2::1 funding"' in codebook_xml(p)


def test_qdc_labels_differing_only_in_case_are_kept_apart_as_codes(tmp_path: Path) -> None:
    """The codebook keeps both; merging them into one element is the reader's rule.

    ``read_qdpx`` merges elements whose labels are identical ignoring case and
    spacing (so that two coders' "Local champions" and "local  champions" meet):
    both codes come back with their own labels and GUIDs, one element stands for
    both, and the report says so. The writer cannot (and should not) avoid it.
    """
    p = rl.Project(title="t")
    p.add_mechanism("Local champions", id="m-1")
    p.add_mechanism("local champions", id="m-2")
    text = codebook_xml(p)
    assert 'name="Local champions"' in text and 'name="local champions"' in text
    back, report = read_qdpx(write_qdc(p, tmp_path / "t.qdc"), report=True)
    assert [c.label for c in back.codes if c.parent is not None] == [
        "Local champions",
        "local champions",
    ]
    assert [m.label for m in back.mechanisms] == ["Local champions"]
    assert len(back.mechanisms[0].attributes["codes"].split()) == 2  # type: ignore[union-attr]
    assert any("merged" in w.message for w in report.warnings)
