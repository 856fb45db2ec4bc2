"""Coincidence analysis (CNA): causal structures with several outcomes.

Coincidence analysis (Baumgartner & Ambühl 2020; the R package ``cna``)
recovers the causal structure behind configurational data: for each factor
taken as an outcome, the *minimally sufficient conditions* (msc) are found,
then their *minimally necessary disjunctions*, the atomic solution formulas
(asf, ``A*b+C<->Y``); asf of different outcomes are joined into complex
solution formulas (csf, ``(A+B<->C)*(C*D<->E)``), which represent common
causes and causal chains. Realist programme theories are such chains: the
outcome of one configuration is the context of the next.

The search follows R ``cna`` 4.0.0 with its defaults (crisp or fuzzy sets,
outcomes taken as present, ``maxstep = (3, 4, 10)``, ``inus.only``): the
candidates in the same order, the same asf and csf written in the same syntax
and order, with the same consistency and coverage (checked against R on the
package's textbook data ``d.educate`` and ``d.women``).
:func:`realist.csf_diagram` (in :mod:`realist.render.structures`) draws a csf.

Examples
--------
>>> import pandas as pd
>>> from realist.analysis.cna import cna
>>> educate = pd.DataFrame(
...     [[1, 1, 1, 1, 1], [1, 1, 1, 0, 1], [1, 0, 1, 1, 1], [1, 0, 1, 0, 1],
...      [0, 1, 1, 1, 1], [0, 1, 1, 0, 1], [0, 0, 0, 1, 1], [0, 0, 0, 0, 0]],
...     columns=["U", "D", "L", "G", "E"])
>>> res = cna(educate)
>>> list(res.asf["condition"])
['U+D<->L', 'L+G<->E', 'U+D+G<->E']
>>> list(res.csf["condition"])
['(L+G<->E)*(U+D<->L)', '(U+D+G<->E)*(U+D<->L)']
"""

from __future__ import annotations

import html
import itertools
import warnings
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from realist.errors import RealistWarning, ValidationError

if TYPE_CHECKING:
    import pandas as pd

    from realist.model import Project

__all__ = ["CnaResult", "cna"]

FloatArray = npt.NDArray[np.float64]
_EPS = 1e-10
_Literal = tuple[int, int]  # (factor index, value: 1 present, 0 absent)


