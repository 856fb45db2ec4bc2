"""I/O benchmark: a large REFI-QDA import and a large CMOc spreadsheet.

* ``read_qdpx`` of a generated ``.qdpx`` with 10,000 codings (5,000 coded
  selections in 200 interview transcripts, 40 cases, a C/M/O code tree of 300
  codes): target under 2 s (issue 5), progress shown on stderr.
* the same 10,000 codings on 5,000 spans in NVivo's shape, one coding per
  selection (10,000 selections, two on each span), grouped by span into
  configurations: target under 1 s (issue 14).
* ``read_table`` of a 5,000-row one-row-per-CMOc CSV, and ``write_table`` of the
  project it makes.

Run: ``python benchmarks/bench_io.py`` (or ``make bench``).
"""

from __future__ import annotations

import random
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from realist.io.qdpx import read_qdpx
from realist.io.tables import read_table, write_table

N_SOURCES, N_SELECTIONS, N_CASES, N_PER_KIND = 200, 5_000, 40, 100
N_ROWS = 5_000


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def guid(kind: int, n: int) -> str:
    return f"{kind:08d}-0000-4000-8000-{n:012d}"


def make_qdpx(path: Path, seed: int = 1, *, nvivo: bool = False) -> int:
    """Write a synthetic export; return the number of codings in it.

    With `nvivo`, every coding is a selection of its own over the shared span,
    as NVivo writes them; otherwise one selection holds both codings.
    """
    rng = random.Random(seed)
    roots = [("Contexts", 1), ("Mechanisms", 2), ("Outcomes", 3)]
    codes = []
    for name, kind in roots:
        children = "".join(
            f'<Code guid="{guid(kind, i)}" name="{name[:-1]} {i}" isCodable="true"/>'
            for i in range(N_PER_KIND)
        )
        codes.append(
            f'<Code guid="{guid(kind, 99999)}" name="{name}" isCodable="false">{children}</Code>'
        )
    words = [
        "we",
        "had",
        "worked",
        "together",
        "for",
        "years",
        "and",
        "local",
        "champions",
        "pushed",
        "it",
        "through",
    ]
    texts: dict[str, str] = {}
    sources = []
    per_source = N_SELECTIONS // N_SOURCES
    codings = 0
    for s in range(N_SOURCES):
        text = " ".join(rng.choice(words) for _ in range(per_source * 30))
        texts[guid(5, s)] = text
        sels = []
        for j in range(per_source):
            start = j * 150
            end = start + 100
            picks = [(2, rng.randrange(N_PER_KIND)), (3, rng.randrange(N_PER_KIND))]
            codings += len(picks)
            body = "".join(
                f'<Coding guid="{guid(8, s * 10_000 + j * 10 + k)}" creatingUser="{guid(9, 1)}">'
                f'<CodeRef targetGUID="{guid(kind, n)}"/></Coding>'
                for k, (kind, n) in enumerate(picks)
            )
            if nvivo:
                sels.extend(
                    f'<PlainTextSelection guid="{guid(7, s * 10_000 + j * 10 + k)}" '
                    f'startPosition="{start}" endPosition="{end}">'
                    f'<Coding guid="{guid(8, s * 10_000 + j * 10 + k)}" '
                    f'creatingUser="{guid(9, 1)}"><CodeRef targetGUID="{guid(kind, n)}"/>'
                    "</Coding></PlainTextSelection>"
                    for k, (kind, n) in enumerate(picks)
                )
                continue
            sels.append(
                f'<PlainTextSelection guid="{guid(7, s * 10_000 + j)}" '
                f'startPosition="{start}" endPosition="{end}">{body}</PlainTextSelection>'
            )
        sources.append(
            f'<TextSource guid="{guid(5, s)}" name="Interview {s}" '
            f'plainTextPath="internal://{guid(5, s)}.txt">{"".join(sels)}</TextSource>'
        )
    cases = "".join(
        f'<Case guid="{guid(6, c)}" name="Site {c}">'
        + "".join(f'<SourceRef targetGUID="{guid(5, s)}"/>' for s in range(c, N_SOURCES, N_CASES))
        + "</Case>"
        for c in range(N_CASES)
    )
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="Synthetic synthesis" origin="bench">'
        f'<Users><User guid="{guid(9, 1)}" name="Coder"/></Users>'
        f"<CodeBook><Codes>{''.join(codes)}</Codes></CodeBook>"
        f"<Cases>{cases}</Cases><Sources>{''.join(sources)}</Sources></Project>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde)
        for g, text in texts.items():
            z.writestr(f"Sources/{g}.txt", text)
    return codings


