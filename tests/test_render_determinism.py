"""The same project gives the same files, byte for byte, in every process.

Python salts the hash of strings per process (``PYTHONHASHSEED``), so any
order that follows a set or a hash would differ between two runs of the same
script: each figure and diagram is drawn in two processes with different seeds
and the bytes compared.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import optional_program

_SCRIPT = """
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import realist as rl

out = Path(sys.argv[1])
with_dot = sys.argv[2] == "1"
p = rl.datasets.load("hipp")
k = p.configurations[0]
figures = {
    "case-matrix": rl.plot_case_matrix(p),
    "case-matrix-elements": rl.plot_case_matrix(p, rows="source kinds", cols="elements"),
    "regularities": rl.plot_regularities(rl.find_regularities(p), project=p),
    "evidence": rl.plot_evidence(p),
    "xy": rl.plot_xy(
        rl.minimize(
            rl.truth_table(
                p,
                outcome="o-prioritising",
                conditions=["m-needs-assessment", "m-consultancy", "c-national-turbulence"],
                incl_cut=0.7,
            )
        )
    ),
    "network-mpl": rl.draw(p, backend="matplotlib"),
    "network-mpl-2": rl.draw(p, backend="matplotlib", min_cases=2),
    "configuration-mpl": rl.draw(k, project=p, backend="matplotlib"),
}
for name, ax in figures.items():
    for suffix in ("svg", "pdf"):
        rl.save_figure(ax, out / f"{name}.{suffix}")
    plt.close(ax.figure)
if with_dot:
    for name, graph in (
        ("network-dot", rl.draw(p)),
        ("network-dot-2", rl.draw(p, min_cases=2)),
        ("configuration-dot", rl.draw(k, project=p)),
    ):
        (out / f"{name}.dot").write_text(graph.source, encoding="utf-8")
        graph.save(out / f"{name}.svg")
"""


def _run(out: Path, seed: str, with_dot: bool) -> dict[str, bytes]:
    out.mkdir()
    env = {**os.environ, "PYTHONHASHSEED": seed, "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(out), "1" if with_dot else "0"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


def test_every_figure_and_diagram_is_the_same_across_hash_seeds(tmp_path: Path) -> None:
    with_dot = optional_program("dot") is not None  # without it, the figures only
    first = _run(tmp_path / "seed-1", "1", with_dot)
    second = _run(tmp_path / "seed-2", "2", with_dot)
    assert first.keys() == second.keys()
    assert {"network-mpl.svg", "network-mpl.pdf", "xy.svg"} <= first.keys()
    if with_dot:
        assert {"network-dot.svg", "configuration-dot.svg"} <= first.keys()
    differ = sorted(name for name in first if first[name] != second[name])
    assert differ == []
