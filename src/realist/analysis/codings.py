"""From codings to CMO configurations: map a codebook to C, M and O, group codings by span.

Data coded in NVivo, ATLAS.ti or MAXQDA arrives as a tree of codes and the
excerpts coded with them (:class:`~realist.model.Code`,
:attr:`Evidence.codes <realist.model.Evidence.codes>`). Two steps turn that
into candidate CMOcs, and both can be redone on a project already read, with no
need to read the export again:

1. **Mapping** (:func:`map_codes`): which codes stand for contexts,
   mechanisms, outcomes or themes. A mapping names codes by label, by path
   (``"Barriers/Cost"``) or by id; a code that is not named takes the mapping
   of its nearest named ancestor, so mapping a folder maps everything in it.
   Two conventions apply unless turned off: codes below a top-level code named
   *Context(s)*, *Mechanism(s)* or *Outcome(s)* (``roots=``) and codes whose
   labels start with ``C:``, ``M:`` or ``O:`` (``prefixes=``).
2. **Grouping** (:func:`form_configurations`): the codings that fall on one
   excerpt form one candidate configuration when they hold at least one
   mechanism and one outcome. NVivo writes every coding as a selection of its
   own, several over the same span, so codings are grouped by **span** (the
   same source, start, end and coder), or with ``by="overlap"`` by spans that
   overlap; ``by="case"`` pools a whole case. Candidates of one case with the
   same elements are one configuration, holding all their evidence.

:func:`coding_spans` says, span by span, which formed a configuration and why
the others did not; :func:`code_table` lists the codebook with how often each
code was applied and what it maps to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast

from realist._ids import label_key, slugify
from realist.errors import Problem, ValidationError
from realist.model import Code, Evidence, Project

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_PREFIXES",
    "DEFAULT_ROOTS",
    "CodeMapping",
    "SpanGroup",
    "code_paths",
    "code_table",
    "coding_spans",
    "form_configurations",
    "map_codes",
    "resolve_mapping",
]

Kind = Literal["context", "mechanism", "outcome"]
KINDS: tuple[Kind, ...] = ("context", "mechanism", "outcome")
Target = Literal["context", "mechanism", "outcome", "theme", "ignore"]
Grouping = Literal["span", "overlap", "case", "none"]
Themes = Literal["top", "all", "none"]

#: Names of the top-level codes whose sub-codes become elements (compared case-insensitively).
DEFAULT_ROOTS: dict[str, tuple[str, ...]] = {
    "context": ("context", "contexts"),
    "mechanism": ("mechanism", "mechanisms"),
    "outcome": ("outcome", "outcomes"),
}

#: Code-label prefixes that make a code an element wherever it is in the tree.
DEFAULT_PREFIXES: dict[str, tuple[str, ...]] = {
    "context": ("C:", "C -", "Context:", "Context -"),
    "mechanism": ("M:", "M -", "Mechanism:", "Mechanism -"),
    "outcome": ("O:", "O -", "Outcome:", "Outcome -"),
}

#: The words a mapping may use for each target (compared case-insensitively).
_TARGETS: dict[str, Target] = {
    "context": "context",
    "contexts": "context",
    "c": "context",
    "mechanism": "mechanism",
    "mechanisms": "mechanism",
    "m": "mechanism",
    "outcome": "outcome",
    "outcomes": "outcome",
    "o": "outcome",
    "theme": "theme",
    "themes": "theme",
    "t": "theme",
    "ignore": "ignore",
    "none": "ignore",
    "-": "ignore",
    "": "ignore",
}
_PATH_SEPARATORS = re.compile(r"\s*(?:/|::|>|\\)\s*")

#: The configuration attribute that marks a configuration formed from codings,
#: with how it was grouped; :func:`form_configurations` replaces only these.
FORMED_FROM = "formed_from"


_norm = label_key


def _path_key(path: str) -> str:
    """A path of labels, compared ignoring case, spacing and which separator was used
    (a label holding a ``/`` reads the same either way)."""
    return "/".join(_norm(x) for x in _PATH_SEPARATORS.split(path.strip()) if x.strip())


@dataclass(frozen=True)
class CodeMapping:
    """What one code stands for, once the mapping is resolved.

    Attributes
    ----------
    target : {"context", "mechanism", "outcome", "theme", "ignore"}
        What the code maps to.
    label : str
        The label of the element or theme it gives (a prefix such as ``M:``
        taken off).
    category : str or None
        For an element below a mapped folder: the label of its parent code.
    by : {"mapping", "prefix", "root", "top", "all", "none"}
        What decided it: an entry of the mapping (on the code or an
        ancestor), a label prefix, a C/M/O root folder, or the ``themes=`` rule.
    folder : bool
        True for a code that is a mapped folder (a root, or a mapped code with
        sub-codes): it becomes an element only if excerpts are coded with it
        directly.
    """

    target: Target
    label: str
    category: str | None = None
    by: str = "mapping"
    folder: bool = False


def code_paths(project: Project) -> dict[str, tuple[str, ...]]:
    """Each code's labels from the top of the tree down to it, by code id.

    Examples
    --------
    >>> p = Project(title="t")
    >>> top = p.add_code("Barriers")
    >>> _ = p.add_code("Cost", parent=top)
    >>> code_paths(p)["code-cost"]
    ('Barriers', 'Cost')
    """
    by_id = {c.id: c for c in project.codes}
    out: dict[str, tuple[str, ...]] = {}
    for code in project.codes:
        labels: list[str] = []
        current: Code | None = code
        seen: set[str] = set()
        while current is not None and current.id not in seen:
            seen.add(current.id)
            if current.id in out:
                labels.extend(reversed(out[current.id]))
                break
            labels.append(current.label)
            current = by_id.get(current.parent) if current.parent is not None else None
        out[code.id] = tuple(reversed(labels))
    return out


def _target(value: object, key: str, where: str) -> Target:
    word = "" if value is None else str(value).strip().casefold()
    if word not in _TARGETS:
        raise ValidationError(
            [
                Problem(
                    f"{where}[{key!r}]",
                    f"{value!r} is not something a code can map to; use context, mechanism, "
                    "outcome, theme or ignore (or C, M, O, T)",
                )
            ]
        )
    return _TARGETS[word]


def resolve_mapping(
    project: Project,
    mapping: Mapping[str, str] | None = None,
    *,
    roots: Mapping[str, Iterable[str]] | None = None,
    prefixes: Mapping[str, Iterable[str]] | None = None,
    themes: Themes = "top",
) -> dict[str, CodeMapping]:
    """What every code of the project maps to, by code id.

    Decided for each code, first rule that applies:

    1. an entry of `mapping` naming the code itself;
    2. a label prefix (``"M: Local champions"``), see `prefixes`;
    3. the nearest ancestor named in `mapping` (a mapped folder maps what is
       in it);
    4. the nearest ancestor that is a C/M/O root folder (a code named as in
       `roots`, at any depth; the folder itself is no element), see `roots`;
    5. otherwise `themes`: ``"top"``, the theme of its top-level code;
       ``"all"``, a theme of its own; ``"none"``, nothing.

    A mapping key names codes by label (every code with that label), by path
    from the top (``"Barriers/Cost"``; ``::`` and ``>`` separate too) or by
    id; case and spacing are ignored. Values: ``context``, ``mechanism``,
    ``outcome``, ``theme`` or ``ignore`` (``C``, ``M``, ``O``, ``T`` for
    short).

    Parameters
    ----------
    project : Project
        A project holding codes (as :func:`realist.read_qdpx` makes it).
    mapping : mapping of str to str, optional
        Codes to targets, as above.
    roots : mapping, optional
        Root folder names per kind; default :data:`DEFAULT_ROOTS`; ``{}`` turns
        the convention off.
    prefixes : mapping, optional
        Label prefixes per kind; default :data:`DEFAULT_PREFIXES`; ``{}``
        turns the convention off.
    themes : {"top", "all", "none"}, optional
        What codes that map to no element become.

    Returns
    -------
    dict of str to CodeMapping

    Raises
    ------
    realist.errors.ValidationError
        A key that names no code (with the nearest label), or a value that is
        not a target.

    Examples
    --------
    >>> p = Project(title="t")
    >>> b = p.add_code("Barriers")
    >>> _ = p.add_code("Cost", parent=b)
    >>> _ = p.add_code("M: Peer support")
    >>> r = resolve_mapping(p, {"Barriers": "context"})
    >>> r["code-cost"].target, r["code-cost"].category, r["code-m-peer-support"].label
    ('context', 'Barriers', 'Peer support')
    >>> resolve_mapping(p, {"Barrier": "context"})
    Traceback (most recent call last):
    ...
    realist.errors.ValidationError: mapping['Barrier']: names no code; did you mean 'Barriers'?
    """
    return _resolve(project.codes, mapping, roots=roots, prefixes=prefixes, themes=themes)


def _resolve(
    codes: Sequence[Code],
    mapping: Mapping[str, str] | None,
    *,
    roots: Mapping[str, Iterable[str]] | None,
    prefixes: Mapping[str, Iterable[str]] | None,
    themes: Themes,
    where: str = "mapping",
) -> dict[str, CodeMapping]:
    if themes not in ("top", "all", "none"):
        raise ValidationError(f"themes must be 'top', 'all' or 'none', not {themes!r}")
    root_names = {
        k: {_norm(n) for n in (DEFAULT_ROOTS if roots is None else roots).get(k, ())} for k in KINDS
    }
    prefix_list = [
        (kind, p)
        for kind in KINDS
        for p in (DEFAULT_PREFIXES if prefixes is None else prefixes).get(kind, ())
    ]
    by_id = {c.id: c for c in codes}
    children: set[str] = {c.parent for c in codes if c.parent is not None}

    # Keys to codes: by id, by label, by path.
    by_label: dict[str, list[str]] = {}
    by_path: dict[str, list[str]] = {}
    paths: dict[str, tuple[str, ...]] = {}
    for code in codes:
        labels: list[str] = []
        current: Code | None = code
        seen: set[str] = set()
        while current is not None and current.id not in seen:
            seen.add(current.id)
            labels.append(current.label)
            current = by_id.get(current.parent) if current.parent is not None else None
        path = tuple(reversed(labels))
        paths[code.id] = path
        by_label.setdefault(_norm(code.label), []).append(code.id)
        by_path.setdefault(_path_key("/".join(path)), []).append(code.id)
    explicit: dict[str, Target] = {}
    problems: list[Problem] = []
    for key, value in (mapping or {}).items():
        key_text = str(key)
        target = _target(value, key_text, where)
        if key_text in by_id:
            found = [key_text]
        elif _norm(key_text) in by_label:  # a label, even one holding a "/"
            found = by_label[_norm(key_text)]
        else:
            found = by_path.get(_path_key(key_text), [])
        if not found:
            near = _nearest(key_text, [c.label for c in codes])
            hint = f"; did you mean {near!r}?" if near else ""
            problems.append(Problem(f"{where}[{key_text!r}]", f"names no code{hint}"))
            continue
        for ident in found:
            explicit[ident] = target
    if problems:
        raise ValidationError(problems)

    def prefixed(label: str) -> tuple[Kind, str] | None:
        folded = label.casefold()
        for kind, prefix in prefix_list:
            if folded.startswith(prefix.casefold()) and label[len(prefix) :].strip():
                return kind, label[len(prefix) :].strip()
        return None

    def root_kind(code: Code) -> Kind | None:
        label = _norm(code.label)
        return next((k for k in KINDS if label in root_names[k]), None)

    out: dict[str, CodeMapping] = {}
    for code in codes:
        parent = by_id.get(code.parent) if code.parent is not None else None
        category = None if parent is None or root_kind(parent) else parent.label
        folder = code.id in children
        if code.id in explicit:
            target = explicit[code.id]
            hit = prefixed(code.label) if target in KINDS else None
            label = hit[1] if hit else code.label
            out[code.id] = CodeMapping(target, label, category, "mapping", folder)
            continue
        hit = prefixed(code.label)
        if hit is not None:
            out[code.id] = CodeMapping(hit[0], hit[1], category, "prefix")
            continue
        kind = root_kind(code)
        if kind is not None:
            out[code.id] = CodeMapping(kind, code.label, None, "root", folder=True)
            continue
        decided: CodeMapping | None = None
        ancestor, seen = parent, {code.id}
        while ancestor is not None and ancestor.id not in seen:
            seen.add(ancestor.id)
            if ancestor.id in explicit:
                target = explicit[ancestor.id]
                if target == "theme":
                    theme_label = out[ancestor.id].label if ancestor.id in out else ancestor.label
                    decided = CodeMapping("theme", theme_label, None, "mapping")
                else:
                    decided = CodeMapping(target, code.label, category, "mapping", folder)
                break
            kind = root_kind(ancestor)
            if kind is not None:
                decided = CodeMapping(kind, code.label, category, "root", folder)
                break
            ancestor = by_id.get(ancestor.parent) if ancestor.parent is not None else None
        if decided is None:
            if themes == "top":
                decided = CodeMapping("theme", paths[code.id][0], None, "top")
            elif themes == "all":
                decided = CodeMapping("theme", code.label, None, "all")
            else:
                decided = CodeMapping("ignore", code.label, None, "none")
        out[code.id] = decided
    return out


def _nearest(text: str, choices: Sequence[str]) -> str | None:
    from rapidfuzz import fuzz, process

    if not choices:
        return None
    hit = process.extractOne(text, list(dict.fromkeys(choices)), scorer=fuzz.WRatio)
    return str(hit[0]) if hit is not None and hit[1] >= 70 else None


# ---------------------------------------------------------------------- applying


@dataclass
class _Applied:
    """Code id -> element id / theme id, and what was worked around."""

    element_of: dict[str, str] = field(default_factory=dict)
    theme_of: dict[str, str] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)


def _code_ids(value: object) -> list[str]:
    return [x for x in str(value).split() if x] if value else []


def _apply(
    project: Project,
    resolved: Mapping[str, CodeMapping],
    *,
    coded: set[str] | None = None,
) -> _Applied:
    """Make the elements and themes `resolved` asks for, in place, and record on
    each element (attribute ``codes``) the codes it stands for."""
    out = _Applied()
    codes = {c.id: c for c in project.codes}
    if coded is None:
        coded = {g for ev in project.evidence for g in ev.codes}
    elements: dict[tuple[str, str], str] = {}
    already: dict[str, str] = {}  # code id -> element that already stands for it
    for e in project.elements.values():
        elements.setdefault((e.kind, _norm(e.label)), e.id)
        for g in _code_ids(e.attributes.get("codes")):
            already[g] = e.id
    themes = {_norm(t.label): t.id for t in project.themes}
    for code_id, m in resolved.items():
        where = f"code {codes[code_id].label!r} ({code_id})"
        if m.target == "ignore":
            continue
        if m.target == "theme":
            theme_key = _norm(m.label)
            if theme_key not in themes:
                themes[theme_key] = project.add_theme(
                    project.free_id(slugify(m.label)), m.label, codes[code_id].description
                ).id
            out.theme_of[code_id] = themes[theme_key]
            continue
        if m.folder and code_id not in coded:
            continue  # a folder nobody coded with: its contents are the elements
        if code_id in already:
            old = project.get(already[code_id])
            if old.kind != m.target:  # type: ignore[union-attr]
                raise ValidationError(
                    f"{where} already stands for {old.kind} {old.id!r}; it cannot also be "  # type: ignore[union-attr]
                    f"{_article(m.target)}. Map the project as it was imported (before the "
                    "first mapping) instead."
                )
            out.element_of[code_id] = old.id
            continue
        key = (m.target, _norm(m.label))
        if key in elements:
            ident = elements[key]
            element = project.get(ident)
            attrs: dict[str, Any] = element.attributes  # type: ignore[union-attr]
            attrs["codes"] = " ".join([*_code_ids(attrs.get("codes")), code_id])
            out.notes.append(Problem(where, f"same {m.target} label as {ident!r}; merged into it"))
        else:
            fields: dict[str, Any] = {
                "id": project.free_id(f"{m.target[0]}-{slugify(m.label)}"),
                "description": codes[code_id].description,
                "category": m.category,
                "attributes": {"codes": code_id},
            }
            guid = codes[code_id].attributes.get("refi_guid")
            if guid is not None:  # so that a codebook written back keeps the GUID
                fields["attributes"]["refi_guid"] = guid
            if m.target == "context":
                ident = project.add_context(m.label, **fields).id
            elif m.target == "mechanism":
                ident = project.add_mechanism(m.label, **fields).id
            else:
                ident = project.add_outcome(m.label, **fields).id
            elements[key] = ident
        out.element_of[code_id] = ident
    for ev in project.evidence:
        if not ev.codes:
            continue
        mapped = [out.element_of[g] for g in ev.codes if g in out.element_of]
        if mapped:
            ev.elements = list(dict.fromkeys([*ev.elements, *mapped]))
        # the themes of an excerpt are those of its codes, as mapped now
        theme_ids = [out.theme_of[g] for g in ev.codes if g in out.theme_of]
        if theme_ids:
            ev.attributes["themes"] = "; ".join(dict.fromkeys(theme_ids))
        else:
            ev.attributes.pop("themes", None)
    return out


def _article(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


# ---------------------------------------------------------------------- grouping


@dataclass
class SpanGroup:
    """Codings that fall on one excerpt (or, with ``by="case"``, on one case).

    Attributes
    ----------
    source : str or None
        The source of the excerpt (None when grouped by case).
    case : str or None
        Its case.
    coder : str or None
        Who coded it.
    start, end : int or None
        The span (the union, for overlapping spans).
    evidence : list of str
        The evidence items grouped.
    elements : list of str
        Every element they were coded with, in project order.
    themes : list of str
        Every theme.
    reason : str
        Empty when the group forms a configuration; else why not
        (``"no mechanism"``, ``"no outcome"``, ``"no mechanism and no
        outcome"``, ``"no element"``).
    """

    source: str | None
    case: str | None
    coder: str | None
    start: int | None
    end: int | None
    evidence: list[str] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    reason: str = ""


def _case_of(ev: Evidence, source_case: Mapping[str, str | None]) -> str | None:
    override = ev.attributes.get("case")
    return str(override) if isinstance(override, str) and override else source_case.get(ev.source)


def _place(ev: Evidence) -> tuple[Any, ...]:
    """What tells apart excerpts with the same character span (pages, transcripts, regions)."""
    attrs = ev.attributes
    return (
        ev.page,
        attrs.get("transcript"),
        *(attrs.get(k) for k in ("firstX", "firstY", "secondX", "secondY", "begin", "end")),
    )


def _groups(
    project: Project, by: Grouping, coder: str | None, evidence: Sequence[Evidence] | None = None
) -> list[SpanGroup]:
    if by not in ("span", "overlap", "case", "none"):
        raise ValidationError(
            f"configurations must be 'span', 'overlap', 'case' or 'none', not {by!r}"
        )
    source_case = {s.id: s.case for s in project.sources}
    items = [
        ev
        for ev in (project.evidence if evidence is None else evidence)
        if (ev.elements or ev.codes) and (coder is None or ev.coder == coder)
    ]
    if coder is not None and not items and any(ev.coder for ev in project.evidence):
        coders = sorted({ev.coder for ev in project.evidence if ev.coder})
        raise ValidationError(
            [Problem("coder", f"no excerpt was coded by {coder!r}; the coders are {coders}")]
        )
    groups: list[SpanGroup] = []
    if by == "none":
        return groups
    if by == "case":
        by_case: dict[str | None, SpanGroup] = {}
        for ev in items:
            case = _case_of(ev, source_case)
            g = by_case.setdefault(case, SpanGroup(None, case, coder, None, None))
            g.evidence.append(ev.id)
        groups = list(by_case.values())
    else:
        keyed: dict[tuple[Any, ...], list[Evidence]] = {}
        for ev in items:
            key = (ev.source, _case_of(ev, source_case), ev.coder, _place(ev))
            keyed.setdefault(key, []).append(ev)
        for (source, case, who, _), evs in keyed.items():
            if by == "span":
                spans: dict[tuple[int | None, int | None], SpanGroup] = {}
                for ev in evs:
                    span = (ev.start, ev.end) if ev.start is not None else (None, None)
                    if span == (None, None):  # no span: an excerpt of its own
                        groups.append(SpanGroup(source, case, who, None, None, [ev.id]))
                        continue
                    found = spans.get(span)
                    if found is None:
                        found = spans[span] = SpanGroup(source, case, who, *span)
                        groups.append(found)
                    found.evidence.append(ev.id)
            else:
                placed = sorted(
                    (ev for ev in evs if ev.start is not None and ev.end is not None),
                    key=lambda e: (e.start, e.end),
                )
                current: SpanGroup | None = None
                for ev in placed:
                    s, e = cast(int, ev.start), cast(int, ev.end)
                    if current is not None and s < cast(int, current.end):
                        current.evidence.append(ev.id)
                        current.end = max(cast(int, current.end), e)
                    else:
                        current = SpanGroup(source, case, who, s, e, [ev.id])
                        groups.append(current)
                for ev in evs:
                    if ev.start is None or ev.end is None:
                        groups.append(SpanGroup(source, case, who, None, None, [ev.id]))
    evidence_by_id = {ev.id: ev for ev in items}
    order = {e: i for i, e in enumerate(project.elements)}
    kind_of = {e_id: e.kind for e_id, e in project.elements.items()}
    for g in groups:
        elements: dict[str, None] = {}
        themes: dict[str, None] = {}
        for ev_id in g.evidence:
            ev = evidence_by_id[ev_id]
            elements.update(dict.fromkeys(e for e in ev.elements if e in kind_of))
            themes.update(
                dict.fromkeys(t for t in str(ev.attributes.get("themes") or "").split("; ") if t)
            )
        g.elements = sorted(elements, key=order.__getitem__)
        g.themes = list(themes)
        g.reason = _reason({kind_of[e] for e in g.elements})
    return groups


def _reason(kinds: set[str]) -> str:
    """Why a group with elements of these kinds forms no configuration ("" if it does)."""
    if not kinds:
        return "no element"
    lacking = [k for k in ("mechanism", "outcome") if k not in kinds]
    return " and ".join(f"no {k}" for k in lacking)


def _configure(
    project: Project,
    groups: Iterable[SpanGroup],
    *,
    status: str,
    formed_from: str,
) -> int:
    """Add one configuration per (case, elements) among the groups that can form one."""
    kind_of = {e_id: e.kind for e_id, e in project.elements.items()}
    merged: dict[tuple[str | None, tuple[str, ...]], tuple[list[str], list[str], list[str]]] = {}
    for g in groups:
        if g.reason:
            continue
        evs, ths, els = merged.setdefault((g.case, tuple(sorted(g.elements))), ([], [], g.elements))
        evs.extend(e for e in g.evidence if e not in evs)
        ths.extend(t for t in g.themes if t not in ths)
    theme_ids = {t.id for t in project.themes}
    for (case, _), (evs, ths, els) in merged.items():
        project.add_configuration(
            case=case,
            contexts=[e for e in els if kind_of[e] == "context"],
            mechanisms=[e for e in els if kind_of[e] == "mechanism"],
            outcomes=[e for e in els if kind_of[e] == "outcome"],
            themes=[t for t in ths if t in theme_ids],
            status=cast(Any, status),
            evidence=evs,
            attributes={FORMED_FROM: formed_from},
        )
    return len(merged)


def coding_spans(
    project: Project, *, by: Grouping = "span", coder: str | None = None
) -> pd.DataFrame:
    """Every group of codings, whether it forms a configuration, and why not.

    Parameters
    ----------
    project : Project
    by : {"span", "overlap", "case", "none"}, optional
        How codings are grouped (see :func:`form_configurations`).
    coder : str, optional
        Only this coder's excerpts.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``source``, ``case``, ``coder``, ``start``,
        ``end``, ``evidence`` (ids, a tuple), ``contexts``, ``mechanisms``,
        ``outcomes`` (counts), ``forms`` (bool) and ``reason`` (empty when it
        forms one).

    Examples
    --------
    >>> p = Project(title="t")
    >>> _ = p.add_source("int-1")
    >>> m, o = p.add_mechanism("Champions"), p.add_outcome("Vision")
    >>> _ = p.add_evidence(source="int-1", start=0, end=9, elements=[m])
    >>> _ = p.add_evidence(source="int-1", start=0, end=9, elements=[o])
    >>> _ = p.add_evidence(source="int-1", start=20, end=30, elements=[m])
    >>> coding_spans(p)[["start", "end", "forms", "reason"]]
       start  end  forms      reason
    0      0    9   True
    1     20   30  False  no outcome
    """
    import pandas as pd

    kind_of = {e_id: e.kind for e_id, e in project.elements.items()}
    rows = [
        {
            "source": g.source,
            "case": g.case,
            "coder": g.coder,
            "start": g.start,
            "end": g.end,
            "evidence": tuple(g.evidence),
            **{f"{k}s": sum(kind_of[e] == k for e in g.elements) for k in KINDS},
            "forms": not g.reason,
            "reason": g.reason,
        }
        for g in _groups(project, by, coder)
    ]
    columns = [
        "source",
        "case",
        "coder",
        "start",
        "end",
        "evidence",
        "contexts",
        "mechanisms",
        "outcomes",
        "forms",
        "reason",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    for col in ("start", "end"):
        frame[col] = frame[col].astype("Int64")
    return frame


def form_configurations(
    project: Project,
    *,
    by: Grouping = "span",
    coder: str | None = None,
    status: str = "conjectured",
) -> Project:
    """Form candidate configurations from the codings of a project.

    The codings of one excerpt are grouped (`by`), and each group holding at
    least one mechanism and one outcome is a candidate CMOc, with the
    contexts coded on it. Candidates of one case with the same elements are
    one configuration holding all their evidence. Configurations formed
    earlier from codings (attribute ``formed_from``) are replaced; others,
    made by hand, are kept.

    Parameters
    ----------
    project : Project
        A project whose evidence carries elements (after :func:`map_codes`,
        or as an import made it).
    by : {"span", "overlap", "case", "none"}, optional
        ``"span"`` (default): the codings of one source on exactly the same
        span by the same coder, which is how NVivo, ATLAS.ti and MAXQDA write
        several codes on one passage. ``"overlap"``: spans of one source and
        coder that overlap (transitively) are one group, for teams that code
        the mechanism on a sentence and the outcome on the paragraph.
        ``"case"``: every excerpt of a case in one group. ``"none"``: no
        configurations.
    coder : str, optional
        Form configurations from this coder's excerpts only (the others stay
        as evidence, for :func:`realist.coder_agreement`). By default each
        coder's excerpts are grouped apart and all of them count.
    status : str, optional
        The status of the configurations formed.

    Returns
    -------
    Project
        A new project; the input is not changed.

    Examples
    --------
    >>> p = Project(title="t")
    >>> _ = p.add_source("int-1")
    >>> m, o = p.add_mechanism("Champions"), p.add_outcome("Vision")
    >>> _ = p.add_evidence(source="int-1", start=0, end=9, elements=[m])
    >>> _ = p.add_evidence(source="int-1", start=5, end=20, elements=[o])
    >>> len(form_configurations(p).configurations)
    0
    >>> form_configurations(p, by="overlap").configurations[0].evidence
    ['ev-int-1-1', 'ev-int-1-2']
    """
    out = _copy_without_formed(project)
    _configure(out, _groups(out, by, coder), status=status, formed_from=by)
    return out


def _copy_without_formed(project: Project) -> Project:
    """A copy of the project without the configurations formed from codings earlier
    (they are formed afresh); the configurations made by hand stay."""
    out = project.model_copy(deep=True)
    out.configurations = [k for k in out.configurations if FORMED_FROM not in k.attributes]
    out._rebuild_index()
    return out


def map_codes(
    project: Project,
    mapping: Mapping[str, str] | None = None,
    *,
    roots: Mapping[str, Iterable[str]] | None = None,
    prefixes: Mapping[str, Iterable[str]] | None = None,
    themes: Themes = "top",
    configurations: Grouping = "span",
    coder: str | None = None,
    status: str = "conjectured",
) -> Project:
    """Map the project's codes to contexts, mechanisms, outcomes and themes, then form CMOcs.

    For a project already imported: no need to read the export again. Codes
    mapped to an element kind become elements (identical labels of one kind
    become one element; each element lists its codes in its attribute
    ``codes``); evidence coded with them gains those elements; codes mapped
    to themes give their evidence those themes (attribute ``themes``). Then
    configurations are formed afresh, as :func:`form_configurations` does.
    Mapping again adds to what was mapped before; a code cannot change kind
    (map the project as imported instead: this function never changes its
    input).

    Parameters
    ----------
    project : Project
    mapping : mapping of str to str, optional
        Codes (label, path or id) to ``context``, ``mechanism``, ``outcome``,
        ``theme`` or ``ignore``; see :func:`resolve_mapping`.
    roots, prefixes, themes
        The conventions of :func:`resolve_mapping`.
    configurations : {"span", "overlap", "case", "none"}, optional
        How codings are grouped into configurations (`by` of
        :func:`form_configurations`).
    coder : str, optional
        Form configurations from this coder's excerpts only.
    status : str, optional
        The status of the configurations formed.

    Returns
    -------
    Project
        A new project.

    Raises
    ------
    realist.errors.ValidationError
        A mapping key that names no code, a value that is no target, or a code
        already mapped to another kind.

    Examples
    --------
    >>> p = Project(title="t")
    >>> hbm = p.add_code("Health belief model")
    >>> risk = p.add_code("Perceived risk", parent=hbm)
    >>> act = p.add_code("Vaccinated")
    >>> _ = p.add_source("int-1")
    >>> _ = p.add_evidence(source="int-1", start=0, end=40, codes=[risk])
    >>> _ = p.add_evidence(source="int-1", start=0, end=40, codes=[act])
    >>> q = map_codes(p, {"Perceived risk": "mechanism", "Vaccinated": "outcome"})
    >>> [m.label for m in q.mechanisms], [o.label for o in q.outcomes]
    (['Perceived risk'], ['Vaccinated'])
    >>> k = q.configurations[0]
    >>> k.mechanisms, k.outcomes, k.themes
    (['m-perceived-risk'], ['o-vaccinated'], [])
    >>> len(p.configurations)  # the input is unchanged
    0
    """
    out = _copy_without_formed(project)
    resolved = resolve_mapping(out, mapping, roots=roots, prefixes=prefixes, themes=themes)
    _apply(out, resolved)
    _configure(out, _groups(out, configurations, coder), status=status, formed_from=configurations)
    out.check()
    return out


def code_table(project: Project) -> pd.DataFrame:
    """The codebook: each code with its path, how often it was applied and what it maps to.

    Returns
    -------
    pandas.DataFrame
        One row per code, in codebook order, indexed by code id: ``label``,
        ``path`` (labels from the top, joined by ``" / "``), ``depth`` (0 at
        the top), ``parent``, ``excerpts`` (evidence items coded with it),
        ``coders``, and ``elements`` (the elements that stand for it, ids
        joined by ``"; "``, empty when unmapped).

    Examples
    --------
    >>> p = Project(title="t")
    >>> top = p.add_code("Barriers")
    >>> cost = p.add_code("Cost", parent=top)
    >>> _ = p.add_source("s")
    >>> _ = p.add_evidence(source="s", quote="too dear", codes=[cost], coder="ann")
    >>> code_table(p)[["path", "depth", "excerpts", "coders"]]
                             path  depth  excerpts  coders
    code
    code-barriers        Barriers      0         0       0
    code-cost      Barriers / Cost      1         1       1
    """
    import pandas as pd

    paths = code_paths(project)
    uses: dict[str, int] = {}
    coders: dict[str, set[str]] = {}
    for ev in project.evidence:
        for g in ev.codes:
            uses[g] = uses.get(g, 0) + 1
            if ev.coder:
                coders.setdefault(g, set()).add(ev.coder)
    stands: dict[str, list[str]] = {}
    for e in project.elements.values():
        for g in _code_ids(e.attributes.get("codes")):
            stands.setdefault(g, []).append(e.id)
    rows = [
        {
            "code": c.id,
            "label": c.label,
            "path": " / ".join(paths[c.id]),
            "depth": len(paths[c.id]) - 1,
            "parent": c.parent,
            "excerpts": uses.get(c.id, 0),
            "coders": len(coders.get(c.id, ())),
            "elements": "; ".join(stands.get(c.id, [])),
        }
        for c in project.codes
    ]
    columns = ["code", "label", "path", "depth", "parent", "excerpts", "coders", "elements"]
    return pd.DataFrame(rows, columns=columns).set_index("code")
