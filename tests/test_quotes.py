"""locate_quote, match_quotes and QuoteMatch: pasted quotes found in their sources."""

from __future__ import annotations

import dataclasses
import itertools
import math
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import realist as rl
from realist.analysis.evidence import verify_quotes
from realist.analysis.quotes import (
    TIERS,
    QuoteMatch,
    _fold_quote,
    _Folded,
    locate_quote,
    match_quotes,
)
from realist.errors import ValidationError
from realist.model import Project

TRANSCRIPT = (
    "Q: How did it start?\r\n"
    "A: We\u2019d worked  together\r\nfor years \u2014 \u201cthe old way\u201d \u2026 "
    "Then the PCG came.\u00a0It changed\u200b everything."
)


# ---------------------------------------------------------------- tiers


@pytest.mark.parametrize(
    ("quote", "tier", "found"),
    [
        ("Then the PCG came.", "exact", "Then the PCG came."),
        ("We\u2019d worked", "exact", "We\u2019d worked"),
        ("We'd worked", "typography", "We\u2019d worked"),  # curly apostrophe
        ('"the old way"', "typography", "\u201cthe old way\u201d"),  # curly double quotes
        ('years - "the', "typography", "years \u2014 \u201cthe"),  # em dash
        ("way\u201d ... Then", "typography", "way\u201d \u2026 Then"),  # ellipsis
        ("came. It changed everything", "typography", "came.\u00a0It changed\u200b everything"),
        ("worked together for years", "whitespace", "worked  together\r\nfor years"),
        ("for years \u2013 \u2018the old way\u2019", "typography", None),  # not found: ‘ is '
        (
            "We'd worked together\nfor years",
            "whitespace",
            "We\u2019d worked  together\r\nfor years",
        ),
        ("the PCG came .", "whitespace", "the PCG came."),  # space before punctuation
        ("... Then the PCG came ...", "whitespace", "Then the PCG came"),  # cut marks
        ("[...] the PCG came", "whitespace", "the PCG came"),
        ("then the pcg came", "case", "Then the PCG came"),
        ("WE'D WORKED TOGETHER", "case", "We\u2019d worked  together"),
    ],
)
def test_each_tier(quote: str, tier: str, found: str | None) -> None:
    m = locate_quote(TRANSCRIPT, quote, fuzzy=False)
    if found is None:
        assert m is None
        return
    assert m is not None
    assert (m.tier, m.found, m.score) == (tier, found, 100.0)
    assert TRANSCRIPT[m.start : m.end] == found


def test_offsets_are_those_of_the_original_text() -> None:
    text = "\u201cA\u201d \u2026 b\u00ad\u00adc \ufb01ne  caf\u00e9 cafe\u0301. STRASSE end"
    for quote, found in [
        ('"A" ... bc', "\u201cA\u201d \u2026 b\u00ad\u00adc"),
        ("fine", "\ufb01ne"),  # a ligature is two letters
        ("caf\u00e9 caf\u00e9", "caf\u00e9 cafe\u0301"),  # composed or not
        ("cafe\u0301 cafe\u0301", "caf\u00e9 cafe\u0301"),
        ("stra\u00dfe end", "STRASSE end"),  # ß casefolds to two letters
        ("...", "\u2026"),
    ]:
        m = locate_quote(text, quote, fuzzy=False)
        assert m is not None, quote
        assert m.found == found and text[m.start : m.end] == found, quote


def test_case_tier_maps_offsets_past_expanding_letters() -> None:
    text = "Stra\u00dfe und Stra\u00dfe, then the PLAN"
    m = locate_quote(text, "the plan")
    assert m is not None and (m.tier, m.found) == ("case", "the PLAN")
    assert m.start == text.index("the PLAN")


def test_first_occurrence_of_the_strictest_tier() -> None:
    text = "It\u2019s fine. It's fine. it's fine."
    m = locate_quote(text, "It's fine")
    assert m is not None and (m.tier, m.start) == ("exact", text.index("It's fine"))
    m = locate_quote(text, "It\u2018s fine")  # typography: the first of the two
    assert m is not None and (m.tier, m.start) == ("typography", 0)
    m = locate_quote("x Ab ab", "ab")
    assert m is not None and (m.tier, m.start) == ("exact", 5)  # exact beats an earlier case


