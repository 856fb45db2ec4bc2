"""Benchmark: the offline explorer of a 1,000-element project with 10,000 excerpts.

Run with ``python benchmarks/bench_explorer.py``; prints the time to write the
file (data, ``dot`` layout, page), its size, and the time headless Chromium
takes to open it until the explorer is ready (parsing, layout of the SVG,
the script's start-up), and the time of a click and of a filter. The target
is under 3 s to open. It also writes the same project laid out by ``dot``, and
a dense one (5,900 arrows) that ``layout="auto"`` lays out in layers, where
``dot`` takes minutes.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_render import make_project

import realist as rl
from realist.render.explorer import explorer_data

TARGET_OPEN_SECONDS = 3.0
WORDS = [
    "the",
    "team",
    "worked",
    "with",
    "local",
    "partners",
    "on",
    "a",
    "shared",
    "plan",
    "for",
    "health",
    "inequalities",
    "and",
    "the",
    "steering",
    "group",
    "agreed",
    "budgets",
    "while",
    "managers",
    "changed",
    "roles",
    "across",
    "the",
    "locality",
]


def make_explorer_project(n_elements: int = 1000, n_excerpts: int = 10_000) -> rl.Project:
    """`make_project`'s network with `n_excerpts` quotes spread over its configurations."""
    rng = random.Random(1)
    p = make_project(n_elements)
    kinds = ["interview", "document", "observation", "survey"]
    sources = [
        p.add_source(f"s{i}", kind=kinds[i % 4], case=f"case{i % 20}", title=f"Source {i}")
        for i in range(80)
    ]
    configs = p.configurations
    for i in range(n_excerpts):
        quote = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40)))
        ev = p.add_evidence(
            source=rng.choice(sources), quote=quote, coder=rng.choice(["ana", "ben"]), page=i % 90
        )
        configs[i % len(configs)].evidence.append(ev.id)
    return p


#: What the reader does, timed inside the page: click the busiest element, filter by case.
INTERACTIONS = {
    "click the element with the most configurations": """
        const data = JSON.parse(document.getElementById("data").textContent);
        const uses = new Array(data.nodes.length).fill(0);
        data.configs.forEach((k) => k.elements.forEach((n) => (uses[n] += 1)));
        const busiest = uses.indexOf(Math.max(...uses));
        const t = performance.now();
        document.getElementById(`n${busiest}`).dispatchEvent(new MouseEvent("click", {bubbles: true}));
        return performance.now() - t;
    """,
    "filter by a case": """
        const select = document.getElementById("f-case");
        select.value = "0";
        const t = performance.now();
        select.dispatchEvent(new Event("change", {bubbles: true}));
        return performance.now() - t;
    """,
}


def measure_in_browser(page: Path) -> dict[str, float] | None:
    """Seconds to open the page (navigation to ready) and for each interaction, in
    headless Chromium; None when there is no browser to drive."""
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        return None
    try:
        import selenium  # noqa: F401
    except ImportError:
        return None
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from test_explorer_browser import open_page, start_browser

    with tempfile.TemporaryDirectory() as profile:
        driver = start_browser(Path(profile))
        try:
            open_page(driver, page)
            # the page's own clock: from the start of navigation to the script's last line
            times = {"open": driver.execute_script("return Number(document.body.dataset.readyMs)")}
            for name, script in INTERACTIONS.items():
                times[name] = driver.execute_script(script)
        finally:
            driver.quit()
    return {name: float(ms) / 1000 for name, ms in times.items()}


def add_random_configurations(p: rl.Project, n: int) -> None:
    """`n` more configurations joining random elements: a dense, tangled network."""
    rng = random.Random(5)
    for _ in range(n):
        p.add_configuration(
            cases=[f"case{rng.randrange(20)}"],
            contexts=rng.sample(p.contexts, 2),
            mechanisms=[rng.choice(p.mechanisms)],
            outcomes=[rng.choice(p.outcomes)],
            status="supported",
        )


def write(p: rl.Project, page: Path, layout: str) -> str:
    t0 = time.perf_counter()
    rl.explore(p, page, layout=layout)  # type: ignore[arg-type]
    seconds = time.perf_counter() - t0
    arrows = len(explorer_data(p)["edges"])
    return (
        f"{len(p.elements)} elements, {len(p.configurations)} configurations, {arrows} arrows, "
        f"{len(p.evidence)} excerpts, layout={layout}: written in {seconds:.2f} s, "
        f"{page.stat().st_size / 2**20:.1f} MiB"
    )


def main() -> int:
    p = make_explorer_project()
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "explorer.html"
        print(f"explorer: {write(p, Path(folder) / 'dot.html', 'dot')}")
        print(f"explorer: {write(p, page, 'auto')}")
        times = measure_in_browser(page)
        dense = make_explorer_project()
        add_random_configurations(dense, 1500)
        print(f"explorer: {write(dense, Path(folder) / 'dense.html', 'auto')}")
    if times is None:
        print("explorer: browser times not measured (chromium, chromedriver or selenium missing)")
        return 0
    opened = times.pop("open")
    print(
        f"explorer: opened in headless Chromium in {opened:.2f} s (target < {TARGET_OPEN_SECONDS:.0f} s)"
    )
    for name, seconds in times.items():
        print(f"explorer: {name}: {seconds:.3f} s")
    return 0 if opened < TARGET_OPEN_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
