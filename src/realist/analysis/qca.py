"""Qualitative Comparative Analysis (QCA): truth tables, minimisation, necessity.

Configurational claims ("the combination of certain factors was sufficient for
some successes") are tested in place, over the cases of a :class:`Project` or
over any DataFrame of set memberships, following the conventions of R's
``QCA`` package (Dusa) exactly: the same truth table rows, inclusion (with
R's floating-point tolerance on cut-offs), PRI, the same prime implicants in
the same order, every equally minimal model (M1, M2, ...), the intermediate
solution from directional expectations through easy counterfactuals, and the
same inclusion, PRI, raw and unique coverage.

Examples
--------
>>> import pandas as pd
>>> from realist.analysis.qca import calibrate, minimize, necessity, truth_table
>>> df = pd.DataFrame({"A": [1, 1, 0, 0, 1], "B": [1, 0, 1, 0, 1],
...                    "Y": [1, 0, 0, 0, 1]}, index=list("abcde"))
>>> tt = truth_table(df, outcome="Y", conditions=["A", "B"])
>>> minimize(tt).expression
'A*B'
"""

from __future__ import annotations

import html
import math
import numbers
import re
import warnings
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from realist.analysis import _qca_min as qm
from realist.analysis.calibration import _is_number, calibrate
from realist.errors import RealistWarning, UnknownIdError, ValidationError

if TYPE_CHECKING:
    from realist.model import Project

__all__ = [
    "Model",
    "Solution",
    "Term",
    "TruthTable",
    "TruthTableRow",
    "calibrate",
    "minimize",
    "necessity",
    "truth_table",
]

FloatArray = npt.NDArray[np.float64]
_TOL = float(np.finfo(float).eps) ** 0.5  # R's .Machine$double.eps^0.5, as admisc::agteb


def _agteb(a: float, b: float) -> bool:
    """``a >= b`` with R QCA's tolerance (0.7499999999999999 passes a 0.75 cut)."""
    return a > b or abs(a - b) <= _TOL


def _fmt(x: float | None) -> str:
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f}"


# ------------------------------------------------------------------- truth table


@dataclass(frozen=True)
class TruthTableRow:
    """One observed row of a truth table.

    Attributes
    ----------
    row : int
        R QCA's row number (1 + the configuration read as a binary number, the
        first condition most significant).
    configuration : tuple of int
        0/1 per condition.
    out : str
        ``"1"`` (sufficient), ``"0"``, ``"C"`` (contradiction, between the two
        inclusion cuts) or ``"?"`` (fewer cases than ``n_cut``: a remainder).
    n : int
        Cases with membership above 0.5 in the row.
    inclusion, pri : float
        Sufficiency inclusion (consistency) and PRI of the row.
    cases : tuple of str
        The cases in the row.
    """

    row: int
    configuration: tuple[int, ...]
    out: str
    n: int
    inclusion: float
    pri: float
    cases: tuple[str, ...]


@dataclass(frozen=True, repr=False)
class TruthTable:
    """A QCA truth table: one row per observed configuration of the conditions.

    Build it with :func:`truth_table`. ``to_frame()`` gives the table (columns:
    the conditions, OUT, n, incl, PRI, cases; for a project also the
    configurations that put each case in each set).

    Attributes
    ----------
    conditions : tuple of str
    outcome : str
        The outcome as given (``"~SURV"`` for a negated outcome).
    rows : tuple of TruthTableRow
        Observed rows, by row number.
    incl_cut : tuple of float
        ``(ic1, ic0)``: rows with inclusion >= ic1 are positive, rows between
        ic0 and ic1 contradictions.
    n_cut : int
    pri_cut : float
    case_ids : tuple of str
    membership : numpy.ndarray
        Cases x conditions membership scores.
    outcome_membership : numpy.ndarray
        Membership in the outcome (already negated for ``~OUTCOME``).
    sources : dict or None
        For a project: per case, per set, the configurations that put the case
        in the set.
    """

    conditions: tuple[str, ...]
    outcome: str
    rows: tuple[TruthTableRow, ...]
    incl_cut: tuple[float, float]
    n_cut: int
    pri_cut: float
    case_ids: tuple[str, ...]
    membership: FloatArray = field(compare=False)
    outcome_membership: FloatArray = field(compare=False)
    sources: Mapping[str, Mapping[str, tuple[str, ...]]] | None = field(default=None, compare=False)

    @property
    def fuzzy(self) -> bool:
        """Whether any membership score is strictly between 0 and 1."""
        m = np.concatenate([self.membership.ravel(), self.outcome_membership])
        return bool(((m > 0) & (m < 1)).any())

    @property
    def positive(self) -> tuple[TruthTableRow, ...]:
        """The rows with OUT = 1."""
        return tuple(r for r in self.rows if r.out == "1")

    def to_frame(self, *, complete: bool = False) -> pd.DataFrame:
        """The truth table as a DataFrame, indexed by R's row numbers.

        With ``complete=True`` the unobserved rows (logical remainders) are
        included, with OUT ``"?"`` and n 0.

        Examples
        --------
        >>> import pandas as pd
        >>> from realist.analysis.qca import calibrate, minimize, necessity, truth_table
        >>> df = pd.DataFrame({"A": [1, 0], "Y": [1, 0]}, index=["x", "y"])
        >>> truth_table(df, outcome="Y").to_frame()[["A", "OUT", "n", "cases"]]
             A OUT  n cases
        row
        1    0   0  1     y
        2    1   1  1     x
        """
        k = len(self.conditions)
        recs: list[dict[str, Any]] = []
        by_row = {r.row: r for r in self.rows}
        numbers = range(1, (1 << k) + 1) if complete else sorted(by_row)
        for num in numbers:
            r = by_row.get(num)
            conf = r.configuration if r else _config(num - 1, k)
            rec: dict[str, Any] = dict(zip(self.conditions, conf, strict=True))
            if r is None:
                rec.update(OUT="?", n=0, incl=np.nan, PRI=np.nan, cases="")
            else:
                rec.update(OUT=r.out, n=r.n, incl=r.inclusion, PRI=r.pri, cases=",".join(r.cases))
                if self.sources is not None:
                    rec["configurations"] = "; ".join(
                        _describe_sources(c, self.sources.get(c, {})) for c in r.cases
                    )
            recs.append(rec)
        frame = pd.DataFrame.from_records(recs, index=pd.Index(list(numbers), name="row"))
        if self.sources is not None and "configurations" not in frame:
            frame["configurations"] = ""
        return frame

    def __repr__(self) -> str:
        frame = self.to_frame()
        frame["incl"] = frame["incl"].map(_fmt)
        frame["PRI"] = frame["PRI"].map(_fmt)
        head = f"Truth table: {self.outcome} <- {', '.join(self.conditions)}"
        cut = self.incl_cut[0] if self.incl_cut[1] >= self.incl_cut[0] else self.incl_cut
        return f"{head} (incl_cut={cut}, n_cut={self.n_cut})\n{frame.to_string()}"

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        cap = html.escape(f"Truth table: {self.outcome} <- {', '.join(self.conditions)}")
        return f"<p><b>{cap}</b></p>" + frame.to_html(float_format=lambda x: f"{x:.3f}")


