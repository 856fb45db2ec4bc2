"""Coincidence analysis (CNA): causal structures with several outcomes.

Coincidence analysis (Baumgartner & Ambühl 2020; the R package ``cna``)
recovers the causal structure behind configurational data: for each factor
value taken as an outcome, the *minimally sufficient conditions* (msc) are
found, then their *minimally necessary disjunctions*, the atomic solution
formulas (asf, ``A*b+C<->Y``); asf of different outcomes are joined into
complex solution formulas (csf, ``(A+B<->C)*(C*D<->E)``), which represent
common causes and causal chains. Realist programme theories are such chains:
the outcome of one configuration is the context of the next.

The search follows R ``cna`` 4.0.0 with its defaults (``maxstep = (3, 4, 10)``,
``inus.only``, ``n.init = 1000``) on crisp (``cs``), multi-value (``mv``: a
factor's values are integers, literals are written ``X=2``) and fuzzy
(``fs``) data: the candidates in the same order, the same asf and csf written
in the same syntax and order, with the same consistency and coverage
(checked against R on the package's textbook data ``d.educate`` and
``d.women``), and cna 4.0's exhaustiveness, faithfulness and coherence.
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
>>> res.csf[["exhaustiveness", "faithfulness"]].round(3).values.tolist()
[[1.0, 1.0], [1.0, 1.0]]

Multi-value data: a factor at a value is written ``X=v``.

>>> mv = pd.DataFrame({"A": [0, 1, 2, 0, 1, 2], "B": [0, 0, 0, 1, 1, 1],
...                    "E": [0, 1, 2, 0, 2, 2]})
>>> cna(mv, outcomes=["E=2"]).asf["condition"].tolist()
['A=2+A=1*B=1<->E=2']
"""

from __future__ import annotations

import html
import itertools
import warnings
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from realist.errors import RealistWarning, ValidationError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from realist.model import Project

    FloatArray = npt.NDArray[np.float64]
    BoolArray = npt.NDArray[np.bool_]

__all__ = ["CnaResult", "cna"]

_EPS = 1e-10
# (factor index, value): for crisp and fuzzy factors 1 is presence and 0 absence,
# for multi-value factors the value itself
_Literal = tuple[int, int]
_Conj = tuple[_Literal, ...]
_MAX_GRID = 1 << 20  # configurations of a condition's factors enumerated at most
_TYPES = ("auto", "cs", "mv", "fs")


@dataclass(frozen=True)
class CnaResult:
    """The solutions of a coincidence analysis.

    Attributes
    ----------
    asf : pandas.DataFrame
        Atomic solution formulas: ``outcome``, ``condition`` (cna syntax),
        ``con``, ``cov``, ``complexity``, ``exhaustiveness`` and
        ``faithfulness``; ordered as R ``cna`` orders them.
    csf : pandas.DataFrame
        Complex solution formulas: ``outcome`` (the outcomes, comma
        separated), the same columns as ``asf`` and ``coherence``.
    msc : pandas.DataFrame
        The minimally sufficient conditions found for each outcome.
    factors : tuple of str
        The factors analysed.
    con, cov : float
        The consistency and coverage thresholds used.
    fuzzy : bool
        Whether memberships were fuzzy (``type == "fs"``).
    type : str
        The data type, as R ``cna`` names it: ``"cs"`` (crisp), ``"mv"``
        (multi-value) or ``"fs"`` (fuzzy).

    Examples
    --------
    >>> import pandas as pd
    >>> from realist.analysis.cna import cna
    >>> df = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "C": [1, 1, 1, 0]})
    >>> res = cna(df)
    >>> res.asf["condition"].tolist(), res.type
    (['A+B<->C'], 'cs')
    """

    asf: pd.DataFrame
    csf: pd.DataFrame
    msc: pd.DataFrame
    factors: tuple[str, ...]
    con: float
    cov: float
    fuzzy: bool
    type: str = "cs"

    def _title(self) -> str:
        kind = {"cs": "crisp", "mv": "multi-value", "fs": "fuzzy"}.get(self.type, self.type)
        return (
            f"CNA ({kind}; con={self.con:g}, cov={self.cov:g}): "
            f"{len(self.asf)} asf, {len(self.csf)} csf"
        )

    def __repr__(self) -> str:
        lines = [self._title()]
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
        parts = [f"<p><strong>{html.escape(self._title())}</strong></p>"]
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


