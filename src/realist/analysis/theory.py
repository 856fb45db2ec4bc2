"""Programme theory over time: slices of a project, what changed, hypotheses.

- :func:`subset` cuts a sub-project by phase, country, sector, role or any
  other attribute of cases, sources and configurations (or by ids);
- :func:`diff` reports what was added, removed and changed between two
  projects or slices, with the status changes of configurations and the
  revisions of hypotheses called out;
- :func:`hypothesis_summary` says, per hypothesis, which configurations test
  it and with what evidence.

Examples
--------
>>> from realist.model import Project
>>> p = Project(title="Three countries")
>>> _ = p.add_case("wales", country="Wales")
>>> _ = p.add_case("scotland", country="Scotland")
>>> m = p.add_mechanism("Local champions", id="m-champ")
>>> o = p.add_outcome("Shared vision", id="o-vision")
>>> _ = p.add_configuration(case="wales", mechanisms=[m], outcomes=[o], id="k06",
...                         phase=2006)
>>> _ = p.add_configuration(case="wales", mechanisms=[m], outcomes=[o], id="k08",
...                         phase=2008, status="supported")
>>> _ = p.add_configuration(case="scotland", mechanisms=[m], outcomes=[o], id="ks",
...                         phase=2008)
>>> [k.id for k in subset(p, phase=2008, country="Wales").configurations]
['k08']
>>> d = diff(subset(p, phase=2006), subset(p, phase=2008))
>>> d.added["configurations"], d.removed["configurations"]
(('k08', 'ks'), ('k06',))
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from realist._ids import label_key
from realist.errors import UnknownIdError, ValidationError
from realist.model import (
    _REFERENCES,
    COLLECTIONS,
    Case,
    Configuration,
    Hypothesis,
    Project,
    Source,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Change", "ProjectDiff", "diff", "hypothesis_summary", "subset"]

Filterable: TypeAlias = Case | Source | Configuration
#: A function called with each case, source and configuration: True selects it.
ItemFilter: TypeAlias = Callable[[Filterable], bool]

_PROJECT_FIELDS = ("title", "description", "attributes")
_MAX_LINES = 25  # lines per collection in ProjectDiff.summary()


# ---------------------------------------------------------------- subset


def _ids(value: str | Iterable[str] | None, what: str, project: Project) -> set[str] | None:
    if value is None:
        return None
    ids = {value} if isinstance(value, str) else set(value)
    classes: dict[str, type[Any]] = {
        "cases": Case,
        "sources": Source,
        "configurations": Configuration,
    }
    cls = classes[what]
    for ident in sorted(ids):
        project.get(ident, cls)  # UnknownIdError naming it
    return ids


def _accepted(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    return [value]


def _same(value: Any, accepted: list[Any]) -> bool:
    """`value` equals one of `accepted`, or reads the same (2006 and "2006")."""
    return any(value == a or str(value) == str(a) for a in accepted)


def _attributes_of(item: Case | Source | Configuration | Hypothesis) -> Mapping[str, Any]:
    if isinstance(item, Configuration):
        own: dict[str, Any] = dict(item.attributes)
        if item.phase is not None:
            own["phase"] = item.phase
        return own
    if isinstance(item, Hypothesis):
        return {} if item.phase is None else {"phase": item.phase}
    return item.attributes


def subset(
    project: Project,
    *,
    cases: str | Iterable[str] | None = None,
    sources: str | Iterable[str] | None = None,
    configurations: str | Iterable[str] | None = None,
    where: Mapping[str, Any] | ItemFilter | None = None,
    **attributes: Any,
) -> Project:
    """The sub-project of some cases, sources or configurations, by id or attribute.

    ``subset(p, phase=2006)``, ``subset(p, country="Wales", sector=["health",
    "social care"])``, ``subset(p, cases=["sandwell"])``: the result is a
    valid project holding the items selected and everything they refer to.

    **Attributes.** An attribute filter ``name=value`` (a list, tuple or set of
    values accepts any of them; ``2006`` and ``"2006"`` are the same value)
    is decided for each item as follows:

    - a case or a source decides by its own ``attributes``; a source that
      lacks the attribute inherits it from its case;
    - a configuration decides by its own ``attributes`` and its ``phase``
      field (the attribute ``phase``); when it lacks the attribute, it
      matches when it has cases and *every* case matches, each case by the
      same rule: by its own attribute, or, when the case lacks it, by the
      sources of the configuration's evidence (when one of them has the
      attribute, directly or through its case, they must all match; when
      none has it, the case cannot decide and does not match). A
      configuration without cases decides by the sources of its evidence
      alone;
    - a hypothesis decides by its ``phase`` field, when ``phase`` is the
      only attribute filtered on;
    - an item that cannot decide (it has the attribute nowhere) does not
      match.

    An item is *selected* when it matches every attribute filter and passes
    `where`. With no attribute filter and no `where`, every item passes.

    **Ids.** ``cases=`` selects those cases, the sources of those cases and
    the configurations all of whose cases are among them. ``sources=``
    selects those sources and the configurations all of whose evidence comes
    from them. ``configurations=`` selects those configurations. When
    ``sources=`` or ``configurations=`` is given, cases are not selected by
    themselves (only through what refers to them); when ``configurations=``
    is given, neither are sources. Id and attribute filters combine with
    *and*.

    **What is kept.** The selected items; the evidence of the selected
    sources; and everything the kept items refer to (the cases, elements,
    themes, evidence and hypotheses of configurations, the sources and
    elements of evidence, the case of a source, the themes of elements and
    hypotheses, the hypotheses they revise), so that the sub-project is
    valid. Links whose two ends are kept are kept, with their evidence.
    Items are copies, in project order. The title gets the filter appended:
    ``"HIPP evaluation [phase=2006]"``. With no filter at all, the result is
    a copy of the project.

    Parameters
    ----------
    project : Project
        The project to cut.
    cases, sources, configurations : str or iterable of str, optional
        Ids to select, as above.
    where : mapping or callable, optional
        A mapping ``{attribute: value}``, like the keyword arguments (use it
        for attribute names that are not Python names, or clash with the
        parameters), or a function called with each case, source and
        configuration, returning True to select it.
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
        for ``phase``) carries: the message lists those that exist. Also a
        cut that would not be a valid project, such as hand-edited
        hypotheses that revise each other in a circle (the chain of
        revisions is followed once, never around the circle).
    realist.errors.UnknownIdError
        An id in `cases`, `sources` or `configurations` that the project does
        not hold (or of the wrong kind).

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
    filters: dict[str, list[Any]] = {}
    test: ItemFilter | None = None
    if where is not None:
        if callable(where):
            test = where
        elif isinstance(where, Mapping):
            filters.update({str(k): _accepted(v) for k, v in where.items()})
        else:
            raise ValidationError(
                "where must be a mapping of attributes to values or a function of a case, "
                f"source or configuration, got {where!r}"
            )
    for name, value in attributes.items():
        if name in filters:
            raise ValidationError(f"the attribute {name!r} is given both in where= and as {name}=")
        filters[name] = _accepted(value)
    case_ids = _ids(cases, "cases", project)
    source_ids = _ids(sources, "sources", project)
    config_ids = _ids(configurations, "configurations", project)

    if (
        not filters
        and test is None
        and case_ids is None
        and source_ids is None
        and (config_ids is None)
    ):
        return project.model_copy(deep=True)

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
            raise ValidationError(
                f"no case, source or configuration has the attribute {name!r}; "
                f"the attributes are: {names}"
            )

    case_by_id = {c.id: c for c in project.cases}
    source_by_id = {s.id: s for s in project.sources}
    evidence_by_id = {e.id: e for e in project.evidence}

    def own(item: Case | Source | Configuration | Hypothesis, name: str) -> bool | None:
        attrs = _attributes_of(item)
        return _same(attrs[name], filters[name]) if name in attrs else None

    def case_matches(c: Case, name: str) -> bool | None:
        return own(c, name)

    def source_matches(s: Source, name: str) -> bool | None:
        verdict = own(s, name)
        if verdict is None and s.case is not None and s.case in case_by_id:
            verdict = case_matches(case_by_id[s.case], name)
        return verdict

    def config_matches(k: Configuration, name: str) -> bool:
        verdict = own(k, name)
        if verdict is not None:
            return verdict
        k_sources = [
            source_by_id[s_id]
            for s_id in dict.fromkeys(
                evidence_by_id[e].source for e in k.evidence if e in evidence_by_id
            )
            if s_id in source_by_id
        ]
        from_sources: bool | None = None  # what the evidence says, when it can say
        if any(source_matches(s, name) is not None for s in k_sources):
            from_sources = all(source_matches(s, name) is True for s in k_sources)
        k_cases = [case_by_id[c] for c in dict.fromkeys(k.cases) if c in case_by_id]
        if not k_cases:
            return from_sources is True
        # One rule for every case: its own attribute, else what the evidence says.
        return all(
            (case_matches(c, name) if name in c.attributes else from_sources) is True
            for c in k_cases
        )

    def passes(item: Case | Source | Configuration, verdicts: Iterable[bool | None]) -> bool:
        return all(v is True for v in verdicts) and (test is None or test(item))

    selected_cases: set[str] = set()
    if source_ids is None and config_ids is None:
        for c in project.cases:
            if (case_ids is None or c.id in case_ids) and passes(
                c, (case_matches(c, n) for n in filters)
            ):
                selected_cases.add(c.id)
    selected_sources: set[str] = set()
    if config_ids is None:
        for s in project.sources:
            if (
                (source_ids is None or s.id in source_ids)
                and (case_ids is None or s.case in case_ids)
                and passes(s, (source_matches(s, n) for n in filters))
            ):
                selected_sources.add(s.id)
    selected_configs: set[str] = set()
    for k in project.configurations:
        if config_ids is not None and k.id not in config_ids:
            continue
        if case_ids is not None and not (k.cases and case_ids.issuperset(k.cases)):
            continue
        if source_ids is not None:
            k_sources = {evidence_by_id[e].source for e in k.evidence if e in evidence_by_id}
            if not (k_sources and source_ids.issuperset(k_sources)):
                continue
        if passes(k, (config_matches(k, n) for n in filters)):
            selected_configs.add(k.id)
    selected_hypotheses: set[str] = set()
    if set(filters) == {"phase"} and test is None and not (case_ids or source_ids or config_ids):
        selected_hypotheses = {h.id for h in project.hypotheses if own(h, "phase") is True}

    # Everything the selected items refer to.
    keep: set[str] = selected_cases | selected_sources | selected_configs | selected_hypotheses
    keep |= {e.id for e in project.evidence if e.source in selected_sources}
    for k in project.configurations:
        if k.id in keep:
            keep.update(k.cases, k.elements, k.themes, k.evidence, k.hypotheses)
    elements = project.elements
    hypotheses = {h.id: h for h in project.hypotheses}
    kept_links = [link for link in project.links if link.source in keep and link.target in keep]
    for link in kept_links:
        keep.update(link.evidence)
    for ev in project.evidence:
        if ev.id in keep:
            keep.add(ev.source)
            keep.update(ev.elements)
            keep.update(ev.codes)
    code_parent = {c.id: c.parent for c in project.codes}
    for code_id in [c for c in keep if c in code_parent]:  # a code keeps its ancestors
        parent = code_parent[code_id]
        while parent is not None and parent not in keep:
            keep.add(parent)
            parent = code_parent.get(parent)
    for s in project.sources:
        if s.id in keep and s.case is not None:
            keep.add(s.case)
    for e_id in [e for e in keep if e in elements]:  # an element keeps its opposites
        keep.update(elements[e_id].opposites)
    for e_id in [e for e in keep if e in elements]:
        keep.update(elements[e_id].themes)
    walked: set[str] = set()  # a hand-built project may hold a cycle of revisions
    for h_id in [h for h in keep if h in hypotheses]:
        h: Hypothesis | None = hypotheses[h_id]
        while h is not None and h.id not in walked:
            walked.add(h.id)
            keep.add(h.id)
            keep.update(h.themes)
            h = hypotheses.get(h.revises) if h.revises is not None else None

    described = [
        *(f"{n}={_show(v)}" for n, v in filters.items()),
        *(
            f"{what}={','.join(sorted(ids))}"
            for what, ids in (
                ("cases", case_ids),
                ("sources", source_ids),
                ("configurations", config_ids),
            )
            if ids is not None
        ),
    ]
    if test is not None:
        described.append(f"where={getattr(test, '__name__', 'function')}")
    data: dict[str, Any] = {
        "title": f"{project.title} [{'; '.join(described)}]",
        "description": project.description,
        "attributes": dict(project.attributes),
    }
    for name in COLLECTIONS:
        if name == "links":
            data[name] = [link.model_copy(deep=True) for link in kept_links]
        else:
            data[name] = [x.model_copy(deep=True) for x in getattr(project, name) if x.id in keep]
    return Project(**data)


