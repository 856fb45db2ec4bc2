"""Boolean minimisation for :mod:`realist.analysis.qca` (private).

Truth table rows are integers: condition ``0`` is the most significant bit, so
that R QCA's row number is ``row + 1``. An implicant is a pair ``(mask, bits)``:
the conditions it names (``mask``) and their values (``bits``); it covers a row
``r`` when ``r & mask == bits``. R QCA writes the same implicant as a code per
condition: ``0`` absent, ``1`` negated, ``2`` present.

Everything here is exact: prime implicants are all the prime implicants, and the
covers are all the covers with the fewest prime implicants, unless a work budget
runs out, which the caller is told.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "CoverResult",
    "Implicant",
    "chart_matrix",
    "code_matrix",
    "codes",
    "covered_rows",
    "covers",
    "minimal_covers",
    "prime_implicants",
    "qmc",
    "r_order",
]

Implicant = tuple[int, int]  # (mask, bits)
IntArray = npt.NDArray[np.int64]

#: Above this many conditions the bitset tables of :func:`prime_implicants`
#: (one entry per subset of conditions) get too big; QMC is used instead.
_MAX_TABLE_CONDITIONS = 20


def codes(imp: Implicant, k: int) -> tuple[int, ...]:
    """R QCA's code of an implicant: per condition 0 absent, 1 negated, 2 present."""
    mask, bits = imp
    out = []
    for i in range(k):
        b = 1 << (k - 1 - i)
        out.append(0 if not mask & b else (2 if bits & b else 1))
    return tuple(out)


def covers(imp: Implicant, row: int) -> bool:
    """Whether the implicant covers the truth table row."""
    return (row & imp[0]) == imp[1]


def covered_rows(imp: Implicant, k: int) -> IntArray:
    """Every row of the complete truth table that the implicant covers, ascending."""
    mask, bits = imp
    free = [k - 1 - i for i in range(k) if not mask & (1 << (k - 1 - i))]
    rows = np.array([bits], dtype=np.int64)
    for b in free:
        rows = np.concatenate([rows, rows | (1 << b)])
    return np.sort(rows)


def _subset_table(k: int) -> IntArray:
    return np.arange(1 << k, dtype=np.int64)