@dataclass(frozen=True)
class _Data:
    """The configurations analysed (identical cases merged, in order of first
    occurrence, as R's configTable) and how their factors are read."""

    names: list[str]
    x: FloatArray  # configurations x factors
    w: FloatArray  # cases per configuration
    kind: str  # "cs", "mv" or "fs"
    values: tuple[tuple[int, ...], ...]  # each factor's values (R's uniqueValues order)
    memo: dict[_Literal, FloatArray] = field(default_factory=dict, compare=False, repr=False)

    def label(self, lit: _Literal) -> str:
        j, v = lit
        if self.kind == "mv":
            return f"{self.names[j]}={v}"
        return self.names[j] if v == 1 else self.names[j].lower()

    def conj_label(self, conj: _Conj) -> str:
        return "*".join(self.label(lit) for lit in conj)

    def mem(self, lit: _Literal, x: FloatArray | None = None) -> FloatArray:
        """Membership in a literal: the indicator of the value (mv), else X or 1 - X."""
        import numpy as np

        if x is None:  # the data's memberships are asked for again and again
            if lit not in self.memo:
                self.memo[lit] = self.mem(lit, self.x)
            return self.memo[lit]
        j, v = lit
        col: FloatArray = x[:, j]
        if self.kind == "mv":
            indicator: FloatArray = np.equal(col, v).astype(np.float64)
            return indicator
        if v == 1:
            return col
        absent: FloatArray = 1.0 - col
        return absent


def _collate(text: str) -> tuple[str, str]:
    """A sort key close to R's sort() of strings in an English locale: letters compared
    regardless of case first, lower case before upper case on ties."""
    return (text.lower(), text.swapcase())


def _conj_mem(conj: _Conj, d: _Data, x: FloatArray | None = None) -> FloatArray:
    import numpy as np

    if not conj:
        return np.ones((d.x if x is None else x).shape[0])
    m = d.mem(conj[0], x)
    for lit in conj[1:]:
        m = np.minimum(m, d.mem(lit, x))
    return m


def _disj_mem(disj: Sequence[_Conj], d: _Data, x: FloatArray | None = None) -> FloatArray:
    import numpy as np

    rows = (d.x if x is None else x).shape[0]
    m = np.zeros(rows)
    for conj in disj:
        m = np.maximum(m, _conj_mem(conj, d, x))
    return m


def _grid(factors: Collection[int], d: _Data) -> FloatArray | None:
    """Every configuration of `factors` (R's full.ct: both values of a crisp or fuzzy
    factor, the observed values of a multi-value one); other columns are 0."""
    import numpy as np

    used = sorted(factors)
    size = 1
    for j in used:
        size *= len(d.values[j])
    if size > _MAX_GRID:
        return None
    full = np.zeros((size, len(d.names)))
    if used:
        full[:, used] = np.array(list(itertools.product(*(d.values[j] for j in used))))
    return full


def _on_grid(d: _Data) -> _Data:
    """The same factors read as values (crisp 0/1 or multi-value), for configurations."""
    return _Data(d.names, d.x, d.w, "mv", d.values)


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


def _check_names(names: list[str], kind: str) -> None:
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
        if kind != "mv" and n == n.lower():
            raise ValidationError(
                f"factor {n!r} has no upper-case letter: cna writes presence in upper case "
                "and absence in lower case, so factor names need upper-case letters",
                hint="rename the columns, e.g. data.rename(columns=str.upper)",
            )
        if any(ch in n for ch in "*+<>()=,"):
            raise ValidationError(
                f"factor name {n!r} contains a character of cna's syntax (* + < > ( ) = ,)",
                hint="rename the column",
            )


