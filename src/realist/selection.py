"""One way to narrow a project: :func:`subset`, and the filters every function shares.

Every function of realist that takes filters (``find_regularities``,
``recurring_elements``, ``contrasts``, ``evidence_table``, ``to_networkx``,
``draw``, the figures and tables) narrows the project here first, so a filter
keyword means the same thing everywhere: ``f(p, where=W, status=S)`` analyses
exactly the configurations and cases of ``subset(p, where=W, status=S)``.

The filters
-----------
``cases``, ``sources``, ``configurations``
    Ids (or items) to select.
``themes``, ``status``, ``exclude_status``
    Keep the configurations that carry one of the themes, have one of the
    statuses, do not have one of the excluded statuses. They select
    configurations only: every case stays a case of the evaluation.
``where`` and ``**attributes``
    Attribute filters ``{name: value}`` (a list, tuple or set accepts any of
    its values), decided for each case, source and configuration by one rule
    (see :func:`subset`), or a function of a case, returning True to keep it
    (what is told in a case follows the case).

One equality rule holds for attribute values everywhere: a value matches when
it equals an accepted value or reads the same (``2006`` and ``"2006"``).

Examples
--------
>>> import realist as rl
>>> p = rl.datasets.load("hipp")
>>> north = subset(p, region="North West", status="supported")
>>> sorted({c.attributes["region"] for c in north.cases})
['North West']
>>> {k.status for k in north.configurations}
{'supported'}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from realist.errors import UnknownIdError, ValidationError
from realist.model import (
    _REFERENCES,
    COLLECTIONS,
    STATUSES,
    Case,
    Configuration,
    Finding,
    Hypothesis,
    Link,
    Project,
    Source,
)

__all__ = [
    "ItemFilter",
    "Narrowing",
    "check_statuses",
    "id_set",
    "narrow",
    "same_value",
    "subset",
]

#: A function of a case: True keeps it (and what is told in it).
ItemFilter: TypeAlias = Callable[[Case], bool]
Ids: TypeAlias = str | Any | Iterable[Any] | None


def id_set(value: Ids, what: str = "ids") -> set[str] | None:
    """The ids named by an id, an item, or an iterable of either (None stays None).

    This is the one reading of "an id or ids" in realist.

    Examples
    --------
    >>> sorted(id_set(["b", "a"]))
    ['a', 'b']
    >>> id_set("a"), id_set(None)
    ({'a'}, None)
    >>> id_set(3, "cases")
    Traceback (most recent call last):
    ...
    realist.errors.ValidationError: cases must be an id, a project item or a list of them, got 3
    """
    if value is None:
        return None
    if isinstance(value, str) or hasattr(value, "id"):
        value = [value]
    if not isinstance(value, Iterable):
        raise ValidationError(
            f"{what} must be an id, a project item or a list of them, got {value!r}"
        )
    out: set[str] = set()
    for v in value:
        ident = v if isinstance(v, str) else getattr(v, "id", None)
        if not isinstance(ident, str):
            raise ValidationError(f"{what} must hold ids or project items, got {v!r}")
        out.add(ident)
    return out


def same_value(value: Any, accepted: Iterable[Any]) -> bool:
    """`value` equals one of `accepted`, or reads the same (``2006`` and ``"2006"``).

    The one equality rule of every attribute filter.

    Examples
    --------
    >>> same_value(2006, ["2006"]), same_value("Wales", ["wales"])
    (True, False)
    """
    return any(value == a or str(value) == str(a) for a in accepted)


def _accepted(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]


def _attributes_of(item: Case | Source | Configuration | Hypothesis) -> Mapping[str, Any]:
    if isinstance(item, Configuration):
        own: dict[str, Any] = dict(item.attributes)
        if item.phase is not None:
            own["phase"] = item.phase
        return own
    if isinstance(item, Hypothesis):
        return {} if item.phase is None else {"phase": item.phase}
    return item.attributes


def check_statuses(value: Ids, what: str = "status") -> set[str] | None:
    """The statuses `value` names (a status or a list of them), each checked.

    Examples
    --------
    >>> sorted(check_statuses(["supported", "refined"]))
    ['refined', 'supported']
    >>> check_statuses("proven", "exclude_status")
    Traceback (most recent call last):
    ...
    realist.errors.ValidationError: unknown status 'proven' in exclude_status=: expected one of 'conjectured', 'supported', 'refuted', 'refined'
    """
    if not (value is None or isinstance(value, str)) and (
        not isinstance(value, Iterable) or not all(isinstance(v, str) for v in value)
    ):
        raise ValidationError(f"{what} must be a status or a list of statuses, got {value!r}")
    values = id_set(value, what)
    for s in sorted(values or ()):
        if s not in STATUSES:
            expected = ", ".join(repr(x) for x in STATUSES)
            raise ValidationError(f"unknown status {s!r} in {what}=: expected one of {expected}")
    return values


def _known(project: Project, ids: set[str] | None, what: str) -> set[str] | None:
    """`ids`, each checked to name an item of the collection `what`; the message of an unknown
    one lists the ids the project holds (the first twenty)."""
    if ids is None:
        return None
    held = [item.id for item in getattr(project, what)]
    unknown = sorted(ids.difference(held))
    if unknown:
        shown = ", ".join(repr(x) for x in held[:20]) + (", ..." if len(held) > 20 else "")
        raise UnknownIdError(
            f"unknown {what[:-1]} {unknown[0]!r} in {what}=: "
            f"the project's {what} are {shown or 'none'}"
        )
    return ids


@dataclass(frozen=True)
class Narrowing:
    """The filters of one narrowing, checked against a project.

    Build one with :meth:`of`; :func:`subset` and :func:`narrow` apply it.
    ``bool(n)`` is False when nothing is filtered.
    """

    cases: set[str] | None = None
    sources: set[str] | None = None
    configurations: set[str] | None = None
    themes: set[str] | None = None
    status: set[str] | None = None
    exclude_status: set[str] | None = None
    attributes: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    test: ItemFilter | None = None

    @classmethod
    def of(
        cls,
        project: Project,
        *,
        cases: Ids = None,
        sources: Ids = None,
        configurations: Ids = None,
        themes: Ids = None,
        status: Ids = None,
        exclude_status: Ids = None,
        where: Mapping[str, Any] | ItemFilter | None = None,
        **attributes: Any,
    ) -> Narrowing:
        """Check the filters against `project` (unknown ids, statuses, attributes)."""
        filters: dict[str, tuple[Any, ...]] = {}
        test: ItemFilter | None = None
        if where is not None:
            if isinstance(where, Mapping):
                filters.update({str(k): tuple(_accepted(v)) for k, v in where.items()})
            elif callable(where):
                test = where
            else:
                raise ValidationError(
                    "where must be a mapping of attributes to values or a function of a case, "
                    f"source or configuration, got {where!r}"
                )
        for name, value in attributes.items():
            if name in filters:
                raise ValidationError(
                    f"the attribute {name!r} is given both in where= and as {name}="
                )
            filters[name] = tuple(_accepted(value))
        if filters:
            items: list[Case | Source | Configuration | Hypothesis] = [
                *project.cases,
                *project.sources,
                *project.configurations,
                *project.hypotheses,
            ]
            known = {a for item in items for a in _attributes_of(item)}
            for name in filters:
                if name not in known:
                    names = ", ".join(repr(a) for a in sorted(known)) or "none"
                    plural = {"case": "cases", "source": "sources", "theme": "themes"}
                    hint = (
                        f" (to select by id, pass {plural.get(name, 'configurations')}=)"
                        if name in (*plural, "configuration")
                        else ""
                    )
                    raise ValidationError(
                        f"no case, source or configuration has the attribute {name!r}; "
                        f"the attributes are: {names}{hint}"
                    )
        return cls(
            cases=_known(project, id_set(cases, "cases"), "cases"),
            sources=_known(project, id_set(sources, "sources"), "sources"),
            configurations=_known(
                project, id_set(configurations, "configurations"), "configurations"
            ),
            themes=_known(project, id_set(themes, "themes"), "themes"),
            status=check_statuses(status, "status"),
            exclude_status=check_statuses(exclude_status, "exclude_status"),
            attributes=tuple(filters.items()),
            test=test,
        )

    def __bool__(self) -> bool:
        return any(
            x is not None
            for x in (
                self.cases,
                self.sources,
                self.configurations,
                self.themes,
                self.status,
                self.exclude_status,
                self.test,
            )
        ) or bool(self.attributes)

    def apply(self, project: Project) -> Project:
        """What :func:`narrow` returns: `project` itself when nothing is filtered."""
        return _cut(project, self, copy=False) if self else project

    def describe(self) -> str:
        """The filters as a title suffix: ``"phase=2006; status=supported"``."""
        parts = [
            f"{n}={v[0] if len(v) == 1 else '|'.join(str(x) for x in v)}"
            for n, v in self.attributes
        ]
        for name in ("cases", "sources", "configurations", "themes", "status", "exclude_status"):
            ids: set[str] | None = getattr(self, name)
            if ids is not None:
                parts.append(f"{name}={','.join(sorted(ids))}")
        if self.test is not None:
            parts.append(f"where={getattr(self.test, '__name__', 'function')}")
        return "; ".join(parts)

    # ------------------------------------------------------------- selection

    def selected(self, project: Project) -> tuple[set[str], dict[str, Any]]:
        """The ids of the cases, sources, configurations and hypotheses selected by
        the filters themselves, with what they refer to, and the configurations and
        links kept in part: cut to the cases kept, without the excerpts of cases
        the filters refused."""
        judge = _Judge(project, dict(self.attributes), self.test, self.cases)
        only_configs = self.sources is not None or self.configurations is not None
        keep: set[str] = set()
        if not only_configs:
            keep.update(c.id for c in project.cases if judge.case(c) is True)
        if self.configurations is None:
            keep.update(
                s.id
                for s in project.sources
                if (self.sources is None or s.id in self.sources) and judge.source(s)
            )
        cut: dict[str, Any] = {}
        for k in project.configurations:
            cases = self._cases_kept(k, judge)
            if cases is None:
                continue
            keep.add(k.id)
            trimmed = judge.trim(k, cases)
            if trimmed is not k:
                cut[k.id] = trimmed
        plain = not (self.cases or self.sources or self.configurations or self.test)
        if [n for n, _ in self.attributes] == ["phase"] and plain:
            keep.update(h.id for h in project.hypotheses if judge.own(h, "phase") is True)
        return _closure(project, keep, cut, judge.blocked)

    def _cases_kept(self, k: Configuration, judge: _Judge) -> list[str] | None:
        """The cases `k` is kept with (all, or those the filters keep), or None."""
        if self.configurations is not None and k.id not in self.configurations:
            return None
        if self.status is not None and k.status not in self.status:
            return None
        if self.exclude_status is not None and k.status in self.exclude_status:
            return None
        if self.themes is not None and self.themes.isdisjoint(k.themes):
            return None
        if self.sources is not None:
            told_by = judge.sources_of(k)
            if not (told_by and self.sources.issuperset(s.id for s in told_by)):
                return None
        return judge.configuration(k)


class _Judge:
    """Decides the filters for cases, sources and configurations (the rule in
    :func:`subset`): each item by its own attribute, else by what it belongs to;
    the ``where`` function and ``cases=`` judge cases, and what belongs to a case
    follows it."""

    def __init__(
        self,
        project: Project,
        filters: dict[str, tuple[Any, ...]],
        test: ItemFilter | None,
        cases: set[str] | None,
    ) -> None:
        self.filters = filters
        self.test = test
        self.ids = cases
        self.case_by_id = {c.id: c for c in project.cases}
        self.source_by_id = {s.id: s for s in project.sources}
        self.evidence_source = {e.id: e.source for e in project.evidence}
        self.verdicts = {c.id: self._case(c) for c in project.cases}
        refused = {c for c, verdict in self.verdicts.items() if verdict is False}
        # What the filters refused, and everything told in it: never kept.
        sources = {s.id for s in project.sources if s.case in refused}
        self.blocked: set[str] = refused | sources
        self.blocked.update(e.id for e in project.evidence if e.source in sources)

    def own(self, item: Case | Source | Configuration | Hypothesis, name: str) -> bool | None:
        attrs = _attributes_of(item)
        return same_value(attrs[name], self.filters[name]) if name in attrs else None

    def _case(self, c: Case) -> bool | None:
        """True when every filter keeps `c`, False when one refuses it, None when
        it carries an attribute filtered on nowhere (it cannot decide)."""
        if self.ids is not None and c.id not in self.ids:
            return False
        if self.test is not None and not self.test(c):
            return False
        verdicts = [self.own(c, n) for n in self.filters]
        if False in verdicts:
            return False
        return None if None in verdicts else True

    def case(self, c: Case) -> bool | None:
        return self.verdicts[c.id]

    def _source(self, s: Source, name: str) -> bool | None:
        verdict = self.own(s, name)
        if verdict is None and s.case is not None and s.case in self.case_by_id:
            verdict = self.own(self.case_by_id[s.case], name)
        return verdict

    def source(self, s: Source) -> bool:
        if s.id in self.blocked:
            return False
        if self.ids is not None and s.case not in self.ids:
            return False
        return all(self._source(s, n) is True for n in self.filters)

    def sources_of(self, k: Configuration) -> list[Source]:
        ids = dict.fromkeys(
            self.evidence_source[e] for e in k.evidence if e in self.evidence_source
        )
        return [self.source_by_id[s] for s in ids if s in self.source_by_id]

    def configuration(self, k: Configuration) -> list[str] | None:
        """The cases `k` is kept with (all of them when it decides by itself), or None."""
        cases = [c for c in dict.fromkeys(k.cases) if c in self.case_by_id]
        for name in self.filters:
            verdict = self.own(k, name)
            if verdict is False:
                return None
            if verdict is None:
                matching = self._cases_matching(k, name, cases)
                if matching is None:
                    return None
                cases = matching
        if self.ids is not None or self.test is not None:
            if not k.cases:  # a programme-level configuration: by the cases of its sources
                told_in = {s.case for s in self.sources_of(k) if s.case is not None}
                if not told_in or not told_in.isdisjoint(self.blocked):
                    return None
            cases = [c for c in cases if c not in self.blocked]
            if k.cases and not cases:
                return None
        return cases

    def _cases_matching(self, k: Configuration, name: str, cases: list[str]) -> list[str] | None:
        """The cases of `k` that match the filter `name`, each by its own attribute,
        else by what the configuration's evidence says; None when none does."""
        told_by = self.sources_of(k)
        from_sources: bool | None = None  # what the evidence says, when it can say
        if any(self._source(s, name) is not None for s in told_by):
            from_sources = all(self._source(s, name) is True for s in told_by)
        if not k.cases:
            return [] if from_sources is True else None
        matching = [
            c
            for c in cases
            if (
                self.own(self.case_by_id[c], name)
                if name in self.case_by_id[c].attributes
                else from_sources
            )
            is True
        ]
        return matching or None

    def trim(self, k: Configuration, cases: list[str]) -> Configuration:
        """`k` as told in `cases` only, without the excerpts of other cases' sources
        or of what the filters refused; `k` itself when nothing goes."""
        kept = set(cases)

        def told_here(e: str) -> bool:
            if e in self.blocked:
                return False
            source = self.source_by_id.get(self.evidence_source.get(e, ""))
            return source is None or source.case is None or source.case in kept

        evidence = [e for e in k.evidence if told_here(e)]
        if len(cases) == len(k.cases) and len(evidence) == len(k.evidence):
            return k
        return k.model_copy(update={"cases": cases, "evidence": evidence})


