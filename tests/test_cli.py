"""The `realist` command: demo, validate, summary; errors without tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import realist as rl
from realist.cli import main


def test_validate_ok_and_bad(
    small: rl.Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = small.save(tmp_path / "good.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "title: x\nmechanisms:\n- {id: m, label: M}\nconfigurations:\n"
        "- {id: k, mechanisms: [m], outcomes: [o-none]}\n",
        encoding="utf-8",
    )
    assert main(["validate", str(good)]) == 0
    assert "ok " in capsys.readouterr().out
    assert main(["validate", str(good), str(bad)]) == 1
    captured = capsys.readouterr()
    assert "configurations[0].outcomes[0] (line 5): unknown id 'o-none'" in captured.err
    assert str(bad) in captured.err and "Traceback" not in captured.err


def test_summary(small: rl.Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = small.save(tmp_path / "p.json")
    assert main(["summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Small evaluation\n================\n")
    assert "a  Case A  2  [country=England, phase=2006]" in out
    assert "Configurations by status: supported 1, refined 1" in out


def test_summary_of_missing_file_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summary", str(tmp_path / "none.yaml")]) == 1
    err = capsys.readouterr().err
    assert err.strip().endswith("none.yaml: no such file") and "Traceback" not in err


def test_demo_writes_the_hipp_project(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    project = rl.load(out / "hipp.yaml")
    assert project == rl.datasets.load("hipp")
    assert rl.load(out / "hipp.json") == project
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert summary.startswith(project.title)
    analysis = (out / "analysis.txt").read_text(encoding="utf-8")
    for section in (
        "Recurring elements by theme",
        "Closed CMO regularities",
        "Contrasts",
        "Evidence per configuration",
        "Hypotheses",
        "Label merges to review",
    ):
        assert section in analysis
    assert "Consultancy support [3: nottingham, sandwell, telford-wrekin]" in analysis
    for stem in ("table3-configuration", "programme-theory", "case-theme-matrix", "regularities"):
        for suffix in (".svg", ".pdf", ".png"):
            assert (out / f"{stem}{suffix}").stat().st_size > 1000
    assert "\\toprule" in (out / "table4-regularities.tex").read_text(encoding="utf-8")
    assert "History of working together" in (out / "table4-regularities.md").read_text(
        encoding="utf-8"
    )


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "realist.cli", "validate", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "not valid JSON" in run.stderr and "Traceback" not in run.stderr


def test_bad_command_line_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2


def test_import_prints_the_report_and_writes_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "cmocs.csv"
    sheet.write_text(
        "case,context,mechanism,outcome,status\n"
        "Sandwell,History of working together,Local champions,Shared vision,supported\n"
        "Nottingham,,Local champions,Shared vision,supported\n",
        encoding="utf-8",
    )
    out = tmp_path / "project.yaml"
    assert main(["import", str(sheet), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "rows: 2" in printed and f"wrote {out}" in printed
    project = rl.load(out)
    assert len(project.configurations) == 2 and len(project.mechanisms) == 1


def test_import_bad_rows_are_listed_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text(
        "case,mechanism,outcome,status\nA,,X,supported\nB,M,Y,proven\n", encoding="utf-8"
    )
    out = tmp_path / "never.yaml"
    assert main(["import", str(sheet), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv" in err and "row 2" in err and "row 3" in err and "Traceback" not in err
    assert not out.exists()


def test_demo_into_a_file_and_import_to_a_bad_suffix_fail_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("x", encoding="utf-8")
    assert main(["demo", "--out", str(blocker)]) == 1
    assert "cannot create the demo folder" in capsys.readouterr().err
    sheet = tmp_path / "s.csv"
    sheet.write_text("case,mechanism,outcome\nA,M,O\n", encoding="utf-8")
    assert main(["import", str(sheet), "-o", str(tmp_path / "out.txt")]) == 1
    assert "unknown project-file suffix '.txt'" in capsys.readouterr().err


# ---------------------------------------------------------------- report, mine, draw


def _realist(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command as a user types it."""
    return subprocess.run(
        [sys.executable, "-m", "realist.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture
def hipp_file(tmp_path: Path) -> Path:
    return rl.datasets.load("hipp").save(tmp_path / "hipp.yaml")


def test_report_writes_tables_figures_and_an_index(hipp_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "paper"
    run = _realist(
        "report",
        str(hipp_file),
        "-o",
        str(out),
        "--max-quote-chars",
        "80",
        "--caption",
        "cmocs=Table 2. CMOcs & quotes",
    )
    assert run.returncode == 0, run.stderr
    tex = (out / "tables" / "cmocs.tex").read_text(encoding="utf-8")
    assert r"\caption{Table 2. CMOcs \& quotes}" in tex
    assert f"start from {out / 'index.md'}" in run.stdout
    index = (out / "index.md").read_text(encoding="utf-8")
    for name in ("tables/cmocs.tex", "tables/cmocs.docx", "figures/evidence-2.pdf"):
        assert f"({name})" in index and (out / name).stat().st_size > 0
    cmocs = (out / "tables" / "cmocs.md").read_text(encoding="utf-8")
    assert "Quotes longer than 80 characters are cut" in cmocs
    assert "methods-summary.txt" in index


def test_report_caption_of_no_table_is_one_message(hipp_file: Path, tmp_path: Path) -> None:
    run = _realist("report", str(hipp_file), "-o", str(tmp_path), "--caption", "tabel3=Mine")
    assert run.returncode == 1 and "'tabel3': no such table; the tables are" in run.stderr
    run = _realist("report", str(hipp_file), "-o", str(tmp_path), "--caption", "cmocs")
    assert run.returncode == 1 and "write TABLE=TEXT" in run.stderr
    assert not (tmp_path / "index.md").exists()


def test_report_of_a_missing_project_is_one_line(tmp_path: Path) -> None:
    run = _realist("report", str(tmp_path / "none.yaml"), "-o", str(tmp_path / "out"))
    assert run.returncode == 1
    assert run.stderr.strip().endswith("none.yaml: no such file")
    assert "Traceback" not in run.stderr


def test_mine_regularities_elements_contrasts(hipp_file: Path, tmp_path: Path) -> None:
    run = _realist("mine", str(hipp_file), "--min-cases", "3")
    assert run.returncode == 0, run.stderr
    assert "Community based needs assessment" in run.stdout
    assert "Consultancy support" not in run.stdout  # in two cases only
    csv = tmp_path / "vision.csv"
    run = _realist("mine", str(hipp_file), "elements", "--theme", "vision", "-o", str(csv))
    assert run.returncode == 0, run.stderr
    import pandas as pd

    table = pd.read_csv(csv)
    assert set(table["theme"]) == {"vision"} and "History of working together" in set(
        table["label"]
    )
    run = _realist("mine", str(hipp_file), "elements", "--by", "none")
    assert run.returncode == 0 and "theme_label" not in run.stdout
    run = _realist("mine", str(hipp_file), "contrasts", "--by", "mechanism")
    assert run.returncode == 0 and "Local champions" in run.stdout


def test_mine_wrong_options_are_one_message(hipp_file: Path) -> None:
    run = _realist("mine", str(hipp_file), "--by", "theme")
    assert run.returncode == 1 and "not regularities" in run.stderr
    run = _realist("mine", str(hipp_file), "-o", "out.xlsx")
    assert run.returncode == 1 and "out.xlsx" in run.stderr and ".csv" in run.stderr
    assert "Traceback" not in run.stderr


def test_draw_configuration_regularity_network(hipp_file: Path, tmp_path: Path) -> None:
    for args, name in (
        (["--configuration", "cfg-table3"], "k.svg"),
        (["--regularity", "1"], "r.svg"),
        (["--network", "--theme", "vision"], "net.svg"),
    ):
        run = _realist("draw", str(hipp_file), *args, "-o", str(tmp_path / name))
        assert run.returncode == 0, run.stderr
        assert (tmp_path / name).read_text(encoding="utf-8").lstrip().startswith("<")
    svg = (tmp_path / "r.svg").read_text(encoding="utf-8")
    assert "Regularity across 3 cases" in svg and "Prioritizing process for" in svg
    run = _realist("draw", str(hipp_file), "--regularity", "99", "-o", str(tmp_path / "x.svg"))
    assert run.returncode == 1 and "give a rank from realist mine" in run.stderr
    run = _realist("draw", str(hipp_file), "--configuration", "nope", "-o", str(tmp_path / "x.svg"))
    assert run.returncode == 1 and "nope" in run.stderr and "Traceback" not in run.stderr
    run = _realist("draw", str(hipp_file), "-o", str(tmp_path / "x.gif"))
    assert run.returncode == 1 and "x.gif" in run.stderr