def _check(frame: pd.DataFrame, type_: str) -> tuple[list[str], FloatArray, str]:
    """The factor names, the values and the data type (R's ctType for ``auto``)."""
    import numpy as np

    if type_ not in _TYPES:
        raise ValidationError(f"type must be one of {', '.join(_TYPES)}, got {type_!r}")
    names = [str(c) for c in frame.columns]
    if frame.shape[0] == 0:
        raise ValidationError("cna needs at least one case")
    try:
        x = frame.to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            f"cna expects numbers: 0/1 (crisp), [0, 1] (fuzzy) or integers (multi-value): {exc}"
        ) from None
    for j, n in enumerate(names):
        if np.isnan(x[:, j]).any():
            raise ValidationError(
                f"column {n!r} has missing values", hint="drop or fill those cases first"
            )
    crisp = bool(np.isin(x, (0.0, 1.0)).all())
    unit = bool(((x >= 0) & (x <= 1)).all())
    if type_ == "auto":
        type_ = "cs" if crisp else "fs" if unit else "mv"
    bad_col: str | None = None
    for j, n in enumerate(names):
        col = x[:, j]
        if (type_ == "cs" and not np.isin(col, (0.0, 1.0)).all()) or (
            type_ == "fs" and not ((col >= 0) & (col <= 1)).all()
        ):
            bad_col = n
        elif type_ == "mv" and not ((col >= 0) & (col == np.round(col))).all():
            raise ValidationError(
                f"column {n!r} has values that are not whole numbers >= 0, so it cannot be a "
                "multi-value factor",
                hint="recode it to the integers 0, 1, 2, ... or give fuzzy memberships in "
                "[0, 1] with type='fs'",
            )
        if bad_col:
            want = "0 or 1" if type_ == "cs" else "memberships in [0, 1]"
            raise ValidationError(
                f"column {bad_col!r} has values other than {want} (type={type_!r})",
                hint="recode it, or use type='auto' to detect the type",
            )
    _check_names(names, type_)
    return names, x, type_


def _ge(a: float, b: float) -> bool:
    return a >= b - _EPS


@dataclass
class _Msc:
    conj: _Conj
    m: FloatArray
    con: float
    cov: float


def _candidates(d: _Data, combo: tuple[int, ...], cut: FloatArray) -> list[tuple[int, ...]]:
    """R's findAllSubsets: one factor's values in R's order (crisp and fuzzy: presence,
    then absence; multi-value: ascending) as they occur; the value combinations of
    several factors in order of first occurrence."""
    import numpy as np

    if len(combo) == 1:
        present = set(cut[:, combo[0]].astype(int).tolist())
        return [(v,) for v in d.values[combo[0]] if v in present]
    block = cut[:, list(combo)].astype(np.int64)
    key = np.zeros(block.shape[0], dtype=np.int64)
    for k in range(block.shape[1]):  # one integer per row: a fast unique
        key = key * (int(block[:, k].max()) + 1) + block[:, k]
    _, first = np.unique(key, return_index=True)
    return [tuple(r) for r in block[np.sort(first)].tolist()]


def _msc(
    d: _Data,
    out: _Literal,
    con: float,
    maxsize: int,
    seen: dict[tuple[int, ...], list[tuple[int, ...]]] | None = None,
) -> list[list[_Msc]]:
    """Minimally sufficient conditions of the outcome value `out`, by number of conjuncts.

    A conjunction that contains a smaller msc is not a candidate; fuzzy data
    are cut at 0.5 (R's ``border = "up"``) to find the candidates. `seen` keeps
    the candidates of each set of factors for the next outcome.
    """
    import numpy as np

    y = d.mem(out)
    w = d.w
    sy = float(w @ y)
    cut = d.x if d.kind == "mv" else (d.x >= 0.5).astype(float)
    others = [j for j in range(len(d.names)) if j != out[0]]
    seen = {} if seen is None else seen
    found: list[list[_Msc]] = []
    found_sets: list[frozenset[_Literal]] = []
    for size in range(1, min(maxsize, len(others)) + 1):
        step: list[_Msc] = []
        for combo in itertools.combinations(others, size):
            if combo not in seen:
                seen[combo] = _candidates(d, combo, cut)
            for values in seen[combo]:
                conj = tuple(zip(combo, values, strict=True))
                s = frozenset(conj)
                if any(f <= s for f in found_sets):
                    continue
                m = _conj_mem(conj, d)
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
    d: _Data,
    out_lit: _Literal,
    con: float,
    cov: float,
    maxstep: tuple[int, int, int],
) -> tuple[list[tuple[tuple[_Msc, ...], float, float]], bool]:
    """Minimally necessary disjunctions of msc, in R ``cna``'s search order; capped?"""
    import numpy as np

    y = d.mem(out_lit)
    w = d.w
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
    outcome: _Literal
    label: str  # the outcome as cna writes it
    condition: str
    disjuncts: tuple[_Conj, ...]
    con: float
    cov: float
    complexity: int

    def factors(self) -> set[int]:
        return {j for c in self.disjuncts for j, _ in c} | {self.outcome[0]}


def _varies(x: FloatArray, y: FloatArray) -> bool:
    """R cna 4.0's ``asf.selection = "cs"`` (its C_varies): with condition and outcome
    rounded to 0/1 (0.5 to 0), the configurations where they agree show the outcome
    both present and absent."""
    rx, ry = x > 0.5, y > 0.5
    agree = ry[rx == ry]
    return bool(agree.any() and not agree.all())