@dataclass(frozen=True)
class CnaResult:
    """The solutions of a coincidence analysis.

    Attributes
    ----------
    asf : pandas.DataFrame
        Atomic solution formulas: ``outcome``, ``condition`` (cna syntax),
        ``con``, ``cov``, ``complexity``; ordered as R ``cna`` orders them.
    csf : pandas.DataFrame
        Complex solution formulas: ``outcome`` (the outcomes, comma
        separated), ``condition``, ``con``, ``cov``, ``complexity`` and
        ``coherence`` (crisp data only; NaN for fuzzy data).
    msc : pandas.DataFrame
        The minimally sufficient conditions found for each outcome.
    factors : tuple of str
        The factors analysed.
    con, cov : float
        The consistency and coverage thresholds used.
    fuzzy : bool
        Whether memberships were fuzzy.

    Examples
    --------
    >>> import pandas as pd
    >>> from realist.analysis.cna import cna
    >>> df = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "C": [1, 1, 1, 0]})
    >>> cna(df).asf["condition"].tolist()
    ['A+B<->C']
    """

    asf: pd.DataFrame
    csf: pd.DataFrame
    msc: pd.DataFrame
    factors: tuple[str, ...]
    con: float
    cov: float
    fuzzy: bool

    def __repr__(self) -> str:
        kind = "fuzzy" if self.fuzzy else "crisp"
        lines = [
            f"CNA ({kind}; con={self.con:g}, cov={self.cov:g}): "
            f"{len(self.asf)} asf, {len(self.csf)} csf"
        ]
        for title, frame in (
            ("Atomic solution formulas", self.asf),
            ("Complex solution formulas", self.csf),
        ):
            lines.append(f"{title}:")
            if frame.empty:
                lines.append("  (none)")
            else:
                lines.append(frame.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        kind = "fuzzy" if self.fuzzy else "crisp"
        head = html.escape(
            f"CNA ({kind}; con={self.con:g}, cov={self.cov:g}): "
            f"{len(self.asf)} asf, {len(self.csf)} csf"
        )
        parts = [f"<p><strong>{head}</strong></p>"]
        for title, frame in (
            ("Atomic solution formulas (asf)", self.asf),
            ("Complex solution formulas (csf)", self.csf),
        ):
            parts.append(f"<p>{html.escape(title)}</p>")
            parts.append(
                frame.to_html(index=False, float_format=lambda x: f"{x:.3f}", escape=True)
                if not frame.empty
                else "<p>(none)</p>"
            )
        return "\n".join(parts)


def _collate(text: str) -> tuple[str, str]:
    """A sort key close to R's sort() of strings in an English locale: letters compared
    regardless of case first, lower case before upper case on ties."""
    return (text.lower(), text.swapcase())


def _literal_name(lit: _Literal, names: Sequence[str]) -> str:
    j, v = lit
    return names[j] if v == 1 else names[j].lower()


def _conj_name(conj: tuple[_Literal, ...], names: Sequence[str]) -> str:
    return "*".join(_literal_name(lit, names) for lit in conj)


def _prepare(
    data: pd.DataFrame | Project,
    factors: Sequence[str] | None,
    statuses: str | Collection[str] | None,
    negate_constraining: bool,
    calibration: Mapping[str, Sequence[float]] | None,
) -> pd.DataFrame:
    import pandas as pd

    from realist.model import Project

    if isinstance(data, Project):
        if not factors:
            raise ValidationError(
                "cna on a Project needs factors=[...]: the element ids or case attributes "
                "to analyse (conditions and outcomes alike)"
            )
        from realist.analysis._qca_project import project_membership

        frame, _ = project_membership(
            data,
            list(factors),
            statuses=statuses,
            negate_constraining=negate_constraining,
            calibration=calibration,
        )
        # cna writes presence in upper case and absence in lower case
        return frame.rename(columns=lambda c: str(c).upper())
    if not isinstance(data, pd.DataFrame):
        raise ValidationError(f"cna expects a DataFrame or a Project, got {type(data).__name__}")
    return data if factors is None else data[list(factors)]


def _check(frame: pd.DataFrame) -> tuple[list[str], FloatArray]:
    names = [str(c) for c in frame.columns]
    if len(names) < 2:
        raise ValidationError("cna needs at least two factors")
    if len(set(names)) != len(names):
        raise ValidationError("factor names must be unique")
    lowered = [n.lower() for n in names]
    if len(set(lowered)) != len(lowered):
        raise ValidationError(
            "factor names must differ in more than case: cna writes absence in lower case"
        )
    for n in names:
        if n == n.lower():
            raise ValidationError(
                f"factor {n!r} has no upper-case letter: cna writes presence in upper case "
                "and absence in lower case, so factor names need upper-case letters",
                hint="rename the columns, e.g. data.rename(columns=str.upper)",
            )
        if any(ch in n for ch in "*+<>()=,"):
            raise ValidationError(f"factor name {n!r} contains a character of cna's syntax")
    if frame.shape[0] == 0:
        raise ValidationError("cna needs at least one case")
    try:
        x = frame.to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"cna expects numeric memberships in [0, 1]: {exc}") from None
    if np.isnan(x).any():
        raise ValidationError("cna: the data have missing values")
    if ((x < 0) | (x > 1)).any():
        raise ValidationError(
            "cna expects crisp (0/1) or fuzzy ([0, 1]) memberships; multi-value factors "
            "are not supported yet"
        )
    return names, x


