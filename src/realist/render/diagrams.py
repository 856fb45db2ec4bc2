"""Diagrams of configurations, regularities and programme theories.

:func:`draw` builds one of two pictures and returns a :class:`graphviz.Digraph`
(or, with ``backend="matplotlib"``, the matplotlib Axes it drew on):

- a **configuration** (or a regularity) in the layout of HIPP's Table 3:
  three columns, Context, Mechanism and Outcome, each with grouped boxes by
  category (socio-economic, cultural, political, organisational contexts;
  project and programme level mechanisms; process, intended, service and
  health outcomes). Constraining contexts and unintended outcomes have a
  dashed vermillion outline, anticipated (not yet observed) outcomes a dotted
  one.
- a **programme-theory network** of a project (or a slice of it): elements
  coloured and shaped by kind, arrows as wide as the number of cases (or of
  distinct sources, ``weight="sources"``) that support them, chains (an
  outcome that becomes a context) running left to right, and a key that
  states the filters, what the width counts, and how many configurations,
  cases, sources and excerpts the picture rests on. A refuted configuration
  is never support: it adds nothing to an arrow (its cases are named on the
  arrows it shares as counter-cases) and the key counts it apart.

Both are first built as a :class:`Diagram` (plain data), which the graphviz
and matplotlib backends then draw, so the two backends show the same thing.
The DOT text is built in pure Python and is deterministic.

Examples
--------
>>> import realist as rl
>>> p = rl.Project(title="t")
>>> _ = p.add_case("a", "Case A")
>>> c = p.add_context('Say "no" <loudly>', category="cultural", id="c-say")
>>> m = p.add_mechanism("Local champions", level="project", id="m-champ")
>>> o = p.add_outcome("Shared vision", tier="process", id="o-vision")
>>> k = p.add_configuration(case="a", contexts=[c], mechanisms=[m], outcomes=[o])
>>> g = draw(k, project=p)
>>> "subgraph cluster_context" in g.source, "Say &quot;no&quot; &lt;loudly&gt;" in g.source
(True, True)
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

from realist.errors import UnknownIdError, ValidationError
from realist.model import Configuration, Element, Project
from realist.render import palette
from realist.render.diagram_data import (
    KINDS,
    Diagram,
    DiagramEdge,
    DiagramGroup,
    DiagramNode,
)
from realist.render.dot import escape, html_lines, make_digraph, node_name, plain, wrap

if TYPE_CHECKING:
    import graphviz
    from matplotlib.axes import Axes

    from realist.analysis.regularities import Regularity

__all__ = [
    "KINDS",
    "Diagram",
    "DiagramEdge",
    "DiagramGroup",
    "DiagramNode",
    "draw",
    "to_diagram",
]

# ---------------------------------------------------------------- categories

_GROUP_ORDER: dict[str, list[tuple[str, str]]] = {
    "context": [
        ("socio-economic", "Socio-economic"),
        ("cultural", "Cultural"),
        ("political", "Political"),
        ("organisational", "Organisational"),
    ],
    "mechanism": [("project", "Project level"), ("programme", "Programme level")],
    "outcome": [
        ("process", "Process outcomes"),
        ("intended", "Intended project outcomes"),
        ("service", "Service outcomes"),
        ("health", "Health outcomes"),
    ],
}


def group_key(kind: str, raw: str | None) -> tuple[str, str]:
    """The canonical key and the title of a category, level or tier."""
    if raw is None or not raw.strip():
        return "", "Other"
    text = " ".join(raw.replace("_", " ").split()).lower()
    key = re.sub(r"\b(outcomes?|level|achieved)\b", "", text).strip(" -")
    if key.startswith("socio"):
        key = "socio-economic"
    elif key.startswith("organi"):
        key = "organisational"
    elif key.startswith("program"):
        key = "programme"
    elif key.startswith("intended"):
        key = "intended"
    for known, title in _GROUP_ORDER.get(kind, []):
        if key == known:
            return known, title
    title = " ".join(raw.replace("_", " ").split())
    return text, title[:1].upper() + title[1:]


def raw_group(element: Element) -> str | None:
    for attr in ("level", "tier"):
        value = getattr(element, attr, None)
        if value:
            return str(value)
    return element.category


def _columns(
    project: Project | None, ids: dict[str, Sequence[str]]
) -> tuple[dict[str, list[DiagramGroup]], dict[str, Element | None]]:
    """Groups per column, in HIPP's order, then first appearance, then 'Other'."""
    elements: dict[str, Element | None] = {}
    columns: dict[str, list[DiagramGroup]] = {}
    for kind in KINDS:
        groups: dict[str, DiagramGroup] = {}
        for ident in ids[kind]:
            element = project.elements.get(ident) if project is not None else None
            elements[ident] = element
            key, title = group_key(kind, raw_group(element) if element else None)
            groups.setdefault(key, DiagramGroup(f"{kind}:{key}", title, kind)).nodes.append(ident)
        rank = {k: n for n, (k, _) in enumerate(_GROUP_ORDER[kind])}
        first = list(groups)
        ordered = sorted(
            groups,
            key=lambda k: (k == "", rank.get(k, len(rank)), first.index(k)),
        )
        column = [groups[k] for k in ordered]
        if len(column) == 1 and column[0].title == "Other":
            column[0].title = ""
        columns[kind] = column
    return columns, elements


