"""Benchmark: crisp QCA, truth table + parsimonious solution, realist vs setqca vs pyqca.

Data: 1,000 cases, 8/10/12/14 crisp conditions drawn at random, outcome a clean
rule of three terms over seven conditions (C1*C2 + C3*~C4*C5 + C6*C7).
Each run happens in its own subprocess with a timeout, so a slow competitor
cannot hang the benchmark; after a timeout the larger sizes are skipped for
that tool. Competitors are benchmark-only extras, never dependencies:

    python benchmarks/bench_qca.py [--timeout 60] [--competitor-python PATH]

``--competitor-python`` (or the environment variable REALIST_BENCH_PYTHON)
names an interpreter where ``setqca`` and ``pyqca`` are installed, when they
cannot share realist's environment (setqca pins pandas < 3). The figures are
pace only: both competitors disagree with R QCA on some results.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

SIZES = (8, 10, 12, 14)
N_CASES = 1000

RUNNERS = {
    "realist": """
import time, pandas as pd
from realist.analysis.qca import truth_table, minimize
df = pd.read_csv(PATH)
t = time.perf_counter()
sol = minimize(truth_table(df, "Y", conditions=CONDS), include="?")
print(time.perf_counter() - t, sol.expression, sep="|")
""",
    "setqca": """
import time, pandas as pd
from setqca import CSQCA
df = pd.read_csv(PATH)
t = time.perf_counter()
res = CSQCA().fit(df, outcome="Y", conditions=CONDS)
print(time.perf_counter() - t, "", sep="|")
""",
    "pyqca": """
import time, pandas as pd
from qca import CSQCA
df = pd.read_csv(PATH)
t = time.perf_counter()
res = CSQCA(df, "Y", CONDS).fit(consistency_cutoff=1.0)
print(time.perf_counter() - t, "", sep="|")
""",
}
MODULES = {"realist": "realist", "setqca": "setqca", "pyqca": "qca"}


def make_data(k: int, seed: int = 0) -> pd.DataFrame:
    """1,000 crisp cases over `k` conditions; Y = C1*C2 + C3*~C4*C5 + C6*C7."""
    rng = np.random.default_rng(seed + k)
    x = rng.integers(0, 2, size=(N_CASES, k))
    y = (x[:, 0] & x[:, 1]) | (x[:, 2] & (1 - x[:, 3]) & x[:, 4]) | (x[:, 5] & x[:, 6])
    df = pd.DataFrame(x, columns=[f"C{i + 1}" for i in range(k)])
    df["Y"] = y
    return df


def installed(python: str, module: str) -> bool:
    code = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return subprocess.run([python, "-c", code], check=False).returncode == 0


def run(python: str, tool: str, path: Path, k: int, timeout: float) -> str:
    conds = [f"C{i + 1}" for i in range(k)]
    code = RUNNERS[tool].replace("PATH", repr(str(path))).replace("CONDS", repr(conds))
    try:
        done = subprocess.run(
            [python, "-c", code], capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return f"error: {last[:60]}"
    seconds = float(done.stdout.strip().splitlines()[-1].split("|")[0])
    return f"{seconds:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument(
        "--competitor-python", default=os.environ.get("REALIST_BENCH_PYTHON", sys.executable)
    )
    args = parser.parse_args()
    pythons = {
        "realist": sys.executable,
        "setqca": args.competitor_python,
        "pyqca": args.competitor_python,
    }
    available = {t: installed(pythons[t], MODULES[t]) for t in RUNNERS}
    results: dict[str, dict[int, str]] = {t: {} for t in RUNNERS}
    with tempfile.TemporaryDirectory() as tmp:
        for tool in RUNNERS:
            gave_up = False
            for k in SIZES:
                if not available[tool]:
                    results[tool][k] = "not installed"
                elif gave_up:
                    results[tool][k] = "skipped"
                else:
                    path = Path(tmp) / f"crisp_{k}.csv"
                    if not path.exists():
                        make_data(k).to_csv(path, index=False)
                    results[tool][k] = run(pythons[tool], tool, path, k, args.timeout)
                    gave_up = results[tool][k].startswith(">")
                print(f"  {tool:8} {k:2} conditions: {results[tool][k]}", file=sys.stderr)
    print(f"QCA benchmark: {N_CASES} crisp cases, truth table + parsimonious solution")
    print(f"{'conditions':>10} | " + " | ".join(f"{t:>13}" for t in RUNNERS))
    print("-" * (13 + 16 * len(RUNNERS)))
    for k in SIZES:
        print(f"{k:>10} | " + " | ".join(f"{results[t][k]:>13}" for t in RUNNERS))


if __name__ == "__main__":
    main()
