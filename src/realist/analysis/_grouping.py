"""What ``by=`` names in :func:`realist.recurring_elements`: where a grouping is stored.

A realist compares what recurs by theme, by a field of the elements (an
outcome's ``tier``, a mechanism's ``level``), by an attribute of the cases
(country, region), of the configurations (``phase``) or of the sources
(informant ``role``, ``sector``, the ``kind`` of source). :func:`resolve_by`
finds where a name is stored, in a fixed order, and returns a
:class:`Grouping` that says, for one element of one configuration, which
groups it falls in, with which cases and which evidence.

The order, first match wins:

1. ``None`` (no grouping), ``"theme"`` (the configurations' themes),
   ``"category"`` (the elements' category);
2. a **case** attribute (as before: nothing that worked changes meaning);
3. an **element** field: ``tier`` (outcomes), ``level``, ``resource``,
   ``reasoning`` (mechanisms);
4. a **configuration** attribute, or its ``phase`` field;
5. a **source** attribute (a source without it takes its case's), or
   ``"kind"`` / ``"source_kind"``, the kind of source.

A prefix forces the place: ``"case.level"``, ``"element.level"``,
``"configuration.phase"``, ``"source.phase"``, ``"source.kind"``; with
``"source."``, a case attribute is a source attribute too, the sources
taking their case's value. A name
found nowhere is an error that lists, per place, the names available.

Examples
--------
>>> from realist.model import Project
>>> p = Project(title="t")
>>> _ = p.add_case("a")
>>> _ = p.add_source("int-1", kind="interview", case="a", role="manager")
>>> resolve_by(p, "role", p.cases).place, resolve_by(p, "tier", p.cases).place
('source', 'element')
>>> resolve_by(p, "colour", p.cases)
Traceback (most recent call last):
...
realist.errors.ValidationError: by='colour' is not 'theme', 'category', None or a name stored in the project; case attributes: none; element fields: 'tier', 'level', 'resource', 'reasoning'; configuration attributes: none; source attributes: 'kind', 'role'
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from realist.errors import ValidationError
from realist.model import Case, Configuration, Element, Evidence, Project, Source

__all__ = ["ELEMENT_FIELDS", "Grouping", "resolve_by"]

Place: TypeAlias = Literal[
    "none", "theme", "category", "case", "element", "configuration", "source"
]

#: The element fields ``by=`` can name (after case attributes, see the module).
ELEMENT_FIELDS = ("tier", "level", "resource", "reasoning")
_SOURCE_KIND = ("kind", "source_kind")
_PREFIXES: dict[str, Place] = {
    "case": "case",
    "element": "element",
    "configuration": "configuration",
    "source": "source",
}

#: (group value, cases, evidence ids) that one element of one configuration adds to.
Key: TypeAlias = tuple[Any, list[str], Collection[str]]


@dataclass
class Grouping:
    """Where ``by=`` is stored, and how an element of a configuration is grouped.

    Attributes
    ----------
    by : str or None
        The name as given.
    place : str
        ``"none"``, ``"theme"``, ``"category"``, ``"case"``, ``"element"``,
        ``"configuration"`` or ``"source"``.
    name : str
        The attribute or field name, without its prefix.
    columns : list of str
        The grouping columns of the table: ``["theme", "theme_label"]``,
        ``[]`` for no grouping, ``["source_kind"]`` for the kind of source,
        else ``[by]``.
    rank : dict
        Group value -> its order in the table (themes in project order,
        otherwise first appearance).
    without : list of str
        The ids left out because they lack the value: cases (by a case
        attribute), elements (by an element field), configurations (by a
        configuration attribute) or evidence excerpts (by a source attribute).
    """

    by: str | None
    place: Place
    name: str = ""
    columns: list[str] = field(default_factory=list)
    rank: dict[Any, int] = field(default_factory=dict)
    label: dict[Any, str] = field(default_factory=dict)
    without: list[str] = field(default_factory=list)
    _case_attr: dict[str, dict[str, Any]] = field(default_factory=dict)
    _element: dict[str, Element] = field(default_factory=dict)
    _evidence: dict[str, Evidence] = field(default_factory=dict)
    _source: dict[str, Source] = field(default_factory=dict)
    _case_of_source: dict[str, dict[str, Any]] = field(default_factory=dict)

    def _see(self, value: Any) -> None:
        self.rank.setdefault(value, len(self.rank))

    def _lacks(self, ident: str) -> None:
        if ident not in self.without:
            self.without.append(ident)

    def keys(self, k: Configuration, e_id: str, k_cases: list[str]) -> list[Key]:
        """The groups element `e_id` of configuration `k` counts in: (value,
        cases among `k_cases`, evidence ids)."""
        if self.place == "none":
            return [(None, k_cases, k.evidence)]
        if self.place == "theme":
            return [(t, k_cases, k.evidence) for t in dict.fromkeys(k.themes) if t in self.rank]
        if self.place in ("category", "element"):
            e = self._element.get(e_id)
            value = None if e is None else getattr(e, self.name, None)
            if self.place == "element" and value in (None, ""):
                self._lacks(e_id)
                return []
            self._see(value)
            return [(value, k_cases, k.evidence)]
        if self.place == "case":
            split: dict[Any, list[str]] = {}
            for c_id in k_cases:
                if self.name in self._case_attr[c_id]:
                    split.setdefault(self._case_attr[c_id][self.name], []).append(c_id)
            return [(v, cs, k.evidence) for v, cs in split.items()]
        if self.place == "configuration":
            attrs = dict(k.attributes)
            if k.phase is not None:
                attrs["phase"] = k.phase
            if self.name not in attrs:
                self._lacks(k.id)
                return []
            self._see(attrs[self.name])
            return [(attrs[self.name], k_cases, k.evidence)]
        return self._source_keys(k, e_id, k_cases)

    def _source_keys(self, k: Configuration, e_id: str, k_cases: list[str]) -> list[Key]:
        groups: dict[Any, tuple[list[str], list[str]]] = {}
        for ev_id in dict.fromkeys(k.evidence):
            ev = self._evidence.get(ev_id)
            if ev is None or (ev.elements and e_id not in ev.elements):
                continue  # an excerpt coded to other elements says nothing of this one
            source = self._source.get(ev.source)
            if source is None:
                continue
            if self.name in _SOURCE_KIND:
                value: Any = source.kind
            elif self.name in source.attributes:
                value = source.attributes[self.name]
            elif self.name in self._case_of_source.get(source.id, {}):
                value = self._case_of_source[source.id][self.name]
            else:
                self._lacks(ev.id)
                continue
            self._see(value)
            cases_of, evidence_of = groups.setdefault(value, ([], []))
            told = [source.case] if source.case in k_cases else k_cases
            cases_of.extend(c for c in told if c not in cases_of)
            evidence_of.append(ev.id)
        return [(v, cs, evs) for v, (cs, evs) in groups.items()]

    @property
    def without_cases(self) -> list[str]:
        """The cases left out for lacking a case attribute (empty for other places)."""
        return self.without if self.place == "case" else []

    def backing(
        self, backing: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], evidence: set[str]
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """(sources, excerpts, kinds) behind a row: by a source attribute, only
        those of the row's own excerpts `evidence`; otherwise `backing` as it is."""
        if self.place != "source":
            return backing
        excerpts = tuple(e for e in backing[1] if e in evidence)
        told = {self._evidence[e].source for e in excerpts if e in self._evidence}
        sources = tuple(s for s in backing[0] if s in told)
        kinds = {self._source[s].kind for s in sources if s in self._source}
        return sources, excerpts, tuple(k for k in backing[2] if k in kinds)

    def head(self, group: Any) -> dict[str, Any]:
        """The grouping columns of a row of group `group`."""
        if self.place == "theme":
            return {"theme": group, "theme_label": self.label[group]}
        return dict.fromkeys(self.columns, group)


