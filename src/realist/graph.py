"""A project as a networkx graph, and the chains of configurations within it.

Nodes are elements; each configuration adds context→mechanism and
mechanism→outcome edges keyed by its id; explicit links add edges of their own.
Everything else in ``realist`` that needs a graph starts here.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from realist.errors import ValidationError
from realist.model import Configuration, Project
from realist.selection import Narrowing, check_statuses, id_set

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["chains", "configuration_graph", "select_configurations", "to_networkx"]


def select_configurations(
    project: Project,
    *,
    theme: str | Iterable[str] | None = None,
    case: str | Iterable[str] | None = None,
    status: str | Iterable[str] | None = None,
    **filters: Any,
) -> list[Configuration]:
    """The project's own configurations that :func:`realist.subset` keeps with the
    same filters (whole: ``subset`` cuts a configuration to the cases it keeps).

    ``theme=`` and ``case=`` are the ``themes=`` and ``cases=`` of
    :func:`~realist.subset`: configurations that carry one of the themes, that
    name one of the cases (cut to those cases), that have one of the statuses.
    Any other filter of :func:`~realist.subset` (``where=``, ``phase=``, ...)
    may be given too.

    Raises
    ------
    realist.errors.UnknownIdError
        A theme or case id that the project does not hold.
    realist.errors.ValidationError
        A status that is not one of conjectured, supported, refuted, refined.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.datasets.load("hipp")
    >>> len(select_configurations(p, case="nottingham", status="supported")) > 0
    True
    """
    narrowing = _narrowing(project, theme, case, status, filters)
    kept = {k.id for k in narrowing.apply(project).configurations}
    return [k for k in project.configurations if k.id in kept]


def _narrowing(
    project: Project, theme: Any, case: Any, status: Any, filters: dict[str, Any]
) -> Narrowing:
    """The graph functions' filters, checked (``theme`` and ``case`` are the
    ``themes`` and ``cases`` of :func:`realist.subset`)."""
    for alias, name, value in (("theme", "themes", theme), ("case", "cases", case)):
        if value is not None:
            if filters.get(name) is not None:
                raise ValidationError(f"give {alias}= or {name}=, not both")
            filters[name] = value
    return Narrowing.of(project, status=status, **filters)


def _element_attrs(element: Any) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "kind": element.kind,
        "label": element.label,
        "category": element.category,
        "themes": list(element.themes),
        "description": element.description,
    }
    for extra in ("resource", "reasoning", "level", "tier"):
        if hasattr(element, extra):
            attrs[extra] = getattr(element, extra)
    return attrs


def to_networkx(
    project: Project,
    *,
    theme: str | Iterable[str] | None = None,
    case: str | Iterable[str] | None = None,
    status: str | Iterable[str] | None = None,
    case_nodes: bool = False,
    links: bool = True,
    **filters: Any,
) -> nx.MultiDiGraph:
    """The project as a :class:`networkx.MultiDiGraph` of its elements.

    Parameters
    ----------
    project : Project
    theme, case, status : str or iterable of str, optional
        Keep only the configurations :func:`realist.subset` keeps with
        ``themes=theme, cases=case, status=status``. When any filter is
        given, only the elements those configurations use become nodes;
        otherwise every element does.
    case_nodes : bool, optional
        Add a node per case (``kind="case"``) with an edge to every element of
        its configurations. (``cases=True`` is its old name; ``cases=`` with
        ids is the filter of :func:`realist.subset`.)
    links : bool, optional
        Add the project's explicit links as edges (``part="link"``).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are element ids with attributes ``kind``, ``label``,
        ``category``, ``themes``, ``description`` (and ``resource``,
        ``reasoning``, ``level`` or ``tier``). For every configuration, an
        edge from each context to each mechanism (``part="context-mechanism"``,
        ``role`` enabling or constraining) and from each mechanism to each
        outcome (``part="mechanism-outcome"``, ``intended``, ``observed``),
        keyed by the configuration id and carrying ``configuration``,
        ``cases``, ``themes`` and ``status``. Graph attributes record the title,
        the ``theme``, ``case`` and ``status`` given, and ``filters``: every
        filter applied, as :func:`realist.subset` writes it in a title.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> _ = p.add_case("a")
    >>> c = p.add_context("History", id="c-history")
    >>> m = p.add_mechanism("Champions", id="m-champions")
    >>> o = p.add_outcome("Vision", id="o-vision")
    >>> k = p.add_configuration(case="a", contexts=[c], mechanisms=[m], outcomes=[o])
    >>> G = rl.to_networkx(p)
    >>> sorted(G.edges(keys=True))
    [('c-history', 'm-champions', 'cfg-a-1'), ('m-champions', 'o-vision', 'cfg-a-1')]
    >>> G.edges["c-history", "m-champions", "cfg-a-1"]["role"]
    'enabling'
    """

    if isinstance(filters.get("cases"), bool):
        warnings.warn(
            "to_networkx(cases=True) is now to_networkx(case_nodes=True); cases= takes "
            "case ids, as in realist.subset",
            DeprecationWarning,
            stacklevel=2,
        )
        case_nodes = filters.pop("cases")
    narrowing = _narrowing(project, theme, case, status, dict(filters))
    kept = narrowing.apply(project)
    G = narrowed_graph(project, kept, links=links, case_nodes=case_nodes)
    # the filters applied: as given, and as rl.subset writes them in a title
    G.graph.update(
        theme=sorted(id_set(theme) or ()),
        case=sorted(id_set(case if case is not None else filters.get("cases")) or ()),
        status=sorted(id_set(status) or ()),
        filters=narrowing.describe(),
    )
    return G


def narrowed_graph(
    project: Project, kept: Project, *, links: bool = True, case_nodes: bool = False
) -> nx.MultiDiGraph:
    """The graph of :func:`to_networkx` for `kept`, a project `project` was narrowed
    to (by :func:`realist.selection.narrow`); `kept` is `project` itself when
    nothing was filtered, and then every element is a node."""
    import networkx as nx

    filtered = kept is not project
    configs = kept.configurations
    G = nx.MultiDiGraph(title=project.title)
    elements = project.elements
    if filtered:
        used = {e for k in configs for e in k.elements}
        G.add_nodes_from((e, _element_attrs(elements[e])) for e in elements if e in used)
    else:
        G.add_nodes_from((e, _element_attrs(el)) for e, el in elements.items())

    succ, pred = G._succ, G._pred  # see the note above _flat_attrs
    for k in configs:
        cid, cases_, themes_, status_ = k.id, list(k.cases), list(k.themes), k.status
        constraining = k.constraining
        # See the note above _flat_attrs: edges go straight into the adjacency.
        for c in k.contexts:
            role = "constraining" if c in constraining else "enabling"
            out = succ[c]
            for m in k.mechanisms:
                keys = out.get(m)
                if keys is None:
                    keys = out[m] = pred[m][c] = {}
                keys[cid] = {
                    "configuration": cid, "cases": cases_, "themes": themes_,
                    "status": status_, "part": "context-mechanism", "role": role,
                }  # fmt: skip
        unintended, anticipated = k.unintended, k.anticipated
        for m in k.mechanisms:
            out = succ[m]
            for o in k.outcomes:
                keys = out.get(o)
                if keys is None:
                    keys = out[o] = pred[o][m] = {}
                keys[cid] = {
                    "configuration": cid, "cases": cases_, "themes": themes_,
                    "status": status_, "part": "mechanism-outcome",
                    "intended": o not in unintended, "observed": o not in anticipated,
                }  # fmt: skip

    if links:
        configs_by_id = {k.id: k for k in configs}
        for link in project.links:
            ends = (link.source, link.target)
            # With a filter, a link stays only when both its ends are in the slice.
            if filtered and not all(e in G if e in elements else e in configs_by_id for e in ends):
                continue
            for end in ends:
                if end in configs_by_id and end not in G:
                    k = configs_by_id[end]
                    G.add_node(end, kind="configuration", label=k.label or end, themes=k.themes)
            G.add_edge(
                link.source,
                link.target,
                key=link.id,
                part="link",
                relation=link.relation,
                link=link.id,
            )

    if case_nodes:
        for case_item in kept.cases:
            G.add_node(
                case_item.id, kind="case", label=case_item.name, **_flat_attrs(case_item.attributes)
            )
        for k in configs:
            for case_id in k.cases:
                if case_id in G:
                    for e in dict.fromkeys(k.elements):
                        G.add_edge(case_id, e, key=k.id, part="case-element", configuration=k.id)
    return G


# Configuration edges go straight into networkx's adjacency: a MultiDiGraph's
# successor and predecessor maps share one key dict per node pair, so
# ``succ[u][v] = pred[v][u] = {key: data}`` is what ``G.add_edge(u, v, key, **data)``
# does, without the per-edge view look-ups that make ``add_edges_from`` several
# times slower on large projects. tests/test_graph.py checks the result equals
# the public-API build.


def _flat_attrs(attributes: dict[str, Any]) -> dict[str, Any]:
    reserved = {"kind", "label"}
    return {(f"attr_{k}" if k in reserved else k): v for k, v in attributes.items()}


#: The default of ``exclude_status``, as in :mod:`realist.analysis.regularities`:
#: a refuted configuration (the mechanism fired, the outcome did not follow) is
#: never support, so chains do not run through it.
_REFUTED: tuple[str, ...] = ("refuted",)

#: What ``within=`` accepts.
WITHIN = ("case", "source", None)

#: The case key of a configuration with no case: it is programme-level (a
#: conjecture of the programme theory), and with ``within="case"`` it joins only
#: other programme-level configurations.
PROGRAMME = ""


def check_within(within: object) -> Literal["case", "source"] | None:
    """`within` if it is ``"case"``, ``"source"`` or None; a clear error otherwise."""
    if within is None:
        return None
    if within == "case":
        return "case"
    if within == "source":
        return "source"
    raise ValidationError(f"within must be 'case', 'source' or None, not {within!r}")


def excluded_statuses(exclude_status: str | Iterable[str] | None) -> set[str]:
    """The statuses `exclude_status` names, checked as every filter checks them
    (None or ``()`` excludes none)."""
    return check_statuses(exclude_status, "exclude_status") or set()


def evidence_sources(project: Project) -> dict[str, str]:
    """Evidence id -> the id of the source it quotes."""
    return {ev.id: ev.source for ev in project.evidence}


def case_keys(k: Configuration) -> frozenset[str]:
    """The cases a configuration tells, or ``{PROGRAMME}`` when it names none."""
    return frozenset(k.cases) if k.cases else frozenset((PROGRAMME,))


def configuration_graph(
    project: Project,
    *,
    within: Literal["case", "source"] | None = "case",
    exclude_status: str | Iterable[str] | None = _REFUTED,
) -> nx.DiGraph:
    """Configurations linked into chains, as a :class:`networkx.DiGraph`.

    There is an edge A → B when a link leads from A to B: a ``becomes`` (or
    any other) link from an outcome of A to a context of B, or a link from
    configuration A to configuration B. Edge attribute ``links`` lists the
    link ids that make it; ``cases`` and ``sources`` the cases and sources
    that tell both A and B (sorted).

    Parameters
    ----------
    project : Project
    within : {"case", "source", None}, default "case"
        Keep an edge only when A and B share a case (``"case"``; a link that
        names its ``case`` must name that one) or when some source tells both
        (``"source"``: a source of A's evidence is a source of B's, and of the
        link's evidence when the link has any). ``None`` keeps every edge.
        Configurations with no case are programme-level: with ``"case"`` they
        join one another, never a case's configuration. See :func:`chains`
        for why ``"case"`` is the default.
    exclude_status : str or iterable of str or None, default ("refuted",)
        Leave out the configurations with these statuses. A refuted
        configuration (the mechanism fired, the outcome did not follow) is
        never support, so no chain runs through it; ``exclude_status=()``
        keeps it.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> m = p.add_mechanism("Champions")
    >>> o1 = p.add_outcome("Shared vision")
    >>> c2 = p.add_context("Vision in place")
    >>> o2 = p.add_outcome("Joint plan")
    >>> k1 = p.add_configuration(mechanisms=[m], outcomes=[o1], id="k1")
    >>> k2 = p.add_configuration(contexts=[c2], mechanisms=[m], outcomes=[o2], id="k2")
    >>> _ = p.add_link(o1, "becomes", c2)
    >>> list(configuration_graph(p).edges(data="links"))
    [('k1', 'k2', ['link-1'])]
    """
    import networkx as nx

    within = check_within(within)
    excluded = excluded_statuses(exclude_status)
    kept = [k for k in project.configurations if k.status not in excluded]
    src_of = evidence_sources(project)
    sources = {k.id: frozenset(src_of[e] for e in k.evidence if e in src_of) for k in kept}
    cases = {k.id: case_keys(k) for k in kept}
    G = nx.DiGraph()
    G.add_nodes_from((k.id, {"cases": list(k.cases), "status": k.status}) for k in kept)
    having_outcome: dict[str, list[str]] = {}
    having_context: dict[str, list[str]] = {}
    for k in kept:
        for o in k.outcomes:
            having_outcome.setdefault(o, []).append(k.id)
        for c in k.contexts:
            having_context.setdefault(c, []).append(k.id)
    for link in project.links:
        froms = having_outcome.get(link.source, [link.source] if link.source in G else [])
        tos = having_context.get(link.target, [link.target] if link.target in G else [])
        link_sources = frozenset(src_of[e] for e in link.evidence if e in src_of)
        for a in froms:
            for b in tos:
                if a == b:
                    continue
                shared_cases = cases[a] & cases[b]
                if link.case is not None:
                    shared_cases &= {link.case}
                shared_sources = sources[a] & sources[b]
                if link.evidence:
                    shared_sources &= link_sources
                if (within == "case" and not shared_cases) or (
                    within == "source" and not shared_sources
                ):
                    continue
                if G.has_edge(a, b):
                    data = G.edges[a, b]
                    data["links"].append(link.id)
                    data["cases"] = sorted(set(data["cases"]) | shared_cases - {PROGRAMME})
                    data["sources"] = sorted(set(data["sources"]) | shared_sources)
                else:
                    G.add_edge(
                        a,
                        b,
                        links=[link.id],
                        cases=sorted(shared_cases - {PROGRAMME}),
                        sources=sorted(shared_sources),
                    )
    return G


def chains(
    project: Project,
    *,
    within: Literal["case", "source"] | None = "case",
    exclude_status: str | Iterable[str] | None = _REFUTED,
    max_chains: int = 10_000,
) -> list[list[str]]:
    """Every maximal chain of configurations (outcome of one → context of the next).

    A chain starts at a configuration nothing leads into (or, within a cycle,
    anywhere) and follows links until it can go no further without repeating
    a configuration. Only chains of two or more configurations are returned,
    longest first, then in id order.

    Parameters
    ----------
    project : Project
    within : {"case", "source", None}, default "case"
        Follow a step from A to B only when A and B share a case (``"case"``),
        or when some source tells both (``"source"``). The default is
        ``"case"`` because a chain is a claim about what happened in one case:
        an outcome in Nottingham does not become a context in Sandwell, and
        stitching configurations of different cases into one chain (the
        transitivity trap) reports a sequence no case showed. ``"source"`` is
        stricter still (one informant or document tells both ends of each
        step); ``None`` follows every link, as before this option existed.
        Configurations with no case (programme-level conjectures) chain with
        one another under ``"case"``, never with a case's configuration.
        See :func:`realist.trace_paths` for paths that one source tells in full.
    exclude_status : str or iterable of str or None, default ("refuted",)
        Configurations with these statuses are left out: a refuted
        configuration (the mechanism fired, the outcome did not follow) is
        never support, so no chain runs through it. ``exclude_status=()``
        keeps them.
    max_chains : int, optional
        Stop after this many chains (densely linked projects can hold very
        many); a :class:`~realist.errors.RealistWarning` says so.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> m = p.add_mechanism("Champions")
    >>> o1, o2 = p.add_outcome("Vision"), p.add_outcome("Plan")
    >>> c2, c3 = p.add_context("Vision held"), p.add_context("Plan agreed")
    >>> _ = p.add_configuration(mechanisms=[m], outcomes=[o1], id="k1")
    >>> _ = p.add_configuration(contexts=[c2], mechanisms=[m], outcomes=[o2], id="k2")
    >>> _ = p.add_configuration(contexts=[c3], mechanisms=[m], outcomes=[o1], id="k3")
    >>> _ = p.add_link(o1, "becomes", c2); _ = p.add_link(o2, "becomes", c3)
    >>> chains(p)
    [['k1', 'k2', 'k3']]

    On HIPP, Nottingham's and Sandwell's accountability configurations are
    linked ("lack of accountability to community" is an outcome of each and a
    context of each); the chain between the two projects appears only when
    asked for:

    >>> hipp = rl.datasets.load("hipp")
    >>> stitched = ["cfg-nottingham-accountability", "cfg-sandwell-accountability"]
    >>> stitched in chains(hipp), stitched in chains(hipp, within=None)
    (False, True)
    """
    import warnings

    import networkx as nx

    from realist.errors import RealistWarning

    if isinstance(max_chains, bool) or not isinstance(max_chains, int) or max_chains < 1:
        raise ValidationError(
            f"max_chains must be a whole number of at least 1, not {max_chains!r}"
        )
    G = configuration_graph(project, within=within, exclude_status=exclude_status)
    starts = sorted(n for n in G if G.in_degree(n) == 0 and G.out_degree(n) > 0)
    # Configurations only reachable through cycles get a start too.
    reached: set[str] = set()
    for s in starts:
        reached |= nx.descendants(G, s) | {s}
    starts += sorted(n for n in G if n not in reached and G.out_degree(n) > 0)

    found: list[list[str]] = []
    truncated = False
    for start in starts:
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        while stack:
            node, path = stack.pop()
            onward = [n for n in sorted(G.successors(node), reverse=True) if n not in path]
            if not onward:
                if len(path) > 1:
                    found.append(path)
                    if len(found) >= max_chains:
                        truncated = True
                        break
                continue
            stack.extend((n, [*path, n]) for n in onward)
        if truncated:
            warnings.warn(
                f"stopped after {max_chains} chains; pass a larger max_chains= to see more",
                RealistWarning,
                stacklevel=2,
            )
            break
    found.sort(key=lambda path: (-len(path), path))
    return found
