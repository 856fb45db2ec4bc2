"""Imports go one way: model -> graph -> analysis -> io/render -> cli.

The import graph is parsed from the source (every ``import`` statement,
including those inside functions; only those under ``if TYPE_CHECKING:``, which
never run, are left out), so a lazy import cannot hide a wrong direction.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "realist"

#: Each module's layer: a module may import its own layer and those below.
LAYERS: list[tuple[str, ...]] = [
    ("realist.errors", "realist._ids", "realist._formats", "realist._progress"),
    ("realist.model",),
    ("realist.selection", "realist.graph"),
    ("realist.analysis",),
    ("realist.io", "realist.render", "realist.datasets"),
    ("realist.cli", "realist"),
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    base = SRC.joinpath(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _type_checking_blocks(tree: ast.AST) -> set[int]:
    """ids of the statements under ``if TYPE_CHECKING:`` (they never run)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skip.update(id(n) for n in ast.walk(child))
    return skip


def imports_of(path: Path) -> set[str]:
    """The realist modules `path` imports (``from realist import x`` names x)."""
    me = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_blocks(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "realist")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = me if path.name == "__init__.py" else me.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{node.module}" if node.module else package
            else:
                base = node.module or ""
            if base.split(".")[0] != "realist":
                continue
            subs = [f"{base}.{a.name}" for a in node.names if _is_module(f"{base}.{a.name}")]
            found.update(subs if subs and len(subs) == len(node.names) else [base, *subs])
    found.discard(me)
    return found


def import_graph() -> nx.DiGraph:
    G = nx.DiGraph()
    for path in sorted(PACKAGE.rglob("*.py")):
        me = _module_name(path)
        G.add_node(me)
        for other in imports_of(path):
            G.add_edge(me, other)
    return G


def layer(module: str) -> int:
    best = (-1, -1)  # (length of the longest matching prefix, layer)
    for n, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                best = max(best, (len(prefix), n))
    assert best[1] >= 0, f"{module} is in no layer: add it to LAYERS"
    return best[1]


def test_every_module_is_in_a_layer_and_imports_none_above_it() -> None:
    G = import_graph()
    assert G.number_of_nodes() > 40
    upward = sorted(
        f"{a} (layer {layer(a)}) imports {b} (layer {layer(b)})"
        for a, b in G.edges
        if layer(b) > layer(a)
    )
    assert upward == []


def test_the_import_graph_has_no_cycles() -> None:
    cycles = sorted(" -> ".join(c) for c in nx.simple_cycles(import_graph()))
    assert cycles == []


def test_the_model_imports_nothing_of_analysis_io_or_render() -> None:
    reached = nx.descendants(import_graph(), "realist.model")
    assert reached <= {"realist.errors", "realist._ids", "realist._formats"}


def test_the_parser_sees_lazy_imports_and_ignores_type_checking_ones(tmp_path: Path) -> None:
    # The checker itself must be able to fail: an import inside a function is an edge.
    fake = PACKAGE / "model.py"
    edges = imports_of(fake)
    assert "realist.errors" in edges and "realist._formats" in edges
    text = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import realist.cli\n"
    text += "def f():\n    from realist.render import diagrams\n"
    probe = PACKAGE / "_layers_probe.py"
    probe.write_text(text, encoding="utf-8")
    try:
        assert imports_of(probe) == {"realist.render.diagrams"}
    finally:
        probe.unlink()


def test_import_realist_is_cheap() -> None:
    """``import realist`` loads neither pandas, numpy, matplotlib nor graphviz."""
    code = (
        "import sys, realist\n"
        "heavy = ['pandas', 'numpy', 'matplotlib', 'graphviz', 'scipy', 'rapidfuzz', 'openpyxl']\n"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert run.stdout.strip() == ""


def test_every_public_name_resolves_and_is_listed() -> None:
    """The names that load on first use resolve, and dir() lists them (tab completion)."""
    code = (
        "import realist as rl\n"
        "assert sorted(set(rl.__all__) - set(dir(rl))) == [], 'not in dir()'\n"
        "missing = [n for n in rl.__all__ if getattr(rl, n, None) is None]\n"
        "assert missing == [], missing\n"
        "assert rl.read_table.__module__ == 'realist.io.tables'\n"
        "try:\n    rl.no_such_name\nexcept AttributeError as e:\n    print(e)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert run.stdout.strip() == "module 'realist' has no attribute 'no_such_name'"
