"""Harmonising element labels coded differently across cases.

Cases coded separately name the same thing differently: one team codes
"Local champions", another "project champion role". :func:`suggest_merges`
proposes pairs of elements of the same kind that may be one element, each with
a score and a reason; :func:`merge_elements` applies one merge, keeping the
merged label as an alias. Nothing is ever merged automatically:
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
>>> p = merge_elements(p, "m-champions", "m-champion-role")
>>> p.get("m-champions").aliases
['project champion role']
"""

from __future__ import annotations

import html
import os
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Literal, TypeAlias

from realist import model
from realist._ids import label_key
from realist.errors import MissingDependencyError, RealistWarning, ValidationError
from realist.model import (
    COLLECTION_OF,
    COLLECTIONS,
    Configuration,
    Element,
    Project,
    item_id,
    kind_name,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

__all__ = [
    "ANTONYMS",
    "NEGATED_WORDS",
    "NEGATIONS",
    "TRAILING_NEGATIONS",
    "MergeSuggestion",
    "OppositeSuggestion",
    "is_opposite",
    "merge_elements",
    "suggest_merges",
    "suggest_opposites",
    "suggestions_frame",
]

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
_OPPOSITE_COLUMNS = [
    "kind",
    "positive",
    "positive_label",
    "negative",
    "negative_label",
    "reason",
    "cue",
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
    suggestions: Iterable[MergeSuggestion] | Iterable[OppositeSuggestion],
    *,
    project: Project | None = None,
) -> pd.DataFrame:
    """A table of merge (or opposite) suggestions, one row each, in the order given.

    Parameters
    ----------
    suggestions : iterable of MergeSuggestion, or of OppositeSuggestion
        Typically the result of :func:`suggest_merges` (or of
        :func:`suggest_opposites`); not both kinds in one table.
    project : Project, optional
        When given, the label columns hold the element labels (otherwise
        they are empty).

    Returns
    -------
    pandas.DataFrame
        For merges, columns ``kind``, ``keep``, ``keep_label``, ``merge``,
        ``merge_label``, ``score``, ``reason``, ``matched``. For opposites,
        columns ``kind``, ``positive``, ``positive_label``, ``negative``,
        ``negative_label``, ``reason``, ``cue``, ``matched``. An empty input
        gives the merge columns.

    Raises
    ------
    realist.errors.ValidationError
        Merge and opposite suggestions mixed, or anything else in the input.

    Examples
    --------
    >>> from realist.model import Project
    >>> p = Project(title="t")
    >>> _ = p.add_context("History of joint working", id="c-a")
    >>> _ = p.add_context("history of joint-working", id="c-b")
    >>> _ = p.add_context("No history of joint working", id="c-c")
    >>> suggestions_frame(suggest_merges(p), project=p)[["keep", "merge", "score", "reason"]]
      keep merge  score   reason
    0  c-a   c-b  100.0  similar
    >>> suggestions_frame(suggest_opposites(p), project=p)[["positive", "negative_label", "cue"]]
      positive               negative_label  cue
    0      c-a  No history of joint working  /no
    1      c-b  No history of joint working  /no
    """
    import pandas as pd

    items = list(suggestions)
    labels: dict[str, str] = {}
    if project is not None:
        labels = {e.id: e.label for e in _elements(project)}
    if items and all(isinstance(s, OppositeSuggestion) for s in items):
        opposites = [s for s in items if isinstance(s, OppositeSuggestion)]
        rows: list[dict[str, object]] = [
            {
                "kind": s.kind,
                "positive": s.positive,
                "positive_label": labels.get(s.positive, ""),
                "negative": s.negative,
                "negative_label": labels.get(s.negative, ""),
                "reason": s.reason,
                "cue": s.cue,
                "matched": s.matched,
            }
            for s in opposites
        ]
        return pd.DataFrame(rows, columns=_OPPOSITE_COLUMNS)
    merges = [s for s in items if isinstance(s, MergeSuggestion)]
    if len(merges) != len(items):
        raise ValidationError(
            "suggestions_frame takes merge suggestions or opposite suggestions, not a mix "
            "of them or anything else"
        )
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
        for s in merges
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

    Each pair is suggested once, as an alias match when it is one. Opposites
    are never suggested (see Notes). Nothing is merged: apply a suggestion you agree with by
    ``merge_elements(project, s.keep, s.merge)``.

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
    understanding" scores 100 against "Shared understanding". Such pairs,
    whose names read as opposites by the rules of :func:`suggest_opposites`,
    and pairs already recorded as opposites (``Element.opposites``), are
    never suggested: see :func:`suggest_opposites`. Read every other
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

        # Opposites ("Shared vision", "No shared vision") are never one element.
        opposite = set(_opposite_pairs(_names(elems)))
        position = {e.id: i for i, e in enumerate(elems)}
        for i, e in enumerate(elems):
            for other in e.opposites:
                if other in position:
                    opposite.add((min(i, position[other]), max(i, position[other])))
        for (i, j), (score, reason, name_i, name_j) in best.items():
            if (i, j) in opposite:
                continue
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


# ---------------------------------------------------------------- opposites

#: Words (or phrases) at the start of a label that negate the rest: "No shared
#: vision", "Lack of trust", "Non-statutory partners". Longest first.
NEGATIONS: tuple[str, ...] = (
    "absence of",
    "lack of",
    "loss of",
    "no",
    "not",
    "non",
    "without",
    "lacking",
    "absent",
    "missing",
    "insufficient",
    "inadequate",
    "limited",
    "poor",
)
#: Words at the end of a label that negate the rest: "Trust absent".
TRAILING_NEGATIONS: tuple[str, ...] = ("absent", "lacking", "missing")
#: Pairs of words at the start of a label, the positive first: "High trust" and
#: "Low trust" are opposites, and "Low trust" is the opposite of "Trust".
ANTONYMS: tuple[tuple[str, str], ...] = (
    ("presence of", "absence of"),
    ("high", "low"),
    ("higher", "lower"),
    ("strong", "weak"),
    ("stronger", "weaker"),
    ("increased", "decreased"),
    ("increased", "reduced"),
    ("increasing", "decreasing"),
    ("more", "less"),
    ("more", "fewer"),
    ("good", "poor"),
    ("better", "worse"),
    ("positive", "negative"),
    ("adequate", "inadequate"),
    ("sufficient", "insufficient"),
)
#: Negated words, anywhere in a label, and the word they negate: only these
#: (a prefix alone is not enough: "understaffed", "university", "interest").
NEGATED_WORDS: dict[str, str] = {
    "unclear": "clear",
    "unstable": "stable",
    "uncertain": "certain",
    "unaware": "aware",
    "unwilling": "willing",
    "unable": "able",
    "unsupported": "supported",
    "unsupportive": "supportive",
    "unsustainable": "sustainable",
    "unfunded": "funded",
    "unresolved": "resolved",
    "unequal": "equal",
    "unfair": "fair",
    "unaccountable": "accountable",
    "unrealistic": "realistic",
    "unsuccessful": "successful",
    "unreliable": "reliable",
    "unpredictable": "predictable",
    "unengaged": "engaged",
    "disengaged": "engaged",
    "distrust": "trust",
    "mistrust": "trust",
    "ineffective": "effective",
    "inconsistent": "consistent",
    "inflexible": "flexible",
    "inaccessible": "accessible",
    "inequity": "equity",
    "inequality": "equality",
}

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class OppositeSuggestion:
    """Two elements of the same kind that may be opposites: a proposal, never applied.

    Attributes
    ----------
    positive : str
        The id of the element that states the thing ("Shared vision").
    negative : str
        The id of the element that negates it ("No shared vision").
    reason : {"negation", "antonym"}
        ``"negation"``: the negative is the positive with a negating word
        (``"no"``, ``"lack of"``, a word such as ``"unclear"``, ...).
        ``"antonym"``: the two start with antonyms (``"high"``/``"low"``,
        ...) and agree on the rest.
    cue : str
        The words that make the difference, positive side then negative,
        as ``"/no"`` or ``"high/low"`` (the positive side may be empty).
    kind : str
        ``"context"``, ``"mechanism"`` or ``"outcome"``.
    matched : tuple of str
        The two names (label or alias, of `positive` then of `negative`).

    Examples
    --------
    >>> s = OppositeSuggestion(positive="c-a", negative="c-b", reason="negation", cue="/no",
    ...                        kind="context", matched=("Shared vision", "No shared vision"))
    >>> s
    OppositeSuggestion(positive='c-a', negative='c-b', reason='negation', cue='/no')
    >>> s.to_frame()[["positive", "negative", "cue"]]
      positive negative  cue
    0      c-a      c-b  /no
    """

    positive: str
    negative: str
    reason: Literal["negation", "antonym"]
    cue: str
    kind: str = ""
    matched: tuple[str, str] | tuple[()] = ()

    def __repr__(self) -> str:
        return (
            f"OppositeSuggestion(positive={self.positive!r}, negative={self.negative!r}, "
            f"reason={self.reason!r}, cue={self.cue!r})"
        )

    def _repr_html_(self) -> str:
        rows = [
            ("Positive", self.positive),
            ("Negative", self.negative),
            ("Kind", self.kind),
            ("Reason", self.reason),
            ("Cue", self.cue),
            ("Matched", " ~ ".join(repr(m) for m in self.matched)),
        ]
        body = "".join(
            f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
            f"<td style='text-align:left'>{html.escape(value) or '&ndash;'}</td></tr>"
            for name, value in rows
        )
        return f"<table><caption>Opposite suggestion</caption>{body}</table>"

    def to_frame(self, project: Project | None = None) -> pd.DataFrame:
        """This suggestion as a one-row DataFrame (see :func:`suggestions_frame`)."""
        return suggestions_frame([self], project=project)


def _words(text: str) -> tuple[str, ...]:
    """The words of a name: :func:`realist._ids.label_key`, split at anything
    not a letter or digit (so "Non-statutory" is "non", "statutory")."""
    key = label_key(text)
    return tuple(_WORD.findall(key)) or tuple(key.split())


def _phrases() -> list[tuple[tuple[str, ...], int, str]]:
    """(words, polarity, cue word) of each leading marker, longest first."""
    out: dict[tuple[str, ...], tuple[int, str]] = {}
    for word in NEGATIONS:
        out[tuple(word.split())] = (-1, word)
    for positive, negative in ANTONYMS:
        out[tuple(positive.split())] = (1, positive)
        out[tuple(negative.split())] = (-1, negative)
    return sorted(((w, pol, cue) for w, (pol, cue) in out.items()), key=lambda t: -len(t[0]))


_PHRASES = _phrases()
_TRAILING = tuple(tuple(w.split()) for w in TRAILING_NEGATIONS)


def _readings(name: str) -> list[tuple[tuple[str, ...], int, str]]:
    """What a name says about what: (core words, polarity, cue). A name always
    says its own words positively; "No shared vision" also says "shared vision"
    negatively (cue "no"), "High trust" says "trust" positively (cue "high")."""
    words = _words(name)
    out = [(words, 1, "")]
    for marker, polarity, cue in _PHRASES:
        n = len(marker)
        if len(words) > n and words[:n] == marker:
            out.append((words[n:], polarity, cue))
            break
    for marker in _TRAILING:
        n = len(marker)
        if len(words) > n and words[-n:] == marker:
            out.append((words[:-n], -1, " ".join(marker)))
    for i, w in enumerate(words):
        if w in NEGATED_WORDS:
            out.append(((*words[:i], NEGATED_WORDS[w], *words[i + 1 :]), -1, w))
    return out


def _opposite_pairs(
    names: Sequence[Sequence[str]],
) -> dict[tuple[int, int], tuple[int, int, str, str, str, str]]:
    """Pairs ``(i, j)`` (i < j) of items, given the names of each, with a name of
    one the opposite of a name of the other: ``(positive, negative, cue of the
    positive, cue of the negative, name of the positive, name of the
    negative)``, the first found for the pair."""
    by_core: dict[tuple[str, ...], list[tuple[int, int, str, str]]] = {}
    for i, item_names in enumerate(names):
        for name in dict.fromkeys(item_names):
            for core, polarity, cue in _readings(name):
                if core:
                    by_core.setdefault(core, []).append((i, polarity, cue, name))
    found: dict[tuple[int, int], tuple[int, int, str, str, str, str]] = {}
    for holders in by_core.values():
        positives = [h for h in holders if h[1] > 0]
        negatives = [h for h in holders if h[1] < 0]
        for i, _, cue_i, name_i in positives:
            for j, _, cue_j, name_j in negatives:
                if i != j:
                    found.setdefault((min(i, j), max(i, j)), (i, j, cue_i, cue_j, name_i, name_j))
    return found


def is_opposite(a: str, b: str) -> bool:
    """Whether two labels read as opposites by the rules of :func:`suggest_opposites`.

    Examples
    --------
    >>> is_opposite("Shared vision", "No shared vision")
    True
    >>> is_opposite("Lack of trust", "Trust"), is_opposite("High trust", "Low trust")
    (True, True)
    >>> is_opposite("Roles unclear", "Roles clear")
    True
    >>> is_opposite("Local champions", "No-cost champions")
    False
    """
    return bool(_opposite_pairs([[a], [b]]))


def suggest_opposites(
    project: Project, *, kinds: str | Iterable[str] | None = None
) -> list[OppositeSuggestion]:
    """Pairs of elements of the same kind whose names read as opposites.

    "Shared vision" and "No shared vision" are alike word for word, so
    :func:`suggest_merges` would rank them as one element; they are the
    opposite of each other. Such pairs are never suggested as merges; this
    function offers them as opposites, to record with
    ``project.pair_opposites(s.positive, s.negative)``.

    Names (labels and aliases) are compared as words, after
    :func:`realist._ids.label_key` (case, spacing, invisible characters,
    Unicode form), splitting at anything that is not a letter or digit
    ("Non-statutory" is "non statutory"). Two names are opposites when, once
    their cue is taken away, the rest is the same words, and one cue is
    positive and the other negative:

    - a *negation* at the start of one (:data:`NEGATIONS`): ``no``, ``not``,
      ``non``, ``lack of``, ``absence of``, ``loss of``, ``without``,
      ``lacking``, ``absent``, ``missing``, ``insufficient``,
      ``inadequate``, ``limited``, ``poor``; or at its end
      (:data:`TRAILING_NEGATIONS`): ``absent``, ``lacking``, ``missing``
      ("Trust absent");
    - a negated word anywhere in one, from the explicit list
      :data:`NEGATED_WORDS` (``unclear``/``clear``, ``unstable``/``stable``,
      ``distrust``/``trust``, ``ineffective``/``effective``, ...): a prefix
      alone never counts, so "understaffed" or "interest" are not read;
    - *antonyms* at the start of both (:data:`ANTONYMS`): ``high``/``low``,
      ``strong``/``weak``, ``increased``/``decreased`` (or ``reduced``),
      ``more``/``less`` (or ``fewer``), ``good``/``poor``,
      ``better``/``worse``, ``positive``/``negative``,
      ``presence of``/``absence of``, ``adequate``/``inadequate``, ...
      A name without a cue is positive: "Low trust" is the opposite of
      "Trust", "High trust" is not.

    The rest must match word for word: "No-cost champions" is not the
    opposite of "Local champions", and "No champions" is not the opposite
    of "Local champions". The rules read words, not meaning: "Poor
    communities" (low-income) reads as the opposite of "Communities", and
    "Non-executive directors" as the opposite of "Executive directors". Read
    every suggestion before pairing.

    Parameters
    ----------
    project : Project
        The project whose contexts, mechanisms and outcomes are compared.
    kinds : str or iterable of str, optional
        Compare only these kinds (as in :func:`suggest_merges`).

    Returns
    -------
    list of OppositeSuggestion
        One per pair not already recorded as opposites, by kind (context,
        mechanism, outcome), then project order of the positive and of the
        negative element.

    Raises
    ------
    realist.errors.ValidationError
        An unknown kind.

    Examples
    --------
    >>> from realist.model import Project
    >>> p = Project(title="t")
    >>> _ = p.add_context("Shared vision", id="c-vision")
    >>> _ = p.add_context("No shared vision", id="c-no-vision")
    >>> _ = p.add_mechanism("Trust", id="m-trust")
    >>> _ = p.add_mechanism("Lack of trust", id="m-no-trust")
    >>> for s in suggest_opposites(p):
    ...     print(s)
    OppositeSuggestion(positive='c-vision', negative='c-no-vision', reason='negation', cue='/no')
    OppositeSuggestion(positive='m-trust', negative='m-no-trust', reason='negation', cue='/lack of')
    >>> suggest_merges(p)
    []
    >>> _ = p.pair_opposites("c-vision", "c-no-vision")
    >>> [s.positive for s in suggest_opposites(p)]
    ['m-trust']
    """
    wanted = _check_kinds(kinds)
    lists: dict[str, Sequence[Element]] = {
        "context": project.contexts,
        "mechanism": project.mechanisms,
        "outcome": project.outcomes,
    }
    found: list[tuple[int, int, int, OppositeSuggestion]] = []
    for kind_rank, kind in enumerate(_KINDS):
        if kind not in wanted:
            continue
        elems = list(lists[kind])
        for (x, y), (i, j, cue_i, cue_j, name_i, name_j) in _opposite_pairs(_names(elems)).items():
            if elems[y].id in elems[x].opposites or elems[x].id in elems[y].opposites:
                continue
            antonym = bool(cue_i) or cue_j not in _NEGATION_CUES
            suggestion = OppositeSuggestion(
                positive=elems[i].id,
                negative=elems[j].id,
                reason="antonym" if antonym else "negation",
                cue=f"{cue_i}/{cue_j}",
                kind=kind,
                matched=(name_i, name_j),
            )
            found.append((kind_rank, i, j, suggestion))
    found.sort(key=lambda t: t[:3])
    return [t[3] for t in found]


_NEGATION_CUES = frozenset((*NEGATIONS, *TRAILING_NEGATIONS, *NEGATED_WORDS))


def _names(elems: Sequence[Element]) -> list[list[str]]:
    return [[e.label, *e.aliases] for e in elems]


# ---------------------------------------------------------------- merging


def merge_elements(project: Project, keep: str | Element, merge: str | Element) -> Project:
    """The project with one element merged into another of the same kind.

    Use it to harmonise labels coded differently across cases ("Local
    champions", "project champion role"); :func:`realist.suggest_merges`
    proposes candidates, and nothing is merged unless you call this.

    Every reference to `merge` becomes a reference to `keep`: in the
    contexts, mechanisms, outcomes, ``constraining``, ``unintended`` and
    ``anticipated`` lists of configurations (without duplicates: a role
    held by either element is held by `keep`), in the ``elements`` of
    evidence, and at either end of links. A link that would run from
    `keep` to itself is dropped, with a :class:`~realist.errors.RealistWarning`
    naming it, and so is a link that becomes a repeat of another (same
    ends, same relation). The kept element gains the themes of `merge`, and
    its label and aliases as aliases; its other fields stay, except that
    empty ones (description, category, level, tier, ...) and missing
    attributes are filled from `merge`. `merge` is removed.

    One :class:`~realist.errors.RealistWarning` lists what the merge
    changed beyond renaming, so it can be checked: links dropped, a field
    of `merge` that `keep` did not take, and every configuration where the
    two had different roles (one enabling, one constraining; one intended,
    one unintended) and `keep` now holds the role of either.

    `project` itself is never changed: the result is a new project (items
    the merge does not touch are shared with `project`).

    Parameters
    ----------
    keep : str or Element
        The element to keep (its id or the object).
    merge : str or Element
        The element merged into `keep` and removed.

    Returns
    -------
    Project
        A new, valid project without `merge`; ``result.get(keep)`` is the
        kept element as it now stands.

    Raises
    ------
    realist.errors.UnknownIdError
        Either id names nothing, or names an item that is not an element.
    realist.errors.ValidationError
        The two are the same element, or of different kinds.

    Examples
    --------
    >>> from realist.model import Project
    >>> p = Project(title="t")
    >>> _ = p.add_case("a")
    >>> _ = p.add_case("b")
    >>> m1 = p.add_mechanism("Local champions", id="m-champions")
    >>> m2 = p.add_mechanism("Project champion role", id="m-role", aliases=["sponsors"])
    >>> o = p.add_outcome("Shared vision", id="o-vision")
    >>> _ = p.add_configuration(case="a", mechanisms=[m1], outcomes=[o], id="k1")
    >>> _ = p.add_configuration(case="b", mechanisms=[m2], outcomes=[o], id="k2")
    >>> q = merge_elements(p, "m-champions", "m-role")
    >>> q.get("m-champions")
    Mechanism(id='m-champions', label='Local champions', aliases=['Project champion role', 'sponsors'])
    >>> q.get("k2").mechanisms, "m-role" in q, "m-role" in p
    (['m-champions'], False, True)
    """
    keep_id, merge_id = item_id(keep), item_id(merge)
    kept = project.get(keep_id, Element)
    gone = project.get(merge_id, Element)
    if keep_id == merge_id:
        raise ValidationError(f"cannot merge {keep_id!r} into itself: give two different elements")
    if type(kept) is not type(gone):
        raise ValidationError(
            f"cannot merge {merge_id!r} ({kind_name(gone)}) into {keep_id!r} "
            f"({kind_name(kept)}): only elements of the same kind can be merged"
        )

    def swap(values: list[str]) -> list[str]:
        return list(dict.fromkeys(keep_id if v == merge_id else v for v in values))

    # The kept element: themes and aliases united, empty fields filled.
    fields = kept.model_dump()
    other = gone.model_dump()
    for name, value in other.items():
        if name in ("id", "label", "themes", "aliases", "opposites", "attributes"):
            continue
        if fields.get(name) in (None, "") and value not in (None, ""):
            fields[name] = value
    fields["themes"] = list(dict.fromkeys([*kept.themes, *gone.themes]))
    fields["opposites"] = [
        o for o in dict.fromkeys([*kept.opposites, *gone.opposites]) if o not in (keep_id, merge_id)
    ]
    aliases: dict[str, str] = {}
    for name in (*kept.aliases, gone.label, *gone.aliases):
        key = " ".join(name.casefold().split())
        if key != " ".join(kept.label.casefold().split()):
            aliases.setdefault(key, name)
    fields["aliases"] = list(aliases.values())
    fields["attributes"] = {**gone.attributes, **kept.attributes}
    new_kept = type(kept)(**fields)
    collection = COLLECTION_OF[type(kept)]
    elements = [
        new_kept
        if e.id == keep_id
        else e.model_copy(update={"opposites": swap(e.opposites)})
        if merge_id in e.opposites
        else e
        for e in getattr(project, collection)
        if e.id != merge_id
    ]

    role_fields = (
        "contexts",
        "mechanisms",
        "outcomes",
        "constraining",
        "unintended",
        "anticipated",
    )
    notes: list[str] = []
    for name, value in other.items():
        if name in ("id", "label", "themes", "aliases", "opposites", "attributes"):
            continue
        if value not in (None, "") and fields.get(name) != value:
            notes.append(f"{name} {value!r} of {merge_id!r} was not kept")
    configurations = []
    for k in project.configurations:
        if merge_id in k.elements:
            for role, pool in (
                ("constraining", k.contexts),
                ("unintended", k.outcomes),
                ("anticipated", k.outcomes),
            ):
                marked = getattr(k, role)
                if (
                    keep_id in pool
                    and merge_id in pool
                    and ((keep_id in marked) != (merge_id in marked))
                ):
                    notes.append(f"in {k.id!r}, {keep_id!r} is now {role}")
            data = k.model_dump()
            for name in role_fields:
                data[name] = swap(data[name])
            k = Configuration(**data)
        configurations.append(k)
    evidence = [
        ev.model_copy(update={"elements": swap(ev.elements)}) if merge_id in ev.elements else ev
        for ev in project.evidence
    ]
    links = []
    original_ends = {lk.id: (lk.source, lk.target) for lk in project.links}
    seen_links: dict[tuple[str, str, str], str] = {}
    for link in project.links:
        if merge_id in (link.source, link.target):
            source = keep_id if link.source == merge_id else link.source
            target = keep_id if link.target == merge_id else link.target
            if source == target:
                notes.append(f"link {link.id!r} would run from {keep_id!r} to itself: dropped")
                continue
            link = link.model_copy(update={"source": source, "target": target})
        twin = seen_links.get((link.source, link.relation, link.target))
        if twin is not None and merge_id in original_ends[link.id]:
            notes.append(f"link {link.id!r} now repeats {twin!r}: dropped")
            continue
        seen_links.setdefault((link.source, link.relation, link.target), link.id)
        links.append(link)

    data = {name: getattr(project, name) for name in COLLECTIONS}
    data.update({collection: elements, "configurations": configurations, "evidence": evidence})
    data["links"] = links
    merged = type(project)(
        title=project.title,
        description=project.description,
        attributes=dict(project.attributes),
        **data,
    )
    if notes:
        warnings.warn(
            f"merging {merge_id!r} into {keep_id!r}: " + "; ".join(notes),
            RealistWarning,
            stacklevel=2,
        )
    return merged


model.MERGE_ELEMENTS = merge_elements