def _ge(a: float, b: float) -> bool:
    return a >= b - _EPS


@dataclass
class _Msc:
    conj: tuple[_Literal, ...]
    m: FloatArray
    con: float
    cov: float


def _msc(x: FloatArray, w: FloatArray, o: int, con: float, maxsize: int) -> list[list[_Msc]]:
    """Minimally sufficient conditions of factor `o` (present), by number of conjuncts.

    As R ``cna``: the candidate conjunctions of k factors are the value
    combinations that occur in the (crisp-cut) data, factor sets in
    ``combn`` order, values in order of first occurrence (one factor: the
    factors in column order, presence before absence); a conjunction that
    contains a smaller msc is not a candidate.
    """
    y = x[:, o]
    sy = float(w @ y)
    crisp = (x >= 0.5).astype(np.int8)
    others = [j for j in range(x.shape[1]) if j != o]
    found: list[list[_Msc]] = []
    found_sets: list[frozenset[_Literal]] = []
    for size in range(1, min(maxsize, len(others)) + 1):
        step: list[_Msc] = []
        for combo in itertools.combinations(others, size):
            if size == 1:
                present = set(crisp[:, combo[0]].tolist())
                candidates = [(v,) for v in (1, 0) if v in present]
            else:
                candidates = list(dict.fromkeys(map(tuple, crisp[:, list(combo)].tolist())))
            for values in candidates:
                conj = tuple(zip(combo, values, strict=True))
                s = frozenset(conj)
                if any(f <= s for f in found_sets):
                    continue
                m = np.ones(x.shape[0])
                for j, v in conj:
                    m = np.minimum(m, x[:, j] if v == 1 else 1.0 - x[:, j])
                sx = float(w @ m)
                if sx <= 0:
                    continue
                sxy = float(w @ np.minimum(m, y))
                c = sxy / sx
                if _ge(c, con):
                    step.append(_Msc(conj, m, c, sxy / sy if sy > 0 else float("nan")))
        found_sets.extend(frozenset(m.conj) for m in step)
        found.append(step)
    return found


def _structures(maxstep: tuple[int, int, int]) -> list[tuple[int, ...]]:
    """The shapes of asf (sorted sizes of their msc), in R ``cna``'s search order."""
    maxnum, maxlen, maxcompl = maxstep
    if maxcompl == 1:
        return [(1,)]
    one_less = _structures((maxnum, maxlen, maxcompl - 1))
    new: list[tuple[int, ...]] = [(1,) * maxcompl]
    for s in one_less:
        for i in range(len(s)):
            grown = list(s)
            grown[i] += 1
            new.append(tuple(grown))
    new = [tuple(sorted(s)) for s in new if max(s) <= maxnum and len(s) <= maxlen]
    return list(dict.fromkeys([*one_less, *new]))


def _asf(
    msc: list[list[_Msc]],
    x: FloatArray,
    w: FloatArray,
    o: int,
    con: float,
    cov: float,
    maxstep: tuple[int, int, int],
) -> tuple[list[tuple[tuple[_Msc, ...], float, float]], bool]:
    """Minimally necessary disjunctions of msc, in R ``cna``'s search order; capped?"""
    y = x[:, o]
    sy = float(w @ y)
    all_msc = [m for step in msc for m in step]
    if sy <= 0 or not all_msc:
        return [], False
    steps = (min(maxstep[0], len(msc)), maxstep[1], maxstep[2])
    out: list[tuple[tuple[_Msc, ...], float, float]] = []
    out_sets: list[frozenset[int]] = []
    for shape in _structures(steps):
        counts = {size: shape.count(size) for size in sorted(set(shape))}
        if any(len(msc[size - 1]) < k for size, k in counts.items()):
            continue
        groups = [list(itertools.combinations(msc[size - 1], k)) for size, k in counts.items()]
        for pick in itertools.product(*groups):
            disj = tuple(m for part in pick for m in part)
            s = frozenset(id(m) for m in disj)
            if any(f <= s for f in out_sets):
                continue
            mem = disj[0].m
            for m in disj[1:]:
                mem = np.maximum(mem, m.m)
            sxy = float(w @ np.minimum(mem, y))
            c_cov = sxy / sy
            if not _ge(c_cov, cov):
                continue
            c_con = sxy / float(w @ mem)
            if _ge(c_con, con):
                out.append((disj, c_con, c_cov))
                out_sets.append(s)
    capped = False
    if not out and len(all_msc) > 1:
        # every msc together is necessary, but the caps kept the search from that disjunction
        mem = np.max(np.stack([m.m for m in all_msc]), axis=0)
        sxy = float(w @ np.minimum(mem, y))
        beyond = len(all_msc) > steps[1] or sum(len(m.conj) for m in all_msc) > steps[2]
        if beyond and _ge(sxy / sy, cov) and _ge(sxy / float(w @ mem), con):
            capped = True
    return out, capped