def _show(values: list[Any]) -> str:
    return str(values[0]) if len(values) == 1 else "|".join(str(v) for v in values)


# ---------------------------------------------------------------- diff


@dataclass(frozen=True)
class Change:
    """One field of one item that differs between two projects.

    Attributes
    ----------
    collection : str
        ``"configurations"``, ``"contexts"``, ... or ``"project"`` for the
        project's own title, description and attributes.
    id : str
        The item's id (empty for the project).
    field : str
        The field that differs.
    old, new
        Its value in the first and in the second project.

    Examples
    --------
    >>> Change("configurations", "k1", "status", "conjectured", "supported")
    Change('k1'.status: 'conjectured' -> 'supported')
    """

    collection: str
    id: str
    field: str
    old: Any
    new: Any

    def __repr__(self) -> str:
        where = f"{self.id!r}.{self.field}" if self.id else self.field
        return f"Change({where}: {self.old!r} -> {self.new!r})"

    def describe(self) -> str:
        """The change in words: ``status: conjectured → supported``, or for
        lists the members added and removed."""
        if isinstance(self.old, list) and isinstance(self.new, list):
            plus = [v for v in self.new if v not in self.old]
            minus = [v for v in self.old if v not in self.new]
            parts = [f"+{v}" for v in plus] + [f"-{v}" for v in minus]
            if parts:
                return f"{self.field}: {', '.join(str(p) for p in parts)}"
            return f"{self.field}: reordered"
        return f"{self.field}: {_brief(self.old)} → {_brief(self.new)}"