def _lhs_inus(disj: Sequence[_Conj], d: _Data, rows: FloatArray, const_ok: bool) -> bool:
    """R cna's ``.inusInternal_bool``: over the configurations `rows`, no disjunct and
    no literal of the DNF can be dropped without changing it (and, unless
    `const_ok`, it is not constant)."""
    g = _on_grid(d)
    whole = _disj_mem(disj, g, rows)
    if not const_ok and (whole.all() or not whole.any()):
        return False
    for i in range(len(disj)):
        rest = [c for k, c in enumerate(disj) if k != i]
        if rest and (_disj_mem(rest, g, rows) == whole).all():
            return False
        if len(disj[i]) > 1:
            for lit in disj[i]:
                shorter = tuple(x for x in disj[i] if x != lit)
                if (_disj_mem([*rest, shorter], g, rows) == whole).all():
                    return False
    return True


def _inus(disj: Sequence[_Conj], d: _Data) -> bool:
    """Whether a DNF is free of redundant disjuncts and literals over every
    configuration of its factors, and not constant: R ``cna``'s ``inus.only``."""
    full = _grid({j for c in disj for j, _ in c}, d)
    return True if full is None else _lhs_inus(disj, d, full, const_ok=False)


def _asf_inus(a: _AsfRow, d: _Data) -> bool:
    """R cna's ``.inusInternal_asf``: an INUS condition, and the asf neither holds in
    every configuration of its factors nor in none."""
    if not _inus(a.disjuncts, d):
        return False
    full = _grid(a.factors(), d)
    if full is None:
        return True
    holds = _holds([a], d, full)[0]
    return bool(holds.any() and not holds.all())


def _csf_inus(parts: Sequence[_AsfRow], d: _Data) -> bool:
    """R cna 4.0's INUS check of a csf in ``csf()``, over every configuration of its
    factors: not constant, no factor value made constant where the csf holds
    (``constFact``), and no partial structural redundancy: each asf's condition
    stays INUS where the other asf hold (``partiallyRedundant``)."""
    import numpy as np

    full = _grid(set().union(*(a.factors() for a in parts)), d)
    if full is None:
        return True
    holds = _holds(parts, d, full)
    every = holds.all(axis=0)
    if every.all() or not every.any():
        return False
    g = _on_grid(d)
    used = sorted(set().union(*(a.factors() for a in parts)))
    for j in used:
        for v in d.values[j] if d.kind == "mv" else (1,):
            seen = g.mem((j, v), full[every])
            if (seen == seen[0]).all():
                return False
    if len(parts) > 1:
        for i, a in enumerate(parts):
            others = np.delete(holds, i, axis=0).all(axis=0)
            if not _lhs_inus(a.disjuncts, d, full[others], const_ok=True):
                return False
    return True


def _holds(parts: Sequence[_AsfRow], d: _Data, x: FloatArray) -> BoolArray:
    """Whether each asf holds (condition and outcome equal) in each configuration of x."""
    import numpy as np

    g = _on_grid(d)
    return np.stack([_disj_mem(a.disjuncts, g, x) == g.mem(a.outcome, x) for a in parts])


def _redundant(parts: Sequence[_AsfRow], d: _Data) -> list[int]:
    """The indices of the asf implied by the others over every configuration."""
    import numpy as np

    full = _grid(set().union(*(a.factors() for a in parts)), d)
    if full is None:
        return []
    holds = _holds(parts, d, full)
    return [
        i for i in range(len(parts)) if (holds[i] | ~np.delete(holds, i, axis=0).all(axis=0)).all()
    ]


def _components(parts: Sequence[_AsfRow]) -> list[list[int]]:
    """The asf of a csf grouped into connected parts (asf sharing a factor)."""
    factor_sets = [a.factors() for a in parts]
    comp = list(range(len(parts)))

    def find(i: int) -> int:
        while comp[i] != i:
            i = comp[i]
        return i

    for i, j in itertools.combinations(range(len(parts)), 2):
        if factor_sets[i] & factor_sets[j]:
            comp[find(i)] = find(j)
    roots = sorted({find(i) for i in range(len(parts))})
    return [[i for i in range(len(parts)) if find(i) == r] for r in roots]


