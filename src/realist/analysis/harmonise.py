"""Harmonising element labels coded differently across cases.

Cases coded separately name the same thing differently: one team codes
"Local champions", another "project champion role". :func:`suggest_merges`
proposes pairs of elements of the same kind that may be one element, each with
a score and a reason; :meth:`realist.model.Project.merge` applies one merge,
keeping the merged label as an alias. Nothing is ever merged automatically:
the evaluator reads each suggestion and decides.

Examples
--------
>>> from realist.model import Project
>>> p = Project(title="t")
>>> _ = p.add_mechanism("Local champions", id="m-champions", aliases=["project champion role"])
>>> _ = p.add_mechanism("Project champion role", id="m-champion-role")
>>> _ = p.add_mechanism("Local champion", id="m-champion")
>>> for s in suggest_merges(p, threshold=90):
...     print(s)
MergeSuggestion(keep='m-champions', merge='m-champion-role', score=100.0, reason='alias')
MergeSuggestion(keep='m-champions', merge='m-champion', score=96.6, reason='similar')
>>> kept = p.merge("m-champions", "m-champion-role")
>>> kept.aliases
['project champion role']
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Literal, TypeAlias

from realist.errors import MissingDependencyError, ValidationError
from realist.model import Element, Project

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

__all__ = ["MergeSuggestion", "suggest_merges", "suggestions_frame"]

Reason: TypeAlias = Literal["alias", "similar"]
Scorer: TypeAlias = Callable[..., float]

_KINDS = ("context", "mechanism", "outcome")
_BLOCK = 256  # labels compared per call of rapidfuzz.process.cdist
_COLUMNS = [
    "kind",
    "keep",
    "keep_label",
    "merge",
    "merge_label",
    "score",
    "reason",
    "matched",
]


# ---------------------------------------------------------------- the result


@dataclass(frozen=True)
class MergeSuggestion:
    """Two elements of the same kind that may be one: a proposal, never applied.

    Attributes
    ----------
    keep : str
        The id of the element to keep (see :func:`suggest_merges` for which).
    merge : str
        The id of the element to merge into `keep`.
    score : float
        0 to 100: 100 for an alias match, else the similarity of the labels.
    reason : {"alias", "similar"}
        ``"alias"``: a label or alias of one equals a label or alias of the
        other, ignoring case and spacing. ``"similar"``: the labels are alike.
    kind : str
        ``"context"``, ``"mechanism"`` or ``"outcome"``.
    matched : tuple of str
        The two names (label or alias, of `keep` then of `merge`) that matched.

    Examples
    --------
    >>> s = MergeSuggestion(keep="m-a", merge="m-b", score=100.0, reason="alias",
    ...                     kind="mechanism", matched=("Local champions", "local  champions"))
    >>> s
    MergeSuggestion(keep='m-a', merge='m-b', score=100.0, reason='alias')
    >>> s.to_frame()[["keep", "merge", "score", "reason"]]
      keep merge  score reason
    0  m-a   m-b  100.0  alias
    """

    keep: str
    merge: str
    score: float
    reason: Reason
    kind: str = ""
    matched: tuple[str, str] | tuple[()] = ()

    def __repr__(self) -> str:
        return (
            f"MergeSuggestion(keep={self.keep!r}, merge={self.merge!r}, "
            f"score={self.score!r}, reason={self.reason!r})"
        )

    def _repr_html_(self) -> str:
        rows = [
            ("Keep", self.keep),
            ("Merge", self.merge),
            ("Kind", self.kind),
            ("Score", f"{self.score:g}"),
            ("Reason", self.reason),
            ("Matched", " ~ ".join(repr(m) for m in self.matched)),
        ]
        body = "".join(
            f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
            f"<td style='text-align:left'>{html.escape(value) or '&ndash;'}</td></tr>"
            for name, value in rows
        )
        return f"<table><caption>Merge suggestion</caption>{body}</table>"

    def to_frame(self, project: Project | None = None) -> pd.DataFrame:
        """This suggestion as a one-row DataFrame (see :func:`suggestions_frame`)."""
        return suggestions_frame([self], project=project)


def suggestions_frame(
    suggestions: Iterable[MergeSuggestion], *, project: Project | None = None
) -> pd.DataFrame:
    """A table of merge suggestions, one row each, in the order given.

    Parameters
    ----------
    suggestions : iterable of MergeSuggestion
        Typically the result of :func:`suggest_merges`.
    project : Project, optional
        When given, ``keep_label`` and ``merge_label`` hold the element labels
        (otherwise they are empty).

    Returns
    -------
    pandas.DataFrame
        Columns ``kind``, ``keep``, ``keep_label``, ``merge``, ``merge_label``,
        ``score``, ``reason``, ``matched``.

    Examples
    --------
    >>> from realist.model import Project
    >>> p = Project(title="t")
    >>> _ = p.add_context("History of joint working", id="c-a")
    >>> _ = p.add_context("history of joint-working", id="c-b")
    >>> suggestions_frame(suggest_merges(p), project=p)[["keep", "merge", "score", "reason"]]
      keep merge  score   reason
    0  c-a   c-b  100.0  similar
    """
    import pandas as pd

    labels: dict[str, str] = {}
    if project is not None:
        labels = {e.id: e.label for e in _elements(project)}
    rows = [
        {
            "kind": s.kind,
            "keep": s.keep,
            "keep_label": labels.get(s.keep, ""),
            "merge": s.merge,
            "merge_label": labels.get(s.merge, ""),
            "score": s.score,
            "reason": s.reason,
            "matched": s.matched,
        }
        for s in suggestions
    ]
    return pd.DataFrame(rows, columns=_COLUMNS)


# ---------------------------------------------------------------- suggesting


def _elements(project: Project) -> list[Element]:
    return [*project.contexts, *project.mechanisms, *project.outcomes]


def _norm(text: str) -> str:
    """Case- and space-insensitive form of a name."""
    return " ".join(text.casefold().split())


def _check_kinds(kinds: str | Iterable[str] | None) -> tuple[str, ...]:
    if kinds is None:
        return _KINDS
    wanted = [kinds] if isinstance(kinds, str) else list(kinds)
    out: list[str] = []
    for k in wanted:
        name = k.rstrip("s") if isinstance(k, str) else k
        if name not in _KINDS:
            raise ValidationError(
                f"unknown kind {k!r} in kinds=: expected 'context', 'mechanism' or 'outcome'"
            )
        out.append(name)
    return tuple(kind for kind in _KINDS if kind in out)


def _check_threshold(threshold: object) -> float:
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, (int, float))
        or not 0 <= threshold <= 100
    ):
        raise ValidationError(f"threshold must be a number from 0 to 100, got {threshold!r}")
    return float(threshold)


def suggest_merges(
    project: Project,
    *,
    threshold: float = 85,
    kinds: str | Iterable[str] | None = None,
    scorer: Scorer | None = None,
) -> list[MergeSuggestion]:
    """Pairs of elements of the same kind that may be one element.

    Two reasons give a suggestion:

    - ``"alias"`` (score 100): a name of one element equals a name of the
      other, ignoring case and runs of spaces; an element's names are its
      label and its aliases.
    - ``"similar"``: the label of one, compared with the label and each alias
      of the other, scores at least `threshold` (the best of the comparisons,
      both ways). Labels are compared after rapidfuzz's ``default_process``
      (lower case, punctuation to spaces).

    Each pair is suggested once, as an alias match when it is one. Nothing is
    merged: apply a suggestion you agree with by
    ``project.merge(s.keep, s.merge)``.

    Parameters
    ----------
    project : Project
        The project whose contexts, mechanisms and outcomes are compared.
    threshold : float, default 85
        The least similarity score (0 to 100) of a ``"similar"`` suggestion.
    kinds : str or iterable of str, optional
        Compare only these kinds: ``"context"``, ``"mechanism"``,
        ``"outcome"`` (plurals accepted). Elements are only ever compared
        with elements of their own kind.
    scorer : callable, optional
        A rapidfuzz scorer taking two strings and returning 0 to 100. The
        default is ``rapidfuzz.fuzz.token_set_ratio``: word order does not
        matter, and words one label adds to another count little. It gives
        100 when the words of one label are all in the other ("Stakeholder
        events" against "Stakeholder events focusing on community health
        needs"): such pairs are often a refinement, not a synonym, so read
        them. ``rapidfuzz.fuzz.WRatio`` is not the default: its partial ratios
        give 85.5 to labels that share only a short word such as "of".
        ``rapidfuzz.fuzz.token_sort_ratio`` is stricter about extra words.

    Returns
    -------
    list of MergeSuggestion
        Sorted by score descending, alias matches before similar labels of
        the same score, then kind (context, mechanism, outcome), then project
        order of `keep` and of `merge`. Of each pair, `keep` is
        the element named by more configurations, evidence excerpts and links;
        on a tie, the one first in the project.

    Raises
    ------
    realist.errors.ValidationError
        A threshold outside 0 to 100, or an unknown kind.
    realist.errors.MissingDependencyError
        rapidfuzz is not installed.

    Notes
    -----
    Similar labels are not always the same thing: "Lack of shared
    understanding" scores 100 against "Shared understanding". Read every
    suggestion before merging. The comparison uses
    ``rapidfuzz.process.cdist`` in blocks of 256 labels, one thread per core.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.datasets.load("hipp")
    >>> [s for s in suggest_merges(p) if s.reason == "alias"]
    []
    >>> _ = p.add_mechanism("Project champions", id="m-project-champions")
    >>> suggest_merges(p, kinds="mechanism")[0]
    MergeSuggestion(keep='m-local-champions', merge='m-project-champions', score=100.0, reason='alias')
    """
    threshold = _check_threshold(threshold)
    wanted = _check_kinds(kinds)
    try:
        from rapidfuzz import fuzz, utils
    except ImportError:  # pragma: no cover - rapidfuzz is a dependency
        raise MissingDependencyError(
            "suggest_merges needs rapidfuzz: pip install rapidfuzz"
        ) from None
    import numpy as np

    score_with: Scorer = scorer if scorer is not None else fuzz.token_set_ratio
    uses = _use_counts(project)
    lists: dict[str, Sequence[Element]] = {
        "context": project.contexts,
        "mechanism": project.mechanisms,
        "outcome": project.outcomes,
    }
    found: list[tuple[float, int, int, int, int, MergeSuggestion]] = []
    for kind_rank, kind in enumerate(_KINDS):
        if kind not in wanted:
            continue
        elems = list(lists[kind])
        n = len(elems)
        if n < 2:
            continue
        rank = [(-uses.get(e.id, 0), i) for i, e in enumerate(elems)]
        best: dict[tuple[int, int], tuple[float, Reason, str, str]] = {}

        # Alias matches: any shared normalised name.
        owners: dict[str, list[tuple[int, str]]] = {}
        for i, e in enumerate(elems):
            seen: set[str] = set()
            for name in (e.label, *e.aliases):
                key = _norm(name)
                if key and key not in seen:
                    seen.add(key)
                    owners.setdefault(key, []).append((i, name))
        for holders in owners.values():
            for x in range(len(holders)):
                for y in range(x + 1, len(holders)):
                    (i, name_i), (j, name_j) = holders[x], holders[y]
                    if i != j:
                        pair = (min(i, j), max(i, j))
                        found_names = (name_i, name_j) if i < j else (name_j, name_i)
                        best.setdefault(pair, (100.0, "alias", *found_names))

        # Similar labels: each label against every name (label and aliases) of
        # the elements, in blocks of rows. Labels are only compared with the
        # labels of later elements (the score is symmetric), but with all aliases.
        names: list[str] = []
        owner: list[int] = []
        is_label: list[bool] = []
        for i, e in enumerate(elems):
            for a, name in enumerate((e.label, *e.aliases)):
                names.append(name)
                owner.append(i)
                is_label.append(a == 0)
        processed = [utils.default_process(name) for name in names]
        owner_arr = np.asarray(owner, dtype=np.intp)
        label_arr = np.asarray(is_label, dtype=bool)
        label_pos = np.flatnonzero(label_arr)
        labels = [e.label for e in elems]
        starts = range(0, n, _BLOCK)

        with ThreadPoolExecutor(max_workers=min(len(starts), os.cpu_count() or 1)) as pool:
            compare = partial(
                _block_hits,
                processed=processed,
                label_pos=label_pos,
                columns_of=~label_arr,
                owner=owner_arr,
                scorer=score_with,
                threshold=threshold,
            )
            results = list(pool.map(compare, starts))
        for start, (hit_rows, hit_cols, hit_scores) in zip(starts, results, strict=True):
            for r, col, raw in zip(hit_rows, hit_cols, hit_scores, strict=True):
                i, j = start + r, owner[col]
                if i == j:
                    continue
                score = round(raw, 1)
                pair = (min(i, j), max(i, j))
                current = best.get(pair)
                if current is not None and (current[1] == "alias" or current[0] >= score):
                    continue
                label_i, name_j = labels[i], names[col]
                pair_names = (label_i, name_j) if i < j else (name_j, label_i)
                best[pair] = (score, "similar", *pair_names)

        for (i, j), (score, reason, name_i, name_j) in best.items():
            keep, merge = (i, j) if rank[i] <= rank[j] else (j, i)
            matched = (name_i, name_j) if keep == i else (name_j, name_i)
            suggestion = MergeSuggestion(
                keep=elems[keep].id,
                merge=elems[merge].id,
                score=score,
                reason=reason,
                kind=kind,
                matched=matched,
            )
            found.append((-score, reason != "alias", kind_rank, keep, merge, suggestion))
    found.sort(key=lambda t: t[:5])
    return [t[5] for t in found]


def _block_hits(
    start: int,
    *,
    processed: list[str],
    label_pos: npt.NDArray[np.intp],
    columns_of: npt.NDArray[np.bool_],
    owner: npt.NDArray[np.intp],
    scorer: Scorer,
    threshold: float,
) -> tuple[list[int], list[int], list[float]]:
    """The labels of elements ``start`` to ``start + _BLOCK`` against the names
    (aliases, and labels of elements from `start` on) scoring `threshold` or more:
    (row in the block, column in the names, score)."""
    import numpy as np
    from rapidfuzz import process

    cols = np.flatnonzero(columns_of | (owner >= start))
    rows = [processed[p] for p in label_pos[start : start + _BLOCK]]
    scores = process.cdist(
        rows,
        [processed[c] for c in cols],
        scorer=scorer,
        score_cutoff=threshold,
        dtype=np.float32,
        workers=1,
    )
    hit_rows, hit_cols = np.nonzero(scores >= threshold)
    return (
        hit_rows.tolist(),
        cols[hit_cols].tolist(),
        scores[hit_rows, hit_cols].tolist(),
    )


def _use_counts(project: Project) -> dict[str, int]:
    """How many configurations, evidence excerpts and links name each element."""
    counts: dict[str, int] = {}
    for k in project.configurations:
        for e in dict.fromkeys(k.elements):
            counts[e] = counts.get(e, 0) + 1
    for ev in project.evidence:
        for e in dict.fromkeys(ev.elements):
            counts[e] = counts.get(e, 0) + 1
    for link in project.links:
        for e in {link.source, link.target}:
            counts[e] = counts.get(e, 0) + 1
    return counts
