"""Benchmark of ``find_regularities`` and its closed-pattern miner.

Run with ``python benchmarks/bench_regularities.py`` (or ``make bench``).

Data: cases with configurations of 2-4 contexts, 1-3 mechanisms and 1-3
outcomes (about 3, 2 and 2), each drawn without repetition from a vocabulary
of 100 elements per kind with Zipf weights (probability of rank r proportional
to 1/r). Seeded, so every run mines the same data.

1. 20,000 cases with one configuration each, ``min_cases=200``. Paced against
   mlxtend's ``fpgrowth`` (pure Python/pandas; it finds the frequent itemsets,
   not only the closed ones) and Borgelt's pyfim (C; closed itemsets), both on
   the same transactions, already encoded for them. Targets: faster than
   mlxtend, within 20x of pyfim (goal: 3x).
2. 1,000 cases with 20 configurations each, ``min_cases=10``: support counts
   distinct cases, which neither competitor does. Target: under 2 s.

Neither competitor is a dependency of realist: each prints "not installed"
when missing (``pip install 'realist[bench]'``).
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from realist.analysis._closed import Groups, mine_closed
from realist.analysis.regularities import find_regularities
from realist.model import Project

VOCABULARY = 100
REPEATS = 5


def make_configurations(
    n_cases: int, per_case: int, *, seed: int = 0
) -> list[tuple[int, list[str], list[str], list[str]]]:
    """(case index, contexts, mechanisms, outcomes) for every configuration."""
    rng = random.Random(seed)
    cum = list(itertools.accumulate(1.0 / r for r in range(1, VOCABULARY + 1)))
    population = range(VOCABULARY)

    def draw(prefix: str, k: int) -> list[str]:
        got: set[int] = set()
        while len(got) < k:
            got.add(rng.choices(population, cum_weights=cum)[0])
        return [f"{prefix}{i}" for i in sorted(got)]

    return [
        (
            case,
            draw("c", rng.randint(2, 4)),
            draw("m", rng.randint(1, 3)),
            draw("o", rng.randint(1, 3)),
        )
        for case in range(n_cases)
        for _ in range(per_case)
    ]


def make_project(configs: Sequence[tuple[int, list[str], list[str], list[str]]]) -> Project:
    cases = sorted({case for case, *_ in configs})
    data: dict[str, Any] = {
        "title": "benchmark",
        "cases": [{"id": f"case{n}", "name": f"Case {n}"} for n in cases],
        "contexts": [{"id": f"c{i}", "label": f"Context {i}"} for i in range(VOCABULARY)],
        "mechanisms": [{"id": f"m{i}", "label": f"Mechanism {i}"} for i in range(VOCABULARY)],
        "outcomes": [{"id": f"o{i}", "label": f"Outcome {i}"} for i in range(VOCABULARY)],
        "configurations": [
            {
                "id": f"k{n}",
                "cases": [f"case{case}"],
                "contexts": cs,
                "mechanisms": ms,
                "outcomes": os_,
            }
            for n, (case, cs, ms, os_) in enumerate(configs)
        ],
    }
    return Project.model_validate(data)


def best_of(repeats: int, run: Callable[[], Any]) -> tuple[float, Any]:
    best = float("inf")
    result: Any = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def line(name: str, seconds: float | None, note: str = "") -> None:
    shown = "not installed" if seconds is None else f"{seconds * 1000:9.1f} ms"
    print(f"  {name:<44} {shown:>13}  {note}")


def flat_case() -> None:
    n_cases, min_cases = 20_000, 200
    print(f"1. {n_cases:,} cases x 1 configuration, min_cases={min_cases}")
    configs = make_configurations(n_cases, 1, seed=1)
    transactions = [cs + ms + os_ for _, cs, ms, os_ in configs]
    items = sorted({i for t in transactions for i in t})
    index = {item: n for n, item in enumerate(items)}
    tidsets = [0] * len(items)
    for t, tr in enumerate(transactions):
        bit = 1 << t
        for item in tr:
            tidsets[index[item]] |= bit
    require = [
        [index[i] for i in items if i.startswith("m")],
        [index[i] for i in items if i.startswith("o")],
    ]

    ours_all, closed = best_of(
        REPEATS, lambda: mine_closed(tidsets, min_support=min_cases, groups=n_cases)
    )
    ours_cmo, patterns = best_of(
        REPEATS,
        lambda: mine_closed(tidsets, min_support=min_cases, groups=n_cases, require=require),
    )
    project = make_project(configs)
    ours_full, regs = best_of(REPEATS, lambda: find_regularities(project, min_cases=min_cases))
    line("ours: miner, all closed itemsets", ours_all, f"{len(closed)} closed itemsets")
    line("ours: miner, closed with a M and an O", ours_cmo, f"{len(patterns)} patterns")
    line("ours: find_regularities(project)", ours_full, f"{len(regs)} regularities")
    assert len(regs) == len(patterns)

    mlx: float | None = None
    try:
        import pandas as pd
        from mlxtend.frequent_patterns import fpgrowth  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        line("mlxtend fpgrowth (frequent itemsets)", None)
    else:
        onehot = pd.DataFrame([[i in set(tr) for i in items] for tr in transactions], columns=items)
        mlx, frequent = best_of(
            3, lambda: fpgrowth(onehot, min_support=(min_cases - 0.5) / n_cases)
        )
        line("mlxtend fpgrowth (frequent itemsets)", mlx, f"{len(frequent)} frequent itemsets")

    fim_s: float | None = None
    try:
        import fim  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        line("pyfim fpgrowth, closed (C)", None)
    else:
        fim_s, found = best_of(
            REPEATS, lambda: fim.fpgrowth(transactions, target="c", supp=-min_cases)
        )
        line("pyfim fpgrowth, closed (C)", fim_s, f"{len(found)} closed itemsets")
        assert len(found) == len(closed), "pyfim and ours disagree"

    if mlx is not None:
        print(f"  ours (all closed) vs mlxtend: {mlx / ours_all:.1f}x faster (target: faster)")
    if fim_s is not None:
        print(
            f"  ours (all closed) vs pyfim: {ours_all / fim_s:.1f}x its time "
            "(target: within 20x; goal: 3x)"
        )


def grouped_case() -> None:
    n_cases, per_case, min_cases = 1_000, 20, 10
    print(f"2. {n_cases:,} cases x {per_case} configurations, min_cases={min_cases}")
    configs = make_configurations(n_cases, per_case, seed=2)
    project = make_project(configs)
    seconds, regs = best_of(REPEATS, lambda: find_regularities(project, min_cases=min_cases))
    line("ours: find_regularities(project)", seconds, f"{len(regs)} regularities (target < 2 s)")

    transactions = [cs + ms + os_ for _, cs, ms, os_ in configs]
    items = sorted({i for t in transactions for i in t})
    index = {item: n for n, item in enumerate(items)}
    tidsets = [0] * len(items)
    for t, tr in enumerate(transactions):
        for item in tr:
            tidsets[index[item]] |= 1 << t
    groups = Groups.from_labels([case for case, *_ in configs])
    require = [
        [index[i] for i in items if i.startswith("m")],
        [index[i] for i in items if i.startswith("o")],
    ]
    seconds, patterns = best_of(
        REPEATS,
        lambda: mine_closed(tidsets, min_support=min_cases, groups=groups, require=require),
    )
    line("ours: miner alone", seconds, f"{len(patterns)} patterns")


def main() -> None:
    print("find_regularities: closed CMO patterns (best of several runs)")
    flat_case()
    grouped_case()


if __name__ == "__main__":
    main()