def _describe_sources(case: str, sets: Mapping[str, tuple[str, ...]]) -> str:
    inner = ", ".join(f"{s}: {'/'.join(ids)}" for s, ids in sets.items())
    return f"{case} [{inner}]" if inner else f"{case} []"


def _config(row: int, k: int) -> tuple[int, ...]:
    return tuple((row >> (k - 1 - i)) & 1 for i in range(k))


def _is_integer(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _as_name(label: object) -> object:
    """A column label as a set name: integer labels (``0``, ``1``, ...) as strings."""
    return str(label) if _is_integer(label) else label


def _named_columns(data: pd.DataFrame) -> pd.DataFrame:
    """`data` with its column labels as strings, each naming one column.

    Sets are named by strings (they appear in expressions such as ``A*~B``),
    so integer labels become ``"0"``, ``"1"``, ...; two columns whose names
    read the same would make every lookup ambiguous and are rejected.
    """
    names = [str(c) for c in data.columns]
    seen: dict[str, list[object]] = {}
    for label, name in zip(data.columns, names, strict=True):
        seen.setdefault(name, []).append(label)
    duplicated = {name: labels for name, labels in seen.items() if len(labels) > 1}
    if duplicated:
        listed = "; ".join(
            f"{name!r} ({len(labels)} columns: {', '.join(repr(x) for x in labels)})"
            for name, labels in duplicated.items()
        )
        raise ValidationError(
            f"duplicate column names: {listed}; each set needs exactly one column",
            hint="rename or drop the duplicated columns (df.loc[:, ~df.columns.duplicated()] "
            "keeps the first of each)",
        )
    if names == list(data.columns):
        return data
    return data.set_axis(names, axis=1)


def _check_frame(
    data: pd.DataFrame, outcome: str, conditions: Sequence[str | int] | str | None
) -> tuple[str, list[str]]:
    if not isinstance(outcome, str) or not outcome.strip():
        raise ValidationError(f"outcome must be a column name, got {outcome!r}")
    name = outcome.strip().lstrip("~").strip()
    cols = [str(c) for c in data.columns]
    if name not in cols:
        raise UnknownIdError(
            f"unknown outcome column {name!r}; available: {', '.join(cols) or '(none)'}"
        )
    if conditions is None:
        conds = [c for c in cols if c != name]
    else:
        if isinstance(conditions, str):
            conditions = [c.strip() for c in conditions.split(",")]
        conds = [str(_as_name(c)) for c in conditions]
        for c in conds:
            if c not in cols:
                raise UnknownIdError(
                    f"unknown condition column {c!r}; available: {', '.join(cols)}"
                )
        dups = sorted({c for c in conds if conds.count(c) > 1})
        if dups:
            raise ValidationError(f"condition {dups[0]!r} is listed twice")
        if name in conds:
            raise ValidationError(f"{name!r} cannot be both the outcome and a condition")
    if not conds:
        raise ValidationError("no conditions: give at least one condition column")
    if len(conds) > 25:
        raise ValidationError(
            f"{len(conds)} conditions: QCA with more than 25 conditions is not supported"
        )
    for c in [*conds, name]:
        col = data[c]
        if not (pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col)):
            bad = next((v for v in col if not _is_number(v)), col.iloc[0] if len(col) else None)
            raise ValidationError(
                f"column {c!r} is not numeric (e.g. {bad!r}); expected set membership "
                "scores in [0, 1]",
                hint="calibrate raw values first with calibrate(values, exclusion, "
                "crossover, inclusion)",
            )
        values = col.astype(float)
        if values.isna().any():
            case = values.index[values.isna().to_numpy()][0]
            raise ValidationError(f"column {c!r} has a missing value for case {case!r}")
        out = values[(values < 0) | (values > 1)]
        if len(out):
            raise ValidationError(
                f"column {c!r} has membership {out.iloc[0]!r} for case {out.index[0]!r}, "
                "outside [0, 1]",
                hint="calibrate raw values first with calibrate(values, exclusion, "
                "crossover, inclusion)",
            )
    return name, conds


def _row_membership(x: FloatArray, rows: Sequence[int], k: int) -> FloatArray:
    """Membership of every case (columns) in every truth table row (rows)."""
    out = np.ones((len(rows), x.shape[0]))
    r = np.asarray(rows, dtype=np.int64)
    for i in range(k):
        bit = ((r >> (k - 1 - i)) & 1).astype(bool)[:, None]
        out = np.minimum(out, np.where(bit, x[None, :, i], 1.0 - x[None, :, i]))
    return out


