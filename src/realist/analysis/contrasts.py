"""Contrasts: the same mechanism, different outcomes, in different contexts.

Realist evaluation asks *what works, for whom, in what circumstances*. A
regularity (:mod:`realist.analysis.regularities`) says what recurs; a
*contrast* says where a mechanism that recurs across cases leads to different
outcomes, and which contexts go with each outcome: HIPP's reading of
Nottingham against Sandwell, made systematic.

:func:`contrasts` finds them; each is a :class:`Contrast` holding one
:class:`OutcomeGroup` per distinct set of outcomes; :func:`contrasts_frame`
lays a list of them out as a table, one row per outcome group.

A refuted configuration (the mechanism fired, the outcome it expected did
not follow) takes part as the case where the outcome failed: it forms outcome
groups of its own, marked ``refuted``, so "the vision followed in a and b,
and did not follow in c" is a contrast. It is never support for an outcome.

Examples
--------
>>> from realist.model import Project
>>> p = Project(title="t")
>>> for case in ("a", "b", "c"):
...     _ = p.add_case(case)
>>> m = p.add_mechanism("Local champions", id="m-champ")
>>> hist = p.add_context("History of joint working", id="c-hist")
>>> churn = p.add_context("Staff turnover", id="c-churn")
>>> vision = p.add_outcome("Shared vision", id="o-vision")
>>> stall = p.add_outcome("Project stalled", id="o-stall")
>>> _ = p.add_configuration(case="a", contexts=[hist], mechanisms=[m], outcomes=[vision])
>>> _ = p.add_configuration(case="b", contexts=[hist], mechanisms=[m], outcomes=[vision])
>>> _ = p.add_configuration(case="c", constraining=[churn], mechanisms=[m], outcomes=[stall])
>>> [k] = contrasts(p)
>>> k
Contrast(mechanisms=['m-champ'], n_cases=3, groups=[['o-vision'] in ['a', 'b'] given ['c-hist'],
         ['o-stall'] in ['c'] given ['c-churn' (constraining)]])
>>> [(g.cases, g.distinguishing_contexts, g.constraining) for g in k.groups]
[(('a', 'b'), ('c-hist',), ()), (('c',), ('c-churn',), ('c-churn',))]
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from realist.analysis.regularities import (
    REFUTED,
    CaseFilter,
    _Backing,
    _check_min_cases,
    _narrow,
)
from realist.errors import ValidationError
from realist.model import Configuration, Project

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Contrast", "OutcomeGroup", "contrasts", "contrasts_frame"]

_BY = ("mechanism_set", "mechanism")
_RULES = ("every", "any")


# ---------------------------------------------------------------- the result


@dataclass(frozen=True)
class OutcomeGroup:
    """The configurations of a contrast that share one set of outcomes.

    Attributes
    ----------
    outcomes : tuple of str
        The outcome ids every configuration of the group lists, exactly
        (project order).
    cases : tuple of str
        The cases of those configurations (project order).
    configurations : tuple of str
        The configuration ids (project order).
    distinguishing_contexts : tuple of str
        The contexts that set this group apart: present in every (or, with
        ``rule="any"``, some) configuration of the group and in no
        configuration of the other groups of the contrast (project order).
    constraining : tuple of str
        Those of the distinguishing contexts that some configuration of the
        group marks as constraining.
    other_mechanisms : tuple of str
        Mechanisms that the group's configurations hold besides the
        contrast's own (only with ``by="mechanism"``; project order): they
        may explain the outcome as much as the context does.
    refuted : bool
        True for a group of refuted configurations: `outcomes` were expected
        and did *not* follow. Refuted and other configurations never share a
        group.
    sources, evidence, source_kinds : tuple of str
        The distinct sources, excerpts and kinds of source behind the
        group's configurations (project order; for a refuted group, the
        evidence that the outcomes did not follow).

    Examples
    --------
    >>> g = OutcomeGroup(outcomes=("o-stall",), cases=("c",), configurations=("k3",),
    ...                  distinguishing_contexts=("c-churn",), constraining=("c-churn",))
    >>> g
    OutcomeGroup(outcomes=['o-stall'], cases=['c'], distinguishing_contexts=['c-churn'],
                 constraining=['c-churn'])
    """

    outcomes: tuple[str, ...]
    cases: tuple[str, ...]
    configurations: tuple[str, ...]
    distinguishing_contexts: tuple[str, ...] = ()
    constraining: tuple[str, ...] = ()
    other_mechanisms: tuple[str, ...] = ()
    refuted: bool = False
    sources: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    source_kinds: tuple[str, ...] = ()

    @property
    def n_cases(self) -> int:
        """``len(cases)``."""
        return len(self.cases)

    @property
    def n_sources(self) -> int:
        """``len(sources)``: sources, not citations."""
        return len(self.sources)

    def __repr__(self) -> str:
        more = (
            f", other_mechanisms={list(self.other_mechanisms)!r}" if self.other_mechanisms else ""
        )
        if self.refuted:
            more += ", refuted=True"
        return (
            f"OutcomeGroup(outcomes={list(self.outcomes)!r}, cases={list(self.cases)!r}, "
            f"distinguishing_contexts={list(self.distinguishing_contexts)!r}, "
            f"constraining={list(self.constraining)!r}{more})"
        )

    def _short(self) -> str:
        contexts = ", ".join(
            f"{c!r} (constraining)" if c in self.constraining else repr(c)
            for c in self.distinguishing_contexts
        )
        outcomes = f"not {list(self.outcomes)!r}" if self.refuted else repr(list(self.outcomes))
        return f"{outcomes} in {list(self.cases)!r} given [{contexts}]"


@dataclass(frozen=True)
class Contrast:
    """A mechanism (or mechanism set) whose configurations, across cases,
    lead to different outcomes.

    Attributes
    ----------
    mechanisms : tuple of str
        The mechanism ids the contrast is about: one with
        ``by="mechanism"``, the whole mechanism set of its configurations with
        ``by="mechanism_set"`` (project order).
    groups : tuple of OutcomeGroup
        One group per distinct outcome set, at least two; they partition the
        contrast's configurations. Ordered by number of cases, then of
        configurations (descending), then by first configuration.
    shared_contexts : tuple of str
        The contexts present in every configuration of every group: common
        ground, which cannot explain the difference in outcomes.
    cases : tuple of str
        Every case of the contrast: project order from :func:`contrasts`;
        when left out, computed from the groups (order of first appearance).
    mixed_cases : tuple of str
        Cases found in more than one group: the mechanism led to different
        outcomes within the case itself (project order).
    n_cases : int
        ``len(cases)``.

    Examples
    --------
    >>> a = OutcomeGroup(outcomes=("o-vision",), cases=("a", "b"), configurations=("k1", "k2"),
    ...                  distinguishing_contexts=("c-hist",))
    >>> b = OutcomeGroup(outcomes=("o-stall",), cases=("b",), configurations=("k3",))
    >>> k = Contrast(mechanisms=("m-champ",), groups=(a, b))
    >>> k
    Contrast(mechanisms=['m-champ'], n_cases=2, groups=[['o-vision'] in ['a', 'b'] given ['c-hist'],
             ['o-stall'] in ['b'] given []])
    >>> k.cases, k.mixed_cases, k.configurations
    (('a', 'b'), ('b',), ('k1', 'k2', 'k3'))
    """

    mechanisms: tuple[str, ...]
    groups: tuple[OutcomeGroup, ...]
    shared_contexts: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()
    #: Outcomes of two different groups that the project records as opposites
    #: (``Element.opposites``, see :func:`realist.suggest_opposites`): the
    #: sharpest form of "the same mechanism, different outcomes".
    opposites: tuple[tuple[str, str], ...] = ()
    mixed_cases: tuple[str, ...] = field(init=False)
    n_cases: int = field(init=False)

    def __post_init__(self) -> None:
        seen: dict[str, int] = {}
        for g in self.groups:
            for c in g.cases:
                seen[c] = seen.get(c, 0) + 1
        if set(self.cases) != set(seen) or len(self.cases) != len(seen):
            if self.cases:
                raise ValidationError(
                    f"cases={list(self.cases)!r} are not the cases of the groups, "
                    f"{sorted(seen)!r}; leave cases out to have them computed"
                )
            object.__setattr__(self, "cases", tuple(seen))
        cases = self.cases
        object.__setattr__(self, "mixed_cases", tuple(c for c in cases if seen[c] > 1))
        object.__setattr__(self, "n_cases", len(cases))

    @property
    def configurations(self) -> tuple[str, ...]:
        """Every configuration of the contrast, group by group."""
        return tuple(k for g in self.groups for k in g.configurations)

    @property
    def sources(self) -> tuple[str, ...]:
        """The distinct sources behind every group (order of first appearance)."""
        return tuple(dict.fromkeys(s for g in self.groups for s in g.sources))

    @property
    def n_sources(self) -> int:
        """``len(sources)``."""
        return len(self.sources)

    @property
    def evidence(self) -> tuple[str, ...]:
        """The distinct excerpts behind every group (order of first appearance)."""
        return tuple(dict.fromkeys(e for g in self.groups for e in g.evidence))

    @property
    def source_kinds(self) -> tuple[str, ...]:
        """The distinct kinds of source behind every group (order of first appearance)."""
        return tuple(dict.fromkeys(k for g in self.groups for k in g.source_kinds))

    def __repr__(self) -> str:
        groups = ", ".join(g._short() for g in self.groups)
        return (
            f"Contrast(mechanisms={list(self.mechanisms)!r}, n_cases={self.n_cases}, "
            f"groups=[{groups}])"
        )

    def _repr_html_(self) -> str:
        def ids(values: Iterable[str]) -> str:
            return html.escape(", ".join(values)) or "&ndash;"

        head = (
            "<tr><th>Outcomes</th><th>Cases</th><th>Configurations</th>"
            "<th>Distinguishing contexts</th><th>Constraining</th></tr>"
        )
        body = "".join(
            f"<tr><td>{'not ' if g.refuted else ''}{ids(g.outcomes)}</td><td>{ids(g.cases)}</td>"
            f"<td>{ids(g.configurations)}</td><td>{ids(g.distinguishing_contexts)}</td>"
            f"<td>{ids(g.constraining)}</td></tr>"
            for g in self.groups
        )
        caption = (
            f"Contrast: {ids(self.mechanisms)} in {self.n_cases} cases"
            f" (shared contexts: {ids(self.shared_contexts)})"
        )
        return f"<table><caption>{caption}</caption>{head}{body}</table>"

    def to_frame(self, project: Project | None = None) -> pd.DataFrame:
        """This contrast as a table, one row per outcome group (see :func:`contrasts_frame`).

        Examples
        --------
        >>> a = OutcomeGroup(outcomes=("o-vision",), cases=("a",), configurations=("k1",))
        >>> b = OutcomeGroup(outcomes=("o-stall",), cases=("b",), configurations=("k2",))
        >>> Contrast(mechanisms=("m-champ",), groups=(a, b)).to_frame()[["group", "outcomes", "cases"]]
           group     outcomes cases
        0      1  (o-vision,)  (a,)
        1      2   (o-stall,)  (b,)
        """
        return contrasts_frame([self], project=project)


def contrasts_frame(
    contrasts: Iterable[Contrast], *, project: Project | None = None
) -> pd.DataFrame:
    """A table of contrasts: one row per outcome group, contrasts in the order given.

    Parameters
    ----------
    contrasts : iterable of Contrast
        Typically the result of :func:`contrasts`.
    project : Project, optional
        When given, columns ``mechanism_labels``, ``outcome_labels`` and
        ``context_labels`` (of the distinguishing contexts) hold labels too.

    Returns
    -------
    pandas.DataFrame
        Columns ``contrast`` (1-based number of the contrast), ``mechanisms``,
        ``group`` (1-based within the contrast), ``outcomes``, ``n_cases``,
        ``n_sources``, ``cases``, ``configurations``,
        ``distinguishing_contexts``, ``constraining``, ``other_mechanisms``,
        ``shared_contexts`` (of the contrast), ``refuted`` (the group's
        outcomes did not follow), ``sources``, ``source_kinds``,
        ``n_evidence``, ``evidence``; id columns hold tuples.

    Examples
    --------
    >>> a = OutcomeGroup(outcomes=("o-vision",), cases=("a",), configurations=("k1",),
    ...                  distinguishing_contexts=("c-hist",))
    >>> b = OutcomeGroup(outcomes=("o-stall",), cases=("b",), configurations=("k2",))
    >>> df = contrasts_frame([Contrast(mechanisms=("m-champ",), groups=(a, b))])
    >>> df[["contrast", "group", "outcomes", "distinguishing_contexts"]]
       contrast  group     outcomes distinguishing_contexts
    0         1      1  (o-vision,)               (c-hist,)
    1         1      2   (o-stall,)                      ()
    """
    import pandas as pd

    columns = [
        "contrast",
        "mechanisms",
        "group",
        "outcomes",
        "n_cases",
        "n_sources",
        "cases",
        "configurations",
        "distinguishing_contexts",
        "constraining",
        "other_mechanisms",
        "shared_contexts",
        "refuted",
        "sources",
        "source_kinds",
        "n_evidence",
        "evidence",
    ]
    labels: dict[str, str] = {}
    if project is not None:
        labels = {e_id: e.label for e_id, e in project.elements.items()}
        columns += ["mechanism_labels", "outcome_labels", "context_labels"]
    rows: list[dict[str, Any]] = []
    for n, k in enumerate(contrasts, start=1):
        for i, g in enumerate(k.groups, start=1):
            row: dict[str, Any] = {
                "contrast": n,
                "mechanisms": k.mechanisms,
                "group": i,
                "outcomes": g.outcomes,
                "n_cases": len(g.cases),
                "n_sources": g.n_sources,
                "cases": g.cases,
                "configurations": g.configurations,
                "distinguishing_contexts": g.distinguishing_contexts,
                "constraining": g.constraining,
                "other_mechanisms": g.other_mechanisms,
                "shared_contexts": k.shared_contexts,
                "refuted": g.refuted,
                "sources": g.sources,
                "source_kinds": g.source_kinds,
                "n_evidence": len(g.evidence),
                "evidence": g.evidence,
            }
            if project is not None:
                row["mechanism_labels"] = tuple(labels.get(x, x) for x in k.mechanisms)
                row["outcome_labels"] = tuple(labels.get(x, x) for x in g.outcomes)
                row["context_labels"] = tuple(labels.get(x, x) for x in g.distinguishing_contexts)
            rows.append(row)
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------- the search


def contrasts(
    project: Project,
    *,
    by: Literal["mechanism_set", "mechanism"] = "mechanism_set",
    rule: Literal["every", "any"] = "every",
    min_cases: int = 2,
    themes: str | Iterable[str] | None = None,
    status: str | Iterable[str] | None = None,
    exclude_status: str | Iterable[str] | None = None,
    where: CaseFilter | None = None,
) -> list[Contrast]:
    """The mechanisms that led to different outcomes in different cases, and
    the contexts that go with each outcome.

    The definition, step by step:

    1. Keep the configurations that pass the filters (`themes`, `status`,
       `exclude_status`) and name at least one case kept by `where`;
       programme-level configurations (no case) are left out: a contrast is
       between cases. A configuration's cases are its kept cases.
    2. Group them by mechanism: with ``by="mechanism_set"`` (default), the
       configurations whose mechanism sets are equal form a group; with
       ``by="mechanism"``, every configuration holding mechanism *m* joins the
       group of *m* (so a configuration may be in several groups).
    3. Keep the groups whose configurations span at least `min_cases` cases.
    4. Within a group, split the configurations by their outcome set (the
       exact set of outcome ids each lists) into *outcome groups*; refuted
       configurations form groups of their own (``refuted=True``: their
       outcomes were expected and did not follow), never joined with
       configurations whose outcomes followed. Each
       configuration is one entry: a case whose configurations in the group
       list different outcomes appears in several outcome groups (see
       ``Contrast.mixed_cases``); outcomes are never merged across a case's
       configurations, so within-case contrasts (HIPP's two Sandwell pilot
       teams) stay visible.
    5. A group with at least two outcome groups is a contrast.
    6. For each outcome group, the *distinguishing contexts* are the contexts
       present in every configuration of that outcome group (``rule="every"``,
       default) or in at least one of them (``rule="any"``) and in no
       configuration of any other outcome group of the contrast. Those of them
       that some configuration of the outcome group marks as constraining are
       listed in ``constraining`` too. Contexts held by every configuration of
       the contrast are its ``shared_contexts``.

    Parameters
    ----------
    project : Project
        The project to analyse.
    by : {"mechanism_set", "mechanism"}, default "mechanism_set"
        Compare configurations with the same set of mechanisms, or every
        configuration holding a given mechanism (its other mechanisms are
        reported per outcome group as ``other_mechanisms``).
    rule : {"every", "any"}, default "every"
        Whether a distinguishing context must be present in every
        configuration of its outcome group, or in at least one.
    min_cases : int, default 2
        The least number of cases a contrast spans (at least 2).
    themes, status, exclude_status, where
        Filters on configurations and cases, as in
        :func:`realist.find_regularities`. Refuted configurations take part
        as the cases where the outcome did not follow (step 4);
        ``exclude_status="refuted"`` leaves them out.

    Returns
    -------
    list of Contrast
        Sorted by number of cases (descending), then number of outcome groups
        (descending), then by mechanism ids in project order.

    Raises
    ------
    realist.errors.ValidationError
        An unknown `by` or `rule`, `min_cases` below 2, an unknown status, a
        `where` attribute that no case has.
    realist.errors.UnknownIdError
        A theme id that the project does not hold.

    See Also
    --------
    realist.find_regularities : what recurs, rather than what differs.

    Examples
    --------
    In HIPP, attention to relations between partners worked out differently
    in Nottingham and in Sandwell: where general practitioners were not
    involved and partners lacked a shared understanding of the project
    (Nottingham), it met tensions over ownership; with consultancy support in
    Sandwell's first pilot locality team, it built effective relationships.

    >>> import realist as rl
    >>> hipp = rl.datasets.load("hipp")
    >>> found = contrasts(hipp, by="mechanism")
    >>> [k] = [k for k in found if k.mechanisms == ("m-relations-attention",)]
    >>> k
    Contrast(mechanisms=['m-relations-attention'], n_cases=2,
             groups=[['o-implementation-obstructed', 'o-ownership-tensions'] in ['nottingham']
                     given ['c-lack-gp-involvement' (constraining),
                            'c-lack-shared-understanding' (constraining)],
                     ['o-effective-relationships'] in ['sandwell'] given []])
    >>> k.groups[1].configurations, k.groups[1].other_mechanisms
    (('cfg-sandwell-1-relations',), ('m-consultancy',))

    Project management, too: amid local and national turbulence the
    Nottingham project manager was moved and continuity lost; in Sandwell,
    with management responsibilities blurred, the locality teams went their
    own way.

    >>> [k] = [k for k in found if k.mechanisms == ("m-project-management",)]
    >>> for g in k.groups:
    ...     print(g.cases, g.outcomes, g.distinguishing_contexts)
    ('nottingham',) ('o-members-leadership', 'o-implementation-obstructed', 'o-lost-continuity')
        ('c-national-turbulence', 'c-local-turbulence')
    ('sandwell',) ('o-teams-independent',) ('c-blurred-management',)

    With the exact mechanism set (the default), HIPP holds one contrast:
    local champions with consultancy support in Nottingham and in Telford &
    Wrekin.

    >>> [(k.mechanisms, k.cases) for k in contrasts(hipp)]
    [(('m-local-champions', 'm-consultancy'), ('nottingham', 'telford-wrekin'))]
    """
    if by not in _BY:
        raise ValidationError(f"by={by!r}: expected 'mechanism_set' or 'mechanism'")
    if rule not in _RULES:
        raise ValidationError(f"rule={rule!r}: expected 'every' or 'any'")
    min_cases = _check_min_cases(min_cases)
    if min_cases < 2:
        raise ValidationError(
            f"min_cases must be at least 2 (a contrast is between cases), got {min_cases!r}"
        )
    project = _narrow(
        project, themes=themes, status=status, exclude_status=exclude_status, where=where
    )
    configs, cases = list(project.configurations), list(project.cases)
    case_rank = {c.id: n for n, c in enumerate(cases)}
    backing = _Backing(project)
    elements = project.elements
    rank: dict[str, int] = {}
    for e_id in project.elements:
        rank.setdefault(e_id, len(rank))

    def ordered(ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(set(ids), key=lambda x: (rank.get(x, len(rank)), x)))

    kept: list[tuple[Configuration, tuple[str, ...]]] = []
    for k in configs:
        k_cases = tuple(sorted({c for c in k.cases if c in case_rank}, key=case_rank.__getitem__))
        if k_cases:
            kept.append((k, k_cases))

    first = {k.id: n for n, (k, _) in enumerate(kept)}
    groups: dict[tuple[str, ...], list[tuple[Configuration, tuple[str, ...]]]] = {}
    for entry in kept:
        keys = [ordered(entry[0].mechanisms)]
        if by == "mechanism":
            keys = [(m,) for m in keys[0]]
        for key in keys:
            groups.setdefault(key, []).append(entry)

    result: list[Contrast] = []
    for mechanisms, members in groups.items():
        if len({c for _, k_cases in members for c in k_cases}) < min_cases:
            continue
        by_outcomes: dict[
            tuple[tuple[str, ...], bool], list[tuple[Configuration, tuple[str, ...]]]
        ] = {}
        for entry in members:
            outcome_key = (ordered(entry[0].outcomes), entry[0].status == REFUTED)
            by_outcomes.setdefault(outcome_key, []).append(entry)
        if len(by_outcomes) < 2:
            continue
        context_sets = {
            outcomes: [set(k.contexts) for k, _ in entries]
            for outcomes, entries in by_outcomes.items()
        }
        # In how many outcome groups each context occurs at all.
        n_groups: dict[str, int] = {}
        for sets in context_sets.values():
            for c in set().union(*sets):
                n_groups[c] = n_groups.get(c, 0) + 1
        out_groups: list[OutcomeGroup] = []
        for (outcomes, refuted), entries in by_outcomes.items():
            sets = context_sets[outcomes, refuted]
            held = set.intersection(*sets) if rule == "every" else set.union(*sets)
            distinguishing = ordered(c for c in held if n_groups[c] == 1)
            constraining = tuple(
                c for c in distinguishing if any(c in k.constraining for k, _ in entries)
            )
            others = (
                ordered(m for k, _ in entries for m in k.mechanisms if m not in mechanisms)
                if by == "mechanism"
                else ()
            )
            config_ids = tuple(k.id for k, _ in entries)
            sources, evidence, kinds = backing.of(config_ids)
            out_groups.append(
                OutcomeGroup(
                    outcomes=outcomes,
                    cases=tuple(
                        sorted(
                            {c for _, k_cases in entries for c in k_cases},
                            key=case_rank.__getitem__,
                        )
                    ),
                    configurations=config_ids,
                    distinguishing_contexts=distinguishing,
                    constraining=constraining,
                    other_mechanisms=others,
                    refuted=refuted,
                    sources=sources,
                    evidence=evidence,
                    source_kinds=kinds,
                )
            )
        out_groups.sort(
            key=lambda g: (-len(g.cases), -len(g.configurations), first[g.configurations[0]])
        )
        shared = ordered(set.intersection(*(s for sets in context_sets.values() for s in sets)))
        all_cases = {c for g in out_groups for c in g.cases}
        opposite_pairs = tuple(
            (o1, o2)
            for i, g1 in enumerate(out_groups)
            for g2 in out_groups[i + 1 :]
            for o1 in g1.outcomes
            for o2 in g2.outcomes
            if o1 in elements and o2 in elements[o1].opposites
        )
        result.append(
            Contrast(
                mechanisms=mechanisms,
                groups=tuple(out_groups),
                shared_contexts=shared,
                cases=tuple(sorted(all_cases, key=case_rank.__getitem__)),
                opposites=opposite_pairs,
            )
        )
    result.sort(
        key=lambda k: (-k.n_cases, -len(k.groups), [rank.get(m, len(rank)) for m in k.mechanisms])
    )
    return result
