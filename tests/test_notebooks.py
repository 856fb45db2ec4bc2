"""The notebooks in ``notebooks/`` run top to bottom, and are committed without outputs.

Each notebook is executed in a fresh ``python3`` kernel (ipykernel, from the
same environment as the tests) in a temporary working directory, so running
the suite leaves nothing in the repository. Besides "no cell errored", each
notebook has structural checks on its outputs, in ``CHECKS``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbclient  # the dev extra installs nbclient, nbformat and ipykernel
import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


def _outputs(nb: Any) -> list[Any]:
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]


def _texts(nb: Any) -> list[str]:
    """Every textual output: streams, and the text/markdown/html of results."""
    out = []
    for o in _outputs(nb):
        if o.output_type == "stream":
            out.append(str(o.text))
        for mime in ("text/plain", "text/markdown", "text/html", "text/latex"):
            data = o.get("data", {})
            if mime in data:
                out.append(str(data[mime]))
    return out


def _has_mime(nb: Any, mime: str) -> bool:
    return any(mime in o.get("data", {}) for o in _outputs(nb))


def _check_hipp_walkthrough(nb: Any) -> None:
    texts = _texts(nb)
    # Table 4, rendered with rl.regularity_table (Markdown and LaTeX).
    assert any("History of working together" in t and "| Theme | Context |" in t for t in texts), (
        "the Markdown Table 4 is missing"
    )
    assert any(r"\begin{tabular}" in t and "Consultancy support" in t for t in texts)
    # Table 3 as a table, and the diagrams (graphviz SVG) and figures (matplotlib PNG).
    assert any("Community development workers" in t for t in texts)
    svgs = [
        o["data"]["image/svg+xml"] for o in _outputs(nb) if "image/svg+xml" in o.get("data", {})
    ]
    assert len(svgs) >= 4, f"expected the Table 3, network and regularity diagrams, got {len(svgs)}"
    assert any("Not realistic to measure" in s for s in svgs)
    assert _has_mime(nb, "image/png"), "no matplotlib figure was shown"
    # Regularities with their counter-cases, chains, QCA, and saved files.
    assert any("counter_cases" in t for t in texts)
    assert any("cfg-telford-wrekin-leadership" in t for t in texts)
    assert any("Whole systems event sets priorities" in t and "→" in t for t in texts)
    assert any("m-needs-assessment -> o-prioritising" in t for t in texts)
    assert any("case-theme-matrix.svg" in t and "table3.png" in t for t in texts)


#: Structural checks per notebook (file name -> function of the executed notebook).
CHECKS: dict[str, Callable[[Any], None]] = {
    "hipp_walkthrough.ipynb": _check_hipp_walkthrough,
}


def test_there_are_notebooks() -> None:
    assert PATHS, f"no notebooks in {NOTEBOOKS}"
    assert "hipp_walkthrough.ipynb" in {p.name for p in PATHS}


def test_every_notebook_has_checks() -> None:
    missing = sorted(p.name for p in PATHS if p.name not in CHECKS)
    assert not missing, f"add structural checks for {missing} to CHECKS"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, f"{path.name}: cells {dirty} have outputs or execution counts; clear them"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_notebook_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        timeout=600,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:  # pragma: no cover - the failure path
        pytest.fail(f"{path.name}: a cell failed:\n{exc}")
    errors = [o for o in _outputs(nb) if o.output_type == "error"]
    assert not errors, f"{path.name}: {[(e.ename, e.evalue) for e in errors]}"
    assert list(tmp_path.iterdir()) == [], f"{path.name} left files in its working directory"
    CHECKS[path.name](nb)
