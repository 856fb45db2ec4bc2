"""Evidence strength, triangulation, quote checks and agreement between coders.

- :func:`evidence_table` — per configuration: how much evidence, from how many
  distinct sources and informants ("sources, not citations"), of which kinds
  of source, supporting or refuting; flags for configurations that rest on one
  source or one kind of source, and for quotes not found in their source.
- :func:`verify_quotes` — every excerpt whose quote is not in its source's
  text, as :class:`~realist.errors.Problem` objects, each saying whether a
  looser reading (typographic quotes, spacing, case, a typo) finds it.
- :func:`locate_quote`, :func:`match_quotes`, :class:`QuoteMatch` — finding
  pasted quotes in their sources' text and recording the spans; they live in
  :mod:`realist.analysis.quotes` and are re-exported here.
- :func:`coder_agreement` — percent agreement and Cohen's kappa between
  coders on the excerpts they both coded, per element kind.
- :func:`cohen_kappa` — Cohen's kappa for two raters' nominal labels.

Examples
--------
>>> from realist.model import Project
>>> p = Project(title="t")
>>> _ = p.add_case("a")
>>> _ = p.add_source("int-1", kind="interview", case="a", text="We had worked together for years.")
>>> _ = p.add_source("doc-1", kind="document", case="a")
>>> e1 = p.add_evidence(source="int-1", quote="worked together  for years")
>>> e2 = p.add_evidence(source="doc-1", quote="A joint plan was agreed.")
>>> k = p.add_configuration(case="a", mechanisms=p.add_mechanism("Champions"),
...                         outcomes=p.add_outcome("Vision"), evidence=[e1, e2], id="k1")
>>> evidence_table(p)[["n_evidence", "n_sources", "n_kinds", "single_source", "single_kind"]]
               n_evidence  n_sources  n_kinds  single_source  single_kind
configuration
k1                      2          2        2          False        False
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from realist.analysis.quotes import (
    _LEVEL,
    QuoteMatch,
    _fold_typography,
    _Folded,
    _locate,
    locate_quote,
    match_quotes,
)
from realist.analysis.regularities import CaseFilter, _narrow
from realist.errors import Problem, ValidationError
from realist.model import SOURCE_KINDS, STANCES, Evidence, Project, Source

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "QuoteMatch",
    "coder_agreement",
    "cohen_kappa",
    "evidence_table",
    "locate_quote",
    "match_quotes",
    "verify_quotes",
]

_KINDS = ("context", "mechanism", "outcome")


# ---------------------------------------------------------------- quotes


def _normalise(text: str) -> str:
    """Unicode NFC, runs of whitespace as one space, no leading or trailing space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


_HOW = {
    "typography": "after folding typographic quotes, dashes, ellipses and spaces",
    "whitespace": "after folding typographic quotes and dashes, spacing and cut marks ('...')",
    "case": "after folding typographic quotes and dashes, spacing and cut marks, and case",
}


def _how(match: QuoteMatch, quote: str) -> str:
    """How a looser, non-fuzzy tier of :func:`locate_quote` read a quote, for a message.

    Spacing alone never fails :func:`verify_quotes`: a quote found by the
    whitespace tier that differs from the passage in typography only (and
    spacing) is described as a typographic difference.
    """
    if match.tier == "whitespace" and _normalise(_fold_typography(quote)[0]) == _normalise(
        _fold_typography(match.found)[0]
    ):
        return _HOW["typography"]
    return _HOW[match.tier]


def _looser(match: QuoteMatch, quote: str) -> str:
    """How and where a looser tier of :func:`locate_quote` found a quote, for a message."""
    return f"it matches {_how(match, quote)} at [{match.start}:{match.end}]"


class _SourceText:
    """A source's text, normalised once for the checks of all its excerpts."""

    __slots__ = ("folded", "normalised", "source")

    def __init__(self, source: Source, text: str) -> None:
        self.source = source
        self.normalised = _normalise(text)
        self.folded = _Folded(text)

    def locate(self, quote: str) -> QuoteMatch | None:
        """The quote found by a tier looser than :func:`verify_quotes` reads, but not fuzzy."""
        match = _locate(self.folded, quote, fuzzy=False, min_score=100.0)
        return match if match is not None and _LEVEL[match.tier] > 0 else None


