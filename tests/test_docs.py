"""The user guide's examples run: every ```python block of each page, in order."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
PAGES = sorted(p for p in DOCS.rglob("*.md") if BLOCK.search(p.read_text(encoding="utf-8")))


def test_there_are_pages_with_examples() -> None:
    assert {p.name for p in PAGES} >= {"getting-started.md", "data-model.md", "analysis.md"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_page_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for i, match in enumerate(BLOCK.finditer(page.read_text(encoding="utf-8")), 1):
        code = compile(match.group(1), f"{page.name}[block {i}]", "exec")
        exec(code, namespace)  # the documentation's own examples
    assert os.getcwd() == str(tmp_path)


def test_site_builds_strictly(tmp_path: Path) -> None:
    """mkdocs --strict fails on a broken link, a missing page or an API name that moved."""
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(tmp_path)],
        cwd=DOCS.parent,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert (tmp_path / "api" / "model" / "index.html").exists()
    assert "add_configuration" in (tmp_path / "api" / "model" / "index.html").read_text(
        encoding="utf-8"
    )