# ---------------------------------------------------------------- closure


def _closure(
    project: Project, keep: set[str], cut: dict[str, Any], blocked: set[str]
) -> tuple[set[str], dict[str, Any]]:
    """`keep` with everything its items refer to (by ``_REFERENCES``), the evidence of
    kept sources, and the links whose two ends are kept (with what they refer to),
    never entering what the filters refused (`blocked`): a link told there goes, a
    link citing its excerpts keeps the others. `cut` gains the links kept in part."""
    index: dict[str, Any] = {
        item.id: item for name in COLLECTIONS for item in getattr(project, name)
    }
    index.update(cut)
    keep |= {e.id for e in project.evidence if e.source in keep and e.id not in blocked}
    taken: set[str] = set()
    todo = list(keep)
    while True:
        while todo:
            item = index.get(todo.pop())
            if item is None or isinstance(item, Link):
                continue
            for field, _, _, many in _REFERENCES[type(item)]:
                value = item.__dict__[field]
                for ref in value if many else ([] if value is None else [value]):
                    if ref not in keep and ref not in blocked:
                        keep.add(ref)
                        todo.append(ref)
        for link in project.links:
            if link.id in taken or link.source not in keep or link.target not in keep:
                continue
            if link.case is not None and link.case in blocked:
                continue
            taken.add(link.id)
            evidence = [e for e in link.evidence if e not in blocked]
            if len(evidence) < len(link.evidence):
                cut[link.id] = link.model_copy(update={"evidence": evidence})
            for ref in [*evidence, *([link.case] if link.case else [])]:
                if ref not in keep:
                    keep.add(ref)
                    todo.append(ref)
        if not todo:
            break
    keep |= taken
    return keep, cut


