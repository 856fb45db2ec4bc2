"""Confidence in findings (GRADE-CERQual): checks, the evidence profile, keeping a regularity.

- :func:`check_confidence` — every assessment whose overall level reads as
  inconsistent with its components, or that is incomplete, as
  :class:`~realist.errors.Problem` objects naming the item and why. The
  overall level is the team's judgement: it is never computed, only checked.
- :func:`cerqual_table` — one row per finding, configuration and hypothesis
  assessed: the four components with their explanations, the overall level
  and its explanation, and what contributes (GRADE-CERQual's *Evidence
  Profile*; its first and last columns are the *Summary of Qualitative
  Findings*).
- :func:`keep_regularity` — keep a regularity found by
  :func:`~realist.analysis.regularities.find_regularities` as a
  :class:`~realist.model.Finding`, stated in words, ready to be assessed.

Examples
--------
>>> import realist as rl
>>> p = rl.Project(title="t")
>>> _ = p.add_finding("Champions get plans agreed", id="f1",
...                   cerqual={"adequacy": "serious", "coherence": "minor",
...                            "methodological_limitations": "minor",
...                            "relevance": "no or very minor", "overall": "high",
...                            "explanation": "strong"})
>>> for problem in check_confidence(p):
...     print(problem)
findings[0].cerqual: finding 'f1': overall 'high' with serious concerns about adequacy: \
a serious concern usually lowers confidence to low or very low; lower the overall level \
or explain why it stays high
findings[0].cerqual.adequacy: finding 'f1': 'serious' concerns without an explanation: \
say why
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from realist.errors import Problem
from realist.model import (
    CERQUAL_COMPONENTS,
    CONCERNS,
    Cerqual,
    Configuration,
    Finding,
    Hypothesis,
    Project,
)

if TYPE_CHECKING:
    import pandas as pd

    from realist.analysis.regularities import Regularity

__all__ = ["CERQUAL_COLUMNS", "cerqual_table", "check_confidence", "keep_regularity"]

#: The components as CERQual tables name them.
COMPONENT_NAMES: dict[str, str] = {
    "methodological_limitations": "Methodological limitations",
    "coherence": "Coherence",
    "adequacy": "Adequacy",
    "relevance": "Relevance",
}

#: The columns of :func:`cerqual_table`, in order.
CERQUAL_COLUMNS: tuple[str, ...] = (
    "kind",
    "id",
    "finding",
    *(f"{c}{suffix}" for c in CERQUAL_COMPONENTS for suffix in ("", "_explanation")),
    "overall",
    "overall_explanation",
    "configurations",
    "cases",
    "sources",
)

_SERIOUS = CONCERNS.index("serious")
_MODERATE = CONCERNS.index("moderate")
_LEVEL_RANK = {"high": 0, "moderate": 1, "low": 2, "very low": 3}


def _assessed(project: Project) -> list[tuple[str, int, Finding | Configuration | Hypothesis]]:
    """(collection, position, item) of every item that can carry a CERQual assessment."""
    out: list[tuple[str, int, Finding | Configuration | Hypothesis]] = []
    for collection in ("findings", "configurations", "hypotheses"):
        items: list[Any] = getattr(project, collection)
        out += [(collection, i, item) for i, item in enumerate(items)]
    return out


def _what(item: Finding | Configuration | Hypothesis) -> str:
    kind = {Finding: "finding", Configuration: "configuration", Hypothesis: "hypothesis"}
    return f"{kind[type(item)]} {item.id!r}"


def _check_one(c: Cerqual, path: str, what: str, legacy: str | None) -> list[Problem]:
    """The problems of one assessment (see :func:`check_confidence` for the rules)."""
    problems: list[Problem] = []

    def warn(message: str, where: str = "") -> None:
        problems.append(Problem(f"{path}{where}", f"{what}: {message}", kind="confidence"))

    concerns = c.concerns()
    rank = {name: CONCERNS.index(level) for name, level in concerns.items()}
    serious = [COMPONENT_NAMES[n].lower() for n, r in rank.items() if r >= _SERIOUS]
    worse = [COMPONENT_NAMES[n].lower() for n, r in rank.items() if r >= _MODERATE]
    if c.overall is None:
        if concerns:
            warn(
                "components are assessed but the overall level of confidence is not set: "
                "the team sets it (high, moderate, low or very low) and explains it"
            )
    elif not concerns:
        warn(
            f"overall {c.overall!r} without any component assessed: assess methodological "
            "limitations, coherence, adequacy and relevance"
        )
    elif c.overall == "high" and serious:
        warn(
            f"overall 'high' with serious concerns about {', '.join(serious)}: a serious "
            "concern usually lowers confidence to low or very low; lower the overall level "
            "or explain why it stays high"
        )
    elif c.overall == "high" and len(worse) >= 2:
        warn(
            f"overall 'high' with moderate or serious concerns about {', '.join(worse)}: two "
            "such concerns usually lower confidence; lower the overall level or explain why "
            "it stays high"
        )
    elif c.overall in ("low", "very low") and len(concerns) == 4 and not worse:
        warn(
            f"overall {c.overall!r} while no component has more than minor concerns: "
            "confidence starts high and is lowered by concerns; raise the overall level or "
            "record the concern that lowers it"
        )
    if concerns and len(concerns) < len(CERQUAL_COMPONENTS):
        missing = [COMPONENT_NAMES[n].lower() for n in CERQUAL_COMPONENTS if n not in concerns]
        warn(f"{', '.join(missing)} not assessed: assess all four components")
    if c.overall is not None and not c.explanation.strip():
        warn(f"overall {c.overall!r} without an explanation: say why", ".explanation")
    for name in CERQUAL_COMPONENTS:
        part = getattr(c, name)
        if part is not None and rank[name] >= _MODERATE and not part.explanation.strip():
            warn(f"{part.concern!r} concerns without an explanation: say why", f".{name}")
    if legacy is not None and c.overall is not None:
        legacy_rank = {"low": 2, "moderate": 1, "high": 0}[legacy]
        if abs(legacy_rank - min(2, _LEVEL_RANK[c.overall])) >= 2:
            warn(
                f"confidence {legacy!r} and CERQual overall {c.overall!r} disagree: keep one, "
                "or bring them in line"
            )
    return problems


def check_confidence(project: Project) -> list[Problem]:
    """Every GRADE-CERQual assessment that reads as inconsistent or incomplete.

    The overall level of confidence is the team's judgement and is never
    computed; this check only flags what a reviewer would query:

    - overall ``"high"`` with a serious concern about any component, or with
      moderate-or-serious concerns about two or more;
    - overall ``"low"`` or ``"very low"`` with all four components assessed
      and none worse than minor;
    - components assessed but no overall level, or an overall level with no
      component assessed, or some of the four components not assessed;
    - an overall level, or a moderate or serious concern, without an
      explanation;
    - on a configuration, the old single ``confidence`` two steps from the
      CERQual overall level (``"high"`` against ``"low"``);
    - a finding with no assessment at all.

    Parameters
    ----------
    project : Project

    Returns
    -------
    list of Problem
        Each with the path of the assessment (``findings[0].cerqual``,
        ``configurations[3].cerqual.adequacy``), a message that names the item
        and says why, and ``kind="confidence"``. Empty when nothing is amiss.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> _ = p.add_finding("A shared vision needs a shared language", id="f1")
    >>> [str(x) for x in check_confidence(p)]
    ["findings[0]: finding 'f1': no GRADE-CERQual assessment: assess it (cerqual=...)"]
    """
    problems: list[Problem] = []
    for collection, i, item in _assessed(project):
        path = f"{collection}[{i}]"
        if item.cerqual is None:
            if isinstance(item, Finding):
                problems.append(
                    Problem(
                        path,
                        f"{_what(item)}: no GRADE-CERQual assessment: assess it (cerqual=...)",
                        kind="confidence",
                    )
                )
            continue
        legacy = item.confidence if isinstance(item, Configuration) else None
        problems += _check_one(item.cerqual, f"{path}.cerqual", _what(item), legacy)
    return problems


def _contributing(project: Project, item: Finding | Configuration | Hypothesis) -> list[str]:
    """The configurations behind an item: its own, a finding's, or those citing a hypothesis."""
    if isinstance(item, Configuration):
        return [item.id]
    if isinstance(item, Finding):
        return list(item.configurations)
    return [k.id for k in project.configurations if item.id in k.hypotheses]


