"""Run every benchmark of the project, one after the other, and print their figures.

``make bench`` runs this. Each ``bench_*.py`` is run in its own process with the
same interpreter, so one benchmark's memory or imports cannot skew another's.
Pass names to run only some: ``python benchmarks/run_all.py foundation qca``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in argv]
    failed = []
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        t0 = time.perf_counter()
        run = subprocess.run([sys.executable, str(script)], check=False)
        print(f"--- {script.name}: {time.perf_counter() - t0:.1f} s in all", flush=True)
        if run.returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"\nFAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