def test_fuzzy_tier() -> None:
    m = locate_quote(TRANSCRIPT, "We'd workd together for yeras")
    assert m is not None
    assert m.tier == "fuzzy" and 90 <= m.score < 100
    assert m.found == "We\u2019d worked  together\r\nfor years"  # ends moved to the words
    assert locate_quote(TRANSCRIPT, "We'd workd together for yeras", fuzzy=False) is None
    assert locate_quote(TRANSCRIPT, "We'd workd together for yeras", min_score=99) is None
    m = locate_quote(TRANSCRIPT, "we'd worked together for many years")  # a word added
    assert m is not None and m.tier == "fuzzy"
    assert m.found.endswith("for years")
    assert locate_quote(TRANSCRIPT, "Nothing of the sort was ever said here") is None
    assert locate_quote("short", "a much longer quote than the text") is None


def test_empty_quote_and_bad_options() -> None:
    for quote in ("", "   ", "\r\n"):
        with pytest.raises(ValidationError, match="nothing to look for"):
            locate_quote("text", quote)
    with pytest.raises(ValidationError, match="min_score"):
        locate_quote("text", "t", min_score=101)
    with pytest.raises(ValidationError, match="min_score"):
        locate_quote("text", "t", min_score=True)
    with pytest.raises(ValidationError, match="strings"):
        locate_quote(None, "t")  # type: ignore[arg-type]
    assert locate_quote("a b", "\u200b") is None  # nothing visible to fold to


def test_quote_match_is_frozen() -> None:
    m = locate_quote("abc", "b")
    assert m == QuoteMatch(1, 2, "exact", 100.0, "b")
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.start = 0  # type: ignore[misc]


# ---------------------------------------------------------------- properties

# Tokens, so that a quote never starts inside a base letter and its accent.
WORDS = ["we", "had", "Worked", "caf\u00e9", "cafe\u0301", "PCG", "x", "ok"]
PUNCT = [",", ".", "'", '"', "-", "...", "(", ")", ":", "?"]
SPACE = [" ", "\n", "  ", "\r\n", "\t", "\u00a0"]
TYPO = ["\u2019", "\u201c", "\u2014", "\u2026", "\u200b", "\u00ad"]
TOKENS = WORDS + PUNCT + SPACE + TYPO

SAME: dict[str, list[str]] = {
    "'": ["'", "\u2019", "\u2018", "\u201a", "\u2032"],
    "\u2019": ["'", "\u2019", "\u2039"],
    '"': ['"', "\u201c", "\u201d", "\u00ab", "\u2033"],
    "\u201c": ['"', "\u201c", "\u201e"],
    "-": ["-", "\u2013", "\u2014", "\u2010", "\u2212"],
    "\u2014": ["-", "\u2013", "\u2015"],
    "...": ["...", "\u2026"],
    "\u2026": ["...", "\u2026"],
    "caf\u00e9": ["caf\u00e9", "cafe\u0301"],
    "cafe\u0301": ["caf\u00e9", "cafe\u0301"],
}
TYPOGRAPHIC_SPACES = [" ", "\u00a0", "\u2009", "\u202f"]
ANY_SPACE = [" ", "\n", "  ", "\r\n", "\t", "\u00a0", " \n "]
CLOSING = {",", ".", "...", "\u2026", ")", ":", "?"}


@st.composite
def damaged_quotes(draw: st.DrawFn) -> tuple[str, str, str, int]:
    """A text, a quote taken from it, the quote damaged, and the loosest damage done."""
    tokens = draw(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=40))
    i = draw(st.integers(0, len(tokens) - 1))
    j = draw(st.integers(i + 1, len(tokens)))
    assume(any(t in WORDS for t in tokens[i:j]))  # something to look for
    level = draw(st.integers(1, 3))  # 1 typography, 2 whitespace, 3 case
    out: list[str] = []
    for n, token in enumerate(tokens[i:j]):
        if draw(st.integers(0, 9)) == 0:
            out.append(draw(st.sampled_from(["\u200b", "\u00ad", "\u2060"])))
        if token in SAME:
            token = draw(st.sampled_from(SAME[token]))
        elif token in SPACE and level >= 2:
            token = draw(st.sampled_from(ANY_SPACE))
        elif token in TYPOGRAPHIC_SPACES:
            token = draw(st.sampled_from(TYPOGRAPHIC_SPACES))
        elif token in WORDS and level >= 3:
            token = draw(st.sampled_from([token, token.upper(), token.lower(), token.title()]))
        if level >= 2 and token in CLOSING and n > 0 and out[-1].strip() and draw(st.booleans()):
            out.append(" ")  # a space before punctuation
        out.append(token)
    damaged = "".join(out)
    if level >= 2:
        damaged = draw(st.sampled_from(["", " ", "\n", "... ", "[...] "])) + damaged
        damaged += draw(st.sampled_from(["", " ", "\r\n", " ...", "..."]))
    return "".join(tokens), "".join(tokens[i:j]), damaged, level