def _available(project: Project) -> dict[Place, list[str]]:
    configuration = {a for k in project.configurations for a in k.attributes}
    if any(k.phase is not None for k in project.configurations):
        configuration.add("phase")
    return {
        "case": sorted({a for c in project.cases for a in c.attributes}),
        "element": list(ELEMENT_FIELDS),
        "configuration": sorted(configuration),
        "source": sorted({a for s in project.sources for a in s.attributes} | {"kind"}),
    }


def resolve_by(project: Project, by: str | None, cases: Sequence[Case]) -> Grouping:
    """Where `by` is stored in `project`, as a :class:`Grouping` (see the module
    for the order); `cases` are the cases the analysis keeps.

    Raises
    ------
    realist.errors.ValidationError
        `by` is found nowhere: the message lists the names of each place.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.datasets.load("hipp")
    >>> g = resolve_by(p, "tier", p.cases)
    >>> g.place, g.columns
    ('element', ['tier'])
    >>> resolve_by(p, "region", p.cases).place
    'case'
    """
    if by is None:
        return Grouping(by, "none")
    if not isinstance(by, str):
        raise ValidationError(f"by must be a name or None, got {by!r}")
    if by == "theme":
        g = Grouping(by, "theme", "theme", ["theme", "theme_label"])
        for t in project.themes:
            g.rank[t.id] = len(g.rank)
            g.label[t.id] = t.label
        return g
    elements = {e.id: e for e in (*project.contexts, *project.mechanisms, *project.outcomes)}
    if by == "category":
        g = Grouping(by, "category", "category", ["category"], _element=elements)
        for e in elements.values():
            g._see(e.category)
        return g
    available = _available(project)
    prefix, _, rest = by.partition(".")
    wanted: list[Place]
    if rest and prefix in _PREFIXES:
        wanted, name = [_PREFIXES[prefix]], rest
        # "source.region": a source without the attribute takes its case's.
        available["source"] = sorted({*available["source"], *available["case"]})
    else:
        wanted, name = ["case", "element", "configuration", "source"], by
    place: Place | None = None
    for candidate in wanted:
        known = available[candidate]
        if name in known or (candidate == "source" and name in _SOURCE_KIND):
            place = candidate
            break
    if place is None:
        listed = "; ".join(
            f"{where} {'fields' if where == 'element' else 'attributes'}: "
            + (", ".join(repr(n) for n in names) or "none")
            for where, names in available.items()
        )
        raise ValidationError(
            f"by={by!r} is not 'theme', 'category', None or a name stored in the project; {listed}"
        )
    column = "source_kind" if place == "source" and name in _SOURCE_KIND else by
    g = Grouping(by, place, name, [column])
    if place == "case":
        g._case_attr = {c.id: c.attributes for c in cases}
        for c in cases:
            if name in c.attributes:
                g._see(c.attributes[name])
            else:
                g._lacks(c.id)
    elif place == "element":
        g._element = elements
        for e in elements.values():
            if getattr(e, name, None) not in (None, ""):
                g._see(getattr(e, name))
    elif place == "source":
        case_attrs = {c.id: c.attributes for c in project.cases}
        g._evidence = {ev.id: ev for ev in project.evidence}
        g._source = {s.id: s for s in project.sources}
        g._case_of_source = {
            s.id: case_attrs[s.case]
            for s in project.sources
            if s.case is not None and s.case in case_attrs
        }
    return g
