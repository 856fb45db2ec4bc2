"""The explorer's file: self-contained, deterministic, escaped; its data; its command.

What the page does in a browser is tested in ``test_explorer_browser.py``.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import realist as rl
from realist.errors import FileWriteError, GraphvizNotFoundError, ValidationError
from realist.render import explorer
from realist.render.diagrams import to_diagram
from realist.render.explorer import explorer_data, explorer_html, fill_template, script_json

REPO = Path(__file__).resolve().parents[1]
REALIST = Path(sys.executable).with_name("realist")


class Page(HTMLParser):
    """The parts of the page that matter: elements with their attributes, and the
    text of each script and style element."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.raw:
            self._in = tag
            self.raw[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw[self._in][-1] += data


@pytest.fixture(scope="module")
def hipp_page() -> str:
    return explorer_html(rl.datasets.load("hipp"))


# ---------------------------------------------------------------- the file


@pytest.mark.graphviz
def test_the_file_fetches_nothing(hipp_page: str) -> None:
    page = Page(hipp_page)
    tags = [tag for tag, _ in page.tags]
    assert "link" not in tags and "img" not in tags and "iframe" not in tags
    for tag, attrs in page.tags:
        for name in ("src", "href", "xlink:href", "action", "srcset"):
            assert name not in attrs, (tag, attrs)
    # the only URLs are the SVG namespaces, which are names, never fetched
    assert set(re.findall(r"https?://[^\s\"'<>)]+", hipp_page)) <= {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
    }
    assert "url(" not in "".join(page.raw["style"]) and "@import" not in hipp_page
    for call in ("fetch(", "XMLHttpRequest", "WebSocket", "import(", "innerHTML", "eval("):
        assert call not in "".join(page.raw["script"])


@pytest.mark.graphviz
def test_policy_allows_only_the_inline_script_and_style(hipp_page: str) -> None:
    page = Page(hipp_page)
    meta = [a for t, a in page.tags if t == "meta" and a.get("http-equiv")]
    csp = str(meta[0]["content"])
    assert csp.startswith("default-src 'none';")
    code = page.raw["script"][1:]  # the first is the data (tested below)
    assert len(code) == 1 and len(page.raw["style"]) == 1
    for text in (*code, *page.raw["style"]):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "unsafe" not in csp


@pytest.mark.graphviz
def test_data_in_the_page_is_the_explorer_data(hipp_page: str) -> None:
    page = Page(hipp_page)
    scripts = [a for t, a in page.tags if t == "script"]
    assert [a.get("type") for a in scripts] == ["application/json", None]
    data = json.loads(page.raw["script"][0])
    assert data == json.loads(script_json(explorer_data(rl.datasets.load("hipp"))))
    # the network's nodes are named by position, never by a user's id
    ids = set(re.findall(r'<g id="([^"]+)" class="node"', hipp_page))
    assert ids == {f"n{i}" for i in range(len(data["nodes"]))} & ids and ids


@pytest.mark.graphviz
def test_same_project_same_bytes_across_hash_seeds(tmp_path: Path) -> None:
    rl.datasets.load("hipp").save(tmp_path / "hipp.yaml")
    outputs = []
    for seed in ("0", "1", "random"):
        out = tmp_path / f"explorer-{seed}.html"
        done = subprocess.run(
            [str(REALIST), "explore", str(tmp_path / "hipp.yaml"), "-o", str(out)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=False,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    in_process = explorer_html(rl.datasets.load("hipp")).encode()
    assert outputs[0] == outputs[1] == outputs[2] == in_process


# ---------------------------------------------------------------- escaping


@given(st.text())
def test_script_json_never_ends_its_element(text: str) -> None:
    out = script_json({"label": text, "quote": f"</script>{text}<!--"})
    assert not set(out) & set("<>&\u2028\u2029")
    assert json.loads(out) == {"label": text, "quote": f"</script>{text}<!--"}


@pytest.mark.graphviz
@settings(max_examples=15, deadline=None)
@given(st.text(min_size=1).filter(lambda s: s.strip()))
def test_any_label_comes_back_as_text(label: str) -> None:
    p = rl.Project(title=label)
    _ = p.add_case("a", label)
    ev = p.add_evidence(source=p.add_source("s", title=label), quote=label)
    p.add_configuration(
        case="a",
        mechanisms=[p.add_mechanism(label, id="m")],
        outcomes=[p.add_outcome(label + "!", id="o")],
        evidence=[ev],
    )
    page = Page(explorer_html(p))
    assert [t for t, _ in page.tags].count("script") == 2
    data = json.loads(page.raw["script"][0])
    assert data["nodes"][0]["label"] == p.elements["m"].label
    assert data["evidence"][0]["quote"] == p.evidence[0].quote


def test_fill_template_replaces_each_marker_once() -> None:
    assert fill_template("<a><!--@x@--><!--@y@--></a>", {"x": "<!--@y@-->", "y": "1"}) == (
        "<a><!--@y@-->1</a>"
    )
    with pytest.raises(ValidationError, match="markers"):
        fill_template("<!--@x@-->", {"x": "", "y": ""})


def test_the_template_has_a_marker_for_each_part() -> None:
    template = (REPO / "src/realist/render/explorer_assets/template.html").read_text()
    assert set(re.findall(r"<!--@([a-z]+)@-->", template)) == {
        "csp",
        "title",
        "style",
        "svg",
        "data",
        "script",
    }


def test_the_module_imports_nothing_heavy() -> None:
    tree = ast.parse(Path(explorer.__file__).read_text())
    top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    names = {a.name for n in top if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module or "" for n in top if isinstance(n, ast.ImportFrom)}
    heavy = {"pandas", "numpy", "matplotlib", "graphviz", "networkx"}
    assert not {name.split(".")[0] for name in names} & heavy


# ---------------------------------------------------------------- data


def test_arrows_carry_the_configurations_behind_them(small: rl.Project) -> None:
    small.add_configuration(
        case="b",
        contexts=["c-history"],
        mechanisms=["m-champions"],
        outcomes=["o-vision"],
        status="refuted",
        id="k3",
    )
    data = explorer_data(small)
    ids = [n["id"] for n in data["nodes"]]
    configs = [k["id"] for k in data["configs"]]
    arrows = {(ids[e["s"]], ids[e["t"]]): e for e in data["edges"]}
    champions = arrows["m-champions", "o-vision"]
    assert [configs[k] for k in champions["configs"]] == ["k1"]
    assert [configs[k] for k in champions["refuted"]] == ["k3"]
    assert [configs[k] for k in arrows["m-consultancy", "o-plan"]["configs"]] == ["k2"]
    assert arrows["o-vision", "c-vision-held"]["link"] == "becomes"
    assert not arrows["o-vision", "c-vision-held"]["configs"]
    # every configuration is there, with its Table 3 columns and marks
    k2 = data["configs"][configs.index("k2")]
    assert [[g[0] for g in column] for column in k2["table3"]] == [
        ["Political", "Other"],
        ["Project level", "Programme level"],
        ["Intended project outcomes"],
    ]
    assert [ids[n] for n in k2["constraining"]] == ["c-turbulence"]
    # quotes with source, case and location
    quotes = {e["quote"]: e for e in data["evidence"]}
    first = quotes["we had worked together for years"]
    assert first["location"] == "characters 3–36"
    assert data["sources"][first["source"]]["kind"] == "interview"
    assert data["cases"][data["sources"][first["source"]]["case"]]["id"] == "a"
    assert quotes["budgets were devolved"]["location"] == "p. 4"


def test_regularities_are_listed_strongest_first() -> None:
    project = rl.datasets.load("hipp")
    data = explorer_data(project)
    ids = [n["id"] for n in data["nodes"]]
    found = rl.find_regularities(project, min_cases=2)
    assert [[ids[n] for n in r["elements"]] for r in data["regularities"]] == [
        list(r.elements) for r in found
    ]
    assert data["regularities_found"] == len(found)


@pytest.mark.graphviz
def test_weight_and_title_reach_the_page(small: rl.Project) -> None:
    data = explorer_data(small, title="For the steering group", weight="sources")
    assert data["title"] == "For the steering group" and data["weight"] == "sources"
    page = explorer_html(small, title="For the steering group", weight="sources")
    assert "<title>For the steering group</title>" in page
    # the key under the network says what the width counts, and no filter (the page has them)
    assert "Arrow width: number of sources" in page and "Filters:" not in page


# ---------------------------------------------------------------- errors


def test_wrong_arguments_are_one_clear_error(small: rl.Project, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="explore needs a Project"):
        rl.explore(small.configurations[0], tmp_path / "x.html")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="weight='people'"):
        rl.explore(small, tmp_path / "x.html", weight="people")  # type: ignore[arg-type]
    assert not (tmp_path / "x.html").exists()


@pytest.mark.graphviz
def test_a_folder_is_not_written_to(small: rl.Project, tmp_path: Path) -> None:
    with pytest.raises(FileWriteError, match="is a folder"):
        rl.explore(small, tmp_path)


def test_missing_dot_is_graphviz_not_found(
    small: rl.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizNotFoundError, match="Install Graphviz"):
        rl.explore(small, tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()


# ---------------------------------------------------------------- the command


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REALIST), *args], capture_output=True, text=True, timeout=120, cwd=cwd, check=False
    )