def _quote_problems(
    i: int, ev: Evidence, source: Source, checked: _SourceText | None = None, *, hints: bool = True
) -> list[Problem]:
    """What is wrong with one excerpt's quote and span against its source's text.

    `checked` is the source's text, normalised once (for many excerpts);
    without `hints`, messages do not look for the quote under looser tiers.
    """
    text = source.text
    if text is None:
        return []
    if checked is None:
        checked = _SourceText(source, text)
    where = f"evidence[{i}]"
    name = f"evidence {ev.id!r}"
    problems: list[Problem] = []
    start, end = ev.start, ev.end
    for field, value in (("start", start), ("end", end)):
        if value is not None and value > len(text):
            problems.append(
                Problem(
                    f"{where}.{field}",
                    f"{name}: {field} {value} is beyond the end of the text of source "
                    f"{source.id!r} ({len(text)} characters)",
                )
            )
    if problems:
        return problems
    quote = _normalise(ev.quote)
    if not quote:
        return []
    if start is None and end is None:
        if quote not in checked.normalised:
            looser = checked.locate(ev.quote) if hints else None
            message = (
                f"{name}: the quote {_short(ev.quote)} is not in the text of source "
                f"{source.id!r}; correct the quote, or the source's text"
                if looser is None
                else f"{name}: the quote {_short(ev.quote)} is not in the text of source "
                f"{source.id!r} as written; {_looser(looser, ev.quote)}: correct the quote to the "
                "source's wording (match_quotes records the span it was found at)"
            )
            problems.append(Problem(f"{where}.quote", message))
        return problems
    span = _normalise(text[start or 0 : len(text) if end is None else end])
    ok = (
        span == quote
        if start is not None and end is not None
        else (span.startswith(quote) if start is not None else span.endswith(quote))
    )
    if not ok:
        looser = None
        if quote in checked.normalised:
            hint = "the quote is elsewhere in the text: correct start and end"
        elif hints and (looser := checked.locate(ev.quote)) is not None:
            at_span = (start is None or start == looser.start) and (
                end is None or end == looser.end
            )
            hint = (
                f"the span reads as the quote {_how(looser, ev.quote)}: correct the quote to the "
                "source's wording"
                if at_span
                else f"the quote is not in the text as written; {_looser(looser, ev.quote)}: correct the "
                "quote to the source's wording, and start and end (or run "
                "match_quotes(overwrite=True))"
            )
        else:
            hint = "the quote is not in the text at all"
        at = f"{start if start is not None else ''}:{end if end is not None else ''}"
        problems.append(
            Problem(
                f"{where}.quote",
                f"{name}: the span [{at}] of source {source.id!r} reads {_short(span)}, "
                f"not the quote {_short(ev.quote)}; {hint}",
            )
        )
    return problems


