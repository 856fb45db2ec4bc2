"""realist's Digraph behaves as graphviz documents, and draws files with write()."""

from __future__ import annotations

import warnings
from pathlib import Path

import graphviz
import pytest

import realist as rl
from conftest import require_program


def test_save_writes_the_dot_source_as_graphviz_does(tmp_path: Path) -> None:
    g = rl.draw(rl.datasets.load("hipp"), min_cases=2)
    assert isinstance(g, graphviz.Digraph)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no deprecation on the documented use
        written = g.save(tmp_path / "network.gv")
        in_folder = g.save("net.gv", directory=tmp_path / "sub")
    assert written == str(tmp_path / "network.gv")
    assert Path(written).read_text(encoding="utf-8") == g.source
    plain = graphviz.Digraph(body=g.body, graph_attr=g.graph_attr)
    assert Path(in_folder).read_text(encoding="utf-8").startswith("digraph")
    assert Path(plain.save(tmp_path / "plain.gv")).read_text(encoding="utf-8").startswith("digraph")


def test_write_draws_by_suffix_and_dot_writes_the_source(tmp_path: Path) -> None:
    require_program("dot")
    g = rl.draw(rl.datasets.load("hipp").get("cfg-table3"))
    svg = g.write(tmp_path / "t3.svg")
    assert svg.read_bytes().lstrip().startswith(b"<?xml") and b"<svg" in svg.read_bytes()
    assert g.write(tmp_path / "t3.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert g.write(tmp_path / "t3.pdf").read_bytes()[:5] == b"%PDF-"
    assert g.write(tmp_path / "t3.dot").read_text(encoding="utf-8") == g.source
    with pytest.raises(rl.ValidationError, match=r"use a \.svg, \.pdf or \.png suffix"):
        g.write(tmp_path / "t3.jpg")


def test_save_with_a_picture_suffix_still_draws_it_with_a_deprecation(tmp_path: Path) -> None:
    require_program("dot")
    g = rl.draw(rl.datasets.load("hipp").get("cfg-table3"))
    with pytest.deprecated_call(match=r"diagram\.write\(path\)"):
        out = g.save(tmp_path / "old.svg")
    assert Path(out).read_bytes() == g.write(tmp_path / "new.svg").read_bytes()


def test_a_layout_that_takes_too_long_is_one_clear_error() -> None:
    require_program("dot")
    from realist.render.dot import render

    g = rl.draw(rl.datasets.load("hipp"))
    with pytest.raises(rl.errors.GraphvizTimeoutError, match=r"did not finish .* arrows\) in"):
        render(g.source, "svg", timeout=1e-6)


def test_graphviz_render_and_the_old_save_with_dpi_still_work(tmp_path: Path) -> None:
    require_program("dot")
    g = rl.draw(rl.datasets.load("hipp").get("cfg-table3"))
    out = Path(g.render(tmp_path / "d.svg", format="png"))  # graphviz: source, then d.svg.png
    assert out.name == "d.svg.png" and out.read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "d.svg").read_text(encoding="utf-8") == g.source
    with pytest.deprecated_call():
        old = Path(g.save(tmp_path / "old.png", dpi=150))
    assert old.read_bytes() == g.write(tmp_path / "new.png", dpi=150).read_bytes()
    with pytest.raises(rl.ValidationError, match=r"dpi= is for drawing"):
        g.save(tmp_path / "x.gv", dpi=150)