def _sufficiency(
    m: FloatArray, y: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Per row of `m` (sets x cases): inclusion, PRI, coverage, and min(X, Y)."""
    xy = np.minimum(m, y[None, :])
    sxy = xy.sum(axis=1)
    sx = m.sum(axis=1)
    sxyn = np.minimum(xy, 1.0 - y[None, :]).sum(axis=1)
    sy = float(y.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        incl = sxy / sx
        pri = (sxy - sxyn) / (sx - sxyn)
        cov = sxy / sy if sy > 0 else np.full_like(sxy, np.nan)
    return incl, pri, cov, xy


def truth_table(
    data: pd.DataFrame | Project,
    outcome: str | int,
    conditions: Sequence[str | int] | str | int | None = None,
    *,
    incl_cut: float | Sequence[float] = 1.0,
    n_cut: int = 1,
    pri_cut: float = 0.0,
    case_column: str | None = None,
    statuses: str | Collection[str] | None = None,
    negate_constraining: bool = False,
    calibration: Mapping[str, Sequence[float]] | None = None,
) -> TruthTable:
    """Build a QCA truth table from set memberships (crisp or fuzzy).

    As R QCA's ``truthTable()``: each case goes to the row where its
    membership is above 0.5 (a case with a membership of exactly 0.5 in a
    condition goes nowhere, with a warning); each observed row gets n,
    inclusion ``sum(min(X, Y)) / sum(X)`` and PRI over *all* cases' membership
    in the row; OUT is 1 when inclusion >= ``incl_cut`` and PRI >= ``pri_cut``
    (with R's tolerance of about 1.5e-8), ``"C"`` when a second cut is given
    and inclusion lies between the two, else 0; rows with fewer than `n_cut`
    cases are remainders (``"?"``).

    Parameters
    ----------
    data : pandas.DataFrame or Project
        A DataFrame of membership scores in [0, 1] (one row per case; the
        index names the cases unless `case_column` is given), or a realist
        :class:`~realist.model.Project`.
    outcome : str or int
        The outcome column (or element id); ``"~NAME"`` for its negation.
        Columns are named by their labels as strings: a DataFrame with the
        integer labels 0, 1, 2 has the sets ``"0"``, ``"1"``, ``"2"``, and
        may be given as ``2`` or ``"2"`` (``"~2"`` for the negation). Two
        columns whose labels read the same are an error.
    conditions : list of str or int, optional
        Condition columns (or element ids / case attributes for a project).
        Default: every other column of the DataFrame.
    incl_cut : float or (float, float)
        Inclusion cut for OUT = 1, and optionally a lower cut below which rows
        are 0 (between the two: ``"C"``). Any real number (Python or numpy)
        in [0, 1]; not a bool.
    n_cut : int
        Minimum number of cases for a row to be observed (not a remainder).
    pri_cut : float
        Minimum PRI for OUT = 1 (a real number in [0, 1], not a bool).
    case_column : str, optional
        A DataFrame column holding case names.
    statuses : str or collection of str, optional
        Project input: only configurations with these statuses put cases in
        sets (e.g. ``"supported"``). Default: every configuration. A refuted
        configuration puts its case in the sets of its contexts and
        mechanisms, never in the sets of its outcomes (see Notes).
    negate_constraining : bool
        Project input: a context listed as constraining in a configuration
        does not put the case in that context's set.
    calibration : dict, optional
        Project input: for a numeric case attribute used as a set, its
        anchors ``(exclusion, crossover, inclusion)`` for :func:`calibrate`.

    Returns
    -------
    TruthTable

    Notes
    -----
    For a project, a case is in the set of an element when at least one of its
    (counted) configurations lists that element, except that a *refuted*
    configuration (its expected outcome did not happen) puts the case in the
    sets of its contexts and mechanisms (they were there) but not in the sets
    of its outcomes; ``to_frame()`` shows which configurations put each case
    in each set. A set named after a case
    attribute is read from it (booleans 1/0, numbers in [0, 1] as they are,
    other numbers calibrated).

    Examples
    --------
    >>> import pandas as pd
    >>> from realist.analysis.qca import calibrate, minimize, necessity, truth_table
    >>> df = pd.DataFrame({"A": [1, 1, 0], "B": [0, 1, 1], "Y": [1, 1, 0]},
    ...                   index=["x", "y", "z"])
    >>> tt = truth_table(df, outcome="Y", conditions=["A", "B"])
    >>> [(r.row, r.out, r.cases) for r in tt.rows]
    [(2, '0', ('z',)), (3, '1', ('x',)), (4, '1', ('y',))]
    """
    from realist.model import Project

    ic1, ic0, pri_cut = _check_cuts(incl_cut, n_cut, pri_cut)
    n_cut = int(n_cut)
    if isinstance(outcome, bool) or not isinstance(outcome, (str, int, np.integer)):
        raise ValidationError(
            f"outcome must be a column name or an element id (a string), got {outcome!r}"
        )
    if not isinstance(outcome, str):
        outcome = str(outcome)  # an integer column label
    if isinstance(conditions, bool):
        raise ValidationError(
            f"conditions must be a list of column names or element ids, got {conditions!r}"
        )
    if isinstance(conditions, (int, np.integer)):
        conditions = [str(conditions)]
    sources: dict[str, dict[str, tuple[str, ...]]] | None = None
    if isinstance(data, Project):
        if not isinstance(outcome, str) or not outcome.strip():
            raise ValidationError(f"outcome must be an element id, got {outcome!r}")
        oname = outcome.strip().lstrip("~").strip()
        if conditions is None:
            raise ValidationError(
                "give the conditions (element ids or case attributes) for a project"
            )
        conds_in: list[Any] = [
            _as_name(c) for c in ([conditions] if isinstance(conditions, str) else conditions)
        ]
        frame, sources = _project(
            data, [*conds_in, oname], statuses, negate_constraining, calibration
        )
        data = frame
        conditions = conds_in
    elif isinstance(data, pd.DataFrame):
        data = _named_columns(data)
        if case_column is not None:
            key = _as_name(case_column)
            if not isinstance(key, str) or key not in data.columns:
                raise UnknownIdError(
                    f"unknown case column {case_column!r}; available: "
                    f"{', '.join(map(str, data.columns))}"
                )
            data = data.set_index(key)
    else:
        raise ValidationError(
            f"truth_table() needs a pandas DataFrame or a realist Project, "
            f"got {type(data).__name__}"
        )
    name, conds = _check_frame(data, outcome, conditions)
    negated = outcome.strip().startswith("~")
    k = len(conds)
    x = data[conds].astype(float).to_numpy()
    y: FloatArray = np.asarray(data[name].astype(float).to_numpy(), dtype=np.float64)
    if negated:
        y = 1.0 - y
    case_ids = tuple(str(c) for c in data.index)
    half = np.isclose(x, 0.5, rtol=0, atol=_TOL).any(axis=1)
    if half.any():
        names = [case_ids[i] for i in np.flatnonzero(half)]
        warnings.warn(
            f"case(s) {', '.join(names)} have a membership of exactly 0.5 in a condition "
            "and belong to no truth table row; recalibrate to avoid 0.5",
            RealistWarning,
            stacklevel=2,
        )
    weights = 1 << np.arange(k - 1, -1, -1, dtype=np.int64)
    code = ((x > 0.5).astype(np.int64) * weights).sum(axis=1)
    code = np.where(half, -1, code)
    observed = np.unique(code[code >= 0])
    crisp = bool(np.isin(x, (0.0, 1.0)).all())
    if crisp:
        incl, pri = _crisp_rows(code, y, observed)
    else:
        m = _row_membership(x, observed.tolist(), k)
        incl, pri, _, _ = _sufficiency(m, y)
    rows = []
    for j, r in enumerate(observed.tolist()):
        members = tuple(case_ids[i] for i in np.flatnonzero(code == r))
        n = len(members)
        if n < n_cut:
            out = "?"
        elif _agteb(float(incl[j]), ic1) and _agteb(float(pri[j]), pri_cut):
            out = "1"
        elif ic0 < ic1 and _agteb(float(incl[j]), ic0):
            out = "C"
        else:
            out = "0"
        rows.append(
            TruthTableRow(r + 1, _config(r, k), out, n, float(incl[j]), float(pri[j]), members)
        )
    if not any(r.out != "?" for r in rows):
        raise ValidationError(f"no truth table row has at least n_cut={n_cut} cases; lower n_cut")
    return TruthTable(
        conditions=tuple(conds),
        outcome=("~" + name) if negated else name,
        rows=tuple(rows),
        incl_cut=(ic1, ic0),
        n_cut=n_cut,
        pri_cut=pri_cut,
        case_ids=case_ids,
        membership=x,
        outcome_membership=y,
        sources=sources,
    )


def _project(
    project: Project,
    sets: list[str],
    statuses: str | Collection[str] | None,
    negate_constraining: bool,
    calibration: Mapping[str, Sequence[float]] | None,
) -> tuple[pd.DataFrame, dict[str, dict[str, tuple[str, ...]]]]:
    from realist.analysis._qca_project import project_membership

    return project_membership(
        project,
        sets,
        statuses=statuses,
        negate_constraining=negate_constraining,
        calibration=calibration,
    )


def _crisp_rows(
    code: npt.NDArray[np.int64], y: FloatArray, observed: npt.NDArray[np.int64]
) -> tuple[FloatArray, FloatArray]:
    pos = np.searchsorted(observed, code)
    valid = code >= 0
    n = np.bincount(pos[valid], minlength=len(observed)).astype(float)
    sxy = np.bincount(pos[valid], weights=y[valid], minlength=len(observed))
    sxyn = np.bincount(pos[valid], weights=np.minimum(y, 1 - y)[valid], minlength=len(observed))
    with np.errstate(divide="ignore", invalid="ignore"):
        return sxy / n, (sxy - sxyn) / (n - sxyn)


def _is_real(value: object) -> bool:
    """A real number (Python or numpy), not a bool."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _check_cuts(
    incl_cut: float | Sequence[float], n_cut: int, pri_cut: float
) -> tuple[float, float, float]:
    if _is_real(incl_cut):
        cuts: list[object] = [incl_cut]
    elif isinstance(incl_cut, (str, bytes, Mapping)) or not isinstance(incl_cut, Iterable):
        cuts = []
    else:
        cuts = list(incl_cut)
    if not 1 <= len(cuts) <= 2 or not all(_is_real(c) for c in cuts):
        raise ValidationError(
            f"incl_cut must be a number or two numbers in [0, 1], got {incl_cut!r}",
            hint="for instance incl_cut=0.8, or incl_cut=(0.8, 0.6) for contradictions",
        )
    values = [float(c) for c in cuts]  # type: ignore[arg-type]
    if any(not 0 <= c <= 1 for c in values):
        raise ValidationError(f"incl_cut must lie in [0, 1], got {incl_cut!r}")
    ic1 = values[0]
    ic0 = values[1] if len(values) == 2 else ic1
    if ic0 > ic1:
        raise ValidationError(f"the second inclusion cut ({ic0}) must not exceed the first ({ic1})")
    if isinstance(n_cut, bool) or not isinstance(n_cut, (int, np.integer)) or n_cut < 1:
        raise ValidationError(f"n_cut must be a whole number >= 1, got {n_cut!r}")
    if not _is_real(pri_cut) or not 0 <= float(pri_cut) <= 1:
        raise ValidationError(f"pri_cut must be a number in [0, 1], got {pri_cut!r}")
    return ic1, ic0, float(pri_cut)


# ------------------------------------------------------------------ solutions


@dataclass(frozen=True, repr=False)
class Term:
    """One prime implicant of a solution model, with its parameters of fit.

    Attributes
    ----------
    expression : str
        QCA notation, e.g. ``"DEV*~URB*LIT"``.
    implicant : tuple of int
        R QCA's code per condition: 0 absent, 1 negated, 2 present.
    inclusion, pri, coverage : float
        Sufficiency inclusion (inclS), PRI and raw coverage (covS).
    unique_coverage : float or None
        Coverage of the outcome by this term alone within its model (covU);
        None for a one-term model, as R.
    cases : tuple of str
        Cases of the positive truth table rows the term covers.
    """

    expression: str
    implicant: tuple[int, ...]
    inclusion: float
    pri: float
    coverage: float
    unique_coverage: float | None
    cases: tuple[str, ...]

    def __repr__(self) -> str:
        return (
            f"{self.expression}  (inclS {_fmt(self.inclusion)}, PRI {_fmt(self.pri)}, "
            f"covS {_fmt(self.coverage)}, covU {_fmt(self.unique_coverage) or '-'})"
        )


@dataclass(frozen=True, repr=False)
class Model:
    """One equally minimal solution model (R QCA's M1, M2, ...).

    Attributes
    ----------
    label : str
        ``"M1"``, ``"M2"``, ... (intermediate: ``"C1P1-M1"``: from conservative
        model 1 and parsimonious model 1).
    terms : tuple of Term
    inclusion, pri, coverage : float
        Of the whole model (the union of its terms).
    outcome : str
    case_ids : tuple of str
    membership : numpy.ndarray
        Each case's membership in the model (for XY plots).
    outcome_membership : numpy.ndarray
    simplifying_assumptions : tuple of int
        Remainder rows (R row numbers) the model assumes positive.
    easy_counterfactuals, difficult_counterfactuals : tuple of int
        Intermediate solution only: the simplifying assumptions of the
        parsimonious model that agree with the directional expectations (and
        were used) and those that do not (and were not).
    """

    label: str
    terms: tuple[Term, ...]
    inclusion: float
    pri: float
    coverage: float
    outcome: str
    case_ids: tuple[str, ...] = field(compare=False)
    membership: FloatArray = field(compare=False)
    outcome_membership: FloatArray = field(compare=False)
    simplifying_assumptions: tuple[int, ...] = ()
    easy_counterfactuals: tuple[int, ...] = ()
    difficult_counterfactuals: tuple[int, ...] = ()

    @property
    def expression(self) -> str:
        """The model in QCA notation, e.g. ``"DEV*STB + ~URB"``."""
        return " + ".join(t.expression for t in self.terms)

    def to_frame(self) -> pd.DataFrame:
        """Terms and the model as a DataFrame (inclS, PRI, covS, covU, cases)."""
        recs = [
            {
                "term": t.expression,
                "inclS": t.inclusion,
                "PRI": t.pri,
                "covS": t.coverage,
                "covU": np.nan if t.unique_coverage is None else t.unique_coverage,
                "cases": "; ".join(t.cases),
            }
            for t in self.terms
        ]
        recs.append(
            {
                "term": self.label,
                "inclS": self.inclusion,
                "PRI": self.pri,
                "covS": self.coverage,
                "covU": np.nan,
                "cases": "",
            }
        )
        return pd.DataFrame.from_records(recs).set_index("term")

    def __repr__(self) -> str:
        return f"{self.label}: {self.expression} -> {self.outcome}"

    def _repr_html_(self) -> str:
        cap = html.escape(repr(self))
        return f"<p><b>{cap}</b></p>" + self.to_frame().to_html(
            float_format=lambda x: f"{x:.3f}", na_rep=""
        )


@dataclass(frozen=True, repr=False)
class Solution:
    """The result of :func:`minimize`: every equally minimal model.

    Attributes
    ----------
    kind : {"conservative", "parsimonious", "intermediate"}
    models : tuple of Model
        All equally minimal models, in R QCA's order (M1, M2, ...).
    truth_table : TruthTable
    prime_implicants : tuple of str
        All prime implicants of the chart, in R's order.
    essential : tuple of str
        Prime implicants in every model.
    dir_exp : dict or None
        Directional expectations (intermediate): condition -> 1 or 0.
    exhaustive : bool
        False when the list of models was cut short (``first_min`` or a limit).
    """

    kind: Literal["conservative", "parsimonious", "intermediate"]
    models: tuple[Model, ...]
    truth_table: TruthTable = field(compare=False)
    prime_implicants: tuple[str, ...] = ()
    essential: tuple[str, ...] = ()
    dir_exp: Mapping[str, int] | None = None
    exhaustive: bool = True

    @property
    def terms(self) -> tuple[Term, ...]:
        """Terms of the first model."""
        return self.models[0].terms

    @property
    def inclusion(self) -> float:
        """Inclusion of the first model."""
        return self.models[0].inclusion

    @property
    def pri(self) -> float:
        """PRI of the first model."""
        return self.models[0].pri

    @property
    def coverage(self) -> float:
        """Coverage of the first model."""
        return self.models[0].coverage

    @property
    def expression(self) -> str:
        """The first model in QCA notation."""
        return self.models[0].expression

    def to_frame(self) -> pd.DataFrame:
        """All models' terms as one DataFrame (model, term, inclS, PRI, covS, covU, cases).

        Examples
        --------
        >>> import pandas as pd
        >>> from realist.analysis.qca import calibrate, minimize, necessity, truth_table
        >>> df = pd.DataFrame({"A": [1, 0, 1], "B": [1, 1, 0], "Y": [1, 0, 0]})
        >>> minimize(truth_table(df, "Y")).to_frame()[["model", "term", "inclS"]]
          model term  inclS
        0    M1  A*B    1.0
        1    M1   M1    1.0
        """
        parts = []
        for m in self.models:
            f = m.to_frame().reset_index()
            f.insert(0, "model", m.label)
            parts.append(f)
        return pd.concat(parts, ignore_index=True)

    def counterfactuals(self) -> pd.DataFrame:
        """Simplifying assumptions per model, marked easy or difficult (intermediate)."""
        k = len(self.truth_table.conditions)
        recs = []
        for m in self.models:
            easy = set(m.easy_counterfactuals)
            diff = set(m.difficult_counterfactuals)
            for r in sorted(set(m.simplifying_assumptions) | easy | diff):
                kind = "easy" if r in easy else ("difficult" if r in diff else "simplifying")
                rec: dict[str, Any] = {"model": m.label, "row": r}
                rec.update(zip(self.truth_table.conditions, _config(r - 1, k), strict=True))
                rec["type"] = kind
                recs.append(rec)
        cols = ["model", "row", *self.truth_table.conditions, "type"]
        return pd.DataFrame.from_records(recs, columns=cols)

    def __repr__(self) -> str:
        lines = [f"{self.kind} solution"]
        lines += [repr(m) for m in self.models]
        if not self.exhaustive:
            lines.append("(not every equally minimal model is listed)")
        frame = self.to_frame().drop(columns=["cases"])
        for c in ("inclS", "PRI", "covS", "covU"):
            frame[c] = frame[c].map(_fmt)
        lines.append(frame.to_string(index=False))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(f"<p><b>{html.escape(repr(m))}</b></p>" for m in self.models)
        cap = f"<p>{html.escape(self.kind)} solution</p>"
        return (
            cap
            + head
            + self.to_frame().to_html(float_format=lambda x: f"{x:.3f}", na_rep="", index=False)
        )


def _expression(imp: qm.Implicant, conditions: Sequence[str]) -> str:
    cds = qm.codes(imp, len(conditions))
    lits = [("" if c == 2 else "~") + n for c, n in zip(cds, conditions, strict=True) if c]
    return "*".join(lits) if lits else "1"


def _expressions(imps: Sequence[qm.Implicant], conditions: Sequence[str]) -> tuple[str, ...]:
    if not imps:
        return ()
    lits = [("", "~" + c, c) for c in conditions]
    cds = qm.code_matrix(imps, len(conditions)).tolist()
    return tuple("*".join(lits[i][c] for i, c in enumerate(row) if c) or "1" for row in cds)


def _term_membership(imp: qm.Implicant, x: FloatArray) -> FloatArray:
    k = x.shape[1]
    cds = qm.codes(imp, k)
    out = np.ones(x.shape[0])
    for i, c in enumerate(cds):
        if c == 2:
            out = np.minimum(out, x[:, i])
        elif c == 1:
            out = np.minimum(out, 1.0 - x[:, i])
    return out


def _parse_dir_exp(
    dir_exp: Mapping[str, Any] | Sequence[str] | str, conditions: Sequence[str]
) -> dict[str, int]:
    items: list[tuple[str, Any]]
    if isinstance(dir_exp, str):
        dir_exp = [d for d in re.split(r"[,;]", dir_exp) if d.strip()]
    if isinstance(dir_exp, Mapping):
        items = list(dir_exp.items())
    else:
        items = []
        for d in dir_exp:
            d = str(d).strip()
            items.append((d[1:].strip(), 0) if d.startswith("~") else (d, 1))
    out: dict[str, int] = {}
    for name, val in items:
        if name not in conditions:
            raise UnknownIdError(
                f"unknown condition {name!r} in dir_exp; conditions: {', '.join(conditions)}"
            )
        if val in ("-", "dc", None):
            continue
        if isinstance(val, bool) or val not in (0, 1):
            raise ValidationError(
                f"directional expectation for {name!r} must be 1 (present), 0 (absent) or "
                f"'-' (none), got {val!r}"
            )
        out[name] = int(val)
    return out


def minimize(
    tt: TruthTable,
    *,
    include: str = "",
    dir_exp: Mapping[str, Any] | Sequence[str] | str | None = None,
    first_min: bool = False,
    max_models: int = 1000,
) -> Solution:
    """Boolean minimisation of a truth table (R QCA's ``minimize()``).

    Without `include`, the conservative (complex) solution: only the positive
    rows. With ``include="?"``, the parsimonious solution: logical remainders
    may be used as simplifying assumptions. With ``include="?"`` and
    `dir_exp`, the intermediate solution: for each pair of conservative and
    parsimonious models, only the easy counterfactuals (simplifying
    assumptions that agree with the directional expectations) are used.

    Prime implicants are exact (all of them); models are every set of the
    fewest prime implicants that covers the positive rows, in R's order.

    Parameters
    ----------
    tt : TruthTable
    include : {"", "?"}
        ``"?"`` to include the logical remainders.
    dir_exp : dict, list or str, optional
        Directional expectations: ``{"DEV": 1, "URB": 0}``, ``["DEV", "~URB"]``
        or ``"DEV, ~URB"``. Conditions not named have none.
    first_min : bool
        Return only one minimal model (fast on noisy data where the number of
        tied models explodes).
    max_models : int
        Stop listing models after this many (with a warning).

    Returns
    -------
    Solution

    Examples
    --------
    >>> import pandas as pd
    >>> from realist.analysis.qca import calibrate, minimize, necessity, truth_table
    >>> df = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "C": [1, 1, 0, 1],
    ...                    "Y": [1, 1, 0, 0]})
    >>> tt = truth_table(df, "Y")
    >>> minimize(tt).expression
    'A*C'
    >>> minimize(tt, include="?").expression
    'A'
    >>> sol = minimize(tt, include="?", dir_exp={"A": 1, "C": 1})
    >>> sol.kind, sol.expression
    ('intermediate', 'A*C')
    """
    if not isinstance(tt, TruthTable):
        raise ValidationError(
            f"minimize() needs a TruthTable from truth_table(), got {type(tt).__name__}"
        )
    if include not in ("", "?"):
        raise ValidationError(
            f"include must be '' (conservative) or '?' (remainders), got {include!r}"
        )
    if dir_exp is not None and include != "?":
        raise ValidationError(
            "directional expectations need the remainders: use include='?' with dir_exp"
        )
    if isinstance(max_models, bool) or not isinstance(max_models, int) or max_models < 1:
        raise ValidationError(f"max_models must be a whole number >= 1, got {max_models!r}")
    k = len(tt.conditions)
    pos = [r.row - 1 for r in tt.rows if r.out == "1"]
    if not pos:
        best = max((r.inclusion for r in tt.rows), default=float("nan"))
        raise ValidationError(
            f"no truth table row has OUT = 1 (highest inclusion {best:.3f} against "
            f"incl_cut {tt.incl_cut[0]}): nothing to explain",
            hint="lower incl_cut or check the outcome",
        )
    neg = [r.row - 1 for r in tt.rows if r.out in ("0", "C")]
    opts = {"first_min": first_min, "max_models": max_models}
    cons_imps = qm.qmc(pos, k)
    if include == "":
        models, pis, ess, exh = _solve(tt, pos, cons_imps, "M", opts)
        return _solution(tt, "conservative", models, pis, ess, None, exh)
    if not neg:
        raise ValidationError(
            "every truth table configuration is positive or a remainder: with include='?' "
            "all conditions are minimised away; check the truth table"
        )
    pars_imps = qm.prime_implicants(pos, neg, k)
    p_models, p_pis, p_ess, p_exh = _solve(tt, pos, pars_imps, "M", opts)
    p_models = [_with_sa(m, pos, k) for m in p_models]
    if dir_exp is None:
        return _solution(tt, "parsimonious", p_models, p_pis, p_ess, None, p_exh)
    de = _parse_dir_exp(dir_exp, tt.conditions)
    de_idx = {tt.conditions.index(c): v for c, v in de.items()}
    c_models, _, _, c_exh = _solve(tt, pos, cons_imps, "M", opts)
    out_models: list[_RawModel] = []
    exh = c_exh and p_exh
    for ci, cm in enumerate(c_models, 1):
        for pi, pm in enumerate(p_models, 1):
            easy = _easy_counterfactuals(cm.imps, pm.imps, pm.sa, de_idx, k)
            rows = list(dict.fromkeys([*pos, *easy]))
            i_models, _, _, i_exh = _solve(tt, pos, qm.qmc(rows, k), "", opts)
            exh = exh and i_exh
            tag = f"C{ci}P{pi}"
            for j, im in enumerate(i_models, 1):
                label = tag if len(i_models) == 1 else f"{tag}-M{j}"
                out_models.append(
                    _RawModel(
                        label,
                        im.imps,
                        pm.sa,
                        tuple(sorted(easy)),
                        tuple(sorted(set(pm.sa) - set(easy))),
                    )
                )
    return _solution(tt, "intermediate", out_models, p_pis, p_ess, de, exh)


@dataclass(frozen=True)
class _RawModel:
    label: str
    imps: tuple[qm.Implicant, ...]
    sa: tuple[int, ...] = ()
    easy: tuple[int, ...] = ()
    difficult: tuple[int, ...] = ()


def _solve(
    tt: TruthTable, pos: list[int], imps: list[qm.Implicant], prefix: str, opts: dict[str, Any]
) -> tuple[list[_RawModel], tuple[str, ...], tuple[str, ...], bool]:
    k = len(tt.conditions)
    imps = [imps[i] for i in qm.r_order(imps, k)]
    matrix = qm.chart_matrix(imps, pos)
    keep: npt.NDArray[np.bool_] = np.asarray(matrix.any(axis=1), dtype=bool)
    kept = [bool(v) for v in keep]
    imps = [imp for imp, k_ in zip(imps, kept, strict=True) if k_]
    matrix = matrix[keep]
    res = qm.minimal_covers(matrix, first_min=opts["first_min"], max_models=opts["max_models"])
    if not res.exhaustive and not opts["first_min"]:
        warnings.warn(
            f"the prime implicant chart has too many equally minimal models: listing the "
            f"first {len(res.covers)}; use first_min=True for one minimal model",
            RealistWarning,
            stacklevel=3,
        )
    if not res.minimal:
        warnings.warn(
            "the prime implicant chart is too complex to prove minimality: the model "
            "returned covers every positive row but may not be the smallest",
            RealistWarning,
            stacklevel=3,
        )
    models = []
    for n, cover in enumerate(res.covers, 1):
        label = f"{prefix}{n}" if prefix else f"M{n}"
        models.append(_RawModel(label, tuple(imps[i] for i in cover)))
    names = _expressions(imps, tt.conditions)
    ess_idx = set.intersection(*(set(c) for c in res.covers)) if res.covers else set()
    essential = tuple(names[i] for i in sorted(ess_idx))
    return models, names, essential, res.exhaustive


def _with_sa(m: _RawModel, pos: list[int], k: int) -> _RawModel:
    if k > 20:
        return m
    rows: set[int] = set()
    for imp in m.imps:
        rows.update(qm.covered_rows(imp, k).tolist())
    sa = tuple(sorted(rows - set(pos)))
    return _RawModel(m.label, m.imps, sa)


def _easy_counterfactuals(
    c_imps: Sequence[qm.Implicant],
    p_imps: Sequence[qm.Implicant],
    sa: Sequence[int],
    de: Mapping[int, int],
    k: int,
) -> list[int]:
    """R QCA's ``C_getEC``: the simplifying assumptions reached from a
    conservative term by dropping those of its literals that are not in a
    parsimonious superset term and contradict a directional expectation."""
    sa_arr = np.asarray(sa, dtype=np.int64)
    easy = np.zeros(len(sa_arr), dtype=bool)
    for cm, cb in c_imps:
        for pm, pb in p_imps:
            if (cm & pm) != pm or (cb & pm) != pb:
                continue  # the conservative term is not a subset of this one
            mask = cm
            for i, want in de.items():
                b = 1 << (k - 1 - i)
                if cm & b and not pm & b and bool(cb & b) != bool(want):
                    mask &= ~b
            easy |= (sa_arr & mask) == (cb & mask)
    out: list[int] = sa_arr[easy].tolist()
    return out


def _fit(
    label: str, imps: Sequence[qm.Implicant], tt: TruthTable, pos: Sequence[int]
) -> tuple[tuple[Term, ...], float, float, float, FloatArray]:
    x, y = tt.membership, tt.outcome_membership
    k = len(tt.conditions)
    m = np.vstack([_term_membership(i, x) for i in imps])
    union = m.max(axis=0)
    incl, pri, cov, xy = _sufficiency(np.vstack([m, union[None, :]]), y)
    sy = float(y.sum())
    terms = []
    pos_rows = {r.row - 1: r for r in tt.rows if r.out == "1"}
    for j, imp in enumerate(imps):
        if len(imps) == 1:
            covu: float | None = None
        else:
            others = np.delete(xy[: len(imps)], j, axis=0).max(axis=0)
            covu = float(cov[j] - np.minimum(xy[j], others).sum() / sy)
            covu = 0.0 if covu < 1e-4 else covu
        cases: list[str] = []
        for r in pos:
            if (r & imp[0]) == imp[1]:
                cases.extend(pos_rows[r].cases)
        terms.append(
            Term(
                _expression(imp, tt.conditions),
                qm.codes(imp, k),
                _z(incl[j]),
                _z(pri[j]),
                _z(cov[j]),
                covu,
                tuple(cases),
            )
        )
    return tuple(terms), _z(incl[-1]), _z(pri[-1]), _z(cov[-1]), union


def _z(v: float) -> float:
    v = float(v)
    return 0.0 if v < 1e-5 else v


def _solution(
    tt: TruthTable,
    kind: Literal["conservative", "parsimonious", "intermediate"],
    raw: Sequence[_RawModel],
    pis: tuple[str, ...],
    ess: tuple[str, ...],
    de: Mapping[str, int] | None,
    exhaustive: bool,
) -> Solution:
    pos = [r.row - 1 for r in tt.rows if r.out == "1"]
    models = []
    for rm in raw:
        terms, incl, pri, cov, union = _fit(rm.label, rm.imps, tt, pos)
        models.append(
            Model(
                rm.label,
                terms,
                incl,
                pri,
                cov,
                tt.outcome,
                tt.case_ids,
                union,
                tt.outcome_membership,
                tuple(r + 1 for r in rm.sa),
                tuple(r + 1 for r in rm.easy),
                tuple(r + 1 for r in rm.difficult),
            )
        )
    return Solution(kind, tuple(models), tt, pis, ess, dict(de) if de else None, exhaustive)


# -------------------------------------------------------------------- necessity


def necessity(
    data: TruthTable | pd.DataFrame | Project,
    outcome: str | int | None = None,
    conditions: Sequence[str | int] | str | int | None = None,
    *,
    case_column: str | None = None,
    statuses: str | Collection[str] | None = None,
    negate_constraining: bool = False,
    calibration: Mapping[str, Sequence[float]] | None = None,
) -> pd.DataFrame:
    """Necessity of each condition and its negation for the outcome.

    As R QCA's ``pof(..., relation = "necessity")``: inclusion
    ``inclN = sum(min(X, Y)) / sum(Y)``, relevance of necessity
    ``RoN = sum(1 - X) / sum(1 - min(X, Y))`` and coverage
    ``covN = sum(min(X, Y)) / sum(X)``.

    Parameters
    ----------
    data : TruthTable, DataFrame or Project
        A truth table (its outcome and conditions are used), or data as for
        :func:`truth_table`.
    outcome, conditions
        As for :func:`truth_table` (not needed for a truth table).

    Returns
    -------
    pandas.DataFrame
        Index: ``"DEV"``, ``"~DEV"``, ...; columns inclN, RoN, covN.

    Examples
    --------
    >>> import pandas as pd
    >>> from realist.analysis.qca import calibrate, minimize, necessity, truth_table
    >>> df = pd.DataFrame({"A": [1, 1, 0, 1], "Y": [1, 1, 0, 0]})
    >>> necessity(df, "Y").round(3)
        inclN   RoN   covN
    A     1.0  0.50  0.667
    ~A    0.0  0.75  0.000
    """
    if isinstance(data, TruthTable):
        tt = data
    else:
        if outcome is None:
            raise ValidationError("give the outcome for necessity() on data")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RealistWarning)
            tt = truth_table(
                data,
                outcome,
                conditions,
                incl_cut=0.0,
                case_column=case_column,
                statuses=statuses,
                negate_constraining=negate_constraining,
                calibration=calibration,
            )
    x, y = tt.membership, tt.outcome_membership
    recs = {}
    for i, c in enumerate(tt.conditions):
        for name, xi in ((c, x[:, i]), ("~" + c, 1.0 - x[:, i])):
            xy = np.minimum(xi, y)
            with np.errstate(divide="ignore", invalid="ignore"):
                recs[name] = {
                    "inclN": _z(xy.sum() / y.sum()),
                    "RoN": _z((1 - xi).sum() / (1 - xy).sum()),
                    "covN": _z(xy.sum() / xi.sum()),
                }
    return pd.DataFrame.from_dict(recs, orient="index")