@dataclass
class _AsfRow:
    outcome: int
    condition: str
    disjuncts: tuple[tuple[_Literal, ...], ...]
    con: float
    cov: float
    complexity: int
    order: int


def _eval_disj(disj: Sequence[tuple[_Literal, ...]], x: FloatArray) -> FloatArray:
    mem = np.zeros(x.shape[0])
    for conj in disj:
        m = np.ones(x.shape[0])
        for j, v in conj:
            m = np.minimum(m, x[:, j] if v == 1 else 1.0 - x[:, j])
        mem = np.maximum(mem, m)
    return mem


def _inus(disj: Sequence[tuple[_Literal, ...]], nfactors: int) -> bool:
    """Whether a DNF is free of redundant disjuncts and literals (checked over every
    configuration of its factors): R ``cna``'s ``inus.only`` for crisp factors."""
    used = sorted({j for d in disj for j, _ in d})
    if len(used) > 16:
        return True
    grid = np.array(list(itertools.product((0.0, 1.0), repeat=len(used))))
    full = np.zeros((grid.shape[0], nfactors))
    full[:, used] = grid
    whole = _eval_disj(disj, full)
    for i in range(len(disj)):
        rest = [d for k, d in enumerate(disj) if k != i]
        if rest and (_eval_disj(rest, full) == whole).all():
            return False
        if len(disj[i]) > 1:
            for lit in disj[i]:
                shorter = tuple(x for x in disj[i] if x != lit)
                if (_eval_disj([*rest, shorter], full) == whole).all():
                    return False
    return True


def _redundant(parts: Sequence[_AsfRow], nfactors: int) -> list[int]:
    """The indices of the asf implied by the others over all crisp configurations."""
    used = sorted(
        {j for a in parts for d in a.disjuncts for j, _ in d} | {a.outcome for a in parts}
    )
    if len(used) > 16:
        return []
    grid = np.array(list(itertools.product((0.0, 1.0), repeat=len(used))))
    full = np.zeros((grid.shape[0], nfactors))
    full[:, used] = grid
    holds = np.stack([_eval_disj(a.disjuncts, full) == full[:, a.outcome] for a in parts])
    out = []
    for i in range(len(parts)):
        rest = np.delete(holds, i, axis=0).all(axis=0)
        if (holds[i] | ~rest).all():
            out.append(i)
    return out


def _reductions(
    parts: tuple[_AsfRow, ...], nfactors: int, memo: dict[frozenset[str], list[tuple[_AsfRow, ...]]]
) -> list[tuple[_AsfRow, ...]]:
    """Every csf left once structurally redundant asf are removed, one at a time."""
    key = frozenset(a.condition for a in parts)
    if key in memo:
        return memo[key]
    redundant = _redundant(parts, nfactors) if len(parts) > 1 else []
    if not redundant:
        out = [parts]
    else:
        out = []
        for i in redundant:
            for r in _reductions(parts[:i] + parts[i + 1 :], nfactors, memo):
                if r not in out:
                    out.append(r)
    memo[key] = out
    return out