def _few(ids: Iterable[str], limit: int = 8) -> list[str]:
    """Ids for a repr: the first `limit`, then how many more."""
    ids = list(ids)
    if len(ids) <= limit:
        return ids
    return [*ids[: limit - 1], f"... {len(ids) - limit + 1} more"]


def _brief(value: Any, limit: int = 60) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


@dataclass(frozen=True)
class ProjectDiff:
    """What changed from one project (or slice) to another.

    Attributes
    ----------
    a_title, b_title : str
        The titles of the two projects.
    added, removed : dict of str to tuple of str
        Per collection (``"themes"``, ``"cases"``, ..., ``"hypotheses"``; every
        collection is a key), the ids in the second project only (added) or
        in the first only (removed), in project order.
    changed : tuple of Change
        Every field that differs, for the items in both projects (same id,
        same collection), in project order, then the project's own fields.
    revisions : tuple of tuple of str
        Chains of hypotheses in the second project linked by ``revises``
        (oldest first) that hold a hypothesis added or whose ``revises``
        changed: how the programme theory was refined.
    renamed : dict of str to tuple of (str, str)
        With ``diff(..., by="content")``: per collection, the items matched
        by content whose ids differ, as ``(id in a, id in b)``; empty
        otherwise.

    Examples
    --------
    >>> from realist.model import Project
    >>> a = Project(title="2006")
    >>> _ = a.add_hypothesis("h1", "Champions build a shared vision")
    >>> b = a.model_copy(deep=True)
    >>> b.title = "2008"
    >>> b.hypotheses[0].status = "refined"
    >>> _ = b.add_hypothesis("h1b", "Champions build a shared vision where trust exists",
    ...                      revises="h1")
    >>> d = diff(a, b)
    >>> d
    ProjectDiff(added={'hypotheses': ['h1b']}, removed={}, changed=['h1'], revisions=[['h1', 'h1b']])
    >>> print(d.summary())
    From '2006' to '2008': 1 added, 0 removed, 1 changed.
    Hypotheses
      + h1b: 'Champions build a shared vision where trust exists' (revises h1)
      ~ h1: status: 'conjectured' → 'refined'
    Revisions of the programme theory
      h1 → h1b
    Project
      ~ title: '2006' → '2008'
    """

    a_title: str
    b_title: str
    added: dict[str, tuple[str, ...]]
    removed: dict[str, tuple[str, ...]]
    changed: tuple[Change, ...]
    revisions: tuple[tuple[str, ...], ...] = ()
    _b_items: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    renamed: dict[str, tuple[tuple[str, str], ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def status_changes(self) -> tuple[Change, ...]:
        """The configurations whose status changed (conjectured → supported, ...)."""
        return tuple(
            c for c in self.changed if c.collection == "configurations" and c.field == "status"
        )

    @property
    def hypothesis_changes(self) -> tuple[Change, ...]:
        """Every changed field of a hypothesis: status, statement, revises, ..."""
        return tuple(c for c in self.changed if c.collection == "hypotheses")

    @property
    def changed_ids(self) -> dict[str, tuple[str, ...]]:
        """Per collection, the ids of the items with at least one changed field."""
        out: dict[str, tuple[str, ...]] = dict.fromkeys(COLLECTIONS, ())
        for c in self.changed:
            if c.collection in out and c.id not in out[c.collection]:
                out[c.collection] += (c.id,)
        return out

    @property
    def is_empty(self) -> bool:
        """True when nothing at all differs."""
        return not (any(self.added.values()) or any(self.removed.values()) or self.changed)

    def __bool__(self) -> bool:
        return not self.is_empty

    def __repr__(self) -> str:
        added = {k: _few(v) for k, v in self.added.items() if v}
        removed = {k: _few(v) for k, v in self.removed.items() if v}
        changed = _few(list(dict.fromkeys(c.id for c in self.changed if c.collection != "project")))
        project = (
            ", project_changed=True"
            if any(c.collection == "project" and c.field != "title" for c in self.changed)
            else ""
        )
        revisions = f", revisions={[list(r) for r in self.revisions]}" if self.revisions else ""
        return (
            f"ProjectDiff(added={added}, removed={removed}, changed={changed}{revisions}{project})"
        )

    def summary(self) -> str:
        """The differences as text a realist reads: per collection, ``+`` added,
        ``-`` removed, ``~`` changed (with the fields), status changes first;
        at most 25 lines per collection (``to_frame()`` has them all)."""
        n_added = sum(len(v) for v in self.added.values())
        n_removed = sum(len(v) for v in self.removed.values())
        changed_ids = self.changed_ids
        n_changed = sum(len(v) for v in changed_ids.values())
        lines = [
            f"From {self.a_title!r} to {self.b_title!r}: {n_added} added, "
            f"{n_removed} removed, {n_changed} changed."
        ]
        if self.is_empty:
            lines.append("No differences.")
            return "\n".join(lines)
        order = [
            "configurations",
            "hypotheses",
            *[n for n in COLLECTIONS if n not in ("configurations", "hypotheses")],
        ]
        for name in order:
            block: list[str] = []
            for ident in self.added[name]:
                block.append(f"  + {ident}{self._describe_new(name, ident)}")
            for ident in self.removed[name]:
                block.append(f"  - {ident}")
            changes = [c for c in self.changed if c.collection == name]
            changes.sort(key=lambda c: c.field != "status")  # status changes first
            by_id: dict[str, list[Change]] = {}
            for c in changes:
                by_id.setdefault(c.id, []).append(c)
            for ident, cs in by_id.items():
                block.append(f"  ~ {ident}: {'; '.join(c.describe() for c in cs)}")
            if block:
                lines.append(name.capitalize())
                lines.extend(block[:_MAX_LINES])
                if len(block) > _MAX_LINES:
                    lines.append(f"  ... and {len(block) - _MAX_LINES} more (see to_frame())")
            if name == "hypotheses" and self.revisions:
                lines.append("Revisions of the programme theory")
                lines.extend("  " + " → ".join(chain) for chain in self.revisions)
        project_changes = [c for c in self.changed if c.collection == "project"]
        if project_changes:
            lines.append("Project")
            lines.extend(f"  ~ {c.describe()}" for c in project_changes)
        return "\n".join(lines)

    def _describe_new(self, collection: str, ident: str) -> str:
        item = self._b_items.get(ident)
        if item is None:
            return ""
        if collection == "hypotheses":
            revises = f" (revises {item.revises})" if item.revises else ""
            return f": {_brief(item.statement)}{revises}"
        if collection == "configurations":
            cases = f" ({', '.join(item.cases)})" if item.cases else ""
            return f"{cases}, {item.status}"
        label = getattr(item, "label", None) or getattr(item, "name", None)
        return f": {_brief(label)}" if label else ""

    def to_frame(self) -> pd.DataFrame:
        """One row per added or removed item and per changed field.

        Returns
        -------
        pandas.DataFrame
            Columns ``collection``, ``id``, ``change`` (``"added"``,
            ``"removed"``, ``"changed"``), ``field``, ``old``, ``new``
            (``field``, ``old`` and ``new`` are None for added and removed
            items).

        Examples
        --------
        >>> from realist.model import Project
        >>> a = Project(title="t")
        >>> _ = a.add_case("x")
        >>> b = a.model_copy(deep=True)
        >>> _ = b.add_case("y")
        >>> b.cases[0].name = "Case X"
        >>> diff(a, b).to_frame()
          collection id   change field   old     new
        0      cases  y    added  None  None    None
        1      cases  x  changed  name     x  Case X
        """
        import pandas as pd

        rows: list[dict[str, Any]] = []
        for name in COLLECTIONS:
            for ident in self.added[name]:
                rows.append({"collection": name, "id": ident, "change": "added"})
            for ident in self.removed[name]:
                rows.append({"collection": name, "id": ident, "change": "removed"})
        for c in self.changed:
            rows.append(
                {
                    "collection": c.collection,
                    "id": c.id,
                    "change": "changed",
                    "field": c.field,
                    "old": c.old,
                    "new": c.new,
                }
            )
        columns = ["collection", "id", "change", "field", "old", "new"]
        frame = pd.DataFrame(rows, columns=columns)
        return frame.astype(object).where(frame.notna(), None)

    def _repr_html_(self) -> str:
        head = (
            f"<caption>Changes from {html.escape(self.a_title)} to "
            f"{html.escape(self.b_title)}</caption>"
        )
        if self.is_empty:
            return f"<table>{head}<tr><td>No differences.</td></tr></table>"
        rows = []
        for name in COLLECTIONS:
            for ident in self.added[name]:
                rows.append((name, "+", ident, ""))
            for ident in self.removed[name]:
                rows.append((name, "&minus;", ident, ""))
        for c in self.changed:
            rows.append((c.collection, "~", c.id, c.describe()))
        body = "".join(
            f"<tr><td>{html.escape(coll)}</td><td>{mark}</td><td>{html.escape(ident)}</td>"
            f"<td style='text-align:left'>{html.escape(text)}</td></tr>"
            for coll, mark, ident, text in rows
        )
        return (
            f"<table>{head}<tr><th>Collection</th><th></th><th>Id</th><th>Change</th></tr>"
            f"{body}</table>"
        )


def diff(a: Project, b: Project, *, by: Literal["id", "content"] = "id") -> ProjectDiff:
    """What changed from project `a` to project `b` (two versions, or two slices).

    With ``by="id"`` (the default: two versions of one project file keep
    their ids), items are matched by id within each collection (an id that
    moves to another collection counts as removed from one and added to the
    other). For an item in both, every field that differs is a
    :class:`Change` with the old and the new value: a configuration's
    status, its elements, a hypothesis's statement or status, an element's
    label. The projects' own title, description and attributes are compared
    too (collection ``"project"``).

    With ``by="content"`` (two phases of a study, coded separately, whose
    ids differ), items are matched by what they say, within each
    collection: contexts, mechanisms, outcomes, themes and codes by label,
    cases by name, sources by title, evidence by source and quote, links by
    their two ends and relation, hypotheses by statement (texts compared
    with :func:`realist._ids.label_key`: case, spacing, invisible characters
    and Unicode form do not matter), configurations by the names of their
    cases and the labels of their contexts, mechanisms and outcomes. A
    source without a title and an evidence excerpt without a quote are
    matched by id. When several items of one collection say the same, they
    are matched in project order. For a matched pair, references are
    compared by the content of what they name (a configuration whose
    mechanism is ``m-1`` in one phase and ``m-champions`` in the other, both
    "Local champions", has not changed), and every other field that differs
    (status, confidence, phase, note, ...) is a :class:`Change`, under the
    id the item has in `b`; the id pairs are in ``renamed``. Only items
    whose content is in one project alone are added or removed.

    Parameters
    ----------
    a, b : Project
        The earlier and the later project (for instance
        ``subset(p, phase=2006)`` and ``subset(p, phase=2008)``).
    by : {"id", "content"}, default "id"
        How items of the two projects are matched, as above.

    Returns
    -------
    ProjectDiff
        ``print(d.summary())`` for a report; ``d.status_changes`` for the
        configurations whose status changed; ``d.hypothesis_changes`` and
        ``d.revisions`` for the programme theory; ``d.to_frame()`` for a table.

    Examples
    --------
    >>> from realist.model import Project
    >>> a = Project(title="Phase 1")
    >>> _ = a.add_case("wales")
    >>> m = a.add_mechanism("Local champions", id="m-champ")
    >>> o = a.add_outcome("Shared vision", id="o-vision")
    >>> _ = a.add_configuration(case="wales", mechanisms=[m], outcomes=[o], id="k1")
    >>> b = a.model_copy(deep=True)
    >>> b.configurations[0].status = "supported"
    >>> d = diff(a, b)
    >>> d.status_changes
    (Change('k1'.status: 'conjectured' -> 'supported'),)
    >>> diff(a, a).is_empty
    True

    Two phases coded with their own ids, compared by content:

    >>> c = Project(title="Phase 2")
    >>> _ = c.add_case("wales-2008", "wales")
    >>> m2 = c.add_mechanism("Local champions", id="m-2")
    >>> o2 = c.add_outcome("Shared vision", id="o-2")
    >>> _ = c.add_configuration(case="wales-2008", mechanisms=[m2], outcomes=[o2], id="k2",
    ...                         status="refuted")
    >>> d = diff(a, c, by="content")
    >>> d
    ProjectDiff(added={}, removed={}, changed=['k2'])
    >>> d.status_changes
    (Change('k2'.status: 'conjectured' -> 'refuted'),)
    >>> d.renamed["mechanisms"]
    (('m-champ', 'm-2'),)
    """
    if by not in ("id", "content"):
        raise ValidationError(f"by must be 'id' or 'content', got {by!r}")
    added: dict[str, tuple[str, ...]] = {}
    removed: dict[str, tuple[str, ...]] = {}
    changed: list[Change] = []
    renamed: dict[str, tuple[tuple[str, str], ...]] = {}
    if by == "content":
        key_a, key_b = _content_keys(a), _content_keys(b)
    for name, cls in COLLECTIONS.items():
        olds, news = list(getattr(a, name)), list(getattr(b, name))
        pairs: list[tuple[Any, Any]]
        if by == "id":
            old = {x.id: x for x in olds}
            new = {x.id: x for x in news}
            added[name] = tuple(i for i in new if i not in old)
            removed[name] = tuple(i for i in old if i not in new)
            pairs = [(old[i], item) for i, item in new.items() if i in old]
            refs: frozenset[str] = frozenset()
        else:
            waiting: dict[Any, list[Any]] = {}
            for x in olds:
                waiting.setdefault(key_a[x.id], []).append(x)
            pairs, fresh = [], []
            for y in news:
                queue = waiting.get(key_b[y.id])
                if queue:
                    pairs.append((queue.pop(0), y))
                else:
                    fresh.append(y.id)
            matched = {x.id for x, _ in pairs}
            added[name] = tuple(fresh)
            removed[name] = tuple(x.id for x in olds if x.id not in matched)
            renamed[name] = tuple((x.id, y.id) for x, y in pairs if x.id != y.id)
            refs = _reference_fields(cls)
        for before, item in pairs:
            if before == item:
                continue
            for f in type(item).model_fields:
                if by == "content" and f == "id":
                    continue
                x, y = getattr(before, f), getattr(item, f)
                same = _translate(x, key_a) == _translate(y, key_b) if f in refs else x == y
                if not same:
                    changed.append(Change(name, item.id, f, _plain(x), _plain(y)))
    for f in _PROJECT_FIELDS:
        x, y = getattr(a, f), getattr(b, f)
        if x != y:
            changed.append(Change("project", "", f, _plain(x), _plain(y)))

    # Revision chains of b touching a hypothesis added, or whose `revises` changed.
    b_hyp = {h.id: h for h in b.hypotheses}
    touched = set(added["hypotheses"]) | {
        c.id for c in changed if c.collection == "hypotheses" and c.field == "revises"
    }
    revised_by: dict[str, list[str]] = {}
    for h in b.hypotheses:
        if h.revises is not None:
            revised_by.setdefault(h.revises, []).append(h.id)
    chains: list[tuple[str, ...]] = []
    for h in b.hypotheses:
        if h.id in revised_by or h.revises is None:
            continue  # chains end at a hypothesis nothing revises
        chain = [h.id]
        seen = {h.id}
        current = h
        while current.revises is not None and current.revises not in seen:
            chain.append(current.revises)
            seen.add(current.revises)
            nxt = b_hyp.get(current.revises)
            if nxt is None:
                break
            current = nxt
        chain.reverse()
        if touched & set(chain):
            chains.append(tuple(chain))
    b_items = {x.id: x for name in ("hypotheses", "configurations") for x in getattr(b, name)}
    b_items.update({x.id: x for x in (*b.themes, *b.cases, *b.elements.values())})
    return ProjectDiff(
        a_title=a.title,
        b_title=b.title,
        added=added,
        removed=removed,
        changed=tuple(changed),
        revisions=tuple(chains),
        _b_items=b_items,
        renamed=renamed,
    )


#: Fields of a configuration naming elements that _REFERENCES does not list
#: (they name some of the configuration's own contexts or outcomes).
_MARKS = frozenset({"constraining", "unintended", "anticipated"})


def _reference_fields(cls: type[Any]) -> frozenset[str]:
    fields = {f for f, *_ in _REFERENCES.get(cls, ())}
    return frozenset(fields | _MARKS) if cls is Configuration else frozenset(fields)


def _translate(value: Any, keys: Mapping[str, Any]) -> Any:
    """A reference (or list of them) as the content of what it names."""
    if isinstance(value, list):
        return [keys.get(v, ("id", v)) for v in value]
    if value is None:
        return None
    return keys.get(value, ("id", value))


def _content_keys(project: Project) -> dict[str, Any]:
    """id -> what the item says (see :func:`diff` with ``by="content"``)."""
    keys: dict[str, Any] = {}

    def of(ident: str | None) -> Any:
        return None if ident is None else keys.get(ident, ("id", ident))

    def labels(ids: Iterable[str]) -> tuple[Any, ...]:
        return tuple(sorted({repr(of(i)) for i in ids}))

    for t in project.themes:
        keys[t.id] = ("themes", label_key(t.label))
    for code in project.codes:
        keys[code.id] = ("codes", label_key(code.label))
    for case in project.cases:
        keys[case.id] = ("cases", label_key(case.name))
    for s in project.sources:
        keys[s.id] = ("sources", label_key(s.title)) if s.title.strip() else ("id", s.id)
    for ev in project.evidence:
        keys[ev.id] = (
            ("evidence", of(ev.source), label_key(ev.quote)) if ev.quote.strip() else ("id", ev.id)
        )
    for name in ("contexts", "mechanisms", "outcomes"):
        for e in getattr(project, name):
            keys[e.id] = (name, label_key(e.label))
    for k in project.configurations:
        keys[k.id] = (
            "configurations",
            labels(k.cases),
            labels(k.contexts),
            labels(k.mechanisms),
            labels(k.outcomes),
        )
    for link in project.links:
        keys[link.id] = ("links", of(link.source), link.relation, of(link.target), of(link.case))
    for h in project.hypotheses:
        keys[h.id] = ("hypotheses", label_key(h.statement))
    return keys


def _plain(value: Any) -> Any:
    """Copies of lists and dicts, so a diff does not change with the projects."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


# ---------------------------------------------------------------- hypotheses


def hypothesis_summary(project: Project) -> pd.DataFrame:
    """Per hypothesis: the configurations that test it and the evidence they cite.

    A configuration *tests* a hypothesis when its ``hypotheses`` list names
    it. Evidence counts are over the distinct evidence excerpts cited by those
    configurations, by their ``stance`` (which is relative to the
    configuration that cites them).

    Parameters
    ----------
    project : Project
        The project whose hypotheses are summarised.

    Returns
    -------
    pandas.DataFrame
        One row per hypothesis in project order, columns ``id``,
        ``statement``, ``status``, ``themes`` (tuple), ``phase``,
        ``revises``, ``configurations`` (tuple of ids, project order),
        ``n_configurations``, ``n_supported``, ``n_refined``, ``n_refuted``,
        ``n_conjectured`` (configurations by status), ``n_evidence``,
        ``n_supporting_evidence``, ``n_refuting_evidence``,
        ``n_mixed_evidence``.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.datasets.load("hipp")
    >>> t = hypothesis_summary(p)
    >>> t.loc[t.id == "h1", ["n_configurations", "n_supported", "n_refuted"]].iloc[0].tolist()
    [7, 5, 1]
    >>> t.loc[t.id == "h1", ["n_supporting_evidence", "n_refuting_evidence"]].iloc[0].tolist()
    [33, 1]
    """
    import pandas as pd

    evidence = {e.id: e for e in project.evidence}
    testing: dict[str, list[Configuration]] = {h.id: [] for h in project.hypotheses}
    for k in project.configurations:
        for h_id in dict.fromkeys(k.hypotheses):
            if h_id not in testing:
                raise UnknownIdError(
                    f"configuration {k.id!r} names the hypothesis {h_id!r}, which the project "
                    "does not hold; run project.check()"
                )
            testing[h_id].append(k)
    rows: list[dict[str, Any]] = []
    for h in project.hypotheses:
        ks = testing[h.id]
        cited = dict.fromkeys(e for k in ks for e in k.evidence if e in evidence)
        stances = [evidence[e].stance for e in cited]
        rows.append(
            {
                "id": h.id,
                "statement": h.statement,
                "status": h.status,
                "themes": tuple(h.themes),
                "phase": h.phase,
                "revises": h.revises,
                "configurations": tuple(k.id for k in ks),
                "n_configurations": len(ks),
                "n_supported": sum(k.status == "supported" for k in ks),
                "n_refined": sum(k.status == "refined" for k in ks),
                "n_refuted": sum(k.status == "refuted" for k in ks),
                "n_conjectured": sum(k.status == "conjectured" for k in ks),
                "n_evidence": len(cited),
                "n_supporting_evidence": stances.count("supports"),
                "n_refuting_evidence": stances.count("refutes"),
                "n_mixed_evidence": stances.count("mixed"),
            }
        )
    columns = [
        "id",
        "statement",
        "status",
        "themes",
        "phase",
        "revises",
        "configurations",
        "n_configurations",
        "n_supported",
        "n_refined",
        "n_refuted",
        "n_conjectured",
        "n_evidence",
        "n_supporting_evidence",
        "n_refuting_evidence",
        "n_mixed_evidence",
    ]
    return pd.DataFrame(rows, columns=columns)
