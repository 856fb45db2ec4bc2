"""Benchmark: coincidence analysis (``realist.cna``) on 10 crisp factors x 1,000 cases.

Data: eight exogenous factors drawn at random (seed 1) and a two-outcome chain
over them, ``A*B + C*d <-> I`` and ``I + E*F <-> J``; a second run flips 5% of
the outcome values and searches with con = cov = 0.9. A third run is
multi-value: the eight exogenous factors take the values 0, 1 and 2, the chain
is ``C=0 + A=2*B=1 <-> I=1`` and ``I=1 + E=2*F=0 <-> J=1``, and every value of
every factor is taken as an outcome (R's default). R's ``cna`` is not run
here (R is not a dependency and is not installed where this benchmark runs);
to compare, time ``cna(read.csv(...))`` in R 4 with cna 4.0.0 on the CSV that
``--write`` saves.

    python benchmarks/bench_cna.py [--write data.csv]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

import realist as rl


def make_data(n: int = 1000, noise: float = 0.0, seed: int = 1) -> pd.DataFrame:
    """Ten crisp factors, a chain I -> J over eight random exogenous factors."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(rng.integers(0, 2, size=(n, 8)), columns=list("ABCDEFGH"))
    i = (df.A & df.B) | (df.C & (1 - df.D))
    if noise:
        i = np.where(rng.random(n) < noise, 1 - i, i)
    j = i | (df.E & df.F)
    if noise:
        j = np.where(rng.random(n) < noise, 1 - j, j)
    df["I"] = i
    df["J"] = j
    return df


def make_mv_data(n: int = 1000, seed: int = 1) -> pd.DataFrame:
    """Ten multi-value factors: eight with values 0-2, a chain I -> J over them."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(rng.integers(0, 3, size=(n, 8)), columns=list("ABCDEFGH"))
    i = ((df.A == 2) & (df.B == 1)) | (df.C == 0)
    df["I"] = i.astype(int)
    df["J"] = (i | ((df.E == 2) & (df.F == 0))).astype(int)
    return df


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", help="save the clean data set as CSV")
    args = parser.parse_args()
    clean = make_data()
    if args.write:
        clean.to_csv(args.write, index=False)
    for label, data, con, cov in (
        ("clean, con = cov = 1", clean, 1.0, 1.0),
        ("5% noise, con = cov = 0.9", make_data(noise=0.05), 0.9, 0.9),
        ("multi-value (values 0-2), every value an outcome", make_mv_data(), 1.0, 1.0),
    ):
        t = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", rl.RealistWarning)
            res = rl.cna(data, con=con, cov=cov)
        dt = time.perf_counter() - t
        first = res.csf["condition"].iloc[0] if len(res.csf) else "(no csf)"
        print(
            f"cna, 10 factors x {len(data):,} cases, {label}: {dt:.2f} s; "
            f"{len(res.asf)} asf, {len(res.csf)} csf; first csf {first}"
        )
    print("R cna 4.0.0: not run (R is not installed here); see the module docstring")


if __name__ == "__main__":
    main()
