"""Structure of the diagrams: DOT nodes, clusters, escaping, determinism, missing dot."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

import realist as rl
from conftest import require_program
from realist.errors import GraphvizNotFoundError, RealistError
from realist.render.diagrams import draw, to_diagram
from realist.render.dot import render

HOSTILE = 'Say "no" <b>{x}</b> \\ café & 50%\\'


@pytest.fixture
def project() -> rl.Project:
    p = rl.Project(title="Test <project>")
    p.add_theme("vision", "Shared strategic vision")
    for c in ("a", "b", "c"):
        p.add_case(c, f"Case {c.upper()}")
    p.add_source("int-1", kind="interview", case="a")
    ev = p.add_evidence(source="int-1", quote="q")
    c1 = p.add_context(HOSTILE, category="cultural", id="c-hostile")
    c2 = p.add_context("Policy turbulence", category="political", id="c-turb")
    m = p.add_mechanism("Local champions", level="project", id="m-champ")
    o1 = p.add_outcome("Shared vision", tier="process", id="o-vision")
    o2 = p.add_outcome("Stalled", tier="service", id="o-stall")
    c3 = p.add_context("Vision in place", id="c-vision")
    o3 = p.add_outcome("Joint plan", id="o-plan")
    for case in ("a", "b"):
        p.add_configuration(
            case=case,
            contexts=[c1],
            mechanisms=[m],
            outcomes=[o1],
            themes=["vision"],
            status="supported",
            evidence=[ev] if case == "a" else None,
        )
    p.add_configuration(
        case="c",
        contexts=[c1, c2],
        constraining=[c2],
        mechanisms=[m],
        outcomes=[o1, o2],
        unintended=[o2],
        id="k-table3",
        label="Example configuration",
    )
    p.add_configuration(case="c", contexts=[c3], mechanisms=[m], outcomes=[o3], id="k-next")
    p.add_link(o1, "becomes", c3)
    return p


def test_configuration_dot_has_columns_groups_and_escaped_labels(project: rl.Project) -> None:
    g = draw(project.get("k-table3", rl.Configuration), project=project)
    src = g.source
    for cluster in ("cluster_context", "cluster_mechanism", "cluster_outcome"):
        assert f"subgraph {cluster} {{" in src
    assert "<B>Cultural</B>" in src
    assert "<B>Political</B>" in src
    assert "<B>Project level</B>" in src
    assert "<B>Process outcomes</B>" in src
    assert "<B>Service outcomes</B>" in src
    assert 'id="c-hostile"' in src
    assert 'id="m-champ"' in src
    assert "&quot;no&quot;" in src
    assert "&lt;b&gt;{x}&lt;/b&gt;" in src
    assert "caf&#233;" in src
    assert HOSTILE not in src
    # constraining and unintended look different
    line = next(x for x in src.splitlines() if 'id="c-turb"' in x)
    assert "dashed" in line
    assert "#D55E00" in line
    assert "constraining" in line
    line = next(x for x in src.splitlines() if 'id="o-stall"' in x)
    assert "dashed" in line
    assert "unintended" in line


def test_network_dot_widths_filters_and_legend(project: rl.Project) -> None:
    src = draw(project).source
    assert "c_hostile -> m_champ [penwidth=4.0" in src  # 3 cases: the widest
    assert "o_vision -> c_vision" in src
    assert "style=dashed" in src
    assert "Filters: none (whole project)" in src
    assert "Rests on 4 configurations from 3 cases, 1 source and 1 excerpt" in src
    sliced = draw(project, theme="vision", min_cases=2).source
    assert "Filters: theme = vision; arrows in at least 2 cases" in sliced
    assert "o_stall" not in sliced
    assert "c_turb" not in sliced


def test_regularity_diagram(project: rl.Project) -> None:
    from realist.analysis.regularities import find_regularities

    regs = find_regularities(project, min_cases=2)
    src = draw(regs[0], project=project).source
    assert "Regularity across 3 cases" in src
    assert "Supporting cases (3): Case A, Case B, Case C" in src


def test_deterministic_dot(project: rl.Project) -> None:
    assert draw(project).source == draw(project).source
    k = project.get("k-table3", rl.Configuration)
    assert draw(k, project=project).source == draw(k, project=project).source


def test_bad_input_is_a_realist_error(project: rl.Project) -> None:
    with pytest.raises(RealistError):
        draw(project, backend="svg")  # type: ignore[arg-type]
    with pytest.raises(RealistError):
        draw(project, min_cases=0)
    with pytest.raises(KeyError):
        draw(project, theme="nothing")
    with pytest.raises(RealistError):
        draw(42)  # type: ignore[arg-type]


@pytest.mark.graphviz
def test_svg_parses_holds_labels_and_is_deterministic(project: rl.Project) -> None:
    require_program("dot")
    k = project.get("k-table3", rl.Configuration)
    svg = render(draw(k, project=project).source, "svg")
    assert svg == render(draw(k, project=project).source, "svg")
    root = ET.fromstring(svg)
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Local champions" in texts
    assert "café" in texts
    assert '"no"' in texts
    pdf1 = render(draw(project).source, "pdf")
    assert pdf1 == render(draw(project).source, "pdf")


@pytest.mark.graphviz
def test_save_writes_every_format(project: rl.Project, tmp_path: object) -> None:
    require_program("dot")
    g = draw(project)
    for suffix, magic in ((".svg", b"<?xml"), (".pdf", b"%PDF"), (".png", b"\x89PNG")):
        path = g.write(tmp_path / f"net{suffix}")
        assert path.read_bytes().startswith(magic)
    assert g._repr_svg_().startswith("<?xml")


def test_missing_dot_raises_one_clear_error(project: rl.Project) -> None:
    code = (
        "import realist as rl, sys\n"
        "from realist.render.diagrams import draw\n"
        "p = rl.Project(title='t')\n"
        "k = p.add_configuration(mechanisms=p.add_mechanism('M'), outcomes=p.add_outcome('O'))\n"
        "g = draw(k, project=p)\n"
        "assert 'cluster_context' in g.source\n"
        "for call in (lambda: g.save('x.svg'), lambda: g.pipe(format='svg'), g._repr_svg_):\n"
        "    try:\n"
        "        call()\n"
        "    except rl.GraphvizNotFoundError as e:\n"
        "        assert 'Install Graphviz' in str(e) and isinstance(e, RuntimeError)\n"
        "    else:\n"
        "        sys.exit('no error')\n"
        "ax = draw(k, project=p, backend='matplotlib')\n"
        "assert {'M', 'O'} <= {t.get_text() for t in ax.texts}\n"
        "print('ok')\n"
    )
    env = {**os.environ, "PATH": "", "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    assert issubclass(GraphvizNotFoundError, RealistError)


def test_matplotlib_backend_network(project: rl.Project) -> None:
    import matplotlib.pyplot as plt

    ax = draw(project, backend="matplotlib")
    labels = {t.get_text() for t in ax.texts}
    assert "Local champions" in labels
    assert "Joint plan" in labels
    gids = {p.get_gid() for p in ax.patches}
    assert {"c-hostile", "m-champ", "o-vision"} <= gids
    plt.close(ax.figure)


def test_import_realist_stays_light() -> None:
    code = (
        "import sys, realist, realist.render.diagrams, realist.render.figures, "
        "realist.render.tables\n"
        "print(any(m in sys.modules for m in ('matplotlib', 'graphviz')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_key_lines_left_aligned_and_swatches_fixed(project: rl.Project) -> None:
    import re

    themes = [project.add_theme(f"theme-{i}", f"A fairly long theme label {i}") for i in range(6)]
    k = project.add_configuration(
        mechanisms=["m-champ"],
        outcomes=["o-plan", "o-vision"],
        anticipated=["o-plan"],
        themes=themes,
        id="k-key",
    )
    src = draw(k, project=project).source
    label = next(line for line in src.splitlines() if line.strip().startswith("label=<<TABLE"))
    themes_cell = re.search(r"<TD[^>]*>(Themes: .*?)</TD>", label)
    assert themes_cell is not None
    assert themes_cell.group(1).count("<BR") >= 2  # wrapped onto two lines or more
    # Graphviz centres a line that no <BR ALIGN="LEFT"/> ends: the last line too.
    assert themes_cell.group(1).endswith('<BR ALIGN="LEFT"/>')
    swatches = re.findall(r'<TD [^>]*BORDER="1"[^>]*>', label)
    assert swatches
    assert all('FIXEDSIZE="TRUE" WIDTH="14" HEIGHT="10"' in s for s in swatches)
    # the italic note has room under it
    line = next(x for x in src.splitlines() if 'id="o-plan"' in x)
    assert "<I>anticipated</I>" in line
    assert 'margin="0.08,0.07"' in line


def test_min_cases_drops_mechanisms_left_without_an_outcome(project: rl.Project) -> None:
    c = project.add_context("Shared history", id="c-history")
    m = project.add_mechanism("Partnership work", id="m-partner")
    for case in ("a", "b"):  # the context -> mechanism arrow rests on two cases ...
        project.add_configuration(
            case=case, contexts=[c], mechanisms=[m], outcomes=[project.add_outcome(f"O {case}")]
        )
    # ... each mechanism -> outcome arrow on one: at min_cases=2 nothing of it is left
    d = to_diagram(project, min_cases=2)
    ids = {n.id for n in d.nodes}
    assert "m-partner" not in ids
    assert "c-history" not in ids
    assert all("m-partner" not in (e.source, e.target) for e in d.edges)
    # every mechanism drawn has an arrow out, every context an arrow to a mechanism
    sources = {e.source for e in d.edges if not e.link}
    for n in d.nodes:
        if n.kind in ("context", "mechanism"):
            assert n.id in sources, n.id
    assert "m-partner" in {n.id for n in to_diagram(project).nodes}


def test_hipp_network_fits_a_page() -> None:
    p = rl.datasets.load("hipp")
    src = draw(p, min_cases=2).source
    assert 'size="7.2,9"' in src  # larger drawings shrink to a journal page
    assert "rankdir=TB" in src  # deep chains run down the page, not across it
    assert "m_partnership_development" not in src
    assert "Filters: arrows in at least 2 cases" in src
    # a short network keeps chains running left to right
    q = rl.Project(title="t")
    q.add_configuration(mechanisms=q.add_mechanism("M"), outcomes=q.add_outcome("O"))
    assert "rankdir=LR" in draw(q).source


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    import struct
    import zlib

    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        chunks.append((kind, body))
        pos += 12 + length
    return chunks


@pytest.mark.graphviz
def test_graphviz_png_stores_300_dpi_and_fits_a_page(project: rl.Project, tmp_path: object) -> None:
    import struct

    require_program("dot")
    for graph in (draw(project), draw(project.get("k-table3", rl.Configuration), project=project)):
        path = graph.write(tmp_path / "x.png")
        chunks = _png_chunks(path.read_bytes())
        kinds = [k for k, _ in chunks]
        assert kinds[0] == b"IHDR"
        assert kinds.count(b"pHYs") == 1
        assert kinds.index(b"pHYs") < kinds.index(b"IDAT")
        x, y, unit = struct.unpack(">IIB", dict(chunks)[b"pHYs"])
        assert (x, y, unit) == (11811, 11811, 1)  # 300 dpi, in pixels per metre
        width, _height = struct.unpack(">II", dict(chunks)[b"IHDR"][:8])
        assert width / 300 <= 7.2 + 0.01  # no wider than a journal page


def test_evidence_counts_per_element_only_when_excerpts_record_elements(
    project: rl.Project,
) -> None:
    project.add_source("doc-1", kind="document", case="c")
    plain = [project.add_evidence(source="doc-1", quote=f"q{i}") for i in range(5)]
    k = project.add_configuration(
        case="c", mechanisms=["m-champ"], outcomes=["o-vision"], evidence=plain, id="k-ev"
    )
    d = to_diagram(k, project=project, evidence=True)
    assert all("excerpt" not in n.note for n in d.nodes)  # no "0 excerpts" on every box
    assert sum("5 excerpts" in line for line in d.legend) == 1  # the total, once
    coded = project.add_evidence(source="doc-1", quote="c", elements=["m-champ"])
    k.evidence.append(coded.id)
    d = to_diagram(k, project=project, evidence=True)
    notes = {n.id: n.note for n in d.nodes}
    assert notes["m-champ"] == "1 excerpt"
    assert notes["o-vision"] == "0 excerpts"
    assert any("1 of 6 excerpts record elements" in line for line in d.legend)


#: Labels that once broke Graphviz or its XML, and what a reader should see of each.
AWKWARD = {
    "]": "]",  # Graphviz's HTML-label lexer fails on a label that is just "]" ...
    "]]": "]]",  # ... or "]]"
    "a\ufffeb": "a\ufffdb",  # XML refuses U+FFFE and U+FFFF: "invalid character number"
    "c\uffffd": "c\ufffdd",
    "e\ufdd0f": "e\ufffdf",  # the other non-characters are replaced too
    "g\U0010ffffh": "g\ufffdh",
    "ctl\x00\x1b\x7f\x85z": "ctl z",
    HOSTILE: HOSTILE,
    'It\'s "quoted" & <tagged>': 'It\'s "quoted" & <tagged>',
    "{braces} \\back\\slash\\ [x]": "{braces} \\back\\slash\\ [x]",
    "new\nline\ttab": "new line tab",
    "emoji 🙂 👩🏽‍🔬": "emoji 🙂 👩🏽‍🔬",
    "RTL עברית العربية": "RTL עברית العربية",
}


@pytest.mark.graphviz
@pytest.mark.parametrize("label", list(AWKWARD), ids=[repr(k) for k in AWKWARD])
def test_awkward_labels_render_with_dot(label: str) -> None:
    require_program("dot")
    p = rl.Project(title=label)  # the bold title of the key
    p.add_theme("t", label)
    for case in ("a", "b"):
        p.add_case(case, f"{label} {case}")
    ctx = p.add_context(label, category=label, id="c-x")  # a bold group title too
    m = p.add_mechanism(label, id="m-x")
    o = p.add_outcome(label, id="o-x")
    for case in ("a", "b"):
        p.add_configuration(
            case=case, contexts=[ctx], mechanisms=[m], outcomes=[o], themes=["t"], label=label
        )
    k = p.configurations[0]
    expected = " ".join(AWKWARD[label].split())
    for graph in (draw(p), draw(k, project=p), draw(p, evidence=True)):
        svg = render(graph.source, "svg")  # dot accepts the DOT ...
        root = ET.fromstring(svg)  # ... and writes well-formed XML
        texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
        assert any(expected in " ".join(t.split()) for t in texts), (expected, texts)