@settings(max_examples=400, deadline=None)
@given(damaged_quotes())
def test_damaged_quote_is_found_where_it_reads_the_same(case: tuple[str, str, str, int]) -> None:
    text, _, damaged, level = case
    m = locate_quote(text, damaged, fuzzy=False)
    assert m is not None
    assert TIERS.index(m.tier) <= level
    assert 0 <= m.start < m.end <= len(text) and m.found == text[m.start : m.end]
    k = TIERS.index(m.tier)
    assert _fold_quote(m.found, k) == _fold_quote(damaged, k)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.data())
def test_exact_substring_found_exactly_at_its_first_occurrence(
    text: str, data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, len(text)))
    quote = text[i:j]
    assume(quote.strip())
    m = locate_quote(text, quote)
    assert m is not None
    first = text.find(quote)
    assert (m.tier, m.start, m.end, m.found) == ("exact", first, first + len(quote), quote)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text("abcdefghij", min_size=3, max_size=8), min_size=12, max_size=40, unique=True),
    st.data(),
)
def test_a_typo_is_found_where_the_passage_is(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    i = data.draw(st.integers(0, len(words) - 8))
    j = data.draw(st.integers(i + 8, len(words)))
    passage = " ".join(words[i:j])
    start = text.index(passage)
    cut = data.draw(st.integers(0, len(passage) - 1))
    assume(passage[cut] != " ")
    typo = passage[:cut] + passage[cut + 1 :]  # one letter dropped
    m = locate_quote(text, typo)
    assert m is not None and m.score >= 90  # fuzzy, or exact if the typo made other words
    # the passage found is the one the quote was taken from, give or take a word at the ends
    assert abs(m.start - start) <= len(passage) // 4 and abs(m.end - start - len(passage)) <= (
        len(passage) // 4
    )
    assert m.found == text[m.start : m.end] and m.found == m.found.strip()


ALPHABET = st.sampled_from(
    list("aB ,.()[]\n\r\t'\"-") + TYPO + ["\u2018", "\u00e9", "e\u0301", "\u00df", "\ufb01"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join), st.data())
def test_every_folded_stretch_maps_back_to_text_that_folds_to_it(
    text: str, data: st.DataObject
) -> None:
    folded = _Folded(text)
    for k in (1, 2, 3):
        norm = folded.level(k)
        assume(norm)
        a = data.draw(st.integers(0, len(norm) - 1))
        b = data.draw(st.integers(a + 1, len(norm)))
        start, end = folded.span(k, a, b)
        assert 0 <= start < end <= len(text)
        # the original stretch, folded on its own, holds the folded stretch
        assert norm[a:b] in _Folded(text[start:end]).level(k)
        # and the map is monotone: each character maps at or after the one before
        spans = [folded.span(k, x, x + 1) for x in range(len(norm))]
        assert all(s1 <= s2 and e1 <= e2 for (s1, e1), (s2, e2) in itertools.pairwise(spans))


# ---------------------------------------------------------------- match_quotes


def _project() -> Project:
    p = Project(title="t")
    _ = p.add_source("int-1", text=TRANSCRIPT)
    _ = p.add_source("int-2", text="Said twice: the plan. And again: the plan.")
    _ = p.add_source("doc-1")  # no text
    adds = [
        ("exact", "int-1", "Then the PCG came.", {}),
        ("curly", "int-1", "We'd worked together", {}),
        ("typo", "int-1", "We'd workd togther", {}),
        ("gone", "int-1", "We never worked together", {"attributes": {"quote_match": "exact"}}),
        ("notext", "doc-1", "A joint plan", {}),
        ("empty", "int-1", "  ", {}),
        ("second", "int-2", "the plan.", {"start": 33, "end": 42}),  # the 2nd occurrence
        ("wrong", "int-2", "the plan", {"start": 0, "end": 4}),
        ("start-only", "int-2", "the plan", {"start": 12}),
        ("end-only", "int-2", "Said", {"end": 30}),
    ]
    for id_, source, quote, kwargs in adds:
        _ = p.add_evidence(source=source, quote=quote, id=id_, **kwargs)  # type: ignore[arg-type]
    return p