def _coherence(parts: Sequence[_AsfRow], d: _Data) -> float:
    """cna's coherence: in each connected part of the csf, Σ min over its asf of
    (1 - |condition - outcome|) / Σ max of the same; the minimum over parts (1 when
    no part has two asf)."""
    import numpy as np

    groups = _components(parts)
    if all(len(g) == 1 for g in groups):
        return 1.0
    simil = np.stack([1.0 - np.abs(_disj_mem(a.disjuncts, d) - d.mem(a.outcome)) for a in parts])
    scores = []
    for g in groups:
        denom = float(d.w @ simil[g].max(axis=0))
        if denom > 0:
            scores.append(float(d.w @ simil[g].min(axis=0)) / denom)
    return min(scores) if scores else float("nan")


def _exhaustiveness_faithfulness(parts: Sequence[_AsfRow], d: _Data) -> tuple[float, float]:
    """cna 4.0's exhaustiveness and faithfulness, over the factors of the formula only.

    Exhaustiveness: the share of the configurations compatible with the
    formula (every asf holds) that occur in the data; faithfulness: the share
    of the configurations in the data that are compatible with it. Fuzzy
    values are rounded to 0/1 and identical configurations counted once
    (R's ``unique_cti_cs`` and ``calcExff``).
    """
    import numpy as np

    used = sorted(set().union(*(a.factors() for a in parts)))
    full = _grid(used, d)
    if full is None:
        return float("nan"), float("nan")
    # R: configurations told apart as in the search (fuzzy values cut at 0.5, up), the
    # first of each then rounded (round(0.5) is 0 in R as in numpy)
    cut = (d.x[:, used] >= 0.5) if d.kind == "fs" else d.x[:, used]
    _, first = np.unique(cut, axis=0, return_index=True)
    seen = np.zeros((len(first), d.x.shape[1]))
    rows = d.x[np.sort(first)][:, used]
    seen[:, used] = np.round(rows) if d.kind == "fs" else rows
    in_data = int(_holds(parts, d, seen).all(axis=0).sum())
    compatible = int(_holds(parts, d, full).all(axis=0).sum())
    exhaustiveness = in_data / compatible if compatible else float("nan")
    return exhaustiveness, in_data / seen.shape[0]


def _head_with_ties(keys: Sequence[Any], n: int) -> int:
    """R cna's head_with_ties: the first n rows, and those tied with the n-th."""
    if len(keys) <= n:
        return len(keys)
    firsts = [i for i, k in enumerate(keys) if k not in keys[:i]]
    later = [i for i in firsts if i >= n]
    return later[0] if later else len(keys)


def _combine(groups: list[list[_AsfRow]], n: int) -> list[tuple[_AsfRow, ...]]:
    """R cna's combineAsf: one asf per outcome, the first outcome's asf varying
    slowest, the n best by complexity (ties kept) at each step, then ordered by
    complexity and consistency x coverage."""
    rows: list[tuple[tuple[_AsfRow, ...], int, float, float]] = [
        ((a,), a.complexity, a.con, a.cov) for a in groups[0]
    ]
    if len(rows) > n:
        rows.sort(key=lambda r: r[1])
        rows = rows[: _head_with_ties([r[1] for r in rows], n)]
    for group in groups[1:]:
        rows = [
            ((*p, b), c + b.complexity, min(co, b.con), min(cv, b.cov))
            for p, c, co, cv in rows
            for b in group
        ]
        rows.sort(key=lambda r: r[1])
        rows = rows[: _head_with_ties([r[1] for r in rows], n)]
    rows.sort(key=lambda r: (r[1], -r[2] * r[3]))
    rows = rows[: _head_with_ties([(r[1], -r[2] * r[3]) for r in rows], n)]
    return [r[0] for r in rows]


def _minimal_csf(csfs: list[tuple[_AsfRow, ...]], d: _Data) -> list[tuple[_AsfRow, ...]]:
    """R cna's .minCsf: each csf with a structurally redundant asf is replaced by every
    csf with one such asf removed, recursively; the reduced csf come first."""
    keep: list[tuple[_AsfRow, ...]] = []
    reduced: dict[tuple[str, ...], tuple[_AsfRow, ...]] = {}
    for parts in csfs:
        redundant = _redundant(parts, d) if len(parts) > 1 else []
        if not redundant:
            keep.append(parts)
        for i in redundant:
            shorter = parts[:i] + parts[i + 1 :]
            reduced.setdefault(tuple(a.condition for a in shorter), shorter)
    if not reduced:
        return keep
    return [*_minimal_csf(list(reduced.values()), d), *keep]


