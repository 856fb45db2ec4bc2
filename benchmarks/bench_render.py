"""Benchmark: draw a 500-element project (DOT build + ``dot`` render to SVG).

Run with ``python benchmarks/bench_render.py``; prints the timings. The target
is under 2 s for building and rendering the programme-theory network.
"""

from __future__ import annotations

import random
import sys
import time

import realist as rl
from realist.render.diagrams import draw
from realist.render.dot import render

TARGET_SECONDS = 2.0


def make_project(n_elements: int = 500, *, seed: int = 0) -> rl.Project:
    """A synthetic project of `n_elements` elements (40% contexts, 30% each M and O)."""
    rng = random.Random(seed)
    p = rl.Project(title=f"Synthetic project of {n_elements} elements")
    for t in range(6):
        p.add_theme(f"t{t}", f"Theme {t}")
    for c in range(20):
        p.add_case(f"case{c}", f"Case {c}")
    n_c = int(n_elements * 0.4)
    n_m = int(n_elements * 0.3)
    n_o = n_elements - n_c - n_m
    cs = [p.add_context(f"Context number {i} of the programme", id=f"c{i}") for i in range(n_c)]
    ms = [p.add_mechanism(f"Mechanism number {i}", id=f"m{i}") for i in range(n_m)]
    os_ = [p.add_outcome(f"Outcome number {i} achieved", id=f"o{i}") for i in range(n_o)]
    for i in range(n_elements // 2):
        mi = i % n_m
        p.add_configuration(
            cases=rng.sample([c.id for c in p.cases], rng.randint(1, 3)),
            contexts=[cs[(2 * i) % n_c], cs[(2 * i + 1) % n_c]],
            mechanisms=[ms[mi]],
            outcomes=[os_[(i + rng.randint(0, 3)) % n_o]],
            themes=[f"t{i % 6}"],
            status="supported",
        )
    for i in range(0, n_o, 10):
        p.add_link(os_[i], "becomes", cs[(i * 3) % n_c])
    return p


def main() -> int:
    p = make_project(500)
    t0 = time.perf_counter()
    graph = draw(p)
    t1 = time.perf_counter()
    svg = render(graph.source, "svg")
    t2 = time.perf_counter()
    build, run = t1 - t0, t2 - t1
    total = build + run
    print(
        f"render: 500-element network: DOT build {build:.3f} s + dot render {run:.3f} s "
        f"= {total:.3f} s (target < {TARGET_SECONDS:.1f} s; {len(svg) // 1024} KiB SVG)"
    )
    k = p.configurations[0]
    t0 = time.perf_counter()
    render(draw(k, project=p).source, "svg")
    print(f"render: one configuration diagram: {time.perf_counter() - t0:.3f} s")
    return 0 if total < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