def test_match_quotes_report_and_spans() -> None:
    p = _project()
    before = p.model_dump()
    matched, report = match_quotes(p)
    assert p.model_dump() == before  # the project passed in is not changed
    assert matched is not p
    assert list(report.columns) == ["evidence", "source", "tier", "score", "start", "end", "status"]
    assert str(report["start"].dtype) == "Int64" and str(report["end"].dtype) == "Int64"
    rows = report.set_index("evidence")
    assert "empty" not in rows.index  # an empty quote is not checked
    assert list(rows.index) == [
        "exact", "curly", "typo", "gone", "notext", "second", "wrong", "start-only", "end-only",
    ]  # fmt: skip
    assert rows["status"].to_dict() == {
        "exact": "matched",
        "curly": "matched",
        "typo": "matched",
        "gone": "not found",
        "notext": "no source text",
        "second": "matched",
        "wrong": "span kept",
        "start-only": "matched",
        "end-only": "span kept",
    }
    assert rows.loc["curly", "tier"] == "whitespace" and rows.loc["typo", "tier"] == "fuzzy"
    assert 90 <= rows.loc["typo", "score"] < 100 and rows.loc["exact", "score"] == 100
    assert rows.loc["gone", "tier"] is None and math.isnan(rows.loc["gone", "score"])
    assert pd.isna(rows.loc["gone", "start"]) and pd.isna(rows.loc["notext", "end"])

    ev = {e.id: e for e in matched.evidence}
    for id_ in ("exact", "curly", "typo"):
        start, end = rows.loc[id_, "start"], rows.loc[id_, "end"]
        assert (ev[id_].start, ev[id_].end) == (start, end)
        assert ev[id_].attributes["quote_match"] == rows.loc[id_, "tier"]
    assert TRANSCRIPT[ev["curly"].start : ev["curly"].end] == "We\u2019d worked  together"
    # not found: reported, left as it was, its quote kept, no stale tier
    assert (ev["gone"].quote, ev["gone"].start, ev["gone"].end) == (
        "We never worked together", None, None,
    )  # fmt: skip
    assert "quote_match" not in ev["gone"].attributes
    assert (ev["notext"].start, ev["notext"].attributes) == (None, {})
    assert (ev["empty"].start, ev["empty"].attributes) == (None, {})
    # a span that reads as the quote is kept, even if the quote occurs earlier
    assert (ev["second"].start, ev["second"].end) == (33, 42)
    assert ev["second"].attributes["quote_match"] == "exact"
    # a span that does not: kept without overwrite, reported with where the quote is
    assert (ev["wrong"].start, ev["wrong"].end) == (0, 4)
    assert "quote_match" not in ev["wrong"].attributes
    assert (rows.loc["wrong", "start"], rows.loc["wrong", "end"]) == (12, 20)
    # a start that agrees gets its end; an end that does not is kept
    assert (ev["start-only"].start, ev["start-only"].end) == (12, 20)
    assert (ev["end-only"].start, ev["end-only"].end) == (None, 30)


def test_match_quotes_overwrite() -> None:
    matched, report = match_quotes(_project(), overwrite=True)
    ev = {e.id: e for e in matched.evidence}
    assert (ev["wrong"].start, ev["wrong"].end) == (12, 20)
    assert (ev["end-only"].start, ev["end-only"].end) == (0, 4)
    assert (ev["second"].start, ev["second"].end) == (33, 42)  # read as the quote: kept
    assert set(report["status"]) == {"matched", "not found", "no source text"}


def test_match_quotes_options() -> None:
    matched, report = match_quotes(_project(), fuzzy=False)
    rows = report.set_index("evidence")
    assert rows.loc["typo", "status"] == "not found"
    assert {e.id: e for e in matched.evidence}["typo"].start is None
    with pytest.raises(ValidationError, match="min_score"):
        match_quotes(_project(), min_score=-1)
    _, report = match_quotes(Project(title="none"))
    assert len(report) == 0 and list(report.columns)[-1] == "status"


