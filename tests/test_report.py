"""write_report: every file a paper needs, linked from an index; LaTeX that compiles."""

from __future__ import annotations

import re
import subprocess
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.image as mpimg
import pandas as pd
import pytest

import realist as rl
from conftest import require_module, require_program

LINK = re.compile(r"\]\(([^)]+)\)")


@pytest.fixture(scope="module")
def hipp_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("report")
    p = rl.datasets.load("hipp")
    r = rl.find_regularities(p, min_cases=3)[0]
    rl.keep_regularity(
        p,
        r,
        "Community needs assessment led to a prioritising process",
        cerqual={
            "methodological_limitations": {"concern": "minor", "explanation": "one paper"},
            "coherence": "no or very minor",
            "adequacy": {"concern": "serious", "explanation": "summaries, not transcripts"},
            "relevance": "minor",
            "overall": "high",
            "explanation": "three of five projects",
        },
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        paths = rl.write_report(p, out, captions={"cmocs": "Table 2. CMOcs & quotes"})
    return out, paths


def test_index_links_every_file_and_every_link_exists(hipp_report: tuple[Path, list[Path]]) -> None:
    out, paths = hipp_report
    assert paths[0] == out / "index.md"
    links = LINK.findall(paths[0].read_text(encoding="utf-8"))
    assert sorted(links) == sorted(p.relative_to(out).as_posix() for p in paths[1:])
    assert all((out / link).stat().st_size > 0 for link in links)
    assert {p.suffix for p in paths} == {
        ".md",
        ".tex",
        ".csv",
        ".docx",
        ".txt",
        ".svg",
        ".pdf",
        ".png",
    }


def test_tables_in_every_format(hipp_report: tuple[Path, list[Path]]) -> None:
    out, _ = hipp_report
    for stem in (
        "table3-configuration",
        "table4-regularities",
        "cmocs",
        "regularities",
        "confidence-summary",
        "confidence-profile",
    ):
        for suffix in (".md", ".tex", ".csv", ".docx"):
            assert (out / "tables" / f"{stem}{suffix}").exists(), (stem, suffix)
    cmocs = pd.read_csv(out / "tables" / "cmocs.csv")
    assert len(cmocs) == 33 and cmocs["Illustrative quotes"].str.startswith("“").all()
    md = (out / "tables" / "cmocs.md").read_text(encoding="utf-8")
    assert md.startswith("**Table 2. CMOcs & quotes**")
    # no caption the user did not set: Table 4 has none
    tex4 = (out / "tables" / "table4-regularities.tex").read_text(encoding="utf-8")
    assert r"\caption" not in tex4 and r"\begin{longtable}" in tex4
    profile = (out / "tables" / "confidence-profile.md").read_text(encoding="utf-8")
    assert "**Serious concerns**: summaries, not transcripts" in profile


def test_methods_and_confidence(hipp_report: tuple[Path, list[Path]]) -> None:
    out, _ = hipp_report
    text = (out / "methods-summary.txt").read_text(encoding="utf-8")
    assert text.startswith("The analysis drew on 7 sources")
    check = (out / "confidence-check.txt").read_text(encoding="utf-8")
    assert "overall 'high' with serious concerns about adequacy" in check
    assert pd.read_csv(out / "confidence.csv")["overall"].tolist() == ["high"]


def compile_latex(tex: Path, folder: Path) -> str:
    """Compile `tex` with pdflatex into `folder` (skipped locally without pdflatex); the log."""
    pdflatex = require_program("pdflatex")
    run = subprocess.run(
        [
            pdflatex,
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-no-shell-escape",
            "-output-directory",
            str(folder),
            str(tex),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    return (folder / tex.with_suffix(".log").name).read_text(encoding="latin-1")


def test_latex_document_compiles(hipp_report: tuple[Path, list[Path]], tmp_path: Path) -> None:
    out, _ = hipp_report
    log = compile_latex(out / "tables" / "tables.tex", tmp_path)
    assert "Overfull \\hbox" not in log  # ragged-right columns fit the text width
    written = re.search(r"Output written on .*?\((\d+) pages?", log.replace("\n", ""))
    assert written is not None and int(written.group(1)) > 1  # long tables break over pages


def test_docx_holds_every_table(hipp_report: tuple[Path, list[Path]]) -> None:
    docx = require_module("docx")
    out, _ = hipp_report
    doc = docx.Document(str(out / "tables" / "tables.docx"))
    assert len(doc.tables) == 6
    assert doc.paragraphs[1].text.startswith("The analysis drew on 7 sources")


def test_figures_fit_a_page(hipp_report: tuple[Path, list[Path]]) -> None:
    _, paths = hipp_report
    pngs = [p for p in paths if p.suffix == ".png"]
    assert {p.stem for p in pngs} >= {
        "case-theme-matrix",
        "regularities",
        "evidence-1",
        "evidence-2",
    }
    for png in pngs:
        height, width = mpimg.imread(png).shape[:2]
        assert width / 300 <= 7.25, png.name  # 300 dpi; 7.2 in and the saved margin
        assert height / 300 <= 9.8, png.name
    for pdf in (p for p in paths if p.suffix == ".pdf"):
        box = re.search(rb"/MediaBox \[\s*([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)", pdf.read_bytes())
        assert box is not None and float(box.group(3)) / 72 <= 7.25, pdf.name


def test_a_bare_project_says_what_it_left_out(tmp_path: Path) -> None:
    p = rl.Project(title="Bare")
    m, o = p.add_mechanism("M"), p.add_outcome("O")
    p.add_configuration(mechanisms=[m], outcomes=[o], id="k1")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        paths = rl.write_report(p, tmp_path)
    index = paths[0].read_text(encoding="utf-8")
    assert "## Not written" in index
    assert "- evidence: no configuration cites evidence" in index
    assert "- regularities: no regularity in 2 or more cases" in index
    cmocs = (tmp_path / "tables" / "cmocs.md").read_text(encoding="utf-8")
    assert "| Programme | – | M | O | – |" in cmocs
    empty = rl.write_report(rl.Project(title="Empty"), tmp_path / "empty")
    assert [p.name for p in empty][:2] == ["index.md", "methods-summary.txt"]
