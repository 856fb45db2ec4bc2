"""Benchmark of ``trace_paths`` and ``robustness``.

Run with ``python benchmarks/bench_paths.py`` (or ``make bench``).

Data: 1,000 sources, each telling 20 links (one excerpt per link) between 300
factors laid out in order, each link leading a few places forward (as coded
causal maps do), so that paths run from the first factors to the last. Seeded,
so every run traces the same project. Targets: ``trace_paths`` (within one
source and over all sources) and ``robustness`` under 1 s each.
"""

from __future__ import annotations

import random
import time
import warnings
from collections.abc import Callable
from typing import Any

from realist.analysis.paths import robustness, trace_paths
from realist.model import Context, Evidence, Link, Project, Source

N_SOURCES = 1_000
LINKS_PER_SOURCE = 20
N_FACTORS = 300
REPEATS = 3


def make_project(*, seed: int = 0) -> Project:
    rng = random.Random(seed)
    factors = [Context(id=f"f{i}", label=f"Factor {i}") for i in range(N_FACTORS)]
    sources, evidence, links = [], [], []
    for s in range(N_SOURCES):
        sources.append(Source(id=f"s{s}"))
        for j in range(LINKS_PER_SOURCE):
            a = rng.randrange(N_FACTORS - 1)
            b = min(N_FACTORS - 1, a + rng.randint(1, 6))
            ev = f"e{s}-{j}"
            evidence.append(Evidence(id=ev, source=f"s{s}", quote=f"{a} leads to {b}"))
            links.append(
                Link(
                    id=f"l{s}-{j}",
                    source=f"f{a}",
                    relation="leads_to",
                    target=f"f{b}",
                    evidence=[ev],
                )
            )
    return Project(title="bench", contexts=factors, sources=sources, evidence=evidence, links=links)


def best(fn: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> None:
    t0 = time.perf_counter()
    p = make_project()
    print(
        f"project: {N_SOURCES} sources x {LINKS_PER_SOURCE} links, {N_FACTORS} factors "
        f"({time.perf_counter() - t0:.2f} s to build)"
    )
    source, target = "f100", "f115"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for within in ("source", None):
            t, paths = best(lambda w=within: trace_paths(p, source=source, target=target, within=w))
            flag = "ok" if t < 1 else "SLOW"
            print(
                f"trace_paths within={within!r}: {len(paths)} paths in {t * 1000:.0f} ms "
                f"(target < 1 s: {flag})"
            )
        t, r = best(lambda: robustness(p, source=source, target=target, within=None))
    flag = "ok" if t < 1 else "SLOW"
    print(
        f"robustness: {r.n_sources} sources (minimum cut's flow {r.flow}) over "
        f"{len(r.paths)} paths (exact={r.exact}) "
        f"in {t * 1000:.0f} ms (target < 1 s: {flag})"
    )


if __name__ == "__main__":
    main()