# ---------------------------------------------------------------- builders


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s" if not word.endswith("s") else f"{n} {word}"


def _evidence_counts(
    project: Project, evidence_ids: Iterable[str]
) -> tuple[dict[str, int] | None, str]:
    """Per element, how many of these excerpts name it in their ``elements``; and a key line.

    Excerpts need not record the elements they bear on. When none of them
    does, there is nothing to count per element: the counts are None and the
    key gives the total once (a box saying "0 excerpts" would be wrong).

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> _ = p.add_source("s")
    >>> m = p.add_mechanism("M", id="m")
    >>> a = p.add_evidence(source="s", elements=[m]); b = p.add_evidence(source="s")
    >>> _evidence_counts(p, [a, b])
    ({'m': 1}, 'Under each element: the excerpts coded with it (1 of 2 excerpts record elements)')
    >>> _evidence_counts(p, [b])
    (None, 'Evidence: 1 excerpt, none coded by element (no count per element)')
    """
    ids = list(dict.fromkeys(str(getattr(e, "id", e)) for e in evidence_ids))
    counts: dict[str, int] = {}
    recorded = 0
    for ev_id in ids:
        elements = list(getattr(project.get(ev_id), "elements", ()) or ())
        recorded += bool(elements)
        for e in dict.fromkeys(elements):
            counts[e] = counts.get(e, 0) + 1
    if not recorded:
        return None, f"Evidence: {_plural(len(ids), 'excerpt')}, none coded by element " + (
            "(no count per element)"
        )
    return counts, (
        f"Under each element: the excerpts coded with it ({recorded} of "
        f"{_plural(len(ids), 'excerpt')} record elements)"
    )


def _columns_diagram(
    *,
    title: str,
    project: Project | None,
    contexts: Sequence[str],
    mechanisms: Sequence[str],
    outcomes: Sequence[str],
    constraining: Iterable[str] = (),
    unintended: Iterable[str] = (),
    anticipated: Iterable[str] = (),
    evidence: Sequence[str] | None = None,
    legend: Sequence[str] = (),
    width: int = 26,
) -> Diagram:
    columns, elements = _columns(
        project, {"context": contexts, "mechanism": mechanisms, "outcome": outcomes}
    )
    constraining, unintended, anticipated = set(constraining), set(unintended), set(anticipated)
    counts: dict[str, int] | None = None
    legend = [line for line in legend if line]
    if project is not None and evidence is not None:
        counts, key_line = _evidence_counts(project, evidence)
        legend.append(key_line)
    diagram = Diagram(layout="columns", title=title, columns=columns, wrap=width)
    for kind in KINDS:
        for group in columns[kind]:
            for ident in group.nodes:
                element = elements[ident]
                node = DiagramNode(
                    id=ident,
                    label=element.label if element is not None else ident,
                    kind=kind,
                    group=group.key,
                    tooltip=ident,
                )
                notes = []
                if ident in constraining:
                    node.style, node.negative = "dashed", True
                    notes.append("constraining")
                if ident in unintended:
                    node.style, node.negative = "dashed", True
                    notes.append("unintended")
                if ident in anticipated:
                    node.style = "dotted" if not node.negative else node.style
                    notes.append("anticipated")
                if counts is not None:
                    notes.append(_plural(counts.get(ident, 0), "excerpt"))
                node.note = "; ".join(notes)
                diagram.nodes.append(node)
    if constraining:
        diagram.marks.append(("dashed-negative", "constraining context"))
    if unintended:
        diagram.marks.append(("dashed-negative", "unintended outcome"))
    if anticipated:
        diagram.marks.append(("dotted", "anticipated (not yet observed) outcome"))
    diagram.legend = legend
    return diagram


def _configuration_diagram(
    k: Configuration, project: Project | None, *, evidence: bool, width: int
) -> Diagram:
    legend = []
    if project is not None:
        names = []
        for c in k.cases:
            case = project.get(c)
            names.append(getattr(case, "name", c))
        legend.append(f"Cases: {', '.join(names)}" if names else "Programme level (no case)")
        themes = [getattr(project.get(t), "label", t) for t in k.themes]
        if themes:
            legend.append(f"Themes: {', '.join(themes)}")
    else:
        legend.append(f"Cases: {', '.join(k.cases)}" if k.cases else "Programme level (no case)")
    status = f"Status: {k.status}"
    if k.confidence:
        status += f", {k.confidence} confidence"
    if k.evidence and not evidence:  # with evidence=True, the evidence line gives it
        status += f"; {_plural(len(k.evidence), 'excerpt')} of evidence"
    legend.append(status)
    title = k.label or f"Configuration {k.id}"
    return _columns_diagram(
        title=title,
        project=project,
        contexts=k.contexts,
        mechanisms=k.mechanisms,
        outcomes=k.outcomes,
        constraining=k.constraining,
        unintended=k.unintended,
        anticipated=k.anticipated,
        evidence=k.evidence if evidence else None,
        legend=legend,
        width=width,
    )