def _parse_outcomes(
    outcomes: Sequence[str] | None, d: _Data, resp: list[_Literal]
) -> list[_Literal]:
    """The outcome values asked for, in R's order (columns, then values)."""
    if outcomes is None:
        return resp
    wanted: set[_Literal] = set()
    for spec in outcomes:
        name, _, value = str(spec).partition("=")
        if name not in d.names:
            raise ValidationError(
                f"unknown outcome {spec!r}; factors: {', '.join(d.names)}",
                hint="name a column of the data (for multi-value data, optionally COLUMN=value)",
            )
        j = d.names.index(name)
        if not value:
            wanted.update((j, v) for v in d.values[j]) if d.kind == "mv" else wanted.add((j, 1))
            continue
        try:
            v = int(value)
        except ValueError:
            raise ValidationError(
                f"outcome {spec!r}: {value!r} is not a whole number",
                hint=f"write the outcome as {name}=1 (or {name}=2, ... for multi-value data)",
            ) from None
        if d.kind != "mv" and v != 1:
            raise ValidationError(
                f"outcome {spec!r}: crisp and fuzzy outcomes are taken as present ({name}=1)",
                hint=f"to explain the absence of {name}, add a column 1 - {name} and use it",
            )
        if d.kind == "mv" and v not in d.values[j]:
            raise ValidationError(
                f"outcome {spec!r}: column {name!r} never takes the value {v} "
                f"(its values: {', '.join(map(str, d.values[j]))})",
                hint="choose a value that occurs in the data",
            )
        wanted.add((j, v))
    return [r for r in resp if r in wanted]


