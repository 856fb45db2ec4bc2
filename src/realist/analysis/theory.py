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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from realist._ids import label_key
from realist.errors import UnknownIdError, ValidationError
from realist.model import (
    _REFERENCES,
    COLLECTIONS,
    Configuration,
    Project,
)
from realist.selection import subset

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Change", "ProjectDiff", "diff", "hypothesis_summary", "subset"]

_PROJECT_FIELDS = ("title", "description", "attributes")
_MAX_LINES = 25  # lines per collection in ProjectDiff.summary()


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
