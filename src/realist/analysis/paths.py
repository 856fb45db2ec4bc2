"""Paths between two elements of the programme theory, and how many sources hold them up.

A reviewer asks of a chain: "is this told by one informant, or stitched
together from several?" :func:`trace_paths` lists every simple path from one
element to another, step by step, with the configurations and links that tell
each step and their cases and sources; ``within="source"`` keeps the paths one
source tells in full, ``within="case"`` those one case tells. :func:`robustness`
counts the fewest sources whose removal breaks every path (as Causal Map
reports it).

A *step* goes from one element to the next:

- within a configuration, from each of its contexts to each of its mechanisms,
  and from each mechanism to each of its outcomes;
- along an explicit :class:`~realist.model.Link` between two elements (an
  outcome that ``becomes`` a context, a context that ``constrains`` a
  mechanism); a link from configuration A to configuration B steps from each
  outcome of A to each context of B (to its mechanisms when B has none).

An outcome that is the context of another configuration (the same element id)
continues the path there. A step is *told* by the configurations and links that
make it: its cases are theirs, its sources are the sources of their evidence
(``Evidence.source``). A configuration with no case is programme-level: with
``within="case"`` it goes with other programme-level configurations only. A
link that names no case (or no evidence) says nothing about where (or by whom)
it was told: it joins the steps either side without restricting them.
Refuted configurations are never support: they tell no step unless
``exclude_status=()``.

Examples
--------
>>> import realist as rl
>>> p = rl.datasets.load("hipp")
>>> for path in rl.trace_paths(p, source="c-history", target="o-recurrent-tension"):
...     print(path)
c-history -> m-partnership-development -> o-recurrent-tension, told in full by paper-enabling, paper-implications (case sandwell)
  c-history -> m-partnership-development (cfg-table3, cfg-sandwell-vision, cfg-sandwell-readiness, cfg-telford-wrekin-vision; sources: paper-hypotheses, paper-projects, paper-enabling, paper-implications, paper-table3)
  m-partnership-development -> o-recurrent-tension (cfg-sandwell-readiness; sources: paper-enabling, paper-implications)
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from realist.errors import RealistWarning, ValidationError
from realist.graph import (
    _REFUTED,
    PROGRAMME,
    case_keys,
    check_within,
    evidence_sources,
    excluded_statuses,
)
from realist.model import Configuration, Element, Project

__all__ = ["PathStep", "Robustness", "TracedPath", "robustness", "trace_paths"]


# ---------------------------------------------------------------- the results


@dataclass(frozen=True)
class PathStep:
    """One step of a path: from one element to the next, and who tells it.

    Attributes
    ----------
    source_element, target_element : str
        The element ids the step leads from and to.
    configurations : tuple of str
        The configurations that make the step (context → mechanism or
        mechanism → outcome), project order.
    links : tuple of str
        The links that make it, project order.
    cases : tuple of str
        The cases of those configurations and links (project order).
    sources : tuple of str
        The sources of their evidence (project order).
    evidence : tuple of str
        Their evidence ids: the citations of the step.
    """

    source_element: str
    target_element: str
    configurations: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()

    def __str__(self) -> str:
        by = ", ".join([*self.configurations, *self.links])
        told = f"; sources: {', '.join(self.sources)}" if self.sources else ""
        return f"{self.source_element} -> {self.target_element} ({by}{told})"


@dataclass(frozen=True)
class TracedPath:
    """A path from one element to another through the programme theory.

    Named ``TracedPath`` rather than ``Path`` so that ``from realist import *``
    or ``from realist import ...`` never shadows :class:`pathlib.Path`, which
    realist users pass to ``save`` and ``load`` in the same scripts.

    Attributes
    ----------
    elements : tuple of str
        The element ids along the path, first to last.
    steps : tuple of PathStep
        One per pair of consecutive elements.
    cases : tuple of str
        The cases that tell every step (project order); empty when the path is
        stitched across cases, or told by programme-level configurations only.
    sources : tuple of str
        The sources that tell every step (project order); empty when the path
        is stitched together from several sources.

    Examples
    --------
    >>> step = PathStep("c-a", "m-b", configurations=("k1",), sources=("int-1",))
    >>> path = TracedPath(elements=("c-a", "m-b"), steps=(step,), sources=("int-1",))
    >>> path
    TracedPath(elements=['c-a', 'm-b'], cases=[], sources=['int-1'])
    >>> print(path)
    c-a -> m-b, told in full by int-1
      c-a -> m-b (k1; sources: int-1)
    """

    elements: tuple[str, ...]
    steps: tuple[PathStep, ...]
    cases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    length: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "length", len(self.steps))

    @property
    def configurations(self) -> tuple[str, ...]:
        """Every configuration that tells a step, in order of first use."""
        return tuple(dict.fromkeys(k for s in self.steps for k in s.configurations))

    @property
    def evidence(self) -> tuple[str, ...]:
        """Every evidence id cited along the path, in order of first use."""
        return tuple(dict.fromkeys(e for s in self.steps for e in s.evidence))

    def __repr__(self) -> str:
        return (
            f"TracedPath(elements={list(self.elements)!r}, cases={list(self.cases)!r}, "
            f"sources={list(self.sources)!r})"
        )

    def __str__(self) -> str:
        in_case = f" (case {', '.join(self.cases)})" if self.cases else ""
        if self.sources:
            told = f"told in full by {', '.join(self.sources)}{in_case}"
        elif self.cases:
            told = f"told in case {', '.join(self.cases)} by several sources"
        else:
            told = "stitched from several cases or sources"
        lines = [f"{' -> '.join(self.elements)}, {told}"]
        lines += [f"  {step}" for step in self.steps]
        return "\n".join(lines)


@dataclass(frozen=True)
class Robustness:
    """How many sources hold up the paths from one element to another.

    Attributes
    ----------
    source_element, target_element : str
        The two ends.
    n_sources : int or None
        The least number of sources whose removal breaks every path: a path
        survives when every step of it is still told by a source not removed.
        0 when there is no path (or none that any source tells); None when
        some path rests only on links that cite no evidence, which no removal
        of sources can break.
    cut : tuple of str
        One smallest set of sources to remove (project order).
    paths : tuple of TracedPath
        The paths considered.
    exact : bool
        False when the search budget ran out and `n_sources` is an upper bound
        (a :class:`~realist.errors.RealistWarning` said so).
    flow : int or None
        Causal Map's robustness score: the maximum flow (= minimum cut) from
        one end to the other when each step can carry as much as the number
        of distinct sources that tell it. It counts a source once per step it
        tells, so it is never below `n_sources`. None where `n_sources` is.
    """

    source_element: str
    target_element: str
    n_sources: int | None
    cut: tuple[str, ...]
    paths: tuple[TracedPath, ...]
    exact: bool = True
    flow: int | None = None

    def __repr__(self) -> str:
        return (
            f"Robustness({self.source_element!r} -> {self.target_element!r}, "
            f"n_sources={self.n_sources}, cut={list(self.cut)!r}, n_paths={len(self.paths)})"
        )


# ---------------------------------------------------------------- the step graph


@dataclass
class _Step:
    configurations: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    cases: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    evidence: list[str] = field(default_factory=list)
    # A teller that names no case (a link without one) / no evidence leaves the
    # step unrestricted.
    any_case: bool = False
    any_source: bool = False


def _step_graph(project: Project, excluded: set[str]) -> dict[str, dict[str, _Step]]:
    """element -> next element -> the step, told by the kept configurations and the links."""
    src_of = evidence_sources(project)
    succ: dict[str, dict[str, _Step]] = {}

    def add(u: str, v: str) -> _Step:
        out = succ.setdefault(u, {})
        step = out.get(v)
        if step is None:
            step = out[v] = _Step()
        return step

    kept: dict[str, Configuration] = {}
    for k in project.configurations:
        if k.status in excluded:
            continue
        kept[k.id] = k
        cases = case_keys(k)
        sources = {src_of[e] for e in k.evidence if e in src_of}
        pairs = [(c, m) for c in k.contexts for m in k.mechanisms]
        pairs += [(m, o) for m in k.mechanisms for o in k.outcomes]
        for u, v in pairs:
            if u == v:
                continue
            step = add(u, v)
            step.configurations.append(k.id)
            step.cases |= cases
            step.sources |= sources
            step.evidence.extend(k.evidence)
    elements = project.elements
    for link in project.links:
        if link.source in elements:
            froms = [link.source]
        elif link.source in kept:
            froms = list(kept[link.source].outcomes)
        else:
            continue  # a refuted (or unknown) configuration tells nothing
        if link.target in elements:
            tos = [link.target]
        elif link.target in kept:
            k = kept[link.target]
            tos = list(k.contexts or k.mechanisms)
        else:
            continue
        for u in froms:
            for v in tos:
                if u == v:
                    continue
                step = add(u, v)
                step.links.append(link.id)
                if link.case is None:
                    step.any_case = True
                else:
                    step.cases.add(link.case)
                if link.evidence:
                    step.sources |= {src_of[e] for e in link.evidence if e in src_of}
                    step.evidence.extend(link.evidence)
                else:
                    step.any_source = True
    return succ


def _element_id(project: Project, value: str | Element, name: str) -> str:
    ident = value if isinstance(value, str) else getattr(value, "id", None)
    if not isinstance(ident, str):
        raise ValidationError(f"{name} must be an element id or an element, not {value!r}")
    project.get(ident, Element)  # UnknownIdError naming it
    return ident


def _whole_number(value: object, name: str, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ValidationError(f"{name} must be a whole number of at least {least}, not {value!r}")
    return value


def _order(project: Project, attr: str) -> dict[str, int]:
    return {item.id: i for i, item in enumerate(getattr(project, attr))}


# ---------------------------------------------------------------- trace_paths


def trace_paths(
    project: Project,
    *,
    source: str | Element,
    target: str | Element,
    within: Literal["case", "source"] | None = "case",
    max_length: int = 6,
    max_paths: int = 10_000,
    exclude_status: str | Iterable[str] | None = _REFUTED,
) -> list[TracedPath]:
    """Every simple path from element `source` to element `target`, with who tells each step.

    Parameters
    ----------
    project : Project
    source, target : str or Element
        The elements the paths run from and to (ids or the objects).
    within : {"case", "source", None}, default "case"
        ``"source"`` keeps only the paths one source tells in full (one source
        tells every step; :attr:`TracedPath.sources` names them), ``"case"``
        those one case tells, ``None`` every path (each still reports the
        cases and sources that tell it in full, if any). The default is
        ``"case"``, as for :func:`realist.chains`: a path is a claim about what
        happened in one case, and stitching steps told in different cases into
        one path (the transitivity trap) reports a sequence no case showed.
        A link that names no case (or cites no evidence) restricts nothing.
    max_length : int, default 6
        The most steps a path may have.
    max_paths : int, default 10000
        Stop after this many paths.
    exclude_status : str or iterable of str or None, default ("refuted",)
        Configurations with these statuses tell no step. A refuted
        configuration (the mechanism fired, the outcome did not follow) is
        never support; ``exclude_status=()`` keeps it.

    Returns
    -------
    list of TracedPath
        Shortest first, then in element-id order.

    Warns
    -----
    realist.errors.RealistWarning
        When `max_length` or `max_paths` cut the search, so that paths may be
        missing.

    Raises
    ------
    realist.errors.UnknownIdError
        `source` or `target` is not an element of the project.
    realist.errors.ValidationError
        A bad `within`, `max_length`, `max_paths` or status.

    Examples
    --------
    Two informants each tell half of a chain: neither tells the whole path.

    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> _ = p.add_case("a")
    >>> _ = p.add_source("int-1", case="a"); _ = p.add_source("int-2", case="a")
    >>> e1 = p.add_evidence(source="int-1", quote="...", id="e1")
    >>> e2 = p.add_evidence(source="int-2", quote="...", id="e2")
    >>> c, m1, o1 = p.add_context("C", id="c"), p.add_mechanism("M1", id="m1"), p.add_outcome("O1", id="o1")
    >>> c2, m2, o2 = p.add_context("C2", id="c2"), p.add_mechanism("M2", id="m2"), p.add_outcome("O2", id="o2")
    >>> _ = p.add_configuration(case="a", contexts=[c], mechanisms=[m1], outcomes=[o1], evidence=[e1], id="k1")
    >>> _ = p.add_configuration(case="a", contexts=[c2], mechanisms=[m2], outcomes=[o2], evidence=[e2], id="k2")
    >>> _ = p.add_link(o1, "becomes", c2, id="l1", case="a")
    >>> paths = trace_paths(p, source="c", target="o2")
    >>> paths
    [TracedPath(elements=['c', 'm1', 'o1', 'c2', 'm2', 'o2'], cases=['a'], sources=[])]
    >>> trace_paths(p, source="c", target="o2", within="source")
    []
    >>> print(paths[0].steps[0])
    c -> m1 (k1; sources: int-1)

    On HIPP, the path from a history of working together to the recurrent
    tension of Sandwell's locality work:

    >>> hipp = rl.datasets.load("hipp")
    >>> for path in trace_paths(hipp, source="c-history", target="o-recurrent-tension"):
    ...     print(" -> ".join(path.elements), path.cases)
    c-history -> m-partnership-development -> o-recurrent-tension ('sandwell',)
    """
    paths, _, message = _trace(
        project,
        source=source,
        target=target,
        within=within,
        max_length=max_length,
        max_paths=max_paths,
        exclude_status=exclude_status,
    )
    if message:
        warnings.warn(message, RealistWarning, stacklevel=2)
    return paths


def _trace(
    project: Project,
    *,
    source: str | Element,
    target: str | Element,
    within: str | None,
    max_length: int,
    max_paths: int,
    exclude_status: str | Iterable[str] | None,
) -> tuple[list[TracedPath], dict[str, dict[str, _Step]], str | None]:
    """trace_paths' work: the paths, the step graph, and what a cap cut (if anything)."""
    within = check_within(within)
    start = _element_id(project, source, "source")
    goal = _element_id(project, target, "target")
    max_length = _whole_number(max_length, "max_length", 1)
    max_paths = _whole_number(max_paths, "max_paths", 1)
    excluded = excluded_statuses(exclude_status)
    succ = _step_graph(project, excluded)

    # The elements from which `goal` can be reached (in steps, ignoring within).
    pred: dict[str, list[str]] = {}
    for u, out in succ.items():
        for v in out:
            pred.setdefault(v, []).append(u)
    reaches = {goal}
    frontier = [goal]
    while frontier:
        v = frontier.pop()
        for u in pred.get(v, ()):
            if u not in reaches:
                reaches.add(u)
                frontier.append(u)

    def told(step: _Step) -> frozenset[str] | None:
        """What `within` asks of a step: the cases or sources telling it (None: any)."""
        if within == "case":
            return None if step.any_case else frozenset(step.cases)
        if within == "source":
            return None if step.any_source else frozenset(step.sources)
        return None

    found: list[list[str]] = []
    cut_by_length = cut_by_count = False
    if start != goal and start in reaches:
        # Depth-first, each frame: node, path so far, who tells all of it (None: anyone).
        stack: list[tuple[str, list[str], frozenset[str] | None]] = [(start, [start], None)]
        while stack:
            node, path, tellers = stack.pop()
            if node == goal:
                if within is None or tellers:
                    found.append(path)
                    if len(found) >= max_paths:
                        cut_by_count = True
                        break
                continue
            onward = [
                v
                for v in sorted(succ.get(node, ()), reverse=True)
                if v in reaches and v not in path
            ]
            if len(path) - 1 >= max_length:
                cut_by_length = cut_by_length or bool(onward)
                continue
            for v in onward:
                need = told(succ[node][v])
                if need is None:
                    now = tellers
                elif tellers is None:
                    now = need
                else:
                    now = tellers & need
                if now is not None and not now:
                    continue
                stack.append((v, [*path, v], now))
    message = None
    if cut_by_count:
        message = (
            f"stopped after {max_paths} paths from {start!r} to {goal!r}; "
            "pass a larger max_paths= to see more"
        )
    elif cut_by_length:
        message = (
            f"left out paths from {start!r} to {goal!r} longer than "
            f"max_length={max_length} steps; pass a larger max_length= to see them"
        )

    case_pos, source_pos, ev_pos = (
        _order(project, "cases"),
        _order(project, "sources"),
        _order(project, "evidence"),
    )
    config_pos, link_pos = _order(project, "configurations"), _order(project, "links")

    def ordered(values: Iterable[str], pos: dict[str, int]) -> tuple[str, ...]:
        return tuple(sorted(set(values), key=lambda v: (pos.get(v, len(pos)), v)))

    results = []
    for path in sorted(found, key=lambda p: (len(p), p)):
        steps = []
        all_cases: set[str] | None = None
        all_sources: set[str] | None = None
        for u, v in itertools.pairwise(path):
            s = succ[u][v]
            steps.append(
                PathStep(
                    source_element=u,
                    target_element=v,
                    configurations=ordered(s.configurations, config_pos),
                    links=ordered(s.links, link_pos),
                    cases=ordered(s.cases - {PROGRAMME}, case_pos),
                    sources=ordered(s.sources, source_pos),
                    evidence=ordered(s.evidence, ev_pos),
                )
            )
            if not s.any_case:
                all_cases = set(s.cases) if all_cases is None else all_cases & s.cases
            if not s.any_source:
                all_sources = set(s.sources) if all_sources is None else all_sources & s.sources
        results.append(
            TracedPath(
                elements=tuple(path),
                steps=tuple(steps),
                cases=ordered((all_cases or set()) - {PROGRAMME}, case_pos),
                sources=ordered(all_sources or set(), source_pos),
            )
        )
    return results, succ, message