def cna(
    data: pd.DataFrame | Project,
    *,
    outcomes: Sequence[str] | None = None,
    con: float = 1.0,
    cov: float = 1.0,
    maxstep: tuple[int, int, int] = (3, 4, 10),
    factors: Sequence[str] | None = None,
    max_csf: int = 1000,
    statuses: str | Collection[str] | None = None,
    negate_constraining: bool = False,
    calibration: Mapping[str, Sequence[float]] | None = None,
    type: str = "auto",
) -> CnaResult:
    """Coincidence analysis: atomic and complex solution formulas, as R ``cna``.

    Parameters
    ----------
    data : pandas.DataFrame or Project
        Cases (rows) by factors (columns): crisp (0/1), multi-value (whole
        numbers 0, 1, 2, ...) or fuzzy ([0, 1]) values; or a
        :class:`~realist.model.Project`, whose case membership in each of
        `factors` is taken as :func:`realist.truth_table` takes it (a case is
        in the set of an element when one of its configurations lists it;
        refuted configurations do not put a case in their outcomes' sets; case
        attributes are read or calibrated). The ids are written in upper case
        (``C-HISTORY``), so that absence can be written in lower case
        (``c-history``) as cna does.
    outcomes : sequence of str, optional
        The outcomes: a factor (``"E"``: present for crisp and fuzzy data,
        every value for multi-value data) or a factor at a value (``"E=2"``;
        ``"E=1"`` for crisp data). Every factor (every value) by default, as R.
    con, cov : float
        Consistency threshold of msc and asf, coverage threshold of asf.
    maxstep : (int, int, int)
        R ``cna``'s caps: conjuncts per msc, disjuncts per asf, complexity
        (number of literals) per asf. A :class:`~realist.errors.RealistWarning`
        is given when a cap kept an outcome's search from a solution.
    factors : sequence of str, optional
        The columns (or, for a Project, the element ids and case attributes)
        to analyse; all columns of a DataFrame by default.
    max_csf : int
        R's ``n.init``: at most this many csf are built from the best
        combinations of asf (a warning says when more exist).
    statuses, negate_constraining, calibration
        As for :func:`realist.truth_table`, for a Project.
    type : {"auto", "cs", "mv", "fs"}
        The data type, as R ``cna``'s ``type``: detected by default (0/1 only:
        crisp; within [0, 1]: fuzzy; whole numbers >= 0: multi-value).

    Returns
    -------
    CnaResult
        ``asf`` and ``csf`` tables (and the ``msc``).

    Raises
    ------
    ValidationError
        For values that fit no data type (or not the `type` given), a column
        with missing values, factor names that cna's syntax cannot write
        (crisp and fuzzy factors need an upper-case letter: absence is
        written in lower case), an outcome that is no column or whose value
        never occurs, fewer than two different configurations, thresholds out
        of (0, 1] or a bad `maxstep`.

    Notes
    -----
    Consistency of a condition X for Y is Σmin(X, Y)/ΣX and coverage
    Σmin(X, Y)/ΣY; a conjunction is the minimum, a disjunction the maximum,
    absence 1 - X and a multi-value literal ``X=v`` the indicator of that
    value. asf are ordered by outcome (columns, then values), then
    complexity, then descending consistency x coverage, ties in the order the
    search met them (R's stable ``order``). csf consistency and coverage are
    the minima over their asf. A csf whose asf is implied by its other asf
    (structural redundancy, over every configuration) is reduced in every
    possible way; csf that are not INUS (constant, making a factor value
    constant, or partially structurally redundant: an asf's condition not INUS
    where the other asf hold) are dropped, and then a csf that is a part of
    another; csf are ordered by complexity, descending consistency x coverage
    and their outcomes (fewer outcomes first, then by column and value), ties
    with the reduced csf first (R's ``minimalizeCsf``). When no csf is left,
    the asf are returned as csf, as R does. An asf whose condition is
    constant or has a redundant literal or disjunct over every configuration
    is not INUS and is dropped (R's ``inus.only``). Exhaustiveness,
    faithfulness and coherence are cna 4.0's: exhaustiveness is the share of
    the configurations of the formula's factors compatible with it that occur
    in the data, faithfulness the share of the data's (distinct)
    configurations that are compatible with it (fuzzy values rounded), and
    coherence compares, in each connected part of a csf, the cases where all
    its asf hold with those where any does (1 - |condition - outcome| for
    fuzzy data). As R's default ``asf.selection = "cs"``, an asf is kept only
    if, rounded to 0/1, the configurations where condition and outcome agree
    show the outcome both present and absent. Not computed: R's ``inus`` and
    ``cyclic`` columns; ``ordering``, ``notcols`` and negated outcomes are not
    supported.

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
    import numpy as np
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
    names, x, kind = _check(frame, type)
    # identical cases are one configuration with a weight
    rows, first, counts = np.unique(x, axis=0, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")  # configurations in order of first occurrence
    values = tuple(
        tuple(sorted({int(v) for v in x[:, j]})) if kind == "mv" else (1, 0)
        for j in range(len(names))
    )
    if rows.shape[0] < 2:
        raise ValidationError(
            "cna needs at least two different configurations: every case has the same "
            "values on every factor",
            hint="add cases that differ, or check the factors chosen",
        )
    d = _Data(names, rows[order], counts[order].astype(float), kind, values)
    if outcomes is not None and not isinstance(data, pd.DataFrame):
        outcomes = [str(o).upper() for o in outcomes]  # a Project's ids, as written by cna
    resp = [(j, v) for j in range(len(names)) for v in (values[j] if kind == "mv" else (1,))]
    targets = _parse_outcomes(outcomes, d, resp)

    msc_rows: list[dict[str, Any]] = []
    asf_rows: list[_AsfRow] = []
    capped_outcomes: list[str] = []
    candidates: dict[tuple[int, ...], list[tuple[int, ...]]] = {}
    for out_lit in targets:
        label = d.label(out_lit)
        if float(d.w @ d.mem(out_lit)) <= 0:
            continue
        msc = _msc(d, out_lit, con, steps[0], candidates)
        for m in sorted(
            (m for step in msc for m in step),
            key=lambda m: (len(m.conj), -m.con * m.cov, _collate(d.conj_label(m.conj))),
        ):
            msc_rows.append(
                {
                    "outcome": label,
                    "condition": f"{d.conj_label(m.conj)}->{label}",
                    "con": m.con,
                    "cov": m.cov,
                    "complexity": len(m.conj),
                }
            )
        found, capped = _asf(msc, d, out_lit, con, cov, steps)
        if not found and capped:
            capped_outcomes.append(label)
        rows_here = []
        for picked, c_con, c_cov in found:
            disj = tuple(m.conj for m in picked)
            if not _varies(_disj_mem(disj, d), d.mem(out_lit)):
                continue
            cond = "+".join(d.conj_label(c) for c in disj)
            rows_here.append(
                _AsfRow(
                    out_lit,
                    label,
                    f"{cond}<->{label}",
                    disj,
                    c_con,
                    c_cov,
                    sum(len(c) for c in disj),
                )
            )
        # as R cna: by complexity, then con * cov, ties in search order (a stable sort);
        # then the asf that are not INUS are dropped
        rows_here.sort(key=lambda a: (a.complexity, -a.con * a.cov))
        asf_rows.extend(a for a in rows_here if _asf_inus(a, d))
    if capped_outcomes:
        warnings.warn(
            f"cna: no solution for {', '.join(capped_outcomes)} within "
            f"maxstep={steps}; a larger maxstep may find some",
            RealistWarning,
            stacklevel=2,
        )
    csf_list = _csf(asf_rows, d, max_csf)
    asf_cols = ["outcome", "condition", "con", "cov", "complexity"]
    exff_cols = ["exhaustiveness", "faithfulness"]
    asf_frame = pd.DataFrame(
        [
            dict(
                zip(
                    asf_cols + exff_cols,
                    [a.label, a.condition, a.con, a.cov, a.complexity,
                     *_exhaustiveness_faithfulness([a], d)],
                    strict=True,
                )
            )
            for a in asf_rows
        ],
        columns=asf_cols + exff_cols,
    )  # fmt: skip
    csf_records = []
    for parts in csf_list:
        cond = (
            parts[0].condition if len(parts) == 1 else "*".join(f"({a.condition})" for a in parts)
        )
        ex, faith = _exhaustiveness_faithfulness(parts, d)
        csf_records.append(
            {
                "outcome": ",".join(a.label for a in parts),
                "condition": cond,
                "con": min(a.con for a in parts),
                "cov": min(a.cov for a in parts),
                "complexity": sum(a.complexity for a in parts),
                "exhaustiveness": ex,
                "faithfulness": faith,
                "coherence": _coherence(parts, d),
            }
        )
    csf_frame = pd.DataFrame(csf_records, columns=[*asf_cols, *exff_cols, "coherence"])
    msc_frame = pd.DataFrame(msc_rows, columns=asf_cols)
    return CnaResult(
        asf=asf_frame,
        csf=csf_frame,
        msc=msc_frame,
        factors=tuple(names),
        con=con,
        cov=cov,
        fuzzy=kind == "fs",
        type=kind,
    )


def _csf(asf_rows: list[_AsfRow], d: _Data, max_csf: int) -> list[tuple[_AsfRow, ...]]:
    """Complex solution formulas from the asf, as R cna 4.0's ``csf()``.

    One asf per outcome (outcomes sorted by name, R's ``split``), the best
    ``max_csf`` combinations (``n.init``); structurally redundant asf removed
    (``minimalizeCsf``); ordered by complexity, consistency x coverage and the
    outcomes (R's ``outcomeOrder``: fewer outcomes first, then by column and
    value), ties as ``minimalizeCsf`` leaves them; csf that are not INUS dropped
    (:func:`_csf_inus`), then a csf whose asf are a part of another csf's
    (``findSubCsf``).
    """
    if not asf_rows:
        return []
    by_outcome: dict[str, list[_AsfRow]] = {}
    for a in sorted(asf_rows, key=lambda a: _collate(a.label)):  # stable: asf order kept
        by_outcome.setdefault(a.label, []).append(a)
    groups = list(by_outcome.values())
    total = 1
    for group in groups:
        total *= len(group)
    groups = [g[: _head_with_ties([a.complexity for a in g], max_csf)] for g in groups]
    initial = _combine(groups, max_csf)
    if max_csf < total:
        initial = initial[:max_csf]
        warnings.warn(
            f"cna: {total} combinations of asf; only the best {max_csf} csf are built "
            "(raise max_csf for more), as R cna's n.init",
            RealistWarning,
            stacklevel=3,
        )
    resp_rank = {lit: i + 1 for i, lit in enumerate(sorted({a.outcome for a in asf_rows}))}
    csfs = _minimal_csf(initial, d)
    width = max(len(c) for c in csfs)

    def outcome_key(parts: tuple[_AsfRow, ...]) -> tuple[int, ...]:
        ranks = [resp_rank[a.outcome] for a in parts]
        return (0,) * (width - len(ranks)) + tuple(ranks)

    csfs.sort(
        key=lambda p: (
            sum(a.complexity for a in p),
            -min(a.con for a in p) * min(a.cov for a in p),
            outcome_key(p),
        )
    )
    csfs = [c for c in csfs if _csf_inus(c, d)]
    keys = [frozenset(a.condition for a in c) for c in csfs]
    kept = [c for c, k in zip(csfs, keys, strict=True) if not any(k < o for o in keys)]
    # as R: when no csf is left, the asf are returned as csf of one asf each
    return kept or [(a,) for a in asf_rows]