def _coherence(parts: Sequence[_AsfRow], x: FloatArray, w: FloatArray) -> float:
    """cna's coherence (crisp): |asf1*asf2*...| / |asf1+asf2+...| per connected component,
    the minimum over components."""
    factor_sets = [
        {j for d in a.disjuncts for j, _ in d} | {a.outcome} for a in parts
    ]  # components of asf sharing a factor
    comp = list(range(len(parts)))

    def find(i: int) -> int:
        while comp[i] != i:
            i = comp[i]
        return i

    for i, j in itertools.combinations(range(len(parts)), 2):
        if factor_sets[i] & factor_sets[j]:
            comp[find(i)] = find(j)
    holds = np.stack([_eval_disj(a.disjuncts, x) == x[:, a.outcome] for a in parts])
    scores = []
    for root in sorted({find(i) for i in range(len(parts))}):
        members = [i for i in range(len(parts)) if find(i) == root]
        sub = holds[members]
        denom = float(w @ sub.any(axis=0))
        scores.append(float(w @ sub.all(axis=0)) / denom if denom > 0 else float("nan"))
    return min(scores)


def cna(
    data: pd.DataFrame | Project,
    *,
    outcomes: Sequence[str] | None = None,
    con: float = 1.0,
    cov: float = 1.0,
    maxstep: tuple[int, int, int] = (3, 4, 10),
    factors: Sequence[str] | None = None,
    max_csf: int = 10_000,
    statuses: str | Collection[str] | None = None,
    negate_constraining: bool = False,
    calibration: Mapping[str, Sequence[float]] | None = None,
) -> CnaResult:
    """Coincidence analysis: atomic and complex solution formulas, as R ``cna``.

    Parameters
    ----------
    data : pandas.DataFrame or Project
        Cases (rows) by factors (columns) with crisp (0/1) or fuzzy ([0, 1])
        memberships; or a :class:`~realist.model.Project`, whose case
        membership in each of `factors` is taken as :func:`realist.truth_table`
        takes it (a case is in the set of an element when one of its
        configurations lists it; refuted configurations do not put a case in
        their outcomes' sets; case attributes are read or calibrated). The
        ids are written in upper case (``C-HISTORY``), so that absence can be
        written in lower case (``c-history``) as cna does.
    outcomes : sequence of str, optional
        The factors to take as outcomes (each present, ``Y=1``); every factor
        by default, as R ``cna``.
    con, cov : float
        Consistency threshold of msc and asf, coverage threshold of asf.
    maxstep : (int, int, int)
        R ``cna``'s caps: conjuncts per msc, disjuncts per asf, complexity
        (number of literals) per asf. A :class:`~realist.errors.RealistWarning`
        is given when a cap may have cut an outcome's search.
    factors : sequence of str, optional
        The columns (or, for a Project, the element ids and case attributes)
        to analyse; all columns of a DataFrame by default.
    max_csf : int
        At most this many csf are built (a warning says when more exist).
    statuses, negate_constraining, calibration
        As for :func:`realist.truth_table`, for a Project.

    Returns
    -------
    CnaResult
        ``asf`` and ``csf`` tables (and the ``msc``).

    Raises
    ------
    ValidationError
        For data that are not memberships in [0, 1], factor names that cna's
        syntax cannot write (an upper-case letter is needed: absence is written
        in lower case), thresholds out of (0, 1] or a bad `maxstep`.

    Notes
    -----
    Consistency of a condition X for Y is Σmin(X, Y)/ΣX and coverage
    Σmin(X, Y)/ΣY (crisp data are the 0/1 case); a conjunction is the
    minimum, a disjunction the maximum and absence 1 - X. The csf consistency
    and coverage are the minima over its asf. A csf whose asf is implied by
    its other asf (structural redundancy, checked over all crisp
    configurations) is reduced, in every possible way, and a csf that is a
    part of another is dropped. An asf whose condition has a redundant
    literal or disjunct over all configurations is not INUS and is dropped
    (R's ``inus.only``). Coherence is computed for crisp data (NaN for
    fuzzy). Not computed: R's exhaustiveness and faithfulness, the ``inus``
    column, the ``asf.selection`` check of fuzzy asf on the crisp-cut data;
    multi-value factors, ``ordering`` and ``notcols`` are not supported.

    Examples
    --------
    >>> import pandas as pd
    >>> import realist as rl
    >>> df = pd.DataFrame({"A": [1, 1, 0, 0, 1], "B": [1, 0, 1, 0, 0],
    ...                    "C": [1, 1, 0, 0, 1], "D": [1, 1, 0, 0, 1]})
    >>> res = rl.cna(df, outcomes=["D"])
    >>> res.asf[["condition", "con", "cov"]].to_string(index=False)
    'condition  con  cov\\n     A<->D  1.0  1.0\\n     C<->D  1.0  1.0'
    """
    import pandas as pd

    if not (0 < con <= 1) or not (0 < cov <= 1):
        raise ValidationError(f"con and cov must be in (0, 1], got con={con}, cov={cov}")
    if len(maxstep) != 3 or any(int(s) < 1 for s in maxstep):
        raise ValidationError(f"maxstep must be three positive integers, got {maxstep!r}")
    # as R cna: no more conjuncts or disjuncts than the complexity cap
    steps = (
        min(int(maxstep[0]), int(maxstep[2])),
        min(int(maxstep[1]), int(maxstep[2])),
        int(maxstep[2]),
    )
    frame = _prepare(data, factors, statuses, negate_constraining, calibration)
    names, x = _check(frame)
    fuzzy = bool(((x > 0) & (x < 1)).any())
    # identical cases are one configuration with a weight
    rows, first, counts = np.unique(x, axis=0, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")  # configurations in order of first occurrence
    w = counts[order].astype(float)
    x = rows[order]
    if outcomes is not None and not isinstance(data, pd.DataFrame):
        outcomes = [str(o).upper() for o in outcomes]  # a Project's ids, as written by cna
    if outcomes is None:
        targets = list(range(len(names)))
    else:
        unknown = [o for o in outcomes if o not in names]
        if unknown:
            raise ValidationError(f"unknown outcome {unknown[0]!r}; factors: {', '.join(names)}")
        targets = sorted(names.index(o) for o in outcomes)

    msc_rows: list[dict[str, Any]] = []
    asf_rows: list[_AsfRow] = []
    capped_outcomes: list[str] = []
    for o in targets:
        if float(w @ x[:, o]) <= 0:
            continue
        msc = _msc(x, w, o, con, steps[0])
        for m in sorted(
            (m for step in msc for m in step),
            key=lambda m: (len(m.conj), -m.con * m.cov, _collate(_conj_name(m.conj, names))),
        ):
            msc_rows.append(
                {
                    "outcome": names[o],
                    "condition": f"{_conj_name(m.conj, names)}->{names[o]}",
                    "con": m.con,
                    "cov": m.cov,
                    "complexity": len(m.conj),
                }
            )
        found, cap2 = _asf(msc, x, w, o, con, cov, steps)
        if not found and cap2:
            capped_outcomes.append(names[o])
        for picked, c_con, c_cov in found:
            disj = tuple(m.conj for m in picked)
            if not _inus(disj, len(names)):
                continue
            cond = "+".join(_conj_name(c, names) for c in disj)
            asf_rows.append(
                _AsfRow(
                    o,
                    f"{cond}<->{names[o]}",
                    disj,
                    c_con,
                    c_cov,
                    sum(len(c) for c in disj),
                    len(asf_rows),
                )
            )
    if capped_outcomes:
        warnings.warn(
            f"cna: no solution for {', '.join(capped_outcomes)} within "
            f"maxstep={steps}; a larger maxstep may find some",
            RealistWarning,
            stacklevel=2,
        )
    # as R cna: outcomes in column order, each by complexity, then con * cov
    asf_rows.sort(key=lambda a: (a.outcome, a.complexity, -a.con * a.cov, a.order))

    # complex solution formulas: one asf per outcome that has any; outcomes sorted by
    # name (R's split()), the first outcome's asf varying slowest
    by_outcome: dict[int, list[_AsfRow]] = {}
    for a in sorted(asf_rows, key=lambda a: (_collate(names[a.outcome]), a.order)):
        by_outcome.setdefault(a.outcome, []).append(a)
    for group in by_outcome.values():
        group.sort(key=lambda a: (a.complexity, -a.con * a.cov, a.order))
    csf_list: list[tuple[_AsfRow, ...]] = []
    seen: set[tuple[str, ...]] = set()
    total = 1
    for group in by_outcome.values():
        total *= len(group)
    if total > max_csf:
        warnings.warn(
            f"cna: {total} combinations of asf; only the first {max_csf} csf are built "
            "(raise max_csf for more)",
            RealistWarning,
            stacklevel=2,
        )
    memo: dict[frozenset[str], list[tuple[_AsfRow, ...]]] = {}
    combos = itertools.product(*by_outcome.values()) if by_outcome else iter(())
    for parts in itertools.islice(combos, max_csf):
        for kept in [parts] if fuzzy else _reductions(parts, len(names), memo):
            key = tuple(sorted(a.condition for a in kept))
            if key in seen:
                continue
            seen.add(key)
            csf_list.append(kept)
    # as R cna: a csf reduced to a part of another csf is a submodel of it, and dropped
    keys = [frozenset(a.condition for a in c) for c in csf_list]
    csf_list = [c for c, k in zip(csf_list, keys, strict=True) if not any(k < o for o in keys)]
    csf_records: list[dict[str, Any]] = []
    for i, parts_ in enumerate(csf_list):
        ordered = sorted(parts_, key=lambda a: _collate(names[a.outcome]))
        if len(ordered) == 1:
            cond = ordered[0].condition
        else:
            cond = "*".join(f"({a.condition})" for a in ordered)
        c_con = min(a.con for a in ordered)
        c_cov = min(a.cov for a in ordered)
        csf_records.append(
            {
                "outcome": ",".join(names[a.outcome] for a in ordered),
                "condition": cond,
                "con": c_con,
                "cov": c_cov,
                "complexity": sum(a.complexity for a in ordered),
                "coherence": float("nan") if fuzzy else _coherence(ordered, x, w),
                "_order": i,
            }
        )
    # as R cna: by complexity, then con * cov, then the outcomes' column order
    csf_records.sort(
        key=lambda r: (
            r["complexity"],
            -r["con"] * r["cov"],
            [names.index(o) for o in r["outcome"].split(",")],
            r["_order"],
        )
    )
    for record in csf_records:
        del record["_order"]
    asf_cols = ["outcome", "condition", "con", "cov", "complexity"]
    asf_frame = pd.DataFrame(
        [
            {
                "outcome": names[a.outcome],
                "condition": a.condition,
                "con": a.con,
                "cov": a.cov,
                "complexity": a.complexity,
            }
            for a in asf_rows
        ],
        columns=asf_cols,
    )
    csf_frame = pd.DataFrame(csf_records, columns=[*asf_cols, "coherence"])
    msc_frame = pd.DataFrame(msc_rows, columns=asf_cols)
    return CnaResult(
        asf=asf_frame,
        csf=csf_frame,
        msc=msc_frame,
        factors=tuple(names),
        con=con,
        cov=cov,
        fuzzy=fuzzy,
    )