# ---------------------------------------------------------------- robustness


def _options(path: TracedPath, any_source: set[tuple[str, str]]) -> list[frozenset[str]] | None:
    """The source sets whose removal breaks `path` (one per step, minimal ones only).

    An empty set among them means a step no source tells: the path is broken
    already. None means no step can be broken (every step rests on links that
    cite no evidence).
    """
    sets = {
        frozenset(s.sources)
        for s in path.steps
        if (s.source_element, s.target_element) not in any_source
    }
    if not sets:
        return None
    return [a for a in sets if not any(b < a for b in sets)]


def _min_cut(
    paths: Sequence[TracedPath], unbreakable: set[tuple[str, str]], start: str, goal: str
) -> tuple[int, frozenset[str]]:
    """Causal Map's robustness over the steps of `paths`: the maximum flow when
    each step carries the number of distinct sources that tell it, and the
    sources of the steps of one minimum cut (removing them breaks every path)."""
    import networkx as nx

    G = nx.DiGraph()
    tellers: dict[tuple[str, str], frozenset[str]] = {}
    for path in paths:
        for step in path.steps:
            edge = (step.source_element, step.target_element)
            tellers[edge] = tellers.get(edge, frozenset()) | frozenset(step.sources)
    for (u, v), who in tellers.items():
        if (u, v) in unbreakable:
            G.add_edge(u, v)  # no capacity: infinite, no source removal cuts it
        else:
            G.add_edge(u, v, capacity=len(who))
    if start not in G or goal not in G:
        return 0, frozenset()
    value, (reach, _) = nx.minimum_cut(G, start, goal)
    cut = frozenset().union(*(tellers[(u, v)] for u, v in G.edges if u in reach and v not in reach))
    return int(value), cut