def verify_quotes(project: Project) -> list[Problem]:
    """Every excerpt whose quote does not match the text of its source.

    Only sources that carry their text (``Source.text``) can be checked;
    excerpts of other sources, and excerpts with an empty quote and no span,
    pass. Texts and quotes are compared after Unicode NFC normalisation and
    with every run of whitespace read as one space (line breaks in
    transcripts); case, punctuation and typographic quotes must match.

    - Without ``start``/``end``, the quote must occur somewhere in the text.
    - With both, the text from ``start`` to ``end`` (end exclusive) must be
      the quote; with only ``start`` (``end``), the text must begin (end) with
      the quote there.
    - A ``start`` or ``end`` beyond the end of the text is a problem too.

    When a quote fails but a looser reading finds it for certain
    (typographic quotes and dashes folded, spacing around punctuation, cut
    marks, case: the tiers of :func:`locate_quote` but ``"fuzzy"``), the
    message says so and where: the quote was most likely pasted through a
    word processor, and should be corrected to the source's wording.
    :func:`match_quotes` records where such quotes are, and finds near
    matches too (a near match is a guess, so it is not offered here).

    Parameters
    ----------
    project : Project

    Returns
    -------
    list of Problem
        One per failing check, in the order of ``project.evidence``; each
        ``path`` is ``evidence[i].quote`` (or ``.start``/``.end``) and each
        message names the excerpt, the source and what to correct. Empty when
        every quote checks out. To fail hard, raise
        ``realist.ValidationError(problems)``.

    Examples
    --------
    >>> from realist.model import Project
    >>> p = Project(title="t")
    >>> _ = p.add_source("int-1", text="We had worked\\ntogether for years. Then the PCG came.")
    >>> _ = p.add_evidence(source="int-1", quote="worked together for years", id="ev-1")
    >>> _ = p.add_evidence(source="int-1", quote="we worked together", id="ev-2")
    >>> _ = p.add_evidence(source="int-1", quote="Then the PCG came.", start=0, end=22,
    ...                    id="ev-3")
    >>> for problem in verify_quotes(p):
    ...     print(problem)
    evidence[1].quote: evidence 'ev-2': the quote 'we worked together' is not in the text of
    source 'int-1'; correct the quote, or the source's text
    evidence[2].quote: evidence 'ev-3': the span [0:22] of source 'int-1' reads 'We had worked
    together', not the quote 'Then the PCG came.'; the quote is elsewhere in the text: correct
    start and end

    A quote pasted from Word, with curly quotes and a dash for a hyphen:

    >>> _ = p.add_source("doc-1", kind="document", text='The "joint" plan - agreed in May.')
    >>> _ = p.add_evidence(source="doc-1", quote="The \u201cjoint\u201d plan \u2013 agreed",
    ...                    id="ev-4")
    >>> print(verify_quotes(p)[-1])
    evidence[3].quote: evidence 'ev-4': the quote 'The “joint” plan – agreed' is not in the text
    of source 'doc-1' as written; it matches after folding typographic quotes, dashes, ellipses
    and spaces at [0:25]: correct the quote to the source's wording (match_quotes records the
    span it was found at)
    """
    return [p for _, found in _quote_failures(project) for p in found]


def _quote_failures(
    project: Project, *, hints: bool = True
) -> list[tuple[Evidence, list[Problem]]]:
    """The excerpts that fail :func:`verify_quotes`, each with its problems."""
    sources = {s.id: s for s in project.sources}
    texts: dict[str, _SourceText] = {}  # each source's text normalised once
    failures: list[tuple[Evidence, list[Problem]]] = []
    for i, ev in enumerate(project.evidence):
        source = sources.get(ev.source)
        if source is not None and source.text is not None:
            if source.id not in texts:
                texts[source.id] = _SourceText(source, source.text)
            found = _quote_problems(i, ev, source, texts[source.id], hints=hints)
            if found:
                failures.append((ev, found))
    return failures


# ---------------------------------------------------------------- evidence table