def prime_implicants(pos: Sequence[int], neg: Iterable[int], k: int) -> list[Implicant]:
    """All prime implicants that cover at least one row of `pos` and no row of `neg`.

    Rows that are in neither set are "don't care" (logical remainders).

    For a positive row ``p``, an implicant built from ``p``'s own values on a
    set of conditions ``S`` avoids a negative row ``n`` exactly when ``S``
    contains a condition on which ``p`` and ``n`` differ; so the prime
    implicants through ``p`` are the minimal sets ``S`` that hit every
    ``p XOR n`` (minimal transversals), found with two passes over a table of
    all ``2**k`` subsets. The result is in the order R QCA's CCubes finds
    them (by number of literals, then by the conditions named, then by the
    first positive row covered), ready for :func:`r_order`.
    """
    pos_list = sorted({int(p) for p in pos})
    neg_arr = np.array(sorted({int(n) for n in neg}), dtype=np.int64)
    if k > _MAX_TABLE_CONDITIONS:
        return _prime_implicants_qmc(pos_list, neg_arr, k)
    full = (1 << k) - 1
    size = 1 << k
    found: dict[Implicant, tuple[int, int, int]] = {}
    chunk = max(1, (1 << 22) // size)
    for start in range(0, len(pos_list), chunk):
        ps = np.array(pos_list[start : start + chunk], dtype=np.int64)
        # non_t[j, S] is True when S misses some p XOR n: S lies within ~(p ^ n)
        non_t = np.zeros((len(ps), size), dtype=bool)
        if neg_arr.size:
            rows = np.repeat(np.arange(len(ps)), neg_arr.size)
            non_t[rows, (full & ~(ps[:, None] ^ neg_arr[None, :])).ravel()] = True
        for b in range(k):
            view = non_t.reshape(len(ps), -1, 2, 1 << b)
            view[:, :, 0, :] |= view[:, :, 1, :]
        trans = ~non_t
        minimal = trans.copy()
        for b in range(k):
            tv = trans.reshape(len(ps), -1, 2, 1 << b)
            mv = minimal.reshape(len(ps), -1, 2, 1 << b)
            mv[:, :, 1, :] &= ~tv[:, :, 0, :]
        which, subsets = np.nonzero(minimal)
        for j, sub in zip(which.tolist(), subsets.tolist(), strict=True):
            p = pos_list[start + j]
            imp = (sub, p & sub)
            if imp not in found:
                found[imp] = (sub.bit_count(), _lex_key(sub, k), start + j)
    return sorted(found, key=lambda imp: found[imp])


def _lex_key(mask: int, k: int) -> int:
    # combinations of condition indices in lexicographic order: reading the mask
    # from condition 0 (the most significant bit) gives that order reversed
    return -mask


def _prime_implicants_qmc(pos: list[int], neg: IntArray, k: int) -> list[Implicant]:
    """Fallback for many conditions: QMC over the positive rows, then expand each
    implicant as far as the negative rows allow (exact, slower)."""
    negset = set(neg.tolist())
    # grow implicants greedily is not exact; instead do classic level-wise search
    # from the positive rows upwards with validity against the negative rows.
    level: set[Implicant] = {((1 << k) - 1, p) for p in pos}
    primes: set[Implicant] = set()
    neg_list = list(negset)
    while level:
        nxt: set[Implicant] = set()
        for mask, bits in level:
            grown = False
            m = mask
            while m:
                b = m & -m
                m ^= b
                g = (mask ^ b, bits & ~b)
                if not any((n & g[0]) == g[1] for n in neg_list):
                    nxt.add(g)
                    grown = True
            if not grown:
                primes.add((mask, bits))
        level = nxt
    first = {imp: min(i for i, p in enumerate(pos) if (p & imp[0]) == imp[1]) for imp in primes}
    return sorted(primes, key=lambda imp: (imp[0].bit_count(), -imp[0], first[imp]))


def qmc(minterms: Sequence[int], k: int) -> list[Implicant]:
    """Classical Quine-McCluskey on `minterms` (no don't-cares), in R QCA's order.

    Reproduces the order in which R QCA's ``C_QMC`` lists the prime
    implicants (pairs compared in order, new implicants first, then the
    implicants left unmerged), which decides ties in :func:`r_order`.
    """
    current: list[Implicant] = [((1 << k) - 1, int(m)) for m in minterms]
    seen_rows: set[Implicant] = set()
    uniq: list[Implicant] = []
    for imp in current:
        if imp not in seen_rows:
            seen_rows.add(imp)
            uniq.append(imp)
    current = uniq
    while len(current) > 1:
        index = {imp: i for i, imp in enumerate(current)}
        merged_flags = [False] * len(current)
        found: list[Implicant] = []
        found_set: set[Implicant] = set()
        for i, (mask, bits) in enumerate(current):
            partners = []
            m = mask
            while m:
                b = m & -m
                m ^= b
                j = index.get((mask, bits ^ b))
                if j is not None and j > i:
                    partners.append((j, b))
            partners.sort()
            for j, b in partners:
                merged_flags[i] = merged_flags[j] = True
                new = (mask ^ b, bits & ~b)
                if new not in found_set:
                    found_set.add(new)
                    found.append(new)
        if not found:
            break
        current = found + [imp for i, imp in enumerate(current) if not merged_flags[i]]
    return current


def code_matrix(imps: Sequence[Implicant], k: int) -> npt.NDArray[np.int8]:
    """R QCA's codes of many implicants at once (implicants x conditions)."""
    masks = np.array([m for m, _ in imps], dtype=np.int64)
    bits = np.array([b for _, b in imps], dtype=np.int64)
    shifts = np.arange(k - 1, -1, -1, dtype=np.int64)
    named = (masks[:, None] >> shifts[None, :]) & 1
    value = (bits[:, None] >> shifts[None, :]) & 1
    out: npt.NDArray[np.int8] = (named * (1 + value)).astype(np.int8)
    return out


def r_order(imps: Sequence[Implicant], k: int) -> list[int]:
    """Indices of `imps` in the order R QCA sorts prime implicants.

    This mirrors R QCA's ``sort_matrix``/``sort_cols``: for each condition from
    the last to the first, a stable sort by code descending, then a stable sort
    ascending of the leading rows that name the condition (all rows but the
    last when every row names it, as R does); finally a stable sort by number
    of literals.
    """
    n = len(imps)
    if n == 0:
        return []
    cds = code_matrix(imps, k).astype(np.int64)
    order = np.arange(n)
    for i in reversed(range(k)):
        col = cds[:, i]
        order = order[np.argsort(-col[order], kind="stable")]
        zeros = np.flatnonzero(col[order] == 0)
        upto = int(zeros[0]) if zeros.size else n - 1
        head = order[:upto]
        order[:upto] = head[np.argsort(col[head], kind="stable")]
    nlit = (cds != 0).sum(axis=1)
    order = order[np.argsort(nlit[order], kind="stable")]
    out: list[int] = order.tolist()
    return out


def chart_matrix(imps: Sequence[Implicant], rows: Sequence[int]) -> npt.NDArray[np.bool_]:
    """Boolean prime implicant chart: implicants x rows covered."""
    masks = np.array([m for m, _ in imps], dtype=np.int64)
    bits = np.array([b for _, b in imps], dtype=np.int64)
    r = np.asarray(rows, dtype=np.int64)
    out: npt.NDArray[np.bool_] = (r[None, :] & masks[:, None]) == bits[:, None]
    return out


def _bitsets(mat: npt.NDArray[np.bool_]) -> list[int]:
    """Each row of a boolean matrix as a Python int (column j is bit j)."""
    if mat.shape[1] == 0:
        return [0] * mat.shape[0]
    packed = np.packbits(mat, axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in packed]


@dataclass(frozen=True)
class CoverResult:
    """The minimal covers of a prime implicant chart."""

    covers: list[tuple[int, ...]]
    exhaustive: bool
    minimal: bool


def minimal_covers(
    matrix: npt.NDArray[np.bool_],
    *,
    first_min: bool = False,
    max_models: int = 1000,
    budget: int = 2_000_000,
) -> CoverResult:
    """Every set of the fewest columns of `chart` that covers all `n_rows` rows.

    `matrix[i, j]` tells whether prime implicant ``i`` covers row ``j``. Covers
    come back as sorted index tuples in lexicographic order (R QCA's M1, M2,
    ...). With `first_min`, only one minimal cover is returned. The search
    stops after `max_models` covers or `budget` search steps; the result says
    whether the list is exhaustive (and, if even the minimum could not be
    proven, whether the covers are minimal).
    """
    npi, n_rows = int(matrix.shape[0]), int(matrix.shape[1])
    full = (1 << n_rows) - 1
    chart = _bitsets(matrix)
    cands = _bitsets(matrix.T)  # per row, bitset of prime implicants covering it
    weights = matrix.astype(np.float32)
    if any(c == 0 for c in cands):
        raise ValueError("a row is covered by no prime implicant")
    essential = 0
    for c in cands:
        if c.bit_count() == 1:
            essential |= c
    ess_idx = [i for i in range(npi) if essential >> i & 1]
    free_weights = weights.copy()
    free_weights[ess_idx] = 0
    uncov0 = full
    for i in ess_idx:
        uncov0 &= ~chart[i]

    steps = 0

    def pick(uncov: int, forbidden: int) -> tuple[int, int]:
        best_r, best_n = -1, npi + 1
        u = uncov
        while u:
            b = u & -u
            r = b.bit_length() - 1
            u ^= b
            n = (cands[r] & ~forbidden).bit_count()
            if n < best_n:
                best_r, best_n = r, n
                if n <= 1:
                    break
        return best_r, best_n

    nbytes = (n_rows + 7) // 8

    def as_vector(bitset: int) -> npt.NDArray[np.float32]:
        raw = np.frombuffer(bitset.to_bytes(nbytes, "little"), dtype=np.uint8)
        return np.unpackbits(raw, bitorder="little")[:n_rows].astype(np.float32)

    def lower_bound(uncov: int) -> int:
        # no single non-essential implicant covers more than `most` of the rows left
        counts = free_weights @ as_vector(uncov)
        most = int(counts.max()) if npi else 0
        if most == 0:
            return npi + 1
        return int(-(-int(uncov).bit_count() // most))

    # greedy upper bound
    greedy: list[int] = []
    u = uncov0
    while u:
        i = int(np.argmax(weights @ as_vector(u)))
        greedy.append(i)
        u &= ~chart[i]
    best = len(greedy)
    best_cover = tuple(sorted(greedy))
    exhausted = False

    def search(uncov: int, depth: int, chosen: tuple[int, ...]) -> None:
        nonlocal best, best_cover, steps, exhausted
        steps += 1
        if steps > budget:
            exhausted = True
            return
        if uncov == 0:
            if depth < best:
                best, best_cover = depth, tuple(sorted(chosen))
            return
        if depth + lower_bound(uncov) >= best:
            return
        r, _ = pick(uncov, 0)
        opts = [j for j in range(npi) if cands[r] >> j & 1]
        opts.sort(key=lambda j: -(chart[j] & uncov).bit_count())
        for j in opts:
            search(uncov & ~chart[j], depth + 1, (*chosen, j))
            if exhausted:
                return

    if uncov0:
        search(uncov0, 0, ())
    minimal = not exhausted
    size = best
    if first_min or not minimal:
        cover = tuple(sorted(ess_idx + list(best_cover)))
        return CoverResult([cover], exhaustive=False, minimal=minimal)

    results: set[tuple[int, ...]] = set()
    truncated = False
    steps = 0

    def enum(uncov: int, depth: int, chosen: tuple[int, ...], forbidden: int) -> None:
        nonlocal steps, truncated
        if truncated:
            return
        steps += 1
        if steps > budget or len(results) >= max_models:
            truncated = True
            return
        if uncov == 0:
            results.add(tuple(sorted(chosen)))
            return
        if depth + lower_bound(uncov) > size:
            return
        r, n = pick(uncov, forbidden | essential)
        if n == 0:
            return
        opts = [j for j in range(npi) if (cands[r] & ~forbidden) >> j & 1]
        forb = forbidden
        for j in opts:
            enum(uncov & ~chart[j], depth + 1, (*chosen, j), forb)
            forb |= 1 << j

    if uncov0:
        enum(uncov0, 0, (), 0)
    else:
        results.add(())
    ordered = sorted(tuple(sorted(ess_idx + list(c))) for c in results)
    return CoverResult(ordered, exhaustive=not truncated, minimal=True)