def _hitting(
    families: list[list[frozenset[str]]], budget: int, bound: frozenset[str] | None = None
) -> tuple[frozenset[str], bool]:
    """The smallest S such that every family has a member contained in S.

    Exact branch and bound from the better of a greedy cover and `bound` (a
    set known to work); when `budget` family visits are spent, the best found
    so far and False.
    """
    # Greedy first: an upper bound to prune against.
    chosen: frozenset[str] = frozenset()
    for fam in sorted(families, key=len):
        if not any(o <= chosen for o in fam):
            chosen |= min(fam, key=lambda o: (len(o - chosen), sorted(o)))
    if bound is not None and len(bound) < len(chosen):
        chosen = bound
    # The search works on bitsets (one bit a source, in name order), which
    # makes a node about ten times cheaper than with frozensets.
    names = sorted(set().union(*(o for fam in families for o in fam)) | chosen)
    bit = {name: 1 << i for i, name in enumerate(names)}

    def mask(option: frozenset[str]) -> int:
        out = 0
        for name in option:
            out |= bit[name]
        return out

    def unmask(value: int) -> frozenset[str]:
        return frozenset(name for name in names if value & bit[name])

    fams = [[(mask(o), tuple(sorted(o))) for o in fam] for fam in families]
    best = [mask(chosen)]
    spent = [0]
    exact = [True]

    def better(candidate: int) -> bool:
        a, b = candidate.bit_count(), best[0].bit_count()
        return a < b or (a == b and sorted(unmask(candidate)) < sorted(unmask(best[0])))

    def search(current: int, left: list[list[tuple[int, tuple[str, ...]]]]) -> None:
        if spent[0] >= budget:
            exact[0] = False
            return
        spent[0] += len(left)  # the work of a node: one look at each path left
        outside = ~current
        left = [fam for fam in left if all(o & outside for o, _ in fam)]
        if not left:
            if better(current):
                best[0] = current
            return
        size, limit = current.bit_count(), best[0].bit_count()
        cheapest = min((o & outside).bit_count() for fam in left for o, _ in fam)
        if size + cheapest > limit:
            return
        fam = min(left, key=lambda f: (len(f), min((o & outside).bit_count() for o, _ in f)))
        for option, _ in sorted(fam, key=lambda o: ((o[0] & outside).bit_count(), o[1])):
            grown = current | option
            if grown.bit_count() <= best[0].bit_count():
                search(grown, left)

    search(0, fams)
    return unmask(best[0]), exact[0]