def evidence_table(
    project: Project,
    *,
    informant_key: str = "informant",
    themes: str | Iterable[str] | None = None,
    status: str | Iterable[str] | None = None,
    exclude_status: str | Iterable[str] | None = None,
    where: CaseFilter | None = None,
) -> pd.DataFrame:
    """How well each configuration is evidenced, and how well triangulated.

    One row per configuration, counting the distinct evidence excerpts it
    cites. Sources, not citations: ten excerpts of one interview are one
    source and one informant.

    Parameters
    ----------
    project : Project
        The project to analyse.
    informant_key : str, default "informant"
        The source attribute that names the informant (the person who spoke,
        or the author): sources with the same value are one informant. A
        source without the attribute is an informant of its own (one
        interview, one person). A key other than the default that no source
        carries is an error (a misspelling would otherwise count every source
        as its own informant).
    themes, status, exclude_status : str or iterable of str, optional
        Filters on configurations, as in :func:`realist.find_regularities`,
        except that nothing is excluded by default: the evidence table is
        about every configuration, refuted ones included (pass
        ``exclude_status="refuted"`` to leave them out).
    where : mapping or callable, optional
        Narrow the project as :func:`realist.subset` does: a configuration is
        kept with the cases that match (and their excerpts); one without a
        case is kept when the sources of its evidence match.

    Returns
    -------
    pandas.DataFrame
        Indexed by configuration id (``configuration``), in project order,
        with columns:

        - ``cases`` (tuple of ids), ``status``, ``confidence``;
        - ``n_evidence`` — distinct excerpts cited;
        - ``n_sources`` — distinct sources of those excerpts;
        - ``n_informants`` — distinct informants (see `informant_key`);
        - ``n_kinds`` — distinct kinds of source;
        - ``n_interview``, ``n_document``, ``n_observation``, ``n_survey``,
          ``n_other`` — excerpts from sources of each kind;
        - ``n_supports``, ``n_refutes``, ``n_mixed`` — excerpts by stance;
        - ``unverified_quotes`` — excerpts whose quote does not match the
          text of its source (see :func:`verify_quotes`; always 0 for sources
          without text);
        - ``no_evidence`` — no excerpt cited;
        - ``single_source`` — every excerpt from one source;
        - ``single_kind`` — every excerpt from one kind of source (no
          triangulation across interview, document, observation...);
        - ``counts_as`` — ``"counter"`` for a refuted configuration (its
          evidence refutes the claim that the mechanism, in that context,
          brings the outcome: never support), ``"support"`` otherwise;
        - ``stance_mismatch`` — the stances do not back the status: a
          refuted configuration none of whose excerpts refutes (or is
          mixed), or another configuration none of whose excerpts supports
          (or is mixed). False without evidence.

    Notes
    -----
    A quote that is not in its source is flagged in its configurations'
    rows, not raised: the table is for reading the strength of the evidence,
    and one bad excerpt should not hide the rest. :func:`verify_quotes` lists
    the failures, with what to correct.

    Raises
    ------
    realist.errors.ValidationError
        An unknown status, a `where` attribute that no case has, an
        `informant_key` that no source carries.
    realist.errors.UnknownIdError
        A theme id that the project does not hold.

    Examples
    --------
    Every HIPP excerpt is a sentence of the published paper: all evidence is
    of one kind, documents, so no configuration is triangulated across kinds.

    >>> import realist as rl
    >>> hipp = rl.datasets.load("hipp")
    >>> table = evidence_table(hipp)
    >>> table.loc["cfg-nottingham-readiness", ["n_evidence", "n_sources", "n_document"]].tolist()
    [7, 2, 7]
    >>> bool(table["single_kind"].all()), int(table["n_refutes"].sum())
    (True, 1)

    Nottingham's generic model was devised but not tested: a refuted
    configuration, whose evidence counts against it, never for it.

    >>> row = table.loc["cfg-nottingham-generic-model"]
    >>> row["counts_as"], int(row["n_refutes"]), bool(row["stance_mismatch"])
    ('counter', 1, False)
    """
    import pandas as pd

    if not isinstance(informant_key, str) or not informant_key:
        raise ValidationError(f"informant_key must be a non-empty string, got {informant_key!r}")
    if informant_key != "informant" and not any(
        informant_key in s.attributes for s in project.sources
    ):
        names = sorted({a for s in project.sources for a in s.attributes})
        listed = ", ".join(repr(a) for a in names) or "none"
        raise ValidationError(
            f"no source has the attribute {informant_key!r} given as informant_key; "
            f"source attributes are: {listed}"
        )
    project = _narrow(
        project, themes=themes, status=status, exclude_status=exclude_status, where=where
    )
    configs = list(project.configurations)

    sources = {s.id: s for s in project.sources}
    evidence = {ev.id: ev for ev in project.evidence}
    unverified = {ev.id for ev, _ in _quote_failures(project, hints=False)}

    def informant(source: Source) -> tuple[str, Any]:
        value = source.attributes.get(informant_key)
        return ("source", source.id) if value is None else ("informant", value)

    columns = [
        "cases",
        "status",
        "confidence",
        "n_evidence",
        "n_sources",
        "n_informants",
        "n_kinds",
        *(f"n_{kind}" for kind in SOURCE_KINDS),
        *(f"n_{stance}" for stance in STANCES),
        "unverified_quotes",
        "no_evidence",
        "single_source",
        "single_kind",
        "counts_as",
        "stance_mismatch",
    ]
    rows: list[dict[str, Any]] = []
    for k in configs:
        cited = [evidence[e] for e in dict.fromkeys(k.evidence) if e in evidence]
        cited_sources = [sources[ev.source] for ev in cited if ev.source in sources]
        kinds = {s.kind for s in cited_sources}
        n_sources = len({s.id for s in cited_sources})
        row: dict[str, Any] = {
            "configuration": k.id,
            "cases": tuple(k.cases),
            "status": k.status,
            "confidence": k.confidence,
            "n_evidence": len(cited),
            "n_sources": n_sources,
            "n_informants": len({informant(s) for s in cited_sources}),
            "n_kinds": len(kinds),
        }
        for kind in SOURCE_KINDS:
            row[f"n_{kind}"] = sum(1 for s in cited_sources if s.kind == kind)
        for stance in STANCES:
            row[f"n_{stance}"] = sum(1 for ev in cited if ev.stance == stance)
        row["unverified_quotes"] = sum(1 for ev in cited if ev.id in unverified)
        row["no_evidence"] = not cited
        row["single_source"] = n_sources == 1
        row["single_kind"] = len(kinds) == 1
        refuted = k.status == "refuted"
        row["counts_as"] = "counter" if refuted else "support"
        backing = ("refutes", "mixed") if refuted else ("supports", "mixed")
        row["stance_mismatch"] = bool(cited) and not any(ev.stance in backing for ev in cited)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["configuration", *columns])
    return frame.set_index("configuration")