def _findings(project: Project, keep: set[str]) -> list[Finding]:
    """Findings whose configurations and elements are all kept (and that name some)."""
    return [
        f
        for f in project.findings
        if (f.configurations or f.elements)
        and keep.issuperset(f.configurations)
        and keep.issuperset(f.elements)
        and keep.issuperset(f.themes)
    ]


def _cut(project: Project, narrowing: Narrowing, *, copy: bool) -> Project:
    keep, cut = narrowing.selected(project)
    data: dict[str, Any] = {
        "title": f"{project.title} [{narrowing.describe()}]" if copy else project.title,
        "description": project.description,
        "attributes": dict(project.attributes),
    }
    for name in COLLECTIONS:
        if name == "findings":
            items: list[Any] = _findings(project, keep)
        else:
            items = [cut.get(x.id, x) for x in getattr(project, name) if x.id in keep]
        data[name] = [x.model_copy(deep=True) for x in items] if copy else items
    if copy:
        return Project(**data)
    # The items are the project's own (or cut copies of them), all references kept:
    # nothing to validate again.
    return Project.model_construct(**data)


def subset(
    project: Project,
    *,
    cases: Ids = None,
    sources: Ids = None,
    configurations: Ids = None,
    themes: Ids = None,
    status: Ids = None,
    exclude_status: Ids = None,
    where: Mapping[str, Any] | ItemFilter | None = None,
    **attributes: Any,
) -> Project:
    """The sub-project of some cases, sources or configurations, by id, status or attribute.

    ``subset(p, phase=2006)``, ``subset(p, country="Wales", sector=["health",
    "social care"])``, ``subset(p, cases=["sandwell"])``, ``subset(p,
    status="supported")``: the result is a valid project holding the items
    selected and everything they refer to. Every function that takes these
    filters narrows through this one rule.

    **Attributes.** An attribute filter ``name=value`` (a list, tuple or set of
    values accepts any of them; ``2006`` and ``"2006"`` are the same value)
    is decided for each item as follows:

    - a case or a source decides by its own ``attributes``; a source that
      lacks the attribute inherits it from its case;
    - a configuration decides by its own ``attributes`` and its ``phase``
      field (the attribute ``phase``); when it lacks the attribute, it is
      decided for each of its cases, each case by its own attribute, or,
      when the case lacks it, by the sources of the configuration's
      evidence (when one of them has the attribute, directly or through its
      case, they must all match; when none has it, the case cannot decide
      and does not match). A configuration is kept with the cases that
      match, when at least one does: a configuration told in a northern and
      a southern case is, in the northern sub-project, told in the northern
      case, with the excerpts of that case's sources (and of sources with
      no case). A configuration without cases decides by the sources of its
      evidence alone;
    - a hypothesis decides by its ``phase`` field, when ``phase`` is the
      only filter;
    - an item that cannot decide (it has the attribute nowhere) does not
      match.

    An item is *selected* when it matches every attribute filter and passes
    `where`. With no filter at all, every item is selected.

    **Ids and statuses.** ``cases=`` selects those cases, the sources of those
    cases and the configurations that name one of them, cut to those cases
    as above.
    ``sources=`` selects those sources and the configurations all of whose
    evidence comes from them. ``configurations=`` selects those
    configurations. When ``sources=`` or ``configurations=`` is given, cases
    are not selected by themselves (only through what refers to them); when
    ``configurations=`` is given, neither are sources. ``themes=``,
    ``status=`` and ``exclude_status=`` keep the configurations that carry
    one of the themes, have one of the statuses, have none of the excluded
    ones; they select configurations only. All filters combine with *and*.

    **What is kept.** The selected items; the evidence of the selected
    sources; everything the kept items refer to, following every reference
    of the data model (the cases, elements, themes, evidence and hypotheses
    of configurations, the sources, elements and codes of evidence, the case
    of a source, the parent of a code, the themes and opposites of elements,
    the themes of hypotheses and the hypotheses they revise), so that the
    sub-project is valid. Links whose two ends are kept are kept, with their
    evidence. A case the filters refused (it carries the attribute with
    another value, it is not among ``cases=``, the ``where`` function
    refuses it) is never kept, nor its sources and their excerpts: a
    configuration or link that cites them keeps its other excerpts, and a
    link told in such a case goes. Findings whose configurations and elements are all kept are
    kept. Items are copies, in project order. The title gets the filter
    appended: ``"HIPP evaluation [phase=2006]"``. With no filter at all, the
    result is a copy of the project.

    Parameters
    ----------
    project : Project
        The project to cut.
    cases, sources, configurations, themes : str or iterable of str, optional
        Ids (or items) to select, as above.
    status, exclude_status : str or iterable of str, optional
        Statuses of the configurations to keep, or to leave out.
    where : mapping or callable, optional
        A mapping ``{attribute: value}``, like the keyword arguments (use it
        for attribute names that are not Python names, or clash with the
        parameters), or a function of a case, returning True to keep it. The
        function judges cases only: the sources of a case it refuses go,
        configurations are cut to the cases it keeps (one without cases
        follows the cases of its sources). To choose configurations by a
        function, pass ``configurations=[k.id for k in p.configurations if
        ...]``.
    **attributes
        Attribute filters: ``phase=2006``, ``country="Wales"``, ...

    Returns
    -------
    Project
        A new, valid project.

    Raises
    ------
    realist.errors.ValidationError
        An attribute that no case, source, configuration (or hypothesis,
        for ``phase``) carries: the message lists those that exist. An
        unknown status.
    realist.errors.UnknownIdError
        An id in `cases`, `sources`, `configurations` or `themes` that the
        project does not hold (or of the wrong kind).

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.datasets.load("hipp")
    >>> baseline = subset(p, phase="baseline")
    >>> baseline.title
    'Health Education Authority Integrated Purchasing Programme (HIPP) evaluation [phase=baseline]'
    >>> [k.id for k in baseline.configurations], [h.id for h in baseline.hypotheses]
    (['cfg-table3'], ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'])
    >>> [k.id for k in subset(p, region="East Midlands").configurations][:3]
    ['cfg-nottingham-vision', 'cfg-nottingham-generic-model', 'cfg-nottingham-leadership']
    >>> subset(p, sector="health")
    Traceback (most recent call last):
    ...
    realist.errors.ValidationError: ...no case, source or configuration has the attribute 'sector'; the attributes are: 'community', 'coterminous', ..., 'region', 'section'
    """
    narrowing = Narrowing.of(
        project,
        cases=cases,
        sources=sources,
        configurations=configurations,
        themes=themes,
        status=status,
        exclude_status=exclude_status,
        where=where,
        **attributes,
    )
    if not narrowing:
        return project.model_copy(deep=True)
    return _cut(project, narrowing, copy=True)


def narrow(
    project: Project,
    *,
    cases: Ids = None,
    sources: Ids = None,
    configurations: Ids = None,
    themes: Ids = None,
    status: Ids = None,
    exclude_status: Ids = None,
    where: Mapping[str, Any] | ItemFilter | None = None,
    **attributes: Any,
) -> Project:
    """:func:`subset` for reading: the same items selected, shared with `project`
    rather than copied, and `project` itself when nothing is filtered.

    The analysis, graph and drawing functions narrow with it; do not edit the
    result's items (they are the project's own). Use :func:`subset` for a
    sub-project of your own.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.datasets.load("hipp")
    >>> narrow(p) is p
    True
    >>> q = narrow(p, status="refuted")
    >>> q.configurations[0] is p.get(q.configurations[0].id)
    True
    """
    narrowing = Narrowing.of(
        project,
        cases=cases,
        sources=sources,
        configurations=configurations,
        themes=themes,
        status=status,
        exclude_status=exclude_status,
        where=where,
        **attributes,
    )
    return narrowing.apply(project)