def robustness(
    project: Project,
    *,
    source: str | Element,
    target: str | Element,
    within: Literal["case", "source"] | None = None,
    max_length: int = 6,
    max_paths: int = 10_000,
    exclude_status: str | Iterable[str] | None = _REFUTED,
    budget: int = 200_000,
) -> Robustness:
    """The fewest sources whose removal breaks every path from `source` to `target`.

    A path survives the removal of a set of sources when every step of it is
    still told by some source not removed (a step told by several sources
    needs all of them gone). First, Causal Map's robustness score: the
    minimum cut of the steps, each carrying the number of distinct sources
    that tell it (``flow``); the sources of that cut break every path. Then
    a branch and bound over the paths of :func:`trace_paths` looks for a
    smaller set, from the better of that cut and a greedy cover, and proves
    the answer minimal when it finishes within `budget` (``exact``). Finding
    the least number is a hard problem in general (a source can tell several
    steps of a cut); the cut is the quick, safe answer. Steps that only links
    without evidence tell cannot be broken by removing sources.

    Parameters
    ----------
    project : Project
    source, target : str or Element
        The two ends, as for :func:`trace_paths`.
    within : {"case", "source", None}, default None
        Which paths to hold up: by default every path, whoever tells it.
    max_length, max_paths, exclude_status
        As for :func:`trace_paths`.
    budget : int, default 200000
        The most work the search may do, counted in paths looked at (a node
        of the search looks at each path still unbroken), so the same input
        always gets the same answer; past it the answer is an upper bound
        (``exact=False``: the best set found, at worst the minimum cut's
        sources) and a :class:`~realist.errors.RealistWarning` says so. Raise
        it to prove the least number on a large map.

    Returns
    -------
    Robustness

    Examples
    --------
    One path, told in full by one source and in part by a second: removing
    the first breaks it.

    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> for s in ("int-1", "int-2"):
    ...     _ = p.add_source(s)
    >>> e1 = p.add_evidence(source="int-1", quote="...", id="e1")
    >>> e2 = p.add_evidence(source="int-2", quote="...", id="e2")
    >>> c, m, o = p.add_context("C", id="c"), p.add_mechanism("M", id="m"), p.add_outcome("O", id="o")
    >>> _ = p.add_configuration(contexts=[c], mechanisms=[m], outcomes=[o], evidence=[e1], id="k1")
    >>> _ = p.add_configuration(contexts=[c], mechanisms=[m], evidence=[e2], outcomes=[o], id="k2")
    >>> robustness(p, source="c", target="o")
    Robustness('c' -> 'o', n_sources=2, cut=['int-1', 'int-2'], n_paths=1)
    >>> p.get("k2").status = "refuted"
    >>> robustness(p, source="c", target="o").n_sources
    1

    On HIPP, the paths that one case tells from a history of working together
    to Sandwell's locality models all rest on one section of the paper:

    >>> hipp = rl.datasets.load("hipp")
    >>> r = robustness(hipp, source="c-history", target="o-locality-models", within="case")
    >>> r.n_sources, r.cut, len(r.paths)
    (1, ('paper-projects',), 4)
    """
    budget = _whole_number(budget, "budget", 1)
    paths, succ, message = _trace(
        project,
        source=source,
        target=target,
        within=within,
        max_length=max_length,
        max_paths=max_paths,
        exclude_status=exclude_status,
    )
    if message:
        warnings.warn(message, RealistWarning, stacklevel=2)
    start = _element_id(project, source, "source")
    goal = _element_id(project, target, "target")
    unrestricted = {(u, v) for u, out in succ.items() for v, s in out.items() if s.any_source}
    families: list[list[frozenset[str]]] = []
    for path in paths:
        options = _options(path, unrestricted)
        if options is None:
            return Robustness(start, goal, None, (), tuple(paths))
        if frozenset() in options:
            continue  # a step no source tells: broken without removing anything
        families.append(options)
    if not families:
        return Robustness(start, goal, 0, (), tuple(paths), flow=0)
    flow, flow_cut = _min_cut(paths, unrestricted, start, goal)
    cut, exact = _hitting(families, budget, flow_cut)
    if not exact:
        warnings.warn(
            f"robustness from {start!r} to {goal!r}: {len(cut)} sources break every path "
            f"(the minimum cut's flow is {flow}), but the search for fewer stopped at its "
            f"budget ({budget}) before proving none exist; pass a larger budget= to prove it",
            RealistWarning,
            stacklevel=2,
        )
    pos = _order(project, "sources")
    ordered = tuple(sorted(cut, key=lambda s: (pos.get(s, len(pos)), s)))
    return Robustness(start, goal, len(cut), ordered, tuple(paths), exact, flow)