# ---------------------------------------------------------------- agreement


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's kappa for two raters who each labelled the same items.

    ``kappa = (p_o - p_e) / (1 - p_e)``, where ``p_o`` is the proportion of
    items on which the raters agree and ``p_e`` the agreement expected by
    chance from each rater's own label frequencies, ``sum_k p_a(k) p_b(k)``
    (Cohen, 1960). Kappa is 1 for perfect agreement, 0 for agreement no
    better than chance, negative for worse.

    Parameters
    ----------
    a, b : sequence of hashable
        The labels of the two raters, item by item (any nominal labels:
        True/False for applied or not, or category names).

    Returns
    -------
    float
        Kappa, in [-1, 1]; NaN when ``p_e`` is 1 (both raters gave every item
        the same single label, so chance explains everything and kappa is
        undefined).

    Raises
    ------
    realist.errors.ValidationError
        Sequences of different lengths, or empty; a plain string instead of a
        sequence of labels; a missing label (None, NaN, ``pd.NA``, ``NaT``:
        NaN is not equal to itself, so it cannot be counted as agreement),
        named by its position; a label that is not hashable.

    Examples
    --------
    Two raters, 50 items: both yes 20, both no 15, and 5 plus 10
    disagreements. ``p_o = 0.7``, ``p_e = 0.5*0.6 + 0.5*0.4 = 0.5``:

    >>> a = ["yes"] * 25 + ["no"] * 25
    >>> b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    >>> round(cohen_kappa(a, b), 4)
    0.4

    Missing labels are not guessed at: drop or recode the item first.

    >>> cohen_kappa(["yes", None], ["yes", "no"])
    Traceback (most recent call last):
    ...
    realist.errors.ValidationError: ...rater a has a missing label (None) at position 1...
    """
    import numpy as np
    import pandas as pd

    for name, labels in (("a", a), ("b", b)):
        if isinstance(labels, (str, bytes)):
            raise ValidationError(
                f"rater {name}'s labels must be a sequence of labels, got the string "
                f"{_short(str(labels))}; pass a list of labels (one per item), e.g. "
                f"[{_short(str(labels), 20)}] for a single item"
            )
        try:
            len(labels)
        except TypeError:
            raise ValidationError(
                f"rater {name}'s labels must be a sequence (a list, tuple, array or Series), "
                f"got {type(labels).__name__}"
            ) from None
    if len(a) != len(b):
        raise ValidationError(
            f"the two raters labelled different numbers of items ({len(a)} and {len(b)})"
        )
    n = len(a)
    if n == 0:
        raise ValidationError("cohen_kappa needs at least one item, got none")
    for name, labels in (("a", a), ("b", b)):
        for i, x in enumerate(labels):
            missing: object = pd.isna(cast(Any, x))
            if isinstance(missing, (bool, np.bool_)) and missing:
                raise ValidationError(
                    f"rater {name} has a missing label ({x!r}) at position {i}; "
                    "drop that item from both raters' labels, or give it a label of its own "
                    "(such as 'not coded')"
                )
            try:
                hash(x)
            except TypeError:
                raise ValidationError(
                    f"rater {name}'s label at position {i} is not hashable ({x!r}); "
                    "use strings, numbers or tuples as labels"
                ) from None
    agree = sum(1 for x, y in zip(a, b, strict=True) if x == y)
    count_a: dict[Hashable, int] = {}
    count_b: dict[Hashable, int] = {}
    for x in a:
        count_a[x] = count_a.get(x, 0) + 1
    for y in b:
        count_b[y] = count_b.get(y, 0) + 1
    chance = sum(count_a[k] * count_b.get(k, 0) for k in count_a)  # n**2 * p_e
    return _kappa(agree, chance, n)


def _kappa(agree: int, chance: int, n: int) -> float:
    """Kappa from n * p_o (`agree`) and n**2 * p_e (`chance`), in exact integers."""
    if chance == n * n:
        return math.nan
    return (agree * n - chance) / (n * n - chance)


def _kappa_2x2(both: int, only_a: int, only_b: int, neither: int) -> float:
    n = both + only_a + only_b + neither
    if n == 0:
        return math.nan
    a_yes, b_yes = both + only_a, both + only_b
    chance = a_yes * b_yes + (n - a_yes) * (n - b_yes)
    return _kappa(both + neither, chance, n)


def _unit_key(ev: Evidence) -> tuple[Any, ...] | None:
    """What makes two codings the same excerpt: same source and span, else same quote."""
    if ev.start is not None and ev.end is not None:
        return ("span", ev.source, ev.start, ev.end)
    quote = _normalise(ev.quote)
    if quote:
        return ("quote", ev.source, quote)
    return None


def coder_agreement(project: Project) -> pd.DataFrame:
    """Agreement between coders on the excerpts they both coded.

    An *excerpt* is a source and a span (``start`` and ``end``); an evidence
    item without both is matched by source and quote instead (compared as in
    :func:`verify_quotes`). An excerpt is *double-coded* when evidence items
    of two or more different ``coder`` values fall on it; the codes a coder
    applied to it are the union of the ``elements`` of that coder's items on
    it. Evidence without a coder is left out.

    For a pair of coders and an element kind (context, mechanism, outcome),
    the *codes in play* are the elements of that kind that either coder
    applied to at least one excerpt they both coded. Each excerpt they both
    coded and each code in play is one decision: applied or not, by each
    coder. Codes neither applied anywhere are left out: they would add only
    agreements on absence, inflating percent agreement. From the 2 x 2 table
    of decisions come percent agreement and Cohen's kappa (see
    :func:`cohen_kappa`). Kind ``"all"`` pools the three kinds.

    With three or more coders, the first rows compare all of them: decisions
    summed over every pair (``agreement`` is pooled over all pairwise
    decisions) and ``kappa`` the mean of the pairs' kappas (Light's kappa,
    Light 1971), pairs with an undefined kappa left out.

    Parameters
    ----------
    project : Project

    Returns
    -------
    pandas.DataFrame
        One row per comparison and kind, with columns ``coders`` (a tuple:
        the two coders of a pair, or all coders), ``kind`` (context,
        mechanism, outcome, all), ``n_excerpts`` (excerpts both coded),
        ``n_codes`` (codes in play), ``n_decisions``, ``n_both``, ``n_only_a``,
        ``n_only_b``, ``n_neither`` (the cells of the table; *a* is the first
        coder of the pair), ``agreement`` (proportion, 0 to 1) and ``kappa``
        (NaN when undefined: every decision the same, e.g. both coders applied
        every code in play everywhere). Pairs in coder order, coders sorted;
        pairs that coded no excerpt in common have no rows. Empty (with these
        columns) when no excerpt is double-coded.

    Examples
    --------
    >>> from realist.model import Project
    >>> p = Project(title="t")
    >>> _ = p.add_source("int-1")
    >>> c1, c2 = p.add_context("History", id="c-hist"), p.add_context("Turnover", id="c-turn")
    >>> m = p.add_mechanism("Champions", id="m-champ")
    >>> coded = {"ann": [[c1], [c1, m], [c2], []], "bob": [[c1], [m], [c2], [c2]]}
    >>> for coder, excerpts in coded.items():
    ...     for n, codes in enumerate(excerpts):
    ...         _ = p.add_evidence(source="int-1", start=10 * n, end=10 * n + 9,
    ...                            coder=coder, elements=codes)
    >>> coder_agreement(p)[["coders", "kind", "n_decisions", "agreement", "kappa"]].round(3)
           coders       kind  n_decisions  agreement  kappa
    0  (ann, bob)    context            8      0.750  0.467
    1  (ann, bob)  mechanism            4      1.000  1.000
    2  (ann, bob)    outcome            0        NaN    NaN
    3  (ann, bob)        all           12      0.833  0.625

    On contexts: both coders applied a code 2 times, one of them only 1 + 1
    times, neither 4 times: ``p_o = 6/8``, ``p_e = (3*3 + 5*5)/64``, kappa
    ``= (0.75 - 0.53125)/(1 - 0.53125) = 0.467``.

    HIPP records no coders:

    >>> import realist as rl
    >>> len(coder_agreement(rl.datasets.load("hipp")))
    0
    """
    import pandas as pd

    kind_of = {e_id: e.kind for e_id, e in project.elements.items()}
    rank = {e_id: n for n, e_id in enumerate(project.elements)}
    units: dict[tuple[Any, ...], dict[str, set[str]]] = {}
    for ev in project.evidence:
        if ev.coder is None:
            continue
        key = _unit_key(ev)
        if key is None:
            continue
        units.setdefault(key, {}).setdefault(ev.coder, set()).update(ev.elements)
    double = [coding for coding in units.values() if len(coding) >= 2]
    coders = sorted({c for coding in double for c in coding})

    columns = [
        "coders",
        "kind",
        "n_excerpts",
        "n_codes",
        "n_decisions",
        "n_both",
        "n_only_a",
        "n_only_b",
        "n_neither",
        "agreement",
        "kappa",
    ]
    kinds = (*_KINDS, "all")
    pair_rows: list[dict[str, Any]] = []
    for a, b in itertools.combinations(coders, 2):
        shared = [coding for coding in double if a in coding and b in coding]
        if not shared:
            continue
        for kind in kinds:
            codes = sorted(
                {
                    e
                    for coding in shared
                    for e in coding[a] | coding[b]
                    if kind == "all" or kind_of.get(e) == kind
                },
                key=lambda e: rank.get(e, len(rank)),
            )
            cells = [0, 0, 0, 0]  # both, only a, only b, neither
            for coding in shared:
                for e in codes:
                    in_a, in_b = e in coding[a], e in coding[b]
                    cells[(0 if in_b else 1) if in_a else (2 if in_b else 3)] += 1
            pair_rows.append(_row((a, b), kind, len(shared), len(codes), cells))

    rows: list[dict[str, Any]] = []
    if len(coders) > 2 and pair_rows:
        for kind in kinds:
            of_kind = [r for r in pair_rows if r["kind"] == kind]
            cells = [sum(r[c] for r in of_kind) for c in columns[5:9]]
            n_codes = len(
                {
                    e
                    for coding in double
                    for codes_ in coding.values()
                    for e in codes_
                    if kind == "all" or kind_of.get(e) == kind
                }
            )
            row = _row(tuple(coders), kind, len(double), n_codes, cells)
            kappas = [r["kappa"] for r in of_kind if not math.isnan(r["kappa"])]
            row["kappa"] = sum(kappas) / len(kappas) if kappas else math.nan
            rows.append(row)
    rows.extend(pair_rows)
    return pd.DataFrame(rows, columns=columns)


def _row(
    coders: tuple[str, ...], kind: str, n_excerpts: int, n_codes: int, cells: list[int]
) -> dict[str, Any]:
    both, only_a, only_b, neither = cells
    n = sum(cells)
    return {
        "coders": coders,
        "kind": kind,
        "n_excerpts": n_excerpts,
        "n_codes": n_codes,
        "n_decisions": n,
        "n_both": both,
        "n_only_a": only_a,
        "n_only_b": only_b,
        "n_neither": neither,
        "agreement": (both + neither) / n if n else math.nan,
        "kappa": _kappa_2x2(both, only_a, only_b, neither),
    }
