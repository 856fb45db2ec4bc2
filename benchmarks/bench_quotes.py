"""Benchmark of ``match_quotes`` and ``verify_quotes``: 10,000 quotes in 200 sources.

Run with ``python benchmarks/bench_quotes.py`` (or ``make bench``).

Data: 200 interview transcripts of about 50,000 characters each (question
and answer turns of words from a 3,000-word vocabulary, CR/LF line ends
every dozen words or so, curly apostrophes, em dashes and ellipses as Word
writes them), and 50 quotes per transcript, each a passage of 6-30 words,
pasted as evaluators paste them: half as written, the rest with straight
quotes and hyphens, with line breaks read as spaces, in another case, with a
typo, or not from the transcript at all. Seeded, so every run matches the
same quotes. Each text is folded once, whatever the number of its quotes;
only quotes that no cheaper tier finds are looked for approximately.
Target: well under 10 s for the 10,000 (goal: under 3 s).
"""

from __future__ import annotations

import random
import time
from collections import Counter

from realist.analysis.evidence import verify_quotes
from realist.analysis.quotes import TIERS, match_quotes
from realist.model import Project

N_SOURCES = 200
QUOTES_PER_SOURCE = 50
TEXT_LENGTH = 50_000
REPEATS = 3


def make_transcript(rng: random.Random, words: list[str]) -> str:
    turns: list[str] = []
    length = 0
    while length < TEXT_LENGTH:
        said: list[str] = []
        for _ in range(rng.randint(20, 120)):
            word = rng.choice(words)
            roll = rng.random()
            if roll < 0.03:
                word += "\u2019s"
            elif roll < 0.05:
                word += " \u2014"
            elif roll < 0.06:
                word += "\u2026"
            elif roll < 0.12:
                word += rng.choice([",", ".", "?"])
            said.append(word)
            if rng.random() < 0.08:
                said.append("\r\n")
        turn = ("Q: " if len(turns) % 2 == 0 else "A: ") + " ".join(said)
        turns.append(turn.replace(" \r\n ", "\r\n"))
        length += len(turn) + 4
    return "\r\n\r\n".join(turns)


def paste(rng: random.Random, passage: str, words: list[str]) -> tuple[str, str]:
    """The passage as an evaluator pastes it, and what was done to it."""
    roll = rng.random()
    if roll < 0.5:
        return passage, "as written"
    if roll < 0.65:
        return passage.replace("\u2019", "'").replace("\u2014", "-").replace(
            "\u2026", "..."
        ), "straight quotes"
    if roll < 0.8:
        return " ".join(passage.split()), "line breaks as spaces"
    if roll < 0.85:
        return passage.upper() if rng.random() < 0.5 else passage.lower(), "case"
    if roll < 0.95:
        i = rng.randrange(len(passage))
        return passage[:i] + passage[i + 1 :], "typo"
    return " ".join(rng.choice(words) for _ in range(12)), "not in the text"


def make_project(*, seed: int = 0) -> tuple[Project, Counter[str]]:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choices(letters, k=rng.randint(2, 10))) for _ in range(3000)]
    p = Project(title="quotes benchmark")
    damage: Counter[str] = Counter()
    for s in range(N_SOURCES):
        text = make_transcript(rng, words)
        _ = p.add_source(f"int-{s:03d}", text=text)
        starts = [i + 1 for i, c in enumerate(text) if c == " "]
        for q in range(QUOTES_PER_SOURCE):
            a = rng.choice(starts)
            b = a
            for _ in range(rng.randint(6, 30)):
                b = text.find(" ", b + 1)
                if b < 0:
                    b = len(text)
                    break
            quote, what = paste(rng, text[a:b].strip(), words)
            damage[what] += 1
            _ = p.add_evidence(source=f"int-{s:03d}", quote=quote, id=f"ev-{s:03d}-{q:02d}")
    return p, damage


def main() -> None:
    t0 = time.perf_counter()
    p, damage = make_project()
    made = time.perf_counter() - t0
    chars = sum(len(s.text or "") for s in p.sources)
    print(
        f"data: {len(p.evidence):,} quotes in {len(p.sources)} sources, "
        f"{chars / 1e6:.1f} M characters (built in {made:.1f} s); pasted: "
        + ", ".join(f"{what} {n:,}" for what, n in damage.most_common())
    )
    times = []
    report = None
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        _, report = match_quotes(p)
        times.append(time.perf_counter() - t0)
    assert report is not None
    tiers = Counter(report["tier"].fillna("not found"))
    print(
        f"match_quotes: best {min(times):.2f} s of {REPEATS} "
        f"({len(report) / min(times):,.0f} quotes/s; target: well under 10 s); found by "
        + ", ".join(f"{tier} {tiers[tier]:,}" for tier in (*TIERS, "not found"))
    )
    fast = [t for t in report.itertuples() if t.tier != "fuzzy" and t.status == "matched"]
    print(f"  {len(fast):,} found without the fuzzy tier")
    t0 = time.perf_counter()
    problems = verify_quotes(p)
    print(
        f"verify_quotes (with hints for failing quotes): {time.perf_counter() - t0:.2f} s, "
        f"{len(problems):,} problems"
    )


if __name__ == "__main__":
    main()