def make_sheet(path: Path, seed: int = 2) -> None:
    rng = random.Random(seed)
    rows = []
    for i in range(N_ROWS):
        rows.append(
            {
                "ID": f"k{i}",
                "Case": f"Site {i % N_CASES}",
                "Theme": f"Theme {i % 6}",
                "Context": "; ".join(f"Context {rng.randrange(300)}" for _ in range(2)),
                "Mechanism": f"Mechanism {rng.randrange(300)}",
                "Outcome": f"Outcome {rng.randrange(300)}",
                "Evidence": f"quote number {i}, we had worked together for years",
                "Source": f"int-{i % 400}",
                "Confidence": rng.choice(["low", "moderate", "high"]),
                "Status": rng.choice(["conjectured", "supported", "refuted"]),
            }
        )
    pd.DataFrame(rows).to_csv(path, index=False)


def main() -> None:
    print("I/O benchmark (issue 5)")
    with tempfile.TemporaryDirectory() as tmp:
        qdpx = Path(tmp) / "synthetic.qdpx"
        n = make_qdpx(qdpx)
        size = qdpx.stat().st_size
        print(
            f"  qdpx: {N_SOURCES} sources, {N_SELECTIONS:,} selections, {n:,} codings, "
            f"{size / 1e6:.1f} MB zipped"
        )
        project, _report = read_qdpx(qdpx, report=True, progress=True)
        t_qdpx = best_of(lambda: read_qdpx(qdpx))
        print(
            f"  read_qdpx: {t_qdpx:.3f} s  (target < 2 s)  -> "
            f"{len(project.evidence):,} evidence, {len(project.configurations):,} "
            f"configurations, {len(project.cases)} cases"
        )

        nv = Path(tmp) / "nvivo-shaped.qdpx"
        n = make_qdpx(nv, nvivo=True)
        nv_project, nv_report = read_qdpx(nv, report=True)
        t_nv = best_of(lambda: read_qdpx(nv))
        print(
            f"  read_qdpx, NVivo's shape ({nv_report.counts['selections']:,} selections of one "
            f"coding, {n:,} codings on {nv_report.counts['spans']:,} spans): {t_nv:.3f} s  "
            f"(target < 1 s)  -> {len(nv_project.evidence):,} evidence, "
            f"{len(nv_project.configurations):,} configurations"
        )

        sheet = Path(tmp) / "cmocs.csv"
        make_sheet(sheet)
        t_table = best_of(lambda: read_table(sheet))
        p = read_table(sheet)
        print(
            f"  read_table: {t_table:.3f} s for {N_ROWS:,} rows -> "
            f"{len(p.configurations):,} configurations, {len(p.elements)} elements"
        )
        out = Path(tmp) / "out.csv"
        t_write = best_of(lambda: write_table(p, out))
        print(f"  write_table: {t_write:.3f} s for {len(p.configurations):,} configurations")
        xlsx = Path(tmp) / "out.xlsx"
        try:
            t_xlsx = best_of(lambda: write_table(p, xlsx), repeat=1)
            t_rx = best_of(lambda: read_table(xlsx), repeat=1)
            print(f"  xlsx: write {t_xlsx:.3f} s, read {t_rx:.3f} s")
        except ImportError:
            print('  xlsx: skipped (pip install -e ".[xlsx]" from a clone)')


if __name__ == "__main__":
    main()
