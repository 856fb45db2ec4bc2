"""Benchmark of ``suggest_merges`` on 2,000 elements.

Run with ``python benchmarks/bench_harmonise.py`` (or ``make bench``).

Data: 2,000 elements (800 contexts, 600 mechanisms, 600 outcomes), labels of
3-7 words drawn from a 300-word vocabulary, each with 0-2 aliases; one in
twenty is a recoding of another (words shuffled, case changed, or a word
dropped), as separately coded cases give. Seeded, so every run compares the
same labels. Target: well under a few seconds (goal: under 1 s).
"""

from __future__ import annotations

import random
import time

from realist.analysis.harmonise import suggest_merges
from realist.model import Project

REPEATS = 3


def make_project(n: int = 2000, *, seed: int = 0) -> Project:
    rng = random.Random(seed)
    words = [f"w{i:03d}" for i in range(300)]
    p = Project(title="harmonise benchmark")
    adders = [(800, p.add_context), (600, p.add_mechanism), (600, p.add_outcome)]
    for made, (count, add) in enumerate(adders):
        labels: list[str] = []
        for i in range(count):
            if labels and rng.random() < 0.05:
                base = rng.choice(labels).split()
                rng.shuffle(base)
                if len(base) > 3 and rng.random() < 0.5:
                    base.pop()
                label = " ".join(base).upper() if rng.random() < 0.3 else " ".join(base)
            else:
                label = " ".join(rng.sample(words, rng.randint(3, 7)))
            aliases = [" ".join(rng.sample(words, 3)) for _ in range(rng.randint(0, 2))]
            add(label, id=f"e{made}-{i}", aliases=aliases)
            labels.append(label)
    assert len(p.elements) == n
    return p


def main() -> None:
    p = make_project()
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        found = suggest_merges(p)
        times.append(time.perf_counter() - t0)
    n_alias = sum(s.reason == "alias" for s in found)
    print(
        f"suggest_merges, {len(p.elements):,} elements: best {min(times):.3f} s "
        f"of {REPEATS} ({len(found)} suggestions, {n_alias} by alias; target: well under 3 s)"
    )


if __name__ == "__main__":
    main()