def test_match_quotes_then_verify() -> None:
    """Spans recorded by match_quotes: verify_quotes passes the exact ones, and
    says what is left to correct in the others."""
    p = Project(title="t")
    _ = p.add_source("s", text="We had worked\ntogether. It\u2019s the \u201cplan\u201d.")
    _ = p.add_evidence(source="s", quote="worked together", id="ws")
    _ = p.add_evidence(source="s", quote='It\'s the "plan"', id="typo")
    matched, _ = match_quotes(p)
    problems = verify_quotes(matched)
    assert [x.path for x in problems] == ["evidence[1].quote"]
    assert "reads 'It’s the “plan”'" in problems[0].message
    assert "the span reads as the quote after folding typographic quotes" in problems[0].message
    assert "correct the quote to the source's wording" in problems[0].message
    assert "match_quotes(overwrite=True)" not in problems[0].message  # the span is right


def test_matching_many_quotes_folds_each_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from realist.analysis import quotes

    calls: list[int] = []
    real = quotes._fold_typography

    def counting(text: str) -> tuple[str, quotes._Map]:
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(quotes, "_fold_typography", counting)
    monkeypatch.setattr(quotes, "_FOLDS", (counting, quotes._fold_spacing, quotes._fold_case))
    p = Project(title="t")
    text = "It\u2019s long. " * 500
    _ = p.add_source("s", text=text)
    for n in range(50):
        _ = p.add_evidence(source="s", quote="It's long.", id=f"e{n}")
    _, report = match_quotes(p)
    assert set(report["status"]) == {"matched"}
    assert calls.count(len(text)) == 1  # the text once; the rest are quotes


# ---------------------------------------------------------------- verify_quotes hints


def test_verify_quotes_says_which_tier_would_find_a_quote() -> None:
    p = Project(title="t")
    _ = p.add_source("s", text=TRANSCRIPT)
    _ = p.add_evidence(source="s", quote='"the old way"', id="typo")
    _ = p.add_evidence(source="s", quote="THEN THE PCG CAME", id="case")
    _ = p.add_evidence(source="s", quote="We'd workd together for yeras", id="near")
    _ = p.add_evidence(source="s", quote="Never said at all", id="gone")
    _ = p.add_evidence(source="s", quote="the old way", start=0, end=5, id="span")
    _ = p.add_evidence(source="s", quote='"the old way"', start=0, end=5, id="span-typo")
    messages = [x.message for x in verify_quotes(p)]
    assert len(messages) == 6
    where = TRANSCRIPT.index("\u201cthe")
    assert (
        "is not in the text of source 's' as written; it matches after folding typographic"
        in (messages[0])
    )
    assert f"at [{where}:{where + 13}]" in messages[0]
    assert "spacing and cut marks, and case at [" in messages[1]
    assert messages[2].endswith(
        "not in the text of source 's'; correct the quote, or the source's text"
    )  # a near match is a guess
    assert messages[3].endswith(
        "is not in the text of source 's'; correct the quote, or the source's text"
    )
    assert "the quote is elsewhere in the text: correct start and end" in messages[4]
    assert "not in the text as written; it matches after folding typographic" in messages[5]
    assert "and start and end (or run match_quotes(overwrite=True))" in messages[5]


def test_evidence_table_flags_are_unchanged_by_hints() -> None:
    p = Project(title="t")
    _ = p.add_source("s", text=TRANSCRIPT)
    good = p.add_evidence(source="s", quote="worked together for years")
    curly = p.add_evidence(source="s", quote="We'd worked")  # typography only: still unverified
    m = p.add_mechanism("M")
    _ = p.add_configuration(
        mechanisms=m, outcomes=p.add_outcome("O"), evidence=[good, curly], id="k"
    )
    assert rl.evidence_table(p).loc["k", "unverified_quotes"] == 1


# ---------------------------------------------------------------- the package


def test_exported_and_import_stays_light() -> None:
    assert rl.locate_quote is locate_quote and rl.match_quotes is match_quotes
    assert rl.QuoteMatch is QuoteMatch
    from realist.analysis import evidence

    assert evidence.locate_quote is locate_quote
    code = "import sys, realist; print(','.join(m for m in ('rapidfuzz',) if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