def _regularity_diagram(
    r: Regularity, project: Project | None, *, evidence: bool, width: int
) -> Diagram:
    def names(ids: Sequence[str]) -> str:
        if project is None:
            return ", ".join(ids)
        return ", ".join(getattr(project.get(c), "name", c) for c in ids)

    legend = [f"Supporting cases ({r.n_cases}): {names(r.cases)}"]
    if r.counter_cases:
        legend.append(f"Counter-cases ({len(r.counter_cases)}): {names(r.counter_cases)}")
    legend.append(f"Configurations: {len(r.configurations)}")
    ev: list[str] | None = None
    if evidence and project is not None:
        ev = []
        for k_id in r.configurations:
            ev.extend(project.get(k_id, Configuration).evidence)
    return _columns_diagram(
        title=f"Regularity across {_plural(r.n_cases, 'case')}",
        project=project,
        contexts=r.contexts,
        mechanisms=r.mechanisms,
        outcomes=r.outcomes,
        evidence=ev,
        legend=legend,
        width=width,
    )


def _as_list(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def _prune_dangling(
    kept: list[tuple[str, str, dict[str, Any]]], kinds: dict[str, str]
) -> list[tuple[str, str, dict[str, Any]]]:
    """The arrows left once the `min_cases` filter has cut chains in the middle.

    A mechanism keeps its incoming arrows only while it keeps an arrow out to
    an outcome, and a context only while it keeps an arrow to a mechanism: a
    context -> mechanism arrow whose mechanism -> outcome arrow fell under
    `min_cases` would otherwise hang with no outcome. Links (an outcome that
    becomes a context) stay only between elements still drawn.

    Examples
    --------
    >>> e = {"configs": ["k"]}
    >>> kept = [("c", "m1", e), ("c", "m2", e), ("m2", "o", e)]
    >>> _prune_dangling(kept, {"c": "context", "m1": "mechanism", "m2": "mechanism"})
    [('c', 'm2', {'configs': ['k']}), ('m2', 'o', {'configs': ['k']})]
    """
    while True:
        out = {u for u, _, e in kept if e["configs"]}
        touched = out | {v for _, v, e in kept if e["configs"]}
        dangling = {n for n in touched if kinds.get(n) in ("context", "mechanism") and n not in out}
        pruned = [
            (u, v, e)
            for u, v, e in kept
            if u not in dangling
            and v not in dangling
            and (e["configs"] or (u in touched and v in touched))
        ]
        if len(pruned) == len(kept):
            return pruned
        kept = pruned


def _network_diagram(
    project: Project,
    *,
    theme: str | Iterable[str] | None,
    case: str | Iterable[str] | None,
    status: str | Iterable[str] | None,
    min_cases: int,
    chains: bool,
    width: int,
    title: str | None,
    weight: Literal["cases", "sources"] = "cases",
) -> Diagram:
    from realist.analysis.regularities import REFUTED, _Backing
    from realist.graph import narrowed_graph
    from realist.selection import narrow

    if isinstance(min_cases, bool) or not isinstance(min_cases, int) or min_cases < 1:
        raise ValidationError(f"min_cases must be an integer of at least 1, got {min_cases!r}")
    if weight not in ("cases", "sources"):
        raise ValidationError(f"weight={weight!r}: expected 'cases' or 'sources'")
    # One narrowing: the arrows, their cases and the sources behind them all come
    # from the same slice of the project.
    narrowed = narrow(project, themes=theme, cases=case, status=status)
    graph = narrowed_graph(project, narrowed, links=chains)
    configs = {k.id: k for k in narrowed.configurations}

    # Aggregate the parallel edges of the configurations into one arrow per pair.
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    refuted_configs: set[str] = set()
    backing = _Backing(narrowed)
    for u, v, data in graph.edges(data=True):
        entry = pairs.setdefault(
            (u, v),
            {
                "cases": set(),
                "configs": [],
                "negative": [],
                "dotted": [],
                "relations": [],
                "refuted": set(),
            },
        )
        if data.get("part") == "link":
            entry["relations"].append(data["relation"])
            continue
        if data.get("status") == REFUTED:
            # Never support: the mechanism fired, the outcome did not follow.
            entry["refuted"].update(data["cases"])
            refuted_configs.add(data["configuration"])
            continue
        entry["cases"].update(data["cases"])
        entry["configs"].append(data["configuration"])
        entry["negative"].append(
            data.get("role") == "constraining" or not data.get("intended", True)
        )
        entry["dotted"].append(not data.get("observed", True))

    kept: list[tuple[str, str, dict[str, Any]]] = []
    used_configs: set[str] = set()
    for (u, v), entry in pairs.items():
        if not entry["configs"] and not entry["relations"]:
            continue  # only refuted configurations: no support, no arrow
        if entry["configs"]:
            n_cases = len(entry["cases"])
            # A programme-level configuration (no case) still counts once.
            if n_cases == 0:
                n_cases = 1
            if n_cases < min_cases:
                continue
            entry["n_cases"] = n_cases
            entry["n_sources"] = len(backing.of(entry["configs"])[0])
            entry["n"] = n_cases if weight == "cases" else entry["n_sources"]
            used_configs.update(entry["configs"])
        kept.append((u, v, entry))
    if min_cases > 1:
        kept = _prune_dangling(kept, {n: str(graph.nodes[n].get("kind", "")) for n in graph})
        used_configs = {c for _, _, e in kept for c in e["configs"]}
    # Elements that no kept arrow touches are left out (unless nothing is linked).
    touched = {u for u, _, _ in kept} | {v for _, v, _ in kept}
    nodes = [n for n in graph.nodes if n in touched] if touched else list(graph.nodes)

    # The thinnest arrow rests on one case (every arrow has one), or on no source.
    low = 1 if weight == "cases" else 0
    max_n = max((e["n"] for _, _, e in kept if e["configs"]), default=low)
    diagram = Diagram(layout="network", title=title or project.title, wrap=width)
    kinds_seen: list[str] = []
    for n in nodes:
        data = graph.nodes[n]
        kind = str(data.get("kind", "context"))
        if kind not in kinds_seen:
            kinds_seen.append(kind)
        diagram.nodes.append(
            DiagramNode(id=n, label=str(data.get("label") or n), kind=kind, tooltip=n)
        )
    diagram.swatches = [k for k in (*KINDS, "configuration") if k in kinds_seen]

    any_negative = any_dotted = any_link = False
    for u, v, entry in kept:
        if entry["configs"]:
            n = entry["n"]
            w = 0.8 + 3.2 * (n - low) / (max_n - low) if max_n > low else 1.2
            negative = all(entry["negative"])
            dotted = all(entry["dotted"])
            any_negative |= negative
            any_dotted |= dotted
            cases = sorted(entry["cases"])
            counter = tuple(sorted(entry["refuted"] - entry["cases"]))
            tooltip = f"{_plural(entry['n_cases'], 'case')}: {', '.join(cases)}" if cases else ""
            if weight == "sources":
                tooltip = "; ".join(
                    x for x in (tooltip, _plural(entry["n_sources"], "source")) if x
                )
            if counter:
                tooltip = "; ".join(x for x in (tooltip, f"refuted in {', '.join(counter)}") if x)
            diagram.edges.append(
                DiagramEdge(
                    source=u,
                    target=v,
                    width=round(w, 2),
                    style="dashed" if negative else "dotted" if dotted else "solid",
                    negative=negative,
                    n_cases=entry["n_cases"],
                    n_sources=entry["n_sources"],
                    counter_cases=counter,
                    tooltip=tooltip,
                )
            )
        else:
            any_link = True
            relations = sorted(set(entry["relations"]))
            label = ", ".join(r for r in relations if r != "becomes")
            diagram.edges.append(
                DiagramEdge(
                    source=u,
                    target=v,
                    width=1.0,
                    style="dashed",
                    label=label.replace("_", " "),
                    tooltip=", ".join(relations),
                    link=True,
                )
            )

    # The key: filters and what the picture rests on.
    filters = []
    for name, value in (("theme", theme), ("case", case), ("status", status)):
        values = _as_list(value)
        if values:
            filters.append(f"{name} = {' or '.join(values)}")
    if min_cases > 1:
        filters.append(f"arrows in at least {min_cases} cases")
    used = [configs[k] for k in configs if k in used_configs]
    cases_used = {c for k in used for c in k.cases}
    evidence_used = {e for k in used for e in k.evidence}
    sources_used = set()
    for e in evidence_used:
        sources_used.add(getattr(project.get(e), "source", e))
    diagram.legend = [
        f"Filters: {'; '.join(filters)}" if filters else "Filters: none (whole project)",
        f"Rests on {_plural(len(used), 'configuration')} from {_plural(len(cases_used), 'case')}, "
        f"{_plural(len(sources_used), 'source')} and {_plural(len(evidence_used), 'excerpt')}",
    ]
    if weight == "sources":
        diagram.legend.append(f"Arrow width: number of sources ({low} to {max_n})")
    elif max_n > 1:
        diagram.legend.append(f"Arrow width: number of supporting cases (1 to {max_n})")
    if refuted_configs:
        diagram.legend.append(
            f"Not drawn as support: {_plural(len(refuted_configs), 'refuted configuration')} "
            "(the outcome did not follow)"
        )
    if any_negative:
        diagram.marks.append(("dashed-negative", "constraining or unintended"))
    if any_dotted:
        diagram.marks.append(("dotted", "anticipated, not yet observed"))
    if any_link:
        diagram.marks.append(("dashed", "becomes (chain to a later configuration)"))
    return diagram


def to_diagram(
    obj: Project | Configuration | Regularity,
    *,
    project: Project | None = None,
    theme: str | Iterable[str] | None = None,
    case: str | Iterable[str] | None = None,
    status: str | Iterable[str] | None = None,
    min_cases: int = 1,
    chains: bool = True,
    evidence: bool = False,
    wrap: int = 26,
    title: str | None = None,
    weight: Literal["cases", "sources"] = "cases",
) -> Diagram:
    """The :class:`Diagram` that :func:`draw` draws (see there for the parameters).

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> m = p.add_mechanism("Champions", level="programme")
    >>> o = p.add_outcome("Vision", tier="Process outcomes")
    >>> d = to_diagram(p.add_configuration(mechanisms=[m], outcomes=[o]), project=p)
    >>> [(g.title, g.nodes) for g in d.columns["outcome"]]
    [('Process outcomes', ['o-vision'])]
    """
    if wrap < 8:
        raise ValidationError(f"wrap must be at least 8 characters, got {wrap!r}")
    if isinstance(obj, Project):
        return _network_diagram(
            obj,
            theme=theme,
            case=case,
            status=status,
            min_cases=min_cases,
            chains=chains,
            width=wrap,
            title=title,
            weight=weight,
        )
    if isinstance(obj, Configuration):
        if project is not None and obj.id in project:
            project.get(obj.id, Configuration)
        d = _configuration_diagram(obj, project, evidence=evidence, width=wrap)
    elif _is_regularity(obj):
        d = _regularity_diagram(obj, project, evidence=evidence, width=wrap)
    elif isinstance(obj, str):
        if project is None:
            raise UnknownIdError(
                f"cannot draw {obj!r} without its project: rl.draw({obj!r}, project=p)"
            )
        return to_diagram(
            project.get(obj, Configuration),
            project=project,
            evidence=evidence,
            wrap=wrap,
            title=title,
        )
    else:
        raise ValidationError(
            f"cannot draw {type(obj).__name__} objects: draw a Project, a Configuration "
            "(with project=) or a Regularity (with project=)"
        )
    if title is not None:
        d.title = title
    return d


def _is_regularity(obj: object) -> bool:
    return all(hasattr(obj, a) for a in ("contexts", "mechanisms", "outcomes", "counter_cases"))


# ---------------------------------------------------------------- DOT


def _q(text: str) -> str:
    """A DOT double-quoted string for a plain (non-HTML) attribute such as a tooltip."""
    value = plain(text).replace("\\", "\u29f5").replace('"', '\\"')
    return f'"{value}"'


_FONT = palette.FONT_FAMILY


def _node_label(node: DiagramNode, width: int) -> str:
    text = html_lines(node.label, width, max_lines=6)
    if node.note:
        colour = palette.NEGATIVE if node.negative else "#444444"
        note = escape(node.note)
        text += f'<BR/><FONT POINT-SIZE="7.5" COLOR="{colour}"><I>{note}</I></FONT>'
    return f"<{text}>"


def _node_attrs(node: DiagramNode, width: int, *, columns: bool) -> str:
    kind = node.kind
    colour = palette.KIND_COLOURS.get(kind, "#555555")
    fill = palette.KIND_FILLS.get(kind, "#EEEEEE")
    style = ["filled"]
    shape = palette.KIND_SHAPES.get(kind, "box")
    if columns:
        shape = "box"
    if shape == "box" and (kind != "context" or columns):
        style.append("rounded")
    if node.style != "solid":
        style.append(node.style)
    pen = palette.NEGATIVE if node.negative else colour
    penwidth = "1.6" if node.negative else "1.0"
    attrs = [
        f"id={_q(node.id)}",
        f"label={_node_label(node, width)}",
        f"shape={shape}",
        f'style="{",".join(style)}"',
        f'color="{pen}"',
        f'fillcolor="{fill}"',
        f"penwidth={penwidth}",
        f"tooltip={_q(node.tooltip or node.id)}",
    ]
    if columns:
        attrs.append("width=2.1")
    if node.note:
        # the small italic note is the last line: room under it, off the outline
        attrs.append('margin="0.08,0.07"')
    return " ".join(attrs)


#: Size of a key swatch: fixed, so a swatch never stretches to the width of its row.
_SWATCH = 'FIXEDSIZE="TRUE" WIDTH="14" HEIGHT="10"'

#: Empty cells ending the row of the key. Graphviz stretches a nested table to
#: the width of its cell and shares the extra space evenly among its columns;
#: these cells take most of it, so swatches stay next to their labels.
_KEY_FILLERS = 24


def _legend_label(diagram: Diagram) -> str:
    """The key under a diagram: title, legend lines (left-aligned), then swatches.

    Examples
    --------
    >>> d = Diagram(layout="network", title="T", legend=["a " * 60], swatches=["context"])
    >>> label = _legend_label(d)
    >>> label.count('<BR ALIGN="LEFT"/>')  # every line ends left-aligned, the last too
    2
    >>> 'FIXEDSIZE="TRUE" WIDTH="14" HEIGHT="10"' in label
    True
    """
    rows = [f'<TR><TD ALIGN="LEFT"><B>{escape(diagram.title)}</B></TD></TR>']
    for line in diagram.legend:
        # Graphviz centres a line unless a <BR ALIGN="LEFT"/> ends it: end every line so.
        text = html_lines(line, 90, align="LEFT") + '<BR ALIGN="LEFT"/>'
        rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{text}</TD></TR>')
    keys = []
    for kind in diagram.swatches:
        colour = palette.KIND_COLOURS.get(kind, "#555555")
        fill = palette.KIND_FILLS.get(kind, "#EEEEEE")
        name = palette.KIND_LABELS.get(kind, kind.capitalize())
        keys.append(
            f'<TD BGCOLOR="{fill}" COLOR="{colour}" BORDER="1" {_SWATCH}></TD>'
            f'<TD ALIGN="LEFT" CELLPADDING="3">{escape(name)}</TD>'
        )
    for mark, text in diagram.marks:
        colour = palette.NEGATIVE if mark.endswith("negative") else "#333333"
        style = "dotted" if mark.startswith("dotted") else "dashed"
        keys.append(
            f'<TD STYLE="{style}" COLOR="{colour}" BORDER="1" {_SWATCH}></TD>'
            f'<TD ALIGN="LEFT" CELLPADDING="3">{escape(text)}</TD>'
        )
    if keys:
        inner = '<TD WIDTH="6"></TD>'.join(keys) + '<TD CELLPADDING="0"></TD>' * _KEY_FILLERS
        rows.append(
            '<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" '
            f'CELLSPACING="0" CELLPADDING="2"><TR>{inner}</TR></TABLE></TD></TR>'
        )
    body = "".join(rows)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1">{body}</TABLE>>'


#: The largest drawing, in inches, before Graphviz scales it down: a journal page.
PAGE_SIZE = (palette.PAGE_WIDTH, 9.0)


def estimate_box(node: DiagramNode, width: int) -> tuple[float, float]:
    """Rough width and height, in inches, of a node as Graphviz draws it."""
    lines = wrap(node.label, width, max_lines=6)
    w = max(len(line) for line in lines) * 0.075 + 0.3
    if palette.KIND_SHAPES.get(node.kind) == "hexagon":
        w += 0.5
    return w, len(lines) * 0.17 + 0.2


def _network_rankdir(diagram: Diagram) -> str:
    """``"LR"`` or ``"TB"``: the direction that lets the network fill a page at the larger scale.

    Chains run left to right unless that makes the picture so much wider than
    tall that it must shrink more than when they run top to bottom. Layers
    are the longest path reaching a node (arrows closing a cycle ignored);
    components sit under each other (LR) or side by side (TB).

    Examples
    --------
    >>> chain = [DiagramNode(id=f"n{i}", label="An element label", kind="context")
    ...          for i in range(8)]
    >>> edges = [DiagramEdge(source=f"n{i}", target=f"n{i + 1}") for i in range(7)]
    >>> _network_rankdir(Diagram(layout="network", title="", nodes=chain, edges=edges))
    'TB'
    >>> _network_rankdir(Diagram(layout="network", title="", nodes=chain[:2], edges=edges[:1]))
    'LR'
    """
    if not diagram.nodes:
        return "LR"
    ids = [n.id for n in diagram.nodes]
    out: dict[str, list[str]] = {i: [] for i in ids}
    for e in diagram.edges:
        if e.source in out and e.target in out:
            out[e.source].append(e.target)
    # longest-path layers over a depth-first DAG (back edges dropped)
    state: dict[str, int] = {}
    order: list[str] = []
    dag: dict[str, list[str]] = {i: [] for i in ids}
    for root in ids:
        if root in state:
            continue
        stack = [(root, iter(out[root]))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                order.append(node)
                stack.pop()
            elif state.get(child) != 1:
                dag[node].append(child)
                if child not in state:
                    state[child] = 1
                    stack.append((child, iter(out[child])))
    layer = dict.fromkeys(ids, 0)
    for node in reversed(order):
        for child in dag[node]:
            layer[child] = max(layer[child], layer[node] + 1)
    # components (union-find over the arrows)
    parent = {i: i for i in ids}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for node, targets in out.items():
        for child in targets:
            parent[find(node)] = find(child)
    boxes = {n.id: estimate_box(n, diagram.wrap) for n in diagram.nodes}
    per: dict[str, dict[int, list[tuple[float, float]]]] = {}
    for i in ids:
        per.setdefault(find(i), {}).setdefault(layer[i], []).append(boxes[i])
    depth = max(layer.values()) + 1
    ranksep, nodesep = 0.7, 0.18
    layer_w = [0.0] * depth
    layer_h = [0.0] * depth
    for i in ids:
        layer_w[layer[i]] = max(layer_w[layer[i]], boxes[i][0])
        layer_h[layer[i]] = max(layer_h[layer[i]], boxes[i][1])
    lr_w = sum(layer_w) + ranksep * (depth - 1)
    lr_h = sum(
        max(sum(b[1] + nodesep for b in members) for members in comp.values())
        for comp in per.values()
    )
    tb_w = sum(
        max(sum(b[0] + nodesep for b in members) for members in comp.values())
        for comp in per.values()
    )
    tb_h = sum(layer_h) + ranksep * (depth - 1)
    page_w, page_h = PAGE_SIZE

    def scale(w: float, h: float) -> float:
        return min(1.0, page_w / w, page_h / h)

    return "TB" if scale(tb_w, tb_h) > scale(lr_w, lr_h) * 1.1 else "LR"


def to_dot(diagram: Diagram, *, name: str = "realist") -> graphviz.Digraph:
    """The :class:`graphviz.Digraph` of a :class:`Diagram` (built without running ``dot``)."""
    columns = diagram.layout == "columns"
    graph_attrs = [
        ("rankdir", "LR" if columns else _network_rankdir(diagram)),
        # larger drawings shrink to a journal page (7.2 x 9 in)
        ("size", f"{PAGE_SIZE[0]:g},{PAGE_SIZE[1]:g}"),
        ("charset", "UTF-8"),
        ("fontname", _FONT),
        ("fontsize", "9"),
        ("labelloc", "b"),
        ("labeljust", "l"),
        ("nodesep", "0.12" if columns else "0.18"),
        ("ranksep", "0.55" if columns else "0.7"),
        ("pad", "0.1"),
        ("outputorder", "edgesfirst"),
    ]
    if columns:
        graph_attrs += [("compound", "true"), ("newrank", "true")]
    else:
        graph_attrs += [("mclimit", "0.6"), ("searchsize", "20")]
    g = make_digraph(name, graph_attrs)
    body: list[str] = [
        f'\tnode [fontname="{_FONT}" fontsize=9 margin="0.08,0.04"]\n',
        f'\tedge [fontname="{_FONT}" fontsize=7.5 arrowsize=0.6 color="#4D4D4D"]\n',
    ]
    names: dict[str, str] = {}
    nodes = {n.id: n for n in diagram.nodes}
    for n in diagram.nodes:
        node_name(n.id, names)
    if columns:
        anchors: dict[str, str] = {}
        for kind in KINDS:
            groups = diagram.columns.get(kind, [])
            colour = palette.KIND_COLOURS[kind]
            body.append(f"\tsubgraph cluster_{kind} {{\n")
            body.append(
                f"\t\tlabel=<<B>{escape(palette.KIND_LABELS[kind])}</B>> fontsize=11 "
                f'labeljust=c labelloc=t style="rounded" color="{colour}" penwidth=1.2\n'
            )
            members: list[str] = []
            if not any(gr.nodes for gr in groups):
                placeholder = f"none_{kind}"
                body.append(
                    f'\t\t{placeholder} [label=<<I>none</I>> shape=plaintext fontcolor="#777777"]\n'
                )
                members.append(placeholder)
            for i, group in enumerate(groups):
                indent = "\t\t"
                if group.title:
                    body.append(f"\t\tsubgraph cluster_{kind}_{i} {{\n")
                    body.append(
                        f"\t\t\tlabel=<<B>{escape(group.title)}</B>> fontsize=9 labeljust=l "
                        f'style="rounded,filled" fillcolor="#F7F7F7" color="#BBBBBB" penwidth=0.8\n'
                    )
                    indent = "\t\t\t"
                for ident in group.nodes:
                    nm = names[ident]
                    attrs = _node_attrs(nodes[ident], diagram.wrap, columns=True)
                    body.append(f"{indent}{nm} [{attrs}]\n")
                    members.append(nm)
                if group.title:
                    body.append("\t\t}\n")
            body.append("\t}\n")
            anchors[kind] = members[(len(members) - 1) // 2]
            # one rank per column, top-to-bottom in order
            body.append(f"\t{{rank=same; {'; '.join(members)}}}\n")
            for a, b in itertools.pairwise(members):
                # a flat edge b -> a puts a above b when the ranks run left to right
                body.append(f"\t{b} -> {a} [style=invis]\n")
        body.append(
            f"\t{anchors['context']} -> {anchors['mechanism']} [ltail=cluster_context "
            'lhead=cluster_mechanism penwidth=2.2 arrowsize=1.0 color="#333333"]\n'
        )
        body.append(
            f"\t{anchors['mechanism']} -> {anchors['outcome']} [ltail=cluster_mechanism "
            'lhead=cluster_outcome penwidth=2.2 arrowsize=1.0 color="#333333"]\n'
        )
    else:
        for n in diagram.nodes:
            body.append(f"\t{names[n.id]} [{_node_attrs(n, diagram.wrap, columns=False)}]\n")
        for e in diagram.edges:
            edge_attrs = [f"penwidth={e.width}"]
            if e.style != "solid":
                edge_attrs.append(f"style={e.style}")
            if e.negative:
                edge_attrs.append(f'color="{palette.NEGATIVE}"')
            if e.link:
                edge_attrs.append('color="#222222" arrowhead=vee')
            if e.label:
                edge_attrs.append(f"label=<<I>{escape(e.label)}</I>>")
            if e.tooltip:
                edge_attrs.append(f"tooltip={_q(e.tooltip)}")
            body.append(f"\t{names[e.source]} -> {names[e.target]} [{' '.join(edge_attrs)}]\n")
    body.append(f"\tlabel={_legend_label(diagram)}\n")
    g.body.extend(body)
    return g


# ---------------------------------------------------------------- draw


@overload
def draw(
    obj: Project | Configuration | Regularity,
    *,
    project: Project | None = None,
    backend: Literal["graphviz"] = "graphviz",
    theme: str | Iterable[str] | None = None,
    case: str | Iterable[str] | None = None,
    status: str | Iterable[str] | None = None,
    min_cases: int = 1,
    chains: bool = True,
    evidence: bool = False,
    wrap: int = 26,
    title: str | None = None,
    ax: None = None,
    weight: Literal["cases", "sources"] = "cases",
) -> graphviz.Digraph: ...
@overload
def draw(
    obj: Project | Configuration | Regularity,
    *,
    project: Project | None = None,
    backend: Literal["matplotlib"],
    theme: str | Iterable[str] | None = None,
    case: str | Iterable[str] | None = None,
    status: str | Iterable[str] | None = None,
    min_cases: int = 1,
    chains: bool = True,
    evidence: bool = False,
    wrap: int = 26,
    title: str | None = None,
    ax: Axes | None = None,
    weight: Literal["cases", "sources"] = "cases",
) -> Axes: ...
def draw(
    obj: Project | Configuration | Regularity,
    *,
    project: Project | None = None,
    backend: Literal["graphviz", "matplotlib"] = "graphviz",
    theme: str | Iterable[str] | None = None,
    case: str | Iterable[str] | None = None,
    status: str | Iterable[str] | None = None,
    min_cases: int = 1,
    chains: bool = True,
    evidence: bool = False,
    wrap: int = 26,
    title: str | None = None,
    ax: Axes | None = None,
    weight: Literal["cases", "sources"] = "cases",
) -> graphviz.Digraph | Axes:
    """Draw a configuration, a regularity, or a project's programme theory.

    Parameters
    ----------
    obj : Project, Configuration or Regularity
        A :class:`~realist.model.Project` (or a sub-project from
        ``rl.subset``) gives the programme-theory network; a
        :class:`~realist.model.Configuration` or a regularity from
        ``rl.find_regularities`` gives the three-column diagram of HIPP's
        Table 3.
    project : Project, optional
        The project a configuration or regularity belongs to: it gives the
        element labels and categories (without it, ids are shown).
    backend : {"graphviz", "matplotlib"}, default "graphviz"
        ``"graphviz"`` returns a :class:`graphviz.Digraph` (building it needs no
        program; rendering it needs Graphviz's ``dot``). ``"matplotlib"`` draws
        the same diagram with matplotlib and returns the Axes.
    theme, case, status : str or iterable of str, optional
        Network only: keep the configurations carrying one of these themes,
        naming one of these cases, with one of these statuses.
    min_cases : int, default 1
        Network only: keep only arrows supported by at least this many cases.
        Refuted configurations are never support: they add no case, source
        or width to an arrow (an arrow only they hold is not drawn); the
        arrows they share name their cases as refuted in the tooltip, and
        the key counts them.
    chains : bool, default True
        Network only: draw the project's links (an outcome that *becomes* a
        later context), so chains run left to right.
    evidence : bool, default False
        Configuration and regularity: show under each element how many of the
        excerpts cited name it in their ``elements``, and in the key how many
        of the excerpts record their elements at all. When none does (an
        excerpt need not record them), no box gets a count: the key gives the
        total number of excerpts once.
    wrap : int, default 26
        Wrap labels at this many characters.
    title : str, optional
        The title in the key (default: the configuration's label, or the
        project's title).
    ax : matplotlib Axes, optional
        Matplotlib backend only: the Axes to draw on.
    weight : {"cases", "sources"}, default "cases"
        Network only: arrow width by the number of supporting cases, or of
        distinct sources of the supporting configurations' excerpts
        (sources, not citations); the key says which.

    Returns
    -------
    graphviz.Digraph or matplotlib.axes.Axes
        The Digraph shows itself in Jupyter; ``.write(path)`` draws SVG, PDF
        or PNG by suffix, ``.save(path)`` writes the DOT source (as graphviz
        documents).

    Raises
    ------
    realist.errors.GraphvizNotFoundError
        Only when the Digraph is rendered and ``dot`` is missing.
    realist.errors.UnknownIdError
        A theme or case filter naming nothing in the project.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="Demo")
    >>> _ = p.add_case("a"); _ = p.add_case("b")
    >>> m = p.add_mechanism("Local champions")
    >>> o1, c2 = p.add_outcome("Shared vision"), p.add_context("Vision in place")
    >>> o2 = p.add_outcome("Joint plan")
    >>> _ = p.add_configuration(case="a", mechanisms=[m], outcomes=[o1])
    >>> _ = p.add_configuration(case="b", mechanisms=[m], outcomes=[o1])
    >>> _ = p.add_configuration(case="b", contexts=[c2], mechanisms=[m], outcomes=[o2])
    >>> _ = p.add_link(o1, "becomes", c2)
    >>> g = draw(p)
    >>> "m_local_champions -> o_shared_vision [penwidth=4.0" in g.source
    True
    >>> "Rests on 3 configurations from 2 cases" in g.source
    True
    >>> "Arrow width: number of sources (0 to 0)" in draw(p, weight="sources").source
    True
    """
    if backend not in ("graphviz", "matplotlib"):
        raise ValidationError(f"unknown backend {backend!r}; expected 'graphviz' or 'matplotlib'")
    diagram = to_diagram(
        obj,
        project=project,
        theme=theme,
        case=case,
        status=status,
        min_cases=min_cases,
        chains=chains,
        evidence=evidence,
        wrap=wrap,
        title=title,
        weight=weight,
    )
    if backend == "matplotlib":
        from realist.render.matplotlib_backend import draw_diagram

        return draw_diagram(diagram, ax=ax)
    if ax is not None:
        raise ValidationError("ax= is for backend='matplotlib'; the graphviz backend has no Axes")
    return to_dot(diagram, name="configuration" if diagram.layout == "columns" else "network")
