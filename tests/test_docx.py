"""Word tables: the .docx reopens with python-docx and holds every table, cell by cell."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

import realist as rl
from conftest import require_module
from realist.errors import MissingDependencyError, ValidationError


def test_tables_reopen_with_their_cells_captions_and_notes(tmp_path: Path) -> None:
    docx = require_module("docx")
    p = rl.datasets.load("hipp")
    t3 = rl.configuration_table(p, "cfg-table3", caption="Table 1. Our configuration")
    cm = rl.cmoc_table(p, ["cfg-sandwell-vision"], max_quote_chars=40)
    path = rl.write_docx(
        [t3, cm], tmp_path / "out" / "tables.docx", title="HIPP", paragraphs=["Methods."]
    )
    doc = docx.Document(str(path))
    assert len(doc.tables) == 2
    texts = [para.text for para in doc.paragraphs]
    assert "Table 1. Our configuration" in texts and "Methods." in texts
    assert any("cut at a word" in t for t in texts)
    first = doc.tables[0]
    assert [c.text for c in first.rows[0].cells] == ["Context", "Mechanism", "Outcome"]
    assert "Socio-economic: " in first.rows[1].cells[0].text
    assert "Defined disadvantaged communities" in first.rows[1].cells[0].text
    bold = [r.text for r in first.rows[1].cells[0].paragraphs[0].runs if r.bold]
    assert bold == ["Socio-economic: "]
    second = doc.tables[1]
    assert second.rows[0].cells[-1].text == "Illustrative quotes"
    assert second.rows[1].cells[0].text == "Sandwell"
    assert second.rows[1].cells[-1].text.startswith("“") and "…" in second.rows[1].cells[-1].text


def test_a_table_writes_itself(tmp_path: Path) -> None:
    docx = require_module("docx")
    table = rl.PaperTable(columns=["A & B", "<C>"], rows=[[["x"], ["y", "z"]]])
    doc = docx.Document(str(table.to_docx(tmp_path / "t.docx")))
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["A & B", "<C>"]
    assert doc.tables[0].rows[1].cells[1].text == "y\nz"


def test_wrong_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"t\.doc: a Word document ends in \.docx"):
        rl.write_docx([], tmp_path / "t.doc")


def test_missing_python_docx_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_docx(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "docx" or name.startswith("docx."):
            raise ImportError("No module named 'docx'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_docx)
    with pytest.raises(MissingDependencyError) as info:
        rl.write_docx([], tmp_path / "t.docx")
    assert 'pip install "realist[docx]"' in str(info.value)
    assert 'pip install -e ".[docx]"' in str(info.value)
    assert not (tmp_path / "t.docx").exists()
