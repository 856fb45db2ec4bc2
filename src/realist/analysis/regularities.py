"""Regularities across cases: recurring elements and closed CMO patterns.

Two views of what recurs:

- :func:`recurring_elements` counts, per theme (or category, or case
  attribute), the cases in which each context, mechanism and outcome occurs:
  the shape of HIPP's Table 4.
- :func:`find_regularities` finds the *closed CMO patterns*: sets of elements,
  with at least one mechanism and one outcome, that occur together in a
  configuration of at least `min_cases` cases, each reported once in its
  largest form (see the function for the precise definition).

Both take the filters of :func:`realist.subset`, with its meaning: ``status``
/ ``exclude_status`` (and, for patterns, ``themes``) select configurations,
``where`` cases, sources and configurations by attribute. A refuted
configuration (its mechanism fired, its expected outcome did not follow) is
never support: it is a counter-case of the patterns whose contexts and
mechanisms it holds (see "Refuted configurations" in ``docs/analysis.md``);
``exclude_status="refuted"`` leaves it out altogether.

Both report what the claims rest on: the distinct ``sources`` of the
supporting configurations' evidence, the excerpts (``evidence``) and the
kinds of source (``source_kinds``): sources, not citations.

Examples
--------
>>> from realist.model import Project
>>> p = Project(title="t")
>>> for case in ("a", "b", "c"):
...     _ = p.add_case(case)
>>> c = p.add_context("History of joint working", id="c-hist")
>>> m = p.add_mechanism("Local champions", id="m-champ")
>>> o = p.add_outcome("Shared vision", id="o-vision")
>>> for case in ("a", "b"):
...     _ = p.add_configuration(case=case, contexts=[c], mechanisms=[m], outcomes=[o])
>>> _ = p.add_configuration(case="c", mechanisms=[m], outcomes=[o])
>>> for r in find_regularities(p, min_cases=2):
...     print(r)
Regularity(contexts=[], mechanisms=['m-champ'], outcomes=['o-vision'], n_cases=3)
Regularity(contexts=['c-hist'], mechanisms=['m-champ'], outcomes=['o-vision'], n_cases=2)
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from realist.analysis._closed import Groups, mine_closed
from realist.analysis._grouping import resolve_by
from realist.errors import ValidationError
from realist.model import SOURCE_KINDS, Element, Project
from realist.selection import ItemFilter, narrow

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

__all__ = [
    "CaseFilter",
    "Regularity",
    "find_regularities",
    "recurring_elements",
    "regularities_frame",
]

Scalar: TypeAlias = str | int | float | bool | None

#: What ``where=`` takes in every function: attribute filters ``{name: value}``
#: or a function of each case, source and configuration (:func:`realist.subset`).
CaseFilter: TypeAlias = Mapping[str, Any] | ItemFilter

_KINDS = ("context", "mechanism", "outcome")

#: The status of a configuration whose mechanism fired and whose expected
#: outcome did not follow: never support, a counter-case (docs/analysis.md,
#: "Refuted configurations").
REFUTED = "refuted"


# ---------------------------------------------------------------- the result


@dataclass(frozen=True)
class Regularity:
    """A closed CMO pattern and the cases that support it.

    Attributes
    ----------
    contexts, mechanisms, outcomes : tuple of str
        The element ids of the pattern, each kind in project order. There is
        always at least one mechanism and one outcome; contexts may be empty.
    cases : tuple of str
        The supporting cases (project order): those with a configuration that
        contains every element of the pattern.
    configurations : tuple of str
        The configurations (project order) that contain every element of the
        pattern: those kept by the filters, of at least one kept case.
    counter_cases : tuple of str
        Cases (project order) that do not support the pattern but have a
        configuration containing its contexts and mechanisms with none of its
        outcomes: the mechanism was there, in that context, and the outcome
        did not follow. A refuted configuration (status ``"refuted"``) holding
        the contexts and mechanisms is such a configuration, whatever
        outcomes it expected: they did not follow. A supporting case is never
        a counter-case (a case often has several configurations with one
        mechanism).
    sources : tuple of str
        The distinct sources (project order) of the excerpts that the
        supporting configurations cite: sources, not citations.
    evidence : tuple of str
        The distinct excerpts (evidence ids, project order) those
        configurations cite.
    source_kinds : tuple of str
        The distinct kinds of those sources (``"interview"``,
        ``"document"``, ... in that order).
    n_cases : int
        ``len(cases)``.
    n_sources : int
        ``len(sources)``.

    Examples
    --------
    >>> r = Regularity(contexts=("c-a",), mechanisms=("m-b",), outcomes=("o-c",),
    ...                cases=("x", "y"), configurations=("k1", "k2"))
    >>> r
    Regularity(contexts=['c-a'], mechanisms=['m-b'], outcomes=['o-c'], n_cases=2)
    >>> r.n_cases, r.elements, r.size
    (2, ('c-a', 'm-b', 'o-c'), 3)
    """

    contexts: tuple[str, ...]
    mechanisms: tuple[str, ...]
    outcomes: tuple[str, ...]
    cases: tuple[str, ...]
    configurations: tuple[str, ...]
    counter_cases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    source_kinds: tuple[str, ...] = ()
    n_cases: int = field(init=False)
    n_sources: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "n_cases", len(self.cases))
        object.__setattr__(self, "n_sources", len(self.sources))

    @property
    def elements(self) -> tuple[str, ...]:
        """All element ids: contexts, then mechanisms, then outcomes."""
        return (*self.contexts, *self.mechanisms, *self.outcomes)

    @property
    def size(self) -> int:
        """The number of elements in the pattern."""
        return len(self.contexts) + len(self.mechanisms) + len(self.outcomes)

    def __repr__(self) -> str:
        counter = f", n_counter_cases={len(self.counter_cases)}" if self.counter_cases else ""
        return (
            f"Regularity(contexts={list(self.contexts)!r}, mechanisms={list(self.mechanisms)!r}, "
            f"outcomes={list(self.outcomes)!r}, n_cases={self.n_cases}{counter})"
        )

    def _repr_html_(self) -> str:
        rows = [
            ("Contexts", self.contexts),
            ("Mechanisms", self.mechanisms),
            ("Outcomes", self.outcomes),
            (f"Cases ({self.n_cases})", self.cases),
            (f"Counter-cases ({len(self.counter_cases)})", self.counter_cases),
            (f"Configurations ({len(self.configurations)})", self.configurations),
            (f"Sources ({self.n_sources})", self.sources),
            ("Kinds of source", self.source_kinds),
        ]
        body = "".join(
            f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
            f"<td style='text-align:left'>{html.escape(', '.join(ids)) or '&ndash;'}</td></tr>"
            for name, ids in rows
        )
        return f"<table><caption>Regularity</caption>{body}</table>"

    def to_frame(self, project: Project | None = None) -> pd.DataFrame:
        """This regularity as a one-row DataFrame (see :func:`regularities_frame`).

        Examples
        --------
        >>> r = Regularity(contexts=(), mechanisms=("m-b",), outcomes=("o-c",),
        ...                cases=("x", "y"), configurations=("k1", "k2"))
        >>> r.to_frame()[["mechanisms", "outcomes", "n_cases"]]
          mechanisms outcomes  n_cases
        0     (m-b,)   (o-c,)        2
        """
        return regularities_frame([self], project=project)


def regularities_frame(
    regularities: Iterable[Regularity], *, project: Project | None = None
) -> pd.DataFrame:
    """A table of regularities, one row each, in the order given.

    Parameters
    ----------
    regularities : iterable of Regularity
        Typically the result of :func:`find_regularities`.
    project : Project, optional
        When given, columns ``context_labels``, ``mechanism_labels`` and
        ``outcome_labels`` hold the element labels too.

    Returns
    -------
    pandas.DataFrame
        Columns ``contexts``, ``mechanisms``, ``outcomes`` (tuples of ids),
        ``n_cases``, ``n_sources``, ``cases``, ``n_configurations``,
        ``configurations``, ``n_counter_cases``, ``counter_cases``,
        ``sources``, ``source_kinds``, ``n_evidence``, ``evidence`` (and the
        label columns).

    Examples
    --------
    >>> r = Regularity(contexts=("c-a",), mechanisms=("m-b",), outcomes=("o-c",),
    ...                cases=("x", "y"), configurations=("k1", "k2"), counter_cases=("z",))
    >>> regularities_frame([r])[["contexts", "n_cases", "n_counter_cases"]]
      contexts  n_cases  n_counter_cases
    0   (c-a,)        2                1
    """
    import pandas as pd

    columns = [
        "contexts",
        "mechanisms",
        "outcomes",
        "n_cases",
        "n_sources",
        "cases",
        "n_configurations",
        "configurations",
        "n_counter_cases",
        "counter_cases",
        "sources",
        "source_kinds",
        "n_evidence",
        "evidence",
    ]
    rows: list[dict[str, Any]] = []
    labels: dict[str, str] = {}
    if project is not None:
        labels = {
            e.id: e.label for e in (*project.contexts, *project.mechanisms, *project.outcomes)
        }
        columns += ["context_labels", "mechanism_labels", "outcome_labels"]
    for r in regularities:
        row: dict[str, Any] = {
            "contexts": r.contexts,
            "mechanisms": r.mechanisms,
            "outcomes": r.outcomes,
            "n_cases": r.n_cases,
            "n_sources": r.n_sources,
            "cases": r.cases,
            "n_configurations": len(r.configurations),
            "configurations": r.configurations,
            "n_counter_cases": len(r.counter_cases),
            "counter_cases": r.counter_cases,
            "sources": r.sources,
            "source_kinds": r.source_kinds,
            "n_evidence": len(r.evidence),
            "evidence": r.evidence,
        }
        if project is not None:
            for kind, ids in zip(_KINDS, (r.contexts, r.mechanisms, r.outcomes), strict=True):
                row[f"{kind}_labels"] = tuple(labels.get(i, i) for i in ids)
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------- selection


def _check_min_cases(min_cases: object) -> int:
    if isinstance(min_cases, bool) or not isinstance(min_cases, int) or min_cases < 1:
        raise ValidationError(f"min_cases must be an integer of at least 1, got {min_cases!r}")
    return min_cases


def _narrow(
    project: Project,
    *,
    themes: str | Iterable[str] | None,
    status: str | Iterable[str] | None,
    exclude_status: str | Iterable[str] | None,
    where: CaseFilter | None,
) -> Project:
    """The project an analysis works on: :func:`realist.subset` with the same filters
    (its items shared, not copied)."""
    return narrow(project, themes=themes, status=status, exclude_status=exclude_status, where=where)


class _Backing:
    """What configurations rest on: their excerpts, those excerpts' sources and kinds.

    Built once per project; :meth:`of` answers for a set of configurations,
    each list in project order (kinds in the order of ``SOURCE_KINDS``).

    Examples
    --------
    >>> from realist.model import Project
    >>> p = Project(title="t")
    >>> _ = p.add_source("doc-1", kind="document"); _ = p.add_source("int-1", kind="interview")
    >>> e1 = p.add_evidence(source="doc-1", quote="a", id="e1")
    >>> e2 = p.add_evidence(source="int-1", quote="b", id="e2")
    >>> k = p.add_configuration(mechanisms=p.add_mechanism("M"), outcomes=p.add_outcome("O"),
    ...                         evidence=[e2, e1], id="k1")
    >>> _Backing(p).of(["k1"])
    (('doc-1', 'int-1'), ('e1', 'e2'), ('interview', 'document'))
    """

    def __init__(self, project: Project) -> None:
        self.evidence_rank = {ev.id: n for n, ev in enumerate(project.evidence)}
        self.evidence_source = {ev.id: ev.source for ev in project.evidence}
        self.source_rank = {s.id: n for n, s in enumerate(project.sources)}
        self.source_kind = {s.id: s.kind for s in project.sources}
        self.cited = {k.id: k.evidence for k in project.configurations}

    def of(
        self, configurations: Iterable[str]
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """The distinct sources, excerpts and kinds of source behind `configurations`."""
        excerpts: set[str] = set()
        for k in configurations:
            excerpts.update(self.cited.get(k, ()))
        sources = {self.evidence_source[e] for e in excerpts if e in self.evidence_source}
        kinds = {self.source_kind[s] for s in sources if s in self.source_kind}
        end = len(self.evidence_rank) + len(self.source_rank)
        return (
            tuple(sorted(sources, key=lambda x: (self.source_rank.get(x, end), x))),
            tuple(sorted(excerpts, key=lambda x: (self.evidence_rank.get(x, end), x))),
            tuple(k for k in SOURCE_KINDS if k in kinds),
        )


def _distinct(values: npt.NDArray[np.intp], *, is_sorted: bool = False) -> npt.NDArray[np.intp]:
    """The distinct values, ascending (np.unique without its overhead for small arrays)."""
    import numpy as np

    if not is_sorted:
        values = np.sort(values)
    if values.size < 2:
        return values
    keep = np.empty(values.size, dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _positions(x: int) -> npt.NDArray[np.intp]:
    """The positions of the set bits of `x`, ascending."""
    import numpy as np

    raw = np.frombuffer(x.to_bytes((x.bit_length() + 7) // 8, "little"), dtype=np.uint8)
    nonzero = np.flatnonzero(raw)  # only expand the bytes that hold a bit
    bits = np.flatnonzero(np.unpackbits(raw[nonzero], bitorder="little"))
    return nonzero[bits >> 3] * 8 + (bits & 7)  # type: ignore[no-any-return]


# ---------------------------------------------------------------- patterns


def find_regularities(
    project: Project,
    *,
    min_cases: int = 2,
    max_size: int | None = None,
    themes: str | Iterable[str] | None = None,
    status: str | Iterable[str] | None = None,
    exclude_status: str | Iterable[str] | None = None,
    where: CaseFilter | None = None,
) -> list[Regularity]:
    """The closed CMO patterns that recur in at least `min_cases` cases.

    A *pattern* is a set of element ids holding at least one mechanism and at
    least one outcome (contexts are optional). A case *supports* it when some
    configuration of that case contains every element of the pattern. A
    pattern is *closed* when no strictly larger pattern has exactly the same
    supporting cases: the pattern says everything those cases have in common.
    Every closed pattern with at least `min_cases` supporting cases is
    returned, once.

    Parameters
    ----------
    project : Project
        The project to analyse.
    min_cases : int, default 2
        The least number of supporting cases (at least 1).
    max_size : int, optional
        Keep only the closed patterns of at most this many elements (at least
        2). This filters the closed patterns: a larger closed pattern is
        dropped, never replaced by a smaller pattern that is not closed.
    themes : str or iterable of str, optional
        Theme ids: keep only the configurations carrying at least one of them.
    status : str or iterable of str, optional
        Keep only the configurations with one of these statuses (default:
        every status not excluded). Statuses are ``"conjectured"``,
        ``"supported"``, ``"refuted"`` and ``"refined"``.
    exclude_status : str or iterable of str, optional
        Drop the configurations with one of these statuses (applied on top
        of `status`). A refuted configuration that is kept is never support:
        it takes part as a counter-case only (its outcomes did not follow).
        ``exclude_status="refuted"`` drops refuted configurations, counter-
        cases included.
    where : mapping or callable, optional
        Keep only the cases that match: a mapping ``{attribute: value}``
        (a list, tuple or set of values accepts any of them; every attribute
        must match; cases without the attribute are dropped) or a function
        taking a :class:`~realist.model.Case` and returning True to keep it.
        A configuration of several cases keeps the cases that match.

    Returns
    -------
    list of Regularity
        Sorted by ``n_cases`` descending, then size (number of elements)
        descending, then by element ids (contexts, mechanisms, outcomes).

    Raises
    ------
    realist.errors.ValidationError
        `min_cases` below 1, `max_size` below 2, an unknown status, a `where`
        attribute that no case has.
    realist.errors.UnknownIdError
        A theme id that the project does not hold.

    Notes
    -----
    Every subset of a supporting configuration's elements is supported by its
    case, so support only falls as patterns grow. The miner enumerates the
    itemsets closed for configuration support with the DCI-Closed scheme on
    bitsets, prunes by case support, and keeps those that no single added
    element leaves with the same cases (enough, since support is monotone).
    With one configuration per case the closed patterns are exactly the
    closed itemsets, in the sense of frequent-itemset mining, that hold a
    mechanism and an outcome.

    Examples
    --------
    >>> from realist.model import Project
    >>> p = Project(title="t")
    >>> for case in ("a", "b", "c"):
    ...     _ = p.add_case(case, region="north" if case != "c" else "south")
    >>> c = p.add_context("History of joint working", id="c-hist")
    >>> m = p.add_mechanism("Local champions", id="m-champ")
    >>> o = p.add_outcome("Shared vision", id="o-vision")
    >>> _ = p.add_configuration(case="a", contexts=[c], mechanisms=[m], outcomes=[o])
    >>> _ = p.add_configuration(case="b", contexts=[c], mechanisms=[m], outcomes=[o])
    >>> _ = p.add_configuration(case="c", contexts=[c], mechanisms=[m],
    ...                         outcomes=p.add_outcome("Stalled", id="o-stall"))
    >>> [r] = find_regularities(p, min_cases=2)
    >>> r
    Regularity(contexts=['c-hist'], mechanisms=['m-champ'], outcomes=['o-vision'], n_cases=2,
               n_counter_cases=1)
    >>> r.cases, r.counter_cases
    (('a', 'b'), ('c',))
    >>> find_regularities(p, min_cases=2, where={"region": "south"})
    []

    A refuted configuration (the mechanism fired, the outcome it expected did
    not follow) is never support; it makes its case a counter-case:

    >>> _ = p.add_case("d")
    >>> _ = p.add_configuration(case="d", contexts=[c], mechanisms=[m], outcomes=[o],
    ...                         status="refuted")
    >>> [(r.cases, r.counter_cases) for r in find_regularities(p, min_cases=2)]
    [(('a', 'b'), ('c', 'd'))]
    >>> [(r.cases, r.counter_cases)
    ...  for r in find_regularities(p, min_cases=2, exclude_status="refuted")]
    [(('a', 'b'), ('c',))]
    """
    min_cases = _check_min_cases(min_cases)
    if max_size is not None and (
        isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 2
    ):
        raise ValidationError(
            f"max_size must be None or an integer of at least 2 (a pattern holds a mechanism "
            f"and an outcome), got {max_size!r}"
        )
    project = _narrow(
        project, themes=themes, status=status, exclude_status=exclude_status, where=where
    )
    configs, cases = list(project.configurations), list(project.cases)

    # Transactions: one per (case, configuration), grouped by case.
    case_pos = {c.id: n for n, c in enumerate(cases)}
    per_case: list[list[int]] = [[] for _ in cases]
    for k_index, k in enumerate(configs):
        for case_id in dict.fromkeys(k.cases):
            n = case_pos.get(case_id)
            if n is not None:
                per_case[n].append(k_index)

    # Items: the elements of the kept configurations, contexts, mechanisms, outcomes.
    order: dict[str, int] = {}
    kinds: list[int] = []
    element_lists: tuple[Sequence[Element], ...] = (
        project.contexts,
        project.mechanisms,
        project.outcomes,
    )
    for kind_index, elems in enumerate(element_lists):
        for e in elems:
            if e.id not in order:
                order[e.id] = len(kinds)
                kinds.append(kind_index)
    config_items: list[list[int]] = []
    for k in configs:
        row: list[int] = []
        # A refuted configuration's outcomes did not follow: it holds its
        # contexts and mechanisms only, so it can be a counter-case, never support.
        outcomes_held = () if k.status == REFUTED else k.outcomes
        for kind_index, ids in enumerate((k.contexts, k.mechanisms, outcomes_held)):
            for e_id in ids:
                if e_id not in order:  # an element the project does not list
                    order[e_id] = len(kinds)
                    kinds.append(kind_index)
                row.append(order[e_id])
        config_items.append(row)
    element_ids = list(order)

    positions: list[list[int]] = [[] for _ in element_ids]
    trans_config: list[int] = []
    group_cases: list[str] = []
    sizes: list[int] = []
    for n, k_indices in enumerate(per_case):
        if not k_indices:
            continue
        for k_index in k_indices:
            t = len(trans_config)
            trans_config.append(k_index)
            for item in config_items[k_index]:
                positions[item].append(t)
        sizes.append(len(k_indices))
        group_cases.append(cases[n].id)
    if not trans_config:
        return []
    groups = Groups.from_sizes(sizes)
    tidsets = [_bitset(p) for p in positions]

    mechanisms = [i for i, kind in enumerate(kinds) if kind == 1]
    outcomes = [i for i, kind in enumerate(kinds) if kind == 2]
    found = mine_closed(
        tidsets,
        min_support=min_cases,
        groups=groups,
        require=[mechanisms, outcomes],
        max_size=max_size,
    )

    # Positions -> ids, vectorised: the results can hold millions of ids.
    import numpy as np

    config_of_t = np.asarray(trans_config, dtype=np.intp)
    group_of_t = np.repeat(np.arange(len(sizes), dtype=np.intp), sizes)
    config_ids = np.asarray([k.id for k in configs], dtype=object)
    case_ids = np.asarray(group_cases, dtype=object)
    backing = _Backing(project)
    result: list[Regularity] = []
    for pattern in found:
        parts: tuple[list[str], list[str], list[str]] = ([], [], [])
        cm_tids = (1 << groups.n_transactions) - 1
        with_outcome = 0
        for item in pattern.items:  # ascending: project order within each kind
            parts[kinds[item]].append(element_ids[item])
            if kinds[item] == 2:
                with_outcome |= tidsets[item]
            else:
                cm_tids &= tidsets[item]
        held = _positions(pattern.tids)
        supporting = _distinct(group_of_t[held], is_sorted=True)
        counter = _distinct(group_of_t[_positions(cm_tids & ~with_outcome)], is_sorted=True)
        counter = np.setdiff1d(counter, supporting, assume_unique=True)
        held_configs = tuple(config_ids[_distinct(config_of_t[held])].tolist())
        sources, evidence, source_kinds = backing.of(held_configs)
        result.append(
            Regularity(
                contexts=tuple(parts[0]),
                mechanisms=tuple(parts[1]),
                outcomes=tuple(parts[2]),
                cases=tuple(case_ids[supporting].tolist()),
                configurations=held_configs,
                counter_cases=tuple(case_ids[counter].tolist()),
                sources=sources,
                evidence=evidence,
                source_kinds=source_kinds,
            )
        )
    result.sort(key=lambda r: (-r.n_cases, -r.size, r.contexts, r.mechanisms, r.outcomes))
    return result


def _bitset(positions: Sequence[int]) -> int:
    """An int with the given bits set."""
    if len(positions) < 64:
        x = 0
        for p in positions:
            x |= 1 << p
        return x
    import numpy as np

    bits = np.zeros(positions[-1] + 1, dtype=np.uint8)
    bits[np.asarray(positions)] = 1
    return int.from_bytes(np.packbits(bits, bitorder="little").tobytes(), "little")


# ---------------------------------------------------------------- elements


#: The columns of :func:`recurring_elements` after its grouping columns.
RECURRING_COLUMNS: tuple[str, ...] = (
    "kind",
    "element",
    "label",
    "n_cases",
    "n_sources",
    "cases",
    "n_configurations",
    "n_evidence",
    "sources",
    "source_kinds",
    "evidence",
    "n_counter_cases",
    "counter_cases",
)


def recurring_elements(
    project: Project,
    *,
    min_cases: int = 2,
    by: str | None = "theme",
    status: str | Iterable[str] | None = None,
    exclude_status: str | Iterable[str] | None = None,
    where: CaseFilter | None = None,
) -> pd.DataFrame:
    """The contexts, mechanisms and outcomes that recur across cases, per theme.

    For each theme T and element e, the supporting cases are the cases of the
    configurations that carry theme T and contain e (a configuration of
    several cases counts each of them). Rows with at least `min_cases`
    supporting cases are kept. A refuted configuration is never support: its
    cases are the element's counter-cases (unless they support it through
    another configuration), and its evidence is not counted.

    Parameters
    ----------
    project : Project
        The project to analyse.
    min_cases : int, default 2
        The least number of supporting cases (at least 1).
    by : str or None, default "theme"
        ``"theme"``: group by the themes of the configurations. ``None``: no
        grouping, one row per element. ``"category"``: group by the element's
        category. Any other name is looked up where it is stored, first match
        wins: a case attribute (the supporting cases of a group are the cases
        with that value; cases without it are left out, listed in
        ``frame.attrs["cases_without_attribute"]``); an element field
        (``"tier"``, ``"level"``, ``"resource"``, ``"reasoning"``); a
        configuration attribute or ``"phase"``; a source attribute (informant
        ``"role"``, ``"sector"``, ..., a source without it taking its case's)
        or ``"kind"`` of source (column ``source_kind``): an element counts in
        the groups of the sources of its configuration's excerpts (those
        coded to it, or to no element), with those excerpts only. A prefix
        forces the place: ``"case.level"``, ``"element.level"``,
        ``"configuration.phase"``, ``"source.phase"``. What lacks the value
        (cases, elements, configurations or excerpts) is left out and listed
        in ``frame.attrs["without_value"]``. See
        :mod:`realist.analysis._grouping`.
    status, exclude_status, where
        Filters on configurations and cases, as in :func:`find_regularities`
        (``exclude_status="refuted"`` leaves refuted configurations out of
        the counter-cases too).

    Returns
    -------
    pandas.DataFrame
        Columns: the grouping (``theme`` and ``theme_label``, ``category``, or
        the attribute name; none when `by` is None), ``kind``, ``element``
        (id), ``label``, ``n_cases``, ``n_sources`` (distinct sources of the
        excerpts the supporting configurations cite), ``cases`` (tuple of
        case ids, project order), ``n_configurations``, ``n_evidence``
        (distinct evidence ids cited by those configurations), ``sources``,
        ``source_kinds`` and ``evidence`` (tuples of ids, project order;
        kinds in the order interview, document, observation, survey, other),
        ``n_counter_cases`` and ``counter_cases`` (the cases, not supporting,
        of refuted configurations that hold the element). Ordered by group (theme order in the
        project; otherwise first appearance), kind (context, mechanism,
        outcome), ``n_cases`` descending, label. ``frame.attrs`` holds
        ``"cases_without_attribute"``: with `by` a case attribute, the cases
        kept by `where` that lack it and so were left out (a tuple of ids,
        project order); empty for the other groupings.

    Raises
    ------
    realist.errors.ValidationError
        `min_cases` below 1, an unknown status, a `by` found nowhere (the
        message lists the names stored in each place).

    Examples
    --------
    >>> from realist.model import Project
    >>> p = Project(title="t")
    >>> _ = p.add_theme("vision", "Shared strategic vision")
    >>> for case in ("a", "b", "c"):
    ...     _ = p.add_case(case)
    >>> m = p.add_mechanism("Local champions", id="m-champ")
    >>> o = p.add_outcome("Shared vision", id="o-vision")
    >>> for case in ("a", "b"):
    ...     _ = p.add_configuration(case=case, mechanisms=[m], outcomes=[o], themes=["vision"])
    >>> _ = p.add_configuration(case="c", mechanisms=[m], outcomes=[o])
    >>> recurring_elements(p)[["theme", "kind", "element", "n_cases"]]
        theme       kind   element  n_cases
    0  vision  mechanism   m-champ        2
    1  vision    outcome  o-vision        2
    >>> recurring_elements(p, by=None)[["element", "n_cases", "cases"]]
        element  n_cases      cases
    0   m-champ        3  (a, b, c)
    1  o-vision        3  (a, b, c)

    Grouped by a case attribute, the cases without it are named:

    >>> p.get("a").attributes["region"] = "north"
    >>> p.get("b").attributes["region"] = "north"
    >>> table = recurring_elements(p, by="region")
    >>> table[["region", "element", "cases"]]
      region   element   cases
    0  north   m-champ  (a, b)
    1  north  o-vision  (a, b)
    >>> table.attrs["cases_without_attribute"]
    ('c',)
    """
    import pandas as pd

    min_cases = _check_min_cases(min_cases)
    project = _narrow(
        project, themes=None, status=status, exclude_status=exclude_status, where=where
    )
    configs, cases = list(project.configurations), list(project.cases)
    grouping = resolve_by(project, by, cases)  # where `by` is stored: see _grouping
    element_lists: tuple[Sequence[Element], ...] = (
        project.contexts,
        project.mechanisms,
        project.outcomes,
    )
    elements = [(kind, e) for kind, elems in zip(_KINDS, element_lists, strict=True) for e in elems]
    case_rank = {c.id: n for n, c in enumerate(cases)}

    # (group, element) -> cases, configurations, evidence; refuted: -> cases
    hits: dict[tuple[Any, str], tuple[set[str], set[str], set[str]]] = {}
    refuting: dict[tuple[Any, str], set[str]] = {}
    for k in configs:
        k_cases = [c for c in dict.fromkeys(k.cases) if c in case_rank]
        if not k_cases:
            continue
        for e_id in k.elements:
            for group, group_cases, group_evidence in grouping.keys(k, e_id, k_cases):
                if k.status == REFUTED:
                    refuting.setdefault((group, e_id), set()).update(group_cases)
                    continue
                entry = hits.setdefault((group, e_id), (set(), set(), set()))
                entry[0].update(group_cases)
                entry[1].add(k.id)
                entry[2].update(group_evidence)

    kind_of = {e.id: (n, kind, e.label) for n, (kind, e) in enumerate(elements)}
    backing = _Backing(project)
    rows: list[dict[str, Any]] = []
    for (group, e_id), (hit_cases, hit_configs, hit_evidence) in hits.items():
        if len(hit_cases) < min_cases or e_id not in kind_of:
            continue
        _, kind, label = kind_of[e_id]
        row: dict[str, Any] = grouping.head(group)
        sources, evidence, kinds = grouping.backing(backing.of(hit_configs), hit_evidence)
        counter = refuting.get((group, e_id), set()) - hit_cases
        row.update(
            kind=kind,
            element=e_id,
            label=label,
            n_cases=len(hit_cases),
            n_sources=len(sources),
            cases=tuple(sorted(hit_cases, key=case_rank.__getitem__)),
            n_configurations=len(hit_configs),
            n_evidence=len(hit_evidence),
            sources=sources,
            source_kinds=kinds,
            evidence=evidence,
            n_counter_cases=len(counter),
            counter_cases=tuple(sorted(counter, key=case_rank.__getitem__)),
        )
        rows.append(row)
    rows.sort(
        key=lambda r: (
            grouping.rank.get(r[grouping.columns[0]], 0) if grouping.columns else 0,
            _KINDS.index(r["kind"]),
            -r["n_cases"],
            r["label"],
            r["element"],
        )
    )
    columns = [*grouping.columns, *RECURRING_COLUMNS]
    frame = pd.DataFrame(rows, columns=columns)
    frame.attrs["cases_without_attribute"] = tuple(grouping.without_cases)
    frame.attrs["without_value"] = tuple(grouping.without)
    return frame