def _statement(item: Finding | Configuration | Hypothesis) -> str:
    if isinstance(item, Configuration):
        return item.label or item.id
    return item.statement


def cerqual_table(project: Project) -> pd.DataFrame:
    """The GRADE-CERQual evidence profile: one row per item assessed.

    Rows are the findings, then the configurations, then the hypotheses that
    carry a ``cerqual`` assessment, in project order. A component not
    assessed is an empty string, as is an overall level not set.

    Parameters
    ----------
    project : Project

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CERQUAL_COLUMNS`: ``kind`` (finding, configuration,
        hypothesis), ``id``, ``finding`` (the statement, or a configuration's
        label), each component's concern and ``<component>_explanation``,
        ``overall`` and ``overall_explanation``, and what contributes:
        ``configurations`` (a finding's, a configuration itself, or those
        citing a hypothesis), ``cases`` and ``sources`` (of their evidence),
        each a tuple of ids.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> f = p.add_finding("Champions get plans agreed", id="f1",
    ...                   cerqual={"coherence": "minor", "overall": "moderate"})
    >>> cerqual_table(p)[["id", "coherence", "adequacy", "overall"]]
       id coherence adequacy   overall
    0  f1     minor           moderate
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for _, _, item in _assessed(project):
        c = item.cerqual
        if c is None:
            continue
        row: dict[str, Any] = {
            "kind": _what(item).split(" ")[0],
            "id": item.id,
            "finding": _statement(item),
        }
        for name in CERQUAL_COMPONENTS:
            part = getattr(c, name)
            row[name] = "" if part is None else part.concern
            row[f"{name}_explanation"] = "" if part is None else part.explanation
        row["overall"] = c.overall or ""
        row["overall_explanation"] = c.explanation
        ks = _contributing(project, item)
        configs = [project.get(k, Configuration) for k in ks if k in project]
        row["configurations"] = tuple(ks)
        row["cases"] = tuple(dict.fromkeys(case for k in configs for case in k.cases))
        evidence = [project.get(e) for k in configs for e in k.evidence if e in project]
        row["sources"] = tuple(dict.fromkeys(getattr(e, "source", "") for e in evidence))
        rows.append(row)
    return pd.DataFrame(rows, columns=list(CERQUAL_COLUMNS))


def keep_regularity(
    project: Project,
    regularity: Regularity,
    statement: str,
    *,
    themes: Iterable[str] | None = None,
    cerqual: Cerqual | dict[str, Any] | None = None,
    id: str | None = None,
    note: str = "",
) -> Finding:
    """Keep a regularity as a finding of the project, stated in words.

    The finding names the regularity's configurations and elements; its
    themes default to those the configurations share.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.datasets.load("hipp")
    >>> r = rl.find_regularities(p, min_cases=3)[0]
    >>> f = keep_regularity(p, r, "Local champions carried the vision", id="f-champions")
    >>> f.configurations == list(r.configurations), f.elements == list(r.elements)
    (True, True)
    """
    if themes is None:
        shared: set[str] | None = None
        for k in regularity.configurations:
            ts = set(project.get(k, Configuration).themes)
            shared = ts if shared is None else shared & ts
        order = [t.id for t in project.themes]
        themes = [t for t in order if t in (shared or set())]
    return project.add_finding(
        statement,
        configurations=list(regularity.configurations),
        elements=list(regularity.elements),
        themes=list(themes),
        cerqual=cerqual,
        id=id,
        note=note,
    )