@pytest.mark.graphviz
def test_command_writes_the_explorer(small: rl.Project, tmp_path: Path) -> None:
    small.save(tmp_path / "small.yaml")
    done = run(
        "explore", "small.yaml", "-o", "out/explorer.html", "--title", "Ours", "--weight",
        "sources", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "wrote out/explorer.html\n" and done.stderr == ""
    text = (tmp_path / "out/explorer.html").read_text(encoding="utf-8")
    assert text == explorer_html(small, title="Ours", weight="sources")


def test_command_errors_are_one_message(tmp_path: Path) -> None:
    done = run("explore", "missing.yaml", "-o", "x.html", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("realist explore: missing.yaml")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    (tmp_path / "bad.yaml").write_text("title: [unclosed\n")
    done = run("explore", "bad.yaml", "-o", "x.html", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("realist explore: ")
    assert not (tmp_path / "x.html").exists()
    done = run("explore", "bad.yaml", cwd=tmp_path)
    assert done.returncode == 2 and "-o/--output" in done.stderr


# ---------------------------------------------------------------- layouts


def dot_sources(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The DOT texts rendered from now on (rendering still happens)."""
    from realist.render import dot

    seen: list[str] = []
    real = dot.render

    def spy(source: str, *args: object, **kwargs: object) -> bytes:
        seen.append(source)
        return real(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dot, "render", spy)
    return seen


@pytest.mark.graphviz
def test_auto_layout_turns_to_layers_above_the_limit(
    small: rl.Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = dot_sources(monkeypatch)
    explorer_html(small)
    assert "layout=neato" not in seen[-1]
    monkeypatch.setattr(explorer, "DOT_MAX_EDGES", 2)
    page = explorer_html(small)
    assert "layout=neato" in seen[-1]
    assert page == explorer_html(small, layout="layered")
    with pytest.raises(ValidationError, match="layout='circle'"):
        explorer_html(small, layout="circle")  # type: ignore[arg-type]


@pytest.mark.graphviz
def test_layered_layout_pins_every_node_in_its_column(monkeypatch: pytest.MonkeyPatch) -> None:
    project = rl.datasets.load("hipp")
    seen = dot_sources(monkeypatch)
    page = explorer_html(project, layout="layered")
    data = explorer_data(project)
    pinned = dict(re.findall(r'\t(n\d+) \[pos="([-\d.]+),[-\d.]+!"\]', seen[-1]))
    drawn = set(re.findall(r'<g id="(n\d+)" class="node"', page))
    assert set(pinned) == drawn
    x = {int(n[1:]): float(v) for n, v in pinned.items()}
    # every arrow runs left to right, but inside a cycle (a chain back to its start)
    import networkx as nx

    graph = nx.DiGraph([(e["s"], e["t"]) for e in data["edges"]])
    cycle = {n: i for i, scc in enumerate(nx.strongly_connected_components(graph)) for n in scc}
    backward = [e for e in data["edges"] if x[e["s"]] >= x[e["t"]]]
    assert all(cycle[e["s"]] == cycle[e["t"]] for e in backward)
    assert len(backward) < len(data["edges"]) / 10
    assert len(re.findall(r'class="edge"', page)) == len(data["edges"])


def test_a_layout_that_takes_too_long_says_what_to_do(
    small: rl.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from realist.render import dot

    def slow(source: str, *args: object, **kwargs: object) -> bytes:
        return real(source, *args, **{**kwargs, "timeout": 1e-6})  # type: ignore[arg-type]

    real = dot.render

    monkeypatch.setattr(dot, "render", slow)
    with pytest.raises(ValidationError, match="layout='layered'"):
        rl.explore(small, tmp_path / "x.html", layout="dot")
    assert not (tmp_path / "x.html").exists()


def test_a_tall_layer_is_wrapped_into_columns_left_of_the_next() -> None:
    from realist.render.explorer import _layered_positions

    p = rl.Project(title="Many contexts")
    contexts = [p.add_context(f"Context {i}", id=f"c{i}") for i in range(300)]
    p.add_configuration(
        contexts=contexts,
        mechanisms=[p.add_mechanism("M", id="m")],
        outcomes=[p.add_outcome("O", id="o")],
    )
    pos = _layered_positions(to_diagram(p))
    xs = {pos[c.id][0] for c in contexts}
    assert len(xs) > 3  # several columns, not one 300 boxes tall
    assert max(xs) < pos["m"][0] < pos["o"][0]
    width = max(x for x, _ in pos.values()) - min(x for x, _ in pos.values())
    height = max(y for _, y in pos.values()) - min(y for _, y in pos.values())
    assert height < 2 * width
    # read column by column, top to bottom: the order of the layer is kept
    order = sorted(contexts, key=lambda c: (pos[c.id][0], -pos[c.id][1]))
    assert len({pos[c.id] for c in contexts}) == 300 and order[0].id == "c0"
