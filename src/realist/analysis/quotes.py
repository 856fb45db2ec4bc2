"""Finding quotes in their sources' text, the way people paste them.

Quotes travel from transcripts to spreadsheets and documents and back: Word
curls straight quotes and turns hyphens into dashes, line breaks become
spaces, people trim, add "..." and change case. :func:`locate_quote` finds a
pasted quote in a text, trying ever looser readings ("tiers"), cheapest
first, and says which one found it; :func:`match_quotes` does it for every
excerpt of a project and records the spans.

The tiers, each adding to the one before:

1. ``"exact"`` — the quote as written is in the text (``str.find``).
2. ``"typography"`` — after folding, in both quote and text, one character
   (or one base character and its combining accents) at a time: single
   quotes and apostrophes ``‘ ’ ‚ ‛ ′ ‹ › ʼ`` to ``'``; double quotes
   ``“ ” „ ‟ ″ « »`` to ``"``; dashes and minus signs ``‐ ‑ ‒ – — ― − ⁃ ﹘ ﹣``
   to ``-``; the ellipsis ``…`` to ``...``; non-breaking and other Unicode
   spaces to a space; zero-width spaces and joiners, the word joiner, the
   byte-order mark and soft hyphens removed; then Unicode NFKC (composed and
   decomposed accents alike, ligatures such as ``ﬁ`` as ``fi``, full-width
   forms as ASCII).
3. ``"whitespace"`` — also: every run of whitespace (spaces, tabs, CR/LF line
   ends) read as one space; whitespace before ``, . ; : ! ? ) ] }`` and after
   ``( [ {`` dropped ("years ." reads as "years."); the quote's leading and
   trailing whitespace, and a leading or trailing ellipsis (``...``,
   ``[...]``, ``(...)``: the evaluator's mark of a cut), ignored.
4. ``"case"`` — also: case ignored (``str.casefold``).
5. ``"fuzzy"`` — the best approximate match of the quote, as folded for
   ``"case"``, in the text: the window of the text, as long as the quote,
   that is most similar to it (:func:`rapidfuzz.fuzz.partial_ratio_alignment`),
   its ends then moved, by up to a quarter of the quote's length, to the word
   boundaries (not inside a word, not on a space) that make the passage most
   similar to the quote (:func:`rapidfuzz.fuzz.ratio`, similarity 0-100);
   accepted when that similarity is at least ``min_score``.

Offsets are always those of the original text: each folded text is built
with a map from each of its characters back to the characters of the text it
came from, so ``text[match.start:match.end]`` is the passage found.

Examples
--------
>>> text = "I said \\u201cwe\\u2019d worked together\\u201d \\u2014 for years."
>>> m = locate_quote(text, '"we\\'d worked together" - for years')
>>> m.tier, m.start, m.end
('typography', 7, 41)
>>> m.found
'“we’d worked together” — for years'
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from realist.errors import ValidationError
from realist.model import Evidence, Project, Source

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TIERS", "QuoteMatch", "Tier", "locate_quote", "match_quotes"]

Tier = Literal["exact", "typography", "whitespace", "case", "fuzzy"]
#: The tiers of :func:`locate_quote`, strictest first.
TIERS: tuple[Tier, ...] = ("exact", "typography", "whitespace", "case", "fuzzy")

# Tier -> how many folds it applies to the text (exact: none).
_LEVEL: dict[str, int] = {"exact": 0, "typography": 1, "whitespace": 2, "case": 3, "fuzzy": 3}


@dataclass(frozen=True)
class QuoteMatch:
    """Where :func:`locate_quote` found a quote, and how.

    Parameters
    ----------
    start, end : int
        Character offsets in the original text, end exclusive:
        ``text[start:end]`` is the passage found.
    tier : {"exact", "typography", "whitespace", "case", "fuzzy"}
        The strictest reading under which the quote is in the text (see
        :mod:`realist.analysis.quotes`).
    score : float
        100.0, except for ``"fuzzy"``: the similarity (0-100) of the quote to
        the passage found.
    found : str
        The passage found, as the text has it (``text[start:end]``).

    Examples
    --------
    >>> locate_quote("We met.\\r\\nEvery month.", "met. Every month")
    QuoteMatch(start=3, end=20, tier='whitespace', score=100.0, found='met.\\r\\nEvery month')
    """

    start: int
    end: int
    tier: Tier
    score: float
    found: str


# ---------------------------------------------------------------- folding

_SINGLE = "\u2018\u2019\u201a\u201b\u2032\u2039\u203a\u02bc"  # ‘ ’ ‚ ‛ ′ ‹ › ʼ
_DOUBLE = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"  # “ ” „ ‟ ″ « »
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63"  # ‐ ‑ ‒ – — ― − ⁃ ﹘ ﹣
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width, word joiner, BOM, soft hyphen

_TYPOGRAPHY: dict[int, str | None] = {
    **{ord(c): "'" for c in _SINGLE},
    **{ord(c): '"' for c in _DOUBLE},
    **{ord(c): "-" for c in _DASHES},
    **{ord(c): " " for c in _SPACES},
    **{ord(c): None for c in _INVISIBLE},
    ord("\u2026"): "...",
}

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_NON_ASCII_CHAR = re.compile(r"[^\x00-\x7f]")
# Whitespace to drop (before closing, after opening punctuation), or to read
# as one space (a run of two or more, or one that is not a plain space).
_SPACING = re.compile(r"\s+(?=[,.;:!?)\]}])|(?<=[(\[{])\s+|\s{2,}|[^\S ]")
_CUT = r"(?:\s|\.{3,}|\[\.{3,}\]|\(\.{3,}\))+"
_LEADING_CUT = re.compile(rf"\A{_CUT}")
_TRAILING_CUT = re.compile(rf"{_CUT}\Z")


@lru_cache(maxsize=4096)
def _fold_cluster(cluster: str) -> str:
    """One base character and its combining marks, typographically folded."""
    folded = unicodedata.normalize("NFKC", cluster.translate(_TYPOGRAPHY))
    return folded.translate(_TYPOGRAPHY)


class _Map:
    """Where each character of a folded string came from in the string it was folded from.

    The folded string is a sequence of segments, each the fold of a stretch
    ``[lo, hi)`` of the input: either copied unchanged (character ``k`` of the
    segment came from ``lo + k``) or replaced (every character of the segment
    came from the whole stretch). Stretches folded to nothing have no segment.
    """

    __slots__ = ("_at", "_hi", "_lo", "_same")

    def __init__(self) -> None:
        self._at: list[int] = []  # where each segment starts in the folded string
        self._lo: list[int] = []
        self._hi: list[int] = []
        self._same: list[bool] = []

    def add(self, at: int, lo: int, hi: int, *, same: bool) -> None:
        self._at.append(at)
        self._lo.append(lo)
        self._hi.append(hi)
        self._same.append(same)

    def span(self, a: int, b: int) -> tuple[int, int]:
        """The input stretch that folded characters ``[a, b)`` (``a < b``) came from."""
        k = bisect_right(self._at, a) - 1
        start = self._lo[k] + (a - self._at[k]) if self._same[k] else self._lo[k]
        k = bisect_right(self._at, b - 1) - 1
        end = self._lo[k] + (b - self._at[k]) if self._same[k] else self._hi[k]
        return start, end


def _fold_typography(text: str) -> tuple[str, _Map]:
    """Tier "typography": quotes, dashes, ellipses, spaces, invisibles; NFKC."""
    parts: list[str] = []
    fmap = _Map()
    n = 0  # length of the folded text so far
    done = 0  # input consumed so far
    for run in _NON_ASCII.finditer(text):
        a, b = run.span()
        if a > 0 and unicodedata.combining(text[a]):
            a -= 1  # the accent belongs to the ASCII letter before it
        same_from = done  # start of the current stretch of unchanged input
        i = a
        while i < b:
            j = i + 1
            while j < b and unicodedata.combining(text[j]):
                j += 1
            cluster = text[i:j]
            folded = _fold_cluster(cluster)
            if folded != cluster:
                if i > same_from:
                    fmap.add(n, same_from, i, same=True)
                    parts.append(text[same_from:i])
                    n += i - same_from
                if folded:
                    fmap.add(n, i, j, same=False)
                    parts.append(folded)
                    n += len(folded)
                same_from = j
            i = j
        done = same_from
    if done < len(text) or not parts:
        fmap.add(n, done, len(text), same=True)
        parts.append(text[done:])
    return "".join(parts), fmap


def _fold_spacing(text: str) -> tuple[str, _Map]:
    """Tier "whitespace", on typographically folded text: spacing as one space."""
    parts: list[str] = []
    fmap = _Map()
    n = 0
    done = 0
    for gap in _SPACING.finditer(text):
        a, b = gap.span()
        if a > done:
            fmap.add(n, done, a, same=True)
            parts.append(text[done:a])
            n += a - done
        drop = (b < len(text) and text[b] in ",.;:!?)]}") or (a > 0 and text[a - 1] in "([{")
        if not drop:
            fmap.add(n, a, b, same=False)
            parts.append(" ")
            n += 1
        done = b
    if done < len(text) or not parts:
        fmap.add(n, done, len(text), same=True)
        parts.append(text[done:])
    return "".join(parts), fmap


def _fold_case(text: str) -> tuple[str, _Map]:
    """Tier "case", on text folded for "whitespace": ``str.casefold``."""
    folded = text.casefold()
    fmap = _Map()
    if len(folded) == len(text):  # every character folded to one character
        fmap.add(0, 0, len(text), same=True)
        return folded, fmap
    n = 0
    done = 0
    for char in _NON_ASCII_CHAR.finditer(text):
        i = char.start()
        c_folded = char.group().casefold()
        if len(c_folded) != 1:
            if i > done:
                fmap.add(n, done, i, same=True)
                n += i - done
            if c_folded:
                fmap.add(n, i, i + 1, same=False)
                n += len(c_folded)
            done = i + 1
    if done < len(text):
        fmap.add(n, done, len(text), same=True)
    return folded, fmap


_FOLDS = (_fold_typography, _fold_spacing, _fold_case)


class _Folded:
    """A text folded for each tier, each fold built on first use and kept."""

    __slots__ = ("_levels", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._levels: list[tuple[str, _Map]] = []

    def level(self, k: int) -> str:
        """The text folded for tiers 1 (typography) to `k` (0: as written)."""
        if k == 0:
            return self.text
        while len(self._levels) < k:
            below = self._levels[-1][0] if self._levels else self.text
            self._levels.append(_FOLDS[len(self._levels)](below))
        return self._levels[k - 1][0]

    def span(self, k: int, a: int, b: int) -> tuple[int, int]:
        """The span of the original text that characters ``[a, b)`` of fold `k` came from."""
        for level in range(k, 0, -1):
            a, b = self._levels[level - 1][1].span(a, b)
        return a, b


def _fold_quote(quote: str, k: int) -> str:
    """A quote folded for tiers 1 to `k`, its ends trimmed from tier 2 on."""
    if k == 0:
        return quote
    folded = _fold_typography(quote)[0]
    if k >= 2:
        folded = _fold_spacing(folded)[0].strip()
        cut = _TRAILING_CUT.sub("", _LEADING_CUT.sub("", folded))
        folded = cut or folded  # a quote that is only "..." is looked for as such
    if k >= 3:
        folded = folded.casefold()
    return folded


def _check_options(min_score: float) -> None:
    if (
        isinstance(min_score, bool)
        or not isinstance(min_score, (int, float))
        or not 0 <= min_score <= 100
    ):
        raise ValidationError(f"min_score must be a number from 0 to 100, got {min_score!r}")


def _locate(folded: _Folded, quote: str, *, fuzzy: bool, min_score: float) -> QuoteMatch | None:
    """:func:`locate_quote` on a text already wrapped for folding (and caching)."""
    text = folded.text
    at = text.find(quote)
    if at >= 0:
        return QuoteMatch(at, at + len(quote), "exact", 100.0, quote)
    for tier in TIERS[1:4]:
        k = _LEVEL[tier]
        q = _fold_quote(quote, k)
        if not q:
            continue
        at = folded.level(k).find(q)
        if at >= 0:
            start, end = folded.span(k, at, at + len(q))
            return QuoteMatch(start, end, tier, 100.0, text[start:end])
    if not fuzzy:
        return None
    q = _fold_quote(quote, 3)
    haystack = folded.level(3)
    if not q or len(q) > len(haystack):
        return None
    found = _fuzzy(q, haystack, min_score)
    if found is None:
        return None
    a, b, score = found
    start, end = folded.span(3, a, b)
    return QuoteMatch(start, end, "fuzzy", score, text[start:end])


_SLACK = 10.0  # how far below min_score a window may score before its ends are fitted


def _fuzzy(quote: str, text: str, min_score: float) -> tuple[int, int, float] | None:
    """The passage of `text` most like `quote`: start, end and score, if good enough."""
    from rapidfuzz import fuzz

    # The window compared is as long as the quote; a quote with a word
    # missing or added fits a shorter or longer passage better. So take the
    # best window even a little below min_score, move each of its ends to
    # the word boundary that fits the quote best, and only then hold it to
    # min_score.
    best = fuzz.partial_ratio_alignment(quote, text, score_cutoff=max(0.0, min_score - _SLACK))
    if best is None or best.dest_end <= best.dest_start:
        return None
    a, b, score = best.dest_start, best.dest_end, float(best.score)
    # A passage within min_score of the quote differs from it in length by
    # at most about a fifth of the quote's length.
    reach = max(3, len(quote) // 4)

    def nearest_first(x: int) -> list[int]:
        return sorted(
            range(max(0, x - reach), min(len(text), x + reach) + 1), key=lambda y: abs(y - x)
        )

    starts = [x for x in nearest_first(a) if x < b and _starts_word(text, x)]
    if starts:
        a = max(starts, key=lambda x: fuzz.ratio(quote, text[x:b]))  # the nearest of equals
    ends = [x for x in nearest_first(b) if x > a and _ends_word(text, x)]
    if ends:
        b = max(ends, key=lambda x: fuzz.ratio(quote, text[a:x]))
    if starts or ends:
        score = float(fuzz.ratio(quote, text[a:b]))
    return (a, b, score) if score >= min_score else None


def _starts_word(text: str, x: int) -> bool:
    """Whether a passage may start at `x`: not on a space, not inside a word."""
    return not text[x].isspace() and (x == 0 or not (text[x - 1].isalnum() and text[x].isalnum()))


def _ends_word(text: str, x: int) -> bool:
    """Whether a passage may end at `x`: not after a space, not inside a word."""
    return not text[x - 1].isspace() and (
        x == len(text) or not (text[x - 1].isalnum() and text[x].isalnum())
    )


def locate_quote(
    text: str, quote: str, *, fuzzy: bool = True, min_score: float = 90.0
) -> QuoteMatch | None:
    """Where a quote is in a text, read as strictly as will find it.

    Tries the tiers ``"exact"``, ``"typography"``, ``"whitespace"``,
    ``"case"`` and ``"fuzzy"`` in turn (each folds more; see
    :mod:`realist.analysis.quotes` for the exact rules) and returns the
    first that finds the quote, with the span of the original text.

    Parameters
    ----------
    text : str
        The source's text, as stored.
    quote : str
        The quote, as pasted.
    fuzzy : bool, default True
        Try the approximate tier when the others fail. Off, a quote with a
        typo or a word changed is not found.
    min_score : float, default 90.0
        The least similarity (0-100) an approximate match needs. Similarity
        is rapidfuzz's: 100 minus the share of the characters of quote and
        passage that must be inserted or deleted to turn one into the other.

    Returns
    -------
    QuoteMatch or None
        The span found (``text[start:end]``, end exclusive), its tier, score
        and text; None when no tier finds the quote. When the quote occurs
        more than once, the first occurrence found by the strictest tier that
        finds it (for ``"fuzzy"``, the best-scoring passage, the first of
        equals).

    Raises
    ------
    realist.errors.ValidationError
        An empty (or whitespace-only) quote: it would be found everywhere,
        so it cannot say where it is. Also a `min_score` outside 0-100.

    Examples
    --------
    >>> text = "Q: How did it start?\\nA: We’d worked  together\\nfor years. Then the PCG came."
    >>> locate_quote(text, "Then the PCG came.")
    QuoteMatch(start=57, end=75, tier='exact', score=100.0, found='Then the PCG came.')
    >>> locate_quote(text, "We'd worked together for years").tier
    'whitespace'
    >>> m = locate_quote(text, "...then the pcg came...")
    >>> m.tier, m.found
    ('case', 'Then the PCG came')
    >>> m = locate_quote(text, "We'd workd together for yeras")
    >>> m.tier, round(m.score, 1), m.found
    ('fuzzy', 94.9, 'We’d worked  together\\nfor years')
    >>> locate_quote(text, "We never worked together") is None
    True
    """
    if not isinstance(text, str) or not isinstance(quote, str):
        raise ValidationError(
            f"locate_quote needs a text and a quote as strings, got "
            f"{type(text).__name__} and {type(quote).__name__}"
        )
    if not quote.strip():
        raise ValidationError(
            f"the quote {quote!r} is empty: there is nothing to look for (it would be found "
            "everywhere)"
        )
    _check_options(min_score)
    return _locate(_Folded(text), quote, fuzzy=fuzzy, min_score=float(min_score))


def _reads_as(text: str, quote: str) -> Tier | None:
    """The strictest non-fuzzy tier at which all of `text` reads as `quote`."""
    if text == quote:
        return "exact"
    for tier in TIERS[1:4]:
        k = _LEVEL[tier]
        q = _fold_quote(quote, k)
        if q and _fold_quote(text, k) == q:
            return tier
    return None


# ---------------------------------------------------------------- projects

_COLUMNS = ["evidence", "source", "tier", "score", "start", "end", "status"]


def match_quotes(
    project: Project, *, fuzzy: bool = True, min_score: float = 90.0, overwrite: bool = False
) -> tuple[Project, pd.DataFrame]:
    """Find every excerpt's quote in its source's text and record the spans.

    For each evidence item with a quote (not empty, not only whitespace)
    whose source carries its text (``Source.text``), :func:`locate_quote`
    looks for the quote. Each source's text is folded once, however many
    quotes it has.

    - An item without a span (``start`` and ``end`` both None) gets the span
      found.
    - An item with a span whose text reads as the quote (at any tier but
      ``"fuzzy"``) keeps it: a quote said twice keeps the occurrence it was
      coded at.
    - An item with a span that does not read as the quote, when the quote is
      found elsewhere, keeps its span (status ``"span kept"``), unless
      `overwrite` is true: then it gets the span found. An item with only
      ``start`` (or only ``end``) counts as agreeing when the span found
      starts (ends) there, and gets the other end.
    - A quote that is not found is reported, and its item left as it is;
      no quote is ever changed or dropped.

    Every item whose span was found or confirmed gets
    ``attributes["quote_match"]``, the tier that found it (the key is
    removed from items that were not matched, so it never goes stale).

    Parameters
    ----------
    project : Project
        Not changed: the spans go into a copy.
    fuzzy, min_score
        As for :func:`locate_quote`.
    overwrite : bool, default False
        Replace spans that do not read as their quote by the span found.

    Returns
    -------
    project : Project
        A deep copy of `project` with the spans recorded.
    report : pandas.DataFrame
        One row per evidence item checked (those with a quote), in project
        order: ``evidence``, ``source`` (ids), ``tier`` (None when not
        found), ``score`` (NaN when not found), ``start``, ``end`` (where the
        quote was found, nullable integers; for ``"span kept"``, not the span
        kept), ``status``: ``"matched"`` (the item's span is that of the
        quote), ``"not found"``, ``"no source text"`` (or no such source),
        ``"span kept"``.

    Raises
    ------
    realist.errors.ValidationError
        A `min_score` outside 0-100.

    Examples
    --------
    >>> from realist.model import Project
    >>> p = Project(title="t")
    >>> _ = p.add_source("int-1", text="Q: How did it start?\\nA: We’d worked\\ntogether for years.")
    >>> _ = p.add_source("doc-1")
    >>> _ = p.add_evidence(source="int-1", quote="We'd worked together", id="ev-1")
    >>> _ = p.add_evidence(source="int-1", quote="We never met", id="ev-2")
    >>> _ = p.add_evidence(source="doc-1", quote="A joint plan", id="ev-3")
    >>> matched, report = match_quotes(p)
    >>> report
      evidence source        tier  score  start   end          status
    0     ev-1  int-1  whitespace  100.0     24    44         matched
    1     ev-2  int-1        None    NaN   <NA>  <NA>       not found
    2     ev-3  doc-1        None    NaN   <NA>  <NA>  no source text
    >>> ev = matched.evidence[0]
    >>> ev.start, ev.end, ev.attributes
    (24, 44, {'quote_match': 'whitespace'})
    >>> p.evidence[0].start is None  # the project passed in is unchanged
    True
    """
    import pandas as pd

    _check_options(min_score)
    if not isinstance(overwrite, bool):
        raise ValidationError(f"overwrite must be True or False, got {overwrite!r}")
    result = project.model_copy(deep=True)
    sources: dict[str, Source] = {s.id: s for s in result.sources}
    folded: dict[str, _Folded] = {}
    rows: list[dict[str, object]] = []
    for ev in result.evidence:
        if not ev.quote.strip():
            continue
        source = sources.get(ev.source)
        row: dict[str, object] = {"evidence": ev.id, "source": ev.source, "tier": None}
        row.update(score=math.nan, start=None, end=None)
        if source is None or source.text is None:
            rows.append({**row, "status": "no source text"})
            continue
        text = source.text
        if ev.source not in folded:
            folded[ev.source] = _Folded(text)
        status, match = _match_one(ev, folded[ev.source], fuzzy, float(min_score), overwrite)
        if match is not None:
            row.update(tier=match.tier, score=match.score, start=match.start, end=match.end)
        rows.append({**row, "status": status})
    dtypes = {"score": "float64", "start": "Int64", "end": "Int64"}
    frame = pd.DataFrame(
        {
            column: pd.Series([row[column] for row in rows], dtype=dtypes.get(column, object))
            for column in _COLUMNS
        }
    )
    return result, frame


def _match_one(
    ev: Evidence, folded: _Folded, fuzzy: bool, min_score: float, overwrite: bool
) -> tuple[str, QuoteMatch | None]:
    """Match one excerpt in place (on the copy); its status and the match."""
    text = folded.text
    start, end = ev.start, ev.end
    if start is not None and end is not None and end <= len(text):
        tier = _reads_as(text[start:end], ev.quote)
        if tier is not None:
            _set(ev, start, end, tier)
            return "matched", QuoteMatch(start, end, tier, 100.0, text[start:end])
    match = _locate(folded, ev.quote, fuzzy=fuzzy, min_score=min_score)
    if match is None:
        ev.attributes.pop("quote_match", None)
        return "not found", None
    agrees = (start is None or start == match.start) and (end is None or end == match.end)
    if (start is None and end is None) or agrees or overwrite:
        _set(ev, match.start, match.end, match.tier)
        return "matched", match
    ev.attributes.pop("quote_match", None)
    return "span kept", match


def _set(ev: Evidence, start: int, end: int, tier: Tier) -> None:
    if (ev.start, ev.end) != (start, end):
        # Clear first: moving one end at a time could pass through a span
        # whose end is before its start, which the model refuses.
        ev.start = ev.end = None
        ev.start, ev.end = start, end
    ev.attributes["quote_match"] = tier
