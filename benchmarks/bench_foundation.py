"""Foundation benchmark: build, load and graph a large synthetic project.

Project: 1,000 cases, 2,000 elements, 20,000 configurations, 50,000 evidence.
Targets (issue 2): ``rl.load`` of its JSON within 3x plain ``json.loads`` on the
same bytes (goal 2x); 20,000 ``add_configuration`` calls under 4 s;
``to_networkx`` under 1 s.

Run: ``python benchmarks/bench_foundation.py`` (or ``make bench``).
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import realist as rl

N_CASES, N_ELEMENTS, N_CONFIGS, N_EVIDENCE = 1_000, 2_000, 20_000, 50_000


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def build(seed: int = 1) -> tuple[rl.Project, float]:
    rng = random.Random(seed)
    p = rl.Project(title="Synthetic evaluation")
    for i in range(8):
        p.add_theme(f"t{i}", f"Theme {i}")
    for i in range(N_CASES):
        p.add_case(f"case{i}", f"Case {i}", country=rng.choice(["England", "Scotland", "Wales"]))
    for i in range(N_CASES // 2):
        p.add_source(f"s{i}", kind=rng.choice(["interview", "document"]), case=f"case{i * 2}")
    kinds = [(p.add_context, "C"), (p.add_mechanism, "M"), (p.add_outcome, "O")]
    per_kind = N_ELEMENTS // 3 + 1
    ids: dict[str, list[str]] = {"C": [], "M": [], "O": []}
    for add, tag in kinds:
        for i in range(per_kind):
            ids[tag].append(add(f"{tag} element {i}", themes=[f"t{i % 8}"]).id)
    evidence = [
        p.add_evidence(source=f"s{rng.randrange(N_CASES // 2)}", quote=f"quote number {i} " * 4).id
        for i in range(N_EVIDENCE)
    ]
    t0 = time.perf_counter()
    for i in range(N_CONFIGS):
        ctx = rng.sample(ids["C"], 3)
        p.add_configuration(
            case=f"case{i % N_CASES}",
            contexts=ctx,
            constraining=ctx[:1] if i % 5 == 0 else None,
            mechanisms=rng.sample(ids["M"], 2),
            outcomes=rng.sample(ids["O"], 2),
            themes=[f"t{i % 8}"],
            status="supported",
            evidence=rng.sample(evidence, 2),
        )
    return p, time.perf_counter() - t0


def main() -> None:
    print("Foundation benchmark (issue 2)")
    print(
        f"  project: {N_CASES:,} cases, {N_ELEMENTS:,} elements, "
        f"{N_CONFIGS:,} configurations, {N_EVIDENCE:,} evidence"
    )
    p, t_add = build()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.json"
        t_save = best_of(lambda: p.save(path), repeat=2)
        data = path.read_bytes()
        # Interleaved, so that a burst of load on the shared machine hits both alike.
        t_json, t_load = float("inf"), float("inf")
        for _ in range(7):
            t_json = min(t_json, best_of(lambda: json.loads(data), repeat=1))
            t_load = min(t_load, best_of(lambda: rl.load(path), repeat=1))
        ypath = Path(tmp) / "big.yaml"
        p.save(ypath)
        t_yload = best_of(lambda: rl.load(ypath), repeat=1)
        assert rl.load(path) == p
    t_graph = best_of(lambda: rl.to_networkx(p), repeat=3)
    G = rl.to_networkx(p)
    rows = [
        ("add_configuration x 20,000", t_add, "< 4 s"),
        ("json.loads (same bytes)", t_json, ""),
        ("rl.load JSON", t_load, f"ratio {t_load / t_json:.2f}x (target < 3x, goal 2x)"),
        ("save JSON (atomic)", t_save, f"{len(data) / 1e6:.1f} MB"),
        ("rl.load YAML", t_yload, ""),
        (
            "to_networkx",
            t_graph,
            f"< 1 s; {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges",
        ),
    ]
    for name, seconds, note in rows:
        print(f"  {name:<28} {seconds:8.3f} s   {note}")


if __name__ == "__main__":
    main()
