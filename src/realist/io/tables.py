"""Spreadsheets of CMOcs: CSV, Excel (``.xlsx``) and pandas DataFrames, in and out.

Realist teams keep their configurations in spreadsheets in one of two layouts:

* **one row per CMOc** (``layout="cmoc"``): an ID, the case, the theme, the
  contexts, the mechanism (or its resource and reasoning), the outcomes, the
  evidence quote and its source, confidence and status;
* **one row per coded excerpt** (``layout="excerpt"``): a quote, its source and
  case, and the code it was coded with (its kind in a ``kind`` column, or a
  ``C:``/``M:``/``O:`` prefix); rows sharing an ID (or, without one, the same
  quote) form one configuration.

:func:`read_table` reads either into a :class:`~realist.model.Project`;
:func:`write_table` writes the one-row-per-CMOc layout back, so that a round
trip keeps every configuration.

Column names are matched ignoring case, spaces, underscores, hyphens and
punctuation against :data:`DEFAULT_COLUMNS`; ``columns=`` maps other headers
(``{"CMO ref": "id"}``). A cell may hold several values separated by ``;`` or
line breaks (one value per line when a cell has line breaks; quotes are
separated by blank lines); a value in double quotes (``"Support; training"``,
``""`` for a quote inside) is taken whole. Without id columns, identical
labels (ignoring case and spacing) become one element; ``Case id``,
``Theme id``, ``Context id``, ``Mechanism id``, ``Outcome id`` (and so on)
columns give the ids, one per value of their label column. Every bad row is reported at once, with its row
number, in one :class:`~realist.errors.ValidationError`.

Sheets that teams fill in by hand have more: a **coder** column (``Coder``,
``Coded by``, ``User``, ``Rater``, ``Analyst``) when two people coded the same
excerpts, and **source** columns (``Source kind``, ``Role``, ``Sector``,
``Level``, ``Date``, ``Source phase``) describing the interview or document
each quote comes from. Rows of the coder whose configurations count (``coder=``,
the first coder in the sheet by default) make the configurations; the rows of
other coders become their codings of the same excerpts (evidence items with
their ``coder`` and ``elements``), so that
:func:`~realist.analysis.evidence.coder_agreement` can compare them. Every
column that is not read as a field is listed in the report, with a suggestion
when its header is close to one that is (``Contxt``: did you mean
``Context``?).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast, overload

from realist import _formats
from realist._ids import TakenIds, is_id, label_key, slugify
from realist.errors import (
    FileFormatError,
    MissingDependencyError,
    MissingFileError,
    Problem,
    RealistError,
    UnsafeFileError,
    ValidationError,
)
from realist.io._refi_report import ImportReport
from realist.io._refi_safe import Limits, SafeZip
from realist.model import (
    CONFIDENCE_LEVELS,
    SOURCE_KINDS,
    STATUSES,
    Mechanism,
    Project,
    Scalar,
    Source,
    SourceKind,
    Status,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ATTRIBUTE_FIELD",
    "ATTRIBUTE_PREFIX",
    "DEFAULT_COLUMNS",
    "NO_CASE",
    "SOURCE_KIND_WORDS",
    "read_table",
    "write_table",
]

#: The fields a column can feed, and the headers recognised for each by default
#: (compared after dropping case, spaces and punctuation: "Mechanism (resource)"
#: matches "mechanismresource").
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "cmoc", "cmocid", "cmo", "cmoid", "configuration", "configurationid", "ref"),
    "label": ("label", "name", "title", "cmoclabel"),
    "case": ("case", "cases", "site", "locality"),
    "theme": ("theme", "themes"),
    "context": ("context", "contexts", "c"),
    "constraining": ("constraining", "constrainingcontext", "constrainingcontexts"),
    "mechanism": ("mechanism", "mechanisms", "m"),
    "resource": ("mechanismresource", "resource", "resources", "mresource"),
    "reasoning": ("mechanismreasoning", "reasoning", "mreasoning"),
    "outcome": ("outcome", "outcomes", "o"),
    "unintended": ("unintended", "unintendedoutcome", "unintendedoutcomes"),
    "anticipated": ("anticipated", "anticipatedoutcome", "anticipatedoutcomes"),
    "quote": ("evidence", "quote", "quotes", "excerpt", "evidencequote", "text", "segment"),
    "source": ("source", "sources", "document", "evidencesource"),
    "confidence": ("confidence",),
    "status": ("status",),
    "phase": ("phase",),
    "note": ("note", "notes", "comment", "comments", "memo"),
    "code": ("code", "codes", "node", "nodes"),
    "kind": ("kind", "codekind", "codetype", "type", "element", "elementkind"),
    "coder": ("coder", "coders", "codedby", "codername", "user", "username", "rater", "analyst"),
    "start": ("start", "startposition", "begin"),
    "end": ("end", "endposition"),
    "case_id": ("caseid", "caseids"),
    "theme_id": ("themeid", "themeids"),
    "context_id": ("contextid", "contextids"),
    "constraining_id": ("constrainingcontextid", "constrainingcontextids", "constrainingid"),
    "mechanism_id": ("mechanismid", "mechanismids"),
    "outcome_id": ("outcomeid", "outcomeids"),
    "unintended_id": ("unintendedoutcomeid", "unintendedoutcomeids", "unintendedid"),
    "anticipated_id": ("anticipatedoutcomeid", "anticipatedoutcomeids", "anticipatedid"),
    "source_kind": ("sourcekind", "sourcetype", "kindofsource", "typeofsource"),
    "role": (
        "role",
        "informantrole",
        "participantrole",
        "respondentrole",
        "intervieweerole",
        "professionalrole",
    ),
    "sector": ("sector", "informantsector", "participantsector"),
    "level": ("level", "informantlevel", "participantlevel"),
    "date": ("date", "interviewdate", "sourcedate", "dateofinterview", "documentdate"),
    "source_phase": ("sourcephase", "interviewphase", "datacollectionphase", "wave"),
}

#: The header a suggestion names for each field (as :func:`write_table` writes it).
_DISPLAY: dict[str, str] = {
    "id": "ID",
    "label": "Label",
    "case": "Case",
    "theme": "Theme",
    "context": "Context",
    "constraining": "Constraining context",
    "mechanism": "Mechanism",
    "resource": "Mechanism resource",
    "reasoning": "Mechanism reasoning",
    "outcome": "Outcome",
    "unintended": "Unintended outcome",
    "anticipated": "Anticipated outcome",
    "quote": "Evidence",
    "source": "Source",
    "confidence": "Confidence",
    "status": "Status",
    "phase": "Phase",
    "note": "Note",
    "code": "Code",
    "kind": "Kind",
    "coder": "Coder",
    "start": "Start",
    "end": "End",
    "case_id": "Case id",
    "theme_id": "Theme id",
    "context_id": "Context id",
    "constraining_id": "Constraining context id",
    "mechanism_id": "Mechanism id",
    "outcome_id": "Outcome id",
    "unintended_id": "Unintended outcome id",
    "anticipated_id": "Anticipated outcome id",
    "source_kind": "Source kind",
    "role": "Role",
    "sector": "Sector",
    "level": "Level",
    "date": "Date",
    "source_phase": "Source phase",
}

#: Headers as people write them, for suggestions closer to what was typed
#: ("Qoute": did you mean 'Quote'?, not 'Evidence').
_PRETTY_NAMES = (
    *_DISPLAY.values(),
    "CMOc ID", "Name", "Title", "Site", "Locality", "Contexts", "Mechanisms", "Resource",
    "Reasoning", "Outcomes", "Quote", "Quotes", "Excerpt", "Text", "Segment", "Document",
    "Notes", "Comment", "Memo", "Codes", "Node", "Code kind", "Type", "Coded by", "User",
    "Rater", "Analyst", "Source type", "Kind of source", "Informant role", "Participant role",
    "Interview date", "Interview phase",
)  # fmt: skip

#: A ``columns=`` value that makes a column an attribute, never reported.
ATTRIBUTE_FIELD = "attribute"

#: The source fields and the :attr:`~realist.model.Source.attributes` key each fills.
_SOURCE_ATTRS: dict[str, str] = {
    "role": "role",
    "sector": "sector",
    "level": "level",
    "date": "date",
    "source_phase": "phase",
}
_SOURCE_FIELDS = ("source_kind", *_SOURCE_ATTRS)

#: Source kinds as teams write them (compared without case, spaces and
#: punctuation); a value other than the kind's own name is also kept in the
#: source's attribute ``kind_as_written``.
SOURCE_KIND_WORDS: dict[str, SourceKind] = {
    **dict.fromkeys(("interview", "interviews", "focusgroup", "focusgroups", "groupinterview", "semistructuredinterview", "telephoneinterview", "transcript", "interviewtranscript"), "interview"),
    **dict.fromkeys(("document", "documents", "doc", "docs", "documentary", "documentation", "documentaryevidence", "policydocument", "report", "reports", "minutes", "record", "records"), "document"),
    **dict.fromkeys(("observation", "observations", "observational", "fieldnotes", "fieldnote", "sitevisit", "participantobservation", "nonparticipantobservation"), "observation"),
    **dict.fromkeys(("survey", "surveys", "questionnaire", "questionnaires"), "survey"),
    "other": "other",
}  # fmt: skip
_KIND_HELP = (
    "expected one of interview, document, observation, survey, other (a focus group or "
    "group interview counts as interview, a questionnaire as survey, field notes or a site "
    "visit as observation, a report or minutes as document)"
)

#: The _Row attribute holding each label field's values.
_PLURAL = {
    "case": "cases",
    "theme": "themes",
    "context": "contexts",
    "constraining": "constraining",
    "outcome": "outcomes",
    "unintended": "unintended",
    "anticipated": "anticipated",
}

#: The id columns and the label columns they go with (same order, same number
#: of values); written by :func:`write_table`, read in the CMOc layout.
_ID_FIELDS: dict[str, str] = {
    "case_id": "case",
    "theme_id": "theme",
    "context_id": "context",
    "constraining_id": "constraining",
    "mechanism_id": "mechanism",
    "outcome_id": "outcome",
    "unintended_id": "unintended",
    "anticipated_id": "anticipated",
}

#: Fields only the one-row-per-excerpt layout reads; in the CMOc layout their
#: columns ("Type", "Start", ...) are attributes (and reported as such).
_EXCERPT_ONLY = frozenset({"code", "kind", "start", "end"})

#: The header prefix of an attribute column as :func:`write_table` writes it
#: (``attr:Status``), so that an attribute never takes a field's column.
ATTRIBUTE_PREFIX = "attr:"

#: The case cell of a programme-level configuration (one with no case).
NO_CASE = "-"

_SPLIT = re.compile(r"\s*;\s*")
_QUOTES = re.compile(r"\r?\n\s*\r?\n")
_NORM = re.compile(r"[^0-9a-z]+")
_KINDS = {
    "c": "context",
    "context": "context",
    "contexts": "context",
    "m": "mechanism",
    "mechanism": "mechanism",
    "mechanisms": "mechanism",
    "o": "outcome",
    "outcome": "outcome",
    "outcomes": "outcome",
}
_PREFIX = re.compile(r"^\s*(c|m|o|context|mechanism|outcome)\s*(?::|\s-)\s*(\S.*)$", re.I)


def _norm_header(name: object) -> str:
    return _NORM.sub("", str(name).casefold())


_norm_label = label_key  # one rule for "the same label" in every reader


def _norm_quote(quote: str) -> str:
    """A quote as compared across coders: NFC, whitespace runs as one space, no case."""
    return " ".join(unicodedata.normalize("NFC", quote).split()).casefold()


def _cell(value: object) -> str:
    """A cell as text: empty for missing values, integers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    text = str(value).strip()
    return "" if text.lower() in ("nan", "nat", "none") and not isinstance(value, str) else text


def _split(text: str) -> list[str]:
    """Values of a cell.

    A cell in which some value starts with a double quote is read as
    ``"-quoted values (``""`` for a quote inside) and plain values separated
    by ``;``, as :func:`write_table` writes it. Any other cell is split on
    line breaks if it has any, else on ``;``.
    """
    if not text:
        return []
    if '"' in text:
        quoted = _split_quoted(text)
        if quoted is not None:
            return quoted
    if "\n" in text:
        return [v.strip() for v in text.splitlines() if v.strip()]
    return [v for v in _SPLIT.split(text) if v]


def _split_quoted(text: str) -> list[str] | None:
    """The values of a cell written with quoted values, or None if it is not one."""
    values: list[str] = []
    any_quoted = False
    i, n = 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] == '"':
            any_quoted = True
            parts, j = [], i + 1
            while True:
                k = text.find('"', j)
                if k < 0:
                    return None  # no closing quote
                parts.append(text[j:k])
                if text.startswith('"', k + 1):
                    parts.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            values.append("".join(parts))
            while i < n and text[i].isspace():
                i += 1
        else:
            k = text.find(";", i)
            end = n if k < 0 else k
            value = text[i:end].strip()
            if not value or value.splitlines() != [value]:
                return None  # an empty value or a line break: a hand-made cell
            values.append(value)
            i = end
        if i >= n:
            return values if any_quoted else None
        if text[i] != ";":
            return None
        i += 1


def _needs_quotes(value: str) -> bool:
    """Whether a value must be quoted to be read back as itself from a joined cell."""
    return (
        not value
        or value != value.strip()
        or value.startswith('"')
        or ";" in value
        or value.splitlines() != [value]
    )


def _join(values: Sequence[str]) -> str:
    """Values for one cell, ``"; "``-joined; a value that is empty, has a ``;``, a line
    break or space at either end, or starts with ``"`` is put in double quotes (``""``
    for a quote inside), so that :func:`_split` gives the values back."""
    return "; ".join('"' + v.replace('"', '""') + '"' if _needs_quotes(v) else v for v in values)


_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")


def _typed(text: str, *, phase: bool = False) -> str | int | float | bool:
    """The value a stripped scalar cell stands for: an int, a finite float or a bool
    when the text is exactly one as Python writes it (``true``/``false`` in any
    case), else the text. A phase is an int or text."""
    if _INT.fullmatch(text):
        return int(text)
    if phase:
        return text
    if text.casefold() in ("true", "false"):
        return text.casefold() == "true"
    try:
        number = float(text)
    except ValueError:
        return text
    return number if math.isfinite(number) and repr(number) == text else text


def _read_scalar(value: object, *, phase: bool = False) -> str | int | float | bool | None:
    """A phase or ``attr:`` cell as a value: None when empty; after a leading
    apostrophe, the rest of the cell as text, exactly; else :func:`_typed`."""
    raw = value if isinstance(value, str) else _cell(value)
    text = raw.strip()
    if not text:
        return None
    if text.startswith("'"):
        return raw.lstrip()[1:]
    return _typed(text, phase=phase)


def _read_text(value: object) -> str:
    """A label or note cell: stripped, or after a leading apostrophe the rest exactly."""
    raw = value if isinstance(value, str) else _cell(value)
    text = raw.strip()
    return raw.lstrip()[1:] if text.startswith("'") else text


def _write_text(text: str) -> str:
    """Text for a label or note cell that :func:`_read_text` gives back as it is."""
    return "'" + text if text != text.strip() or text.startswith("'") else text


def _write_scalar(value: object, *, phase: bool = False) -> str:
    """A phase or attribute value as cell text that :func:`_read_scalar` gives back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    stripped = text.strip()
    if not stripped or text != stripped or text.startswith("'"):
        return "'" + text
    return text if isinstance(_typed(text, phase=phase), str) else "'" + text


#: First characters that make a spreadsheet program read a CSV cell as a formula
#: (OWASP's list: ``=``, ``+``, ``-``, ``@``, tab, carriage return).
_FORMULA_START = frozenset("=+-@\t\r")
#: After a leading apostrophe, the characters that make it the escape :func:`_unguard` drops.
_GUARDED = _FORMULA_START | {"'"}
#: A number as a spreadsheet reads it (never a formula, even with a leading ``-``).
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def _unguard(text: str) -> str:
    """A cell as it was before :func:`table_of` or :func:`_guard` escaped it: one leading
    apostrophe before a formula character or another apostrophe is dropped
    (``'=SUM(A1)`` reads as ``=SUM(A1)``, ``''x`` as ``'x``); ``'tis`` stays.

    Examples
    --------
    >>> [_unguard(t) for t in ["'=1+1", "'-x", "''=x", "'tis", "-3"]]
    ['=1+1', '-x', "'=x", "'tis", '-3']
    """
    return text[1:] if text[:1] == "'" and text[1:2] in _GUARDED else text


def _guard(cell: str) -> str:
    """A CSV cell that no spreadsheet program takes for a formula: one starting with
    ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading apostrophe, unless
    it is a number (``-3``) or a lone ``-`` (programme level).

    Examples
    --------
    >>> [_guard(t) for t in ["=1+1", "-x", "-3", "-1.5e-05", "-", "@a", "x"]]
    ["'=1+1", "'-x", '-3', '-1.5e-05', '-', "'@a", 'x']
    """
    if cell[:1] in _FORMULA_START and cell != NO_CASE and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _lf(text: str) -> str:
    """Carriage returns as line breaks (``\r\n`` and ``\r`` as ``\n``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _date_cell(value: object) -> str:
    """A date cell as text: an Excel date as ``2006-03-01`` (with its time, if any)."""
    if isinstance(value, dt.datetime):
        if not _cell(value):
            return ""  # NaT
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return _cell(value)


def _coder_key(coder: str | None) -> str | None:
    """Coders are the same person when their names differ only in case and spacing."""
    return None if coder is None else " ".join(coder.split()).casefold()


def _split_quotes(text: str) -> list[str]:
    return [q.strip() for q in _QUOTES.split(text) if q.strip()] if text else []


# ---------------------------------------------------------------------- loading

#: How to install openpyxl, from a clone of the repository or from an index.
XLSX_INSTALL_HINT = 'pip install -e ".[xlsx]" (from a clone) or pip install "realist[xlsx]"'


def _need_openpyxl(file: str, doing: str) -> None:
    if importlib.util.find_spec("openpyxl") is None:
        raise MissingDependencyError(
            f"{file}: {doing} Excel files needs openpyxl; install it with {XLSX_INSTALL_HINT}"
        )


#: The longest CSV cell read (the csv module's default is 131,072 characters).
_FIELD_LIMIT = 64 * 1024**2

#: A double quote that opens a quoted CSV cell: at the start of a line or after a
#: character that may be the delimiter.
_OPEN_QUOTE = re.compile(r'(?<![^,;\t|\n])"')

#: The frame attribute holding the sheet row of the header (1 unless blank rows
#: come first in an ``.xlsx`` sheet), so that messages name rows as the sheet shows them.
_HEADER_ROW = "realist.header_row"


def _unique_names(names: Sequence[str]) -> list[str]:
    """Column names made unique as pandas does, ``x``, ``x.1``, ``x.2`` ..., in linear time.

    Examples
    --------
    >>> _unique_names(["x", "x", "x.1", "y", "x"])
    ['x', 'x.1', 'x.1.1', 'y', 'x.2']
    """
    taken: set[str] = set()
    next_n: dict[str, int] = {}
    out: list[str] = []
    for base in names:
        name, n = base, next_n.get(base, 1)
        while name in taken:
            name = f"{base}.{n}"
            n += 1
        if name != base:
            next_n[base] = n
        taken.add(name)
        out.append(name)
    return out


def _unique_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame, with a column whose name repeats an earlier one renamed ``<name>.1``
    (then read as an attribute and reported), so that no column is dropped."""
    if frame.columns.is_unique:
        return frame
    renamed = _unique_names([str(h) for h in frame.columns])
    return frame.set_axis(
        [h if str(h) == new else new for h, new in zip(frame.columns, renamed, strict=True)],
        axis=1,
    )


def _empty(file: str, what: str = "the file") -> FileFormatError:
    return FileFormatError(
        f"{file}: {what} is empty; save the spreadsheet with a header row (Mechanism, "
        "Outcome, ...) and one row per configuration"
    )


def _decode(data: bytes, file: str) -> str:
    """CSV bytes as text: UTF-8 (with or without a BOM), line ends as ``\n``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileFormatError(
            f"{file}: is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save "
            "it as CSV UTF-8 (in Excel: Save As, 'CSV UTF-8 (Comma delimited)') and read it again"
        ) from None
    if "\r" in text:  # universal newlines, as reading in text mode gives
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _header_end(text: str, file: str) -> int:
    """Where the header record ends: the first line break outside a quoted cell.

    Linear in the length of the header; a quote that opens a cell and is never
    closed (which would make the whole file one cell) is an error naming it.
    """
    pos, n = 0, len(text)
    while True:
        newline = text.find("\n", pos)
        end = n if newline < 0 else newline
        opened = _OPEN_QUOTE.search(text, pos, end)
        if opened is None:
            return end
        j = opened.start() + 1
        while True:
            k = text.find('"', j)
            if k < 0:
                q = opened.start()
                line = text.count("\n", 0, q) + 1
                column = q - (text.rfind("\n", 0, q) + 1) + 1
                where = f"column {column}" + (f" of line {line}" if line > 1 else "")
                raise FileFormatError(
                    f"{file}: the header's quote at {where} is never closed, so the rest of "
                    'the file would be one cell; close the quote ("Case") or delete it, and '
                    "save again"
                )
            if text.startswith('"', k + 1):
                j = k + 2
                continue
            break
        pos = k + 1


def _raise_field_limit() -> None:
    """Let the csv module read cells up to :data:`_FIELD_LIMIT` characters (never lowered)."""
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)


def _read_csv(path: Path, sep: str | None, file: str) -> pd.DataFrame:
    """A CSV file as a DataFrame of strings, refusing rows whose cells do not line up.

    The text must be UTF-8; carriage returns read as line breaks. The
    delimiter is sniffed from the header record unless given. Every row must
    have as many cells as the header; extra cells that are all empty (the
    trailing comma some exports put on every row) are dropped, and a short
    row is an error too, since a lost or extra delimiter shifts every cell
    after it into the wrong column. Cells may hold up to 64 MiB
    (:func:`csv.field_size_limit` is raised to that, never lowered).
    """
    import pandas as pd

    text = _decode(path.read_bytes(), file)
    if not text.strip():
        raise _empty(file)
    end = _header_end(text, file)
    if sep is None:
        first = text[:end]
        # the delimiter that splits the header record into the most cells
        sep = max(
            ",;\t|",
            key=lambda d: len(next(csv.reader(io.StringIO(first, newline=""), delimiter=d), [])),
        )
    _raise_field_limit()
    records: list[list[str]] = []
    try:
        records.extend(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    except csv.Error as exc:
        raise FileFormatError(
            f"{file}: row {len(records) + 1} cannot be read ({exc}): a cell longer than "
            f"{_FIELD_LIMIT // 1024**2} MiB, or a quote opened in it that is never closed; "
            "check that row"
        ) from None
    header, body = records[0], records[1:]
    while (
        len(header) > 1
        and not header[-1].strip()
        and all(len(r) < len(header) or not r[len(header) - 1].strip() for r in body)
    ):
        header = header[:-1]  # trailing empty columns: a delimiter at the end of every row
    width = len(header)
    problems: list[Problem] = []
    rows: list[list[str]] = []
    for i, record in enumerate(body):
        if not any(cell.strip() for cell in record):
            rows.append([""] * width)  # a blank line: kept, so that row numbers stay right
            continue
        if len(record) > width and not any(cell.strip() for cell in record[width:]):
            record = record[:width]
        if len(record) != width:
            problems.append(
                Problem(
                    f"row {i + 2}",
                    f"{len(record)} cells, the header has {width}; check "
                    f"for a stray or missing {sep!r} (quote cells that hold one)",
                )
            )
            continue
        rows.append(record)
    if problems:
        raise ValidationError(problems, file=file)
    names = _unique_names([name.strip() or f"Unnamed: {j}" for j, name in enumerate(header)])
    return pd.DataFrame(rows, columns=names, dtype=str)


# ---------------------------------------------------------------------- xlsx

#: Caps on an ``.xlsx`` archive, as for ``.qdpx`` files: members, bytes, and the
#: compression ratio of each member (a thousandfold shared-strings part is a bomb).
XLSX_LIMITS = Limits(
    max_members=10_000,
    max_total_bytes=1024**3,
    max_member_bytes=512 * 1024**2,
    max_ratio=200.0,
)

#: Most cells (rows x columns, from A1 to the farthest cell holding a value) a
#: sheet may span; pandas and openpyxl would build the whole grid.
MAX_SHEET_CELLS = 10_000_000

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: .xls, or an encrypted .xlsx
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_DTD_MARKS = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c(?=[\s/>])[^>]*>")
# An empty cell closed at once, ``<c r="XFD1048576" s="1"></c>``, as openpyxl writes
# formatting-only cells when lxml is installed.
_EMPTY_CLOSE = re.compile(rb"\s*</(?:[A-Za-z_][\w.-]*:)?c\s*>")
_R_ATTR = re.compile(rb"""\sr\s*=\s*["']([^"']*)["']""")
_REF_BYTES = re.compile(rb"\$?([A-Za-z]{1,10})\$?([0-9]{1,10})")
_REF = re.compile(r"\$?([A-Za-z]{1,10})\$?([0-9]{1,10})")


def _ref(col: int, row: int) -> str:
    return f"{_letter(col - 1)}{row}"


def _parse_ref(ref: str, file: str, name: str) -> tuple[int, int]:
    """(row, column) of a cell reference such as ``B7`` (both 1-based)."""
    match = _REF.fullmatch(ref)
    if match is None:
        raise FileFormatError(
            f"{file}: sheet {name!r} holds a cell whose reference {ref[:40]!r} is no cell "
            "(A1 to XFD1048576); the workbook is damaged: open it in Excel and save it again"
        )
    col = 0
    for ch in match.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)), col


def _not_a_workbook(path: Path, file: str, why: str) -> FileFormatError:
    """What a file that is no readable zip is, by its first bytes."""
    with path.open("rb") as fh:
        head = fh.read(len(_CFB_MAGIC))
        if head == _CFB_MAGIC:
            encrypted = False
            tail = b""
            for _ in range(1024):  # the first 64 MiB at most
                chunk = fh.read(1 << 16)
                if not chunk:
                    break
                if _ENCRYPTED_PACKAGE in tail + chunk:
                    encrypted = True
                    break
                tail = chunk[-len(_ENCRYPTED_PACKAGE) :]
            if encrypted or _ENCRYPTED_PACKAGE in head:
                return FileFormatError(
                    f"{file}: the workbook is protected with a password (encrypted); realist "
                    "cannot read it: open it in Excel, remove the password (File, Info, "
                    "Protect Workbook) and save it again"
                )
            return FileFormatError(
                f"{file}: is an Excel 97-2003 workbook (.xls) or another old Office file, "
                "not .xlsx; open it in Excel and save it as .xlsx (Excel Workbook)"
            )
    if head.startswith(b"PK"):
        return FileFormatError(
            f"{file}: is not a readable .xlsx workbook: the zip archive is damaged ({why}); "
            "open it in Excel and save it again"
        )
    return FileFormatError(
        f"{file}: is not an .xlsx workbook (is it a .xls or a CSV renamed?); save it from "
        "your spreadsheet program as .xlsx, or give a .csv file its .csv suffix"
    )


def _open_xlsx(path: Path, file: str) -> SafeZip:
    """The workbook as a :class:`SafeZip`, every member checked: not too many, no name
    twice, each within :data:`XLSX_LIMITS` of size and compression ratio as it is
    read, and no XML part with a DTD (entities could expand or reach other files)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as probe:
            infos = probe.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise _not_a_workbook(path, file, str(exc) or type(exc).__name__) from None
    if len(infos) > XLSX_LIMITS.max_members:
        raise UnsafeFileError(
            f"{file}: the workbook's zip archive lists {len(infos):,} members, more than the "
            f"{XLSX_LIMITS.max_members:,} an .xlsx file needs; refused as a possible zip bomb "
            "(open it in Excel and save it again)"
        )
    seen: set[str] = set()
    for info in infos:
        key = info.filename.replace("\\", "/").lower()
        if key in seen:
            raise UnsafeFileError(
                f"{file}: the workbook's zip archive holds {info.filename[:120]!r} twice, so "
                "programs could read different contents; open it in Excel and save it again"
            )
        seen.add(key)
    archive = SafeZip(path, file, XLSX_LIMITS)
    try:
        for name in archive.names():
            data = _member(archive, name)
            if name.lower().endswith((".xml", ".rels", ".vml")):
                _refuse_dtd(data, file, name)
        if archive.find("xl/workbook.xml") is None and archive.find("[Content_Types].xml") is None:
            raise FileFormatError(
                f"{file}: is a zip archive with no workbook in it (no xl/workbook.xml); is it "
                "an .ods or another file renamed? Save it from your spreadsheet program as .xlsx"
            )
    except BaseException:
        archive.close()
        raise
    return archive


def _member(archive: SafeZip, name: str) -> bytes:
    """A member's bytes, capped; a damaged member named in an ``.xlsx`` way."""
    try:
        return archive.read(name)
    except UnsafeFileError:
        raise
    except FileFormatError as exc:
        message = str(exc).replace(
            "Export the project again.", "Open it in Excel and save it again."
        )
        raise FileFormatError(message) from None


def _refuse_dtd(data: bytes, file: str, name: str) -> None:
    if any(mark in data for mark in _DTD_MARKS):
        raise UnsafeFileError(
            f"{file}: the workbook's part {name[:120]!r} holds a document type declaration "
            "(DOCTYPE); Excel never writes one, and realist refuses them so that a crafted "
            "file cannot expand entities or reach other files. Open it in Excel and save it again."
        )


def _sheet_extent(data: bytes, file: str, name: str) -> tuple[int, int, str, str]:
    """(last row, last column, the cell that reaches the last row, the one that reaches
    the last column) of the cells of a worksheet's XML that hold something, found
    by scanning its ``<c r="...">`` tags; empty cells (formatting only: self-closed,
    or closed at once) do not count. A sheet with a cell without a reference is streamed instead
    (:func:`_sheet_extent_streamed`), which places it as openpyxl does."""
    max_row = max_col = 0
    row_ref = col_ref = "A1"
    columns: dict[bytes, int] = {}
    for tag in _CELL_TAG.finditer(data):
        text = tag.group()
        if text[-2:] == b"/>" or _EMPTY_CLOSE.match(data, tag.end()):
            continue  # no value: formatting only
        found = _R_ATTR.search(text)
        if found is None:
            return _sheet_extent_streamed(data, file, name)
        ref = found.group(1)
        parts = _REF_BYTES.fullmatch(ref)
        col = columns.get(parts.group(1)) if parts else None
        if parts is None or col is None:  # a new column, or no reference (raises)
            row, col = _parse_ref(ref.decode("ascii", "replace"), file, name)
            if parts:
                columns[parts.group(1)] = col
        else:
            row = int(parts.group(2))
        if row > max_row:
            max_row, row_ref = row, ref.decode()
        if col > max_col:
            max_col, col_ref = col, ref.decode()
    return max_row, max_col, row_ref, col_ref


def _sheet_extent_streamed(data: bytes, file: str, name: str) -> tuple[int, int, str, str]:
    """:func:`_sheet_extent` by streaming the XML with expat (no tree is built),
    placing cells without a reference after the one before them, as openpyxl does."""
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args: Any) -> Any:
        _refuse_dtd(b"<!DOCTYPE", file, name)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    at = {"row": 0, "col": 0, "cell": 0, "value": 0, "max_row": 0, "max_col": 0}
    refs = {"row": "A1", "col": "A1"}

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition("}")[2]
        if local == "row":
            r = attrs.get("r")
            at["row"] = int(r) if r and r.isdigit() and len(r) < 10 else at["row"] + 1
            at["col"] = 0
        elif local == "c":
            r = attrs.get("r")
            if r:
                at["row"], at["col"] = _parse_ref(r, file, name)
            else:
                at["col"] += 1
            at["cell"], at["value"] = 1, 0
        elif local in ("v", "is", "f") and at["cell"]:
            at["value"] = 1

    def end(tag: str) -> None:
        if tag.rpartition("}")[2] == "c":
            at["cell"] = 0
            if at["value"]:
                ref = _ref(at["col"], at["row"])
                if at["row"] > at["max_row"]:
                    at["max_row"], refs["row"] = at["row"], ref
                if at["col"] > at["max_col"]:
                    at["max_col"], refs["col"] = at["col"], ref

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise FileFormatError(
            f"{file}: sheet {name!r} is damaged (not well-formed XML at line {exc.lineno}, "
            f"column {exc.offset + 1}); open the workbook in Excel and save it again"
        ) from None
    return at["max_row"], at["max_col"], refs["row"], refs["col"]


def _pick_sheet(names: Sequence[str], sheet: str | int, file: str) -> str:
    listed = ", ".join(repr(n) for n in names) or "none"
    if isinstance(sheet, str):
        if sheet in names:
            return sheet
        folded = [n for n in names if n.casefold() == sheet.casefold()]
        hint = f" (did you mean {folded[0]!r}?)" if folded else ""
        raise FileFormatError(
            f"{file}: no sheet {sheet!r}{hint}; the workbook's sheets are: {listed}; pass "
            "sheet= one of them (or its position, from 0)"
        )
    if isinstance(sheet, int) and not isinstance(sheet, bool) and 0 <= sheet < len(names):
        return names[sheet]
    raise FileFormatError(
        f"{file}: no sheet {sheet!r} (the workbook has {len(names)} "
        f"sheet{'' if len(names) == 1 else 's'}: {listed}); pass sheet= a name, or a "
        "position from 0"
    )


def _read_xlsx(path: Path, sheet: str | int, file: str) -> pd.DataFrame:
    """One sheet of an ``.xlsx`` workbook as a DataFrame, every cell as written.

    The archive is checked first (:func:`_open_xlsx`); the sheet's cells in use
    are found by scanning its XML, and a sheet spanning more than
    :data:`MAX_SHEET_CELLS` cells is refused, naming the far cell. openpyxl then
    reads only that range, cell values as they are (``NA``, ``None``, ``#N/A``
    stay text). The header is the first row that holds something.
    """
    import pandas as pd
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    with _open_xlsx(path, file) as archive:
        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except RealistError:
            raise
        except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
            raise FileFormatError(
                f"{file}: the workbook cannot be read ({type(exc).__name__}: "
                f"{str(exc)[:200] or 'no details'}); open it in Excel and save it again"
            ) from None
        try:
            name = _pick_sheet(list(book.sheetnames), sheet, file)
            ws = book[name]
            member = getattr(ws, "_worksheet_path", None)
            if not hasattr(ws, "iter_rows") or not isinstance(member, str):
                raise FileFormatError(
                    f"{file}: sheet {name!r} is a chart, not a table; pass sheet= the "
                    "sheet holding the configurations"
                )
            data = _member(archive, member)
            _refuse_dtd(data, file, member)
            max_row, max_col, row_ref, col_ref = _sheet_extent(data, file, name)
            del data
            if max_row * max_col > MAX_SHEET_CELLS:
                far = row_ref if row_ref == col_ref else f"{col_ref} and cell {row_ref}"
                raise UnsafeFileError(
                    f"{file}: sheet {name!r}: cell {far} is far outside the table (the cells "
                    f"in use span A1:{_ref(max_col, max_row)}, {max_row:,} rows x {max_col:,} "
                    f"columns, more than {MAX_SHEET_CELLS:,} cells); delete stray cells far "
                    "from the table and save again"
                )
            if max_row == 0:
                raise _empty(file, f"sheet {name!r}")
            try:
                rows = list(
                    ws.iter_rows(
                        min_row=1, max_row=max_row, min_col=1, max_col=max_col, values_only=True
                    )
                )
            except RealistError:
                raise
            except Exception as exc:
                raise FileFormatError(
                    f"{file}: sheet {name!r} cannot be read ({type(exc).__name__}: "
                    f"{str(exc)[:200] or 'no details'}); open the workbook in Excel and save "
                    "it again"
                ) from None
        finally:
            book.close()
    top = next((i for i, r in enumerate(rows) if any(v is not None and _cell(v) for v in r)), None)
    if top is None:
        raise _empty(file, f"sheet {name!r}")
    header = [
        (v.strip() if isinstance(v, str) else _cell(v)) or f"Unnamed: {j}"
        for j, v in enumerate(rows[top])
    ]
    frame = pd.DataFrame(rows[top + 1 :], columns=_unique_names(header), dtype=object)
    frame.attrs[_HEADER_ROW] = top + 1
    return frame


def _load_frame(
    data: str | os.PathLike[str] | pd.DataFrame, sheet: str | int, file: str
) -> pd.DataFrame:
    """The table to read: a DataFrame as given (a repeated column name renamed
    ``<name>.1``), or the file read as strings (CSV) or cells (``.xlsx``); every
    failure is a :class:`~realist.errors.RealistError` naming the file and what to do."""
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        return _unique_columns(data)
    path = Path(data)
    if not path.exists():
        raise MissingFileError(f"{file}: no such file")
    suffix = path.suffix.lower()
    xlsx = suffix in (".xlsx", ".xlsm")
    if not xlsx and suffix not in (".csv", ".tsv", ".txt"):
        raise FileFormatError(
            f"{file}: unknown table suffix {suffix!r}; use .csv, .tsv or .xlsx (or pass a "
            "DataFrame)"
        )
    kind = "XLSX workbook" if xlsx else f"{suffix[1:].upper()} file"
    if xlsx:
        _need_openpyxl(file, "reading")
    try:
        if not path.is_file():
            raise FileFormatError(
                f"{file}: is not a regular file (a folder, a device or a pipe?); give the "
                f"{kind}'s path"
            )
        if path.stat().st_size == 0:
            raise _empty(file)
        if xlsx:
            return _read_xlsx(path, sheet, file)
        return _read_csv(path, "\t" if suffix == ".tsv" else None, file)
    except RealistError:
        raise
    except MemoryError:
        raise FileFormatError(
            f"{file}: too large to read into memory as a {kind}; split the table"
        ) from None
    except OSError as exc:
        raise FileFormatError(
            f"{file}: cannot be read ({exc.strerror or type(exc).__name__}); check the path "
            "and that the file is not open elsewhere"
        ) from None
    except Exception as exc:  # a last guard: never a bare traceback from a dependency
        raise FileFormatError(
            f"{file}: cannot be read as a {kind} ({type(exc).__name__}: "
            f"{str(exc)[:200] or 'no details'}); check that it is a spreadsheet saved in that "
            "format (CSV in UTF-8)"
        ) from None


#: Each recognised header (normalised) and the field it feeds.
_LOOKUP: dict[str, str] = {}
for _fld, _names in DEFAULT_COLUMNS.items():
    for _name in _names:
        _LOOKUP.setdefault(_name, _fld)
_PRETTY = {_norm_header(name): name for name in _PRETTY_NAMES}

#: Fields whose cells hold lists, for the hint on numbered columns ("Context 2").
_LIST_FIELDS = frozenset(
    {"case", "theme", "context", "constraining", "mechanism", "resource", "reasoning"}
    | {"outcome", "unintended", "anticipated", "source", "code"}
)


def _suggest(header: object) -> tuple[str, str] | None:
    """(field, header to write) for a header within a typo or two of a recognised one."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    key = _norm_header(header)
    if len(key) < 3:
        return None
    match = process.extractOne(
        key, list(_LOOKUP), scorer=OSA.normalized_similarity, score_cutoff=0.75
    )
    if match is None:
        return None
    name = match[0]
    fld = _LOOKUP[name]
    return fld, _PRETTY.get(name, _DISPLAY[fld])


def _letter(j: int) -> str:
    """The spreadsheet letter of the column at 0-based position `j` (A, ..., Z, AA, ...)."""
    out = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        out = chr(65 + r) + out
    return out


def _map_columns(
    headers: Sequence[object], columns: Mapping[str, str] | None, file: str
) -> tuple[dict[str, object], dict[object, str]]:
    """field -> the (first) header that feeds it, and header -> field for every
    header that names one (``"attribute"`` for those ``columns=`` makes attributes)."""
    if columns is not None and not isinstance(columns, Mapping):
        raise ValidationError(
            f"columns= must be a mapping of headers to fields, like "
            f"{{'CMO ref': 'id'}}, not {type(columns).__name__}",
            file=file,
        )
    override: dict[str, str] = {}
    for k, fld in (columns or {}).items():
        if not isinstance(k, str) or not isinstance(fld, str):
            raise ValidationError(
                f"columns= maps {k!r} to {fld!r}; headers and fields are text, like "
                "{'CMO ref': 'id'}",
                file=file,
            )
        if fld not in DEFAULT_COLUMNS and fld != ATTRIBUTE_FIELD:
            from rapidfuzz import process

            close = process.extractOne(fld, [*DEFAULT_COLUMNS, ATTRIBUTE_FIELD], score_cutoff=75)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ValidationError(
                f"columns= maps to unknown field {fld!r}; {hint}fields are "
                f"{', '.join(DEFAULT_COLUMNS)}, or {ATTRIBUTE_FIELD!r} for a column that is "
                "an attribute of the configurations",
                file=file,
            )
        override[_norm_header(k)] = fld
    out: dict[str, object] = {}
    fields: dict[object, str] = {}
    for header in headers:
        if str(header).startswith(ATTRIBUTE_PREFIX):
            continue  # an attribute, whatever its name
        key = _norm_header(header)
        target = override.get(key) or _LOOKUP.get(key)
        if target is None:
            continue
        fields[header] = target
        if target != ATTRIBUTE_FIELD and target not in out:
            out[target] = header
    return out, fields


def _column_warnings(
    frame: pd.DataFrame,
    cols: Mapping[str, object],
    fields: Mapping[object, str],
    layout: str,
    is_frame: bool,
    header_row: int = 1,
) -> list[Problem]:
    """A warning for each column that is not read as a field: what became of it, and
    the field it probably means."""
    headers = list(frame.columns)
    used = set(cols.values())
    names = {str(h) for h in headers}
    out: list[Problem] = []
    for j, header in enumerate(headers):
        name = str(header)
        if header in used or name.startswith(ATTRIBUTE_PREFIX):
            continue
        fld = fields.get(header)
        if fld == ATTRIBUTE_FIELD:
            continue
        where = "columns" if is_frame else f"row {header_row}, column {_letter(j)}"
        kept = "kept as an attribute of the configurations"
        if name.startswith("Unnamed:"):
            if any(_cell(v) for v in frame.iloc[:, j]):
                out.append(
                    Problem(
                        where,
                        f"column {_letter(j)} has no header; its cells were left out; give "
                        "it a header (attr:<name> for an attribute of the configurations)",
                    )
                )
            continue
        if fld is not None and fld in cols:
            message = (
                f"column {name!r} is read as {fld} too, but only one column per field is "
                f"read and column {str(cols[fld])!r} is; {kept} (put the values in "
                f"one column, separated by ';')"
            )
        elif fld is not None:
            other = "excerpt" if fld in _EXCERPT_ONLY else "CMOc"
            message = (
                f"column {name!r} ({fld}) is read only in the one-row-per-{other} layout; "
                f"this sheet is read one row per {'CMOc' if layout == 'cmoc' else 'excerpt'}; "
                f"{kept}"
            )
        elif (dup := re.fullmatch(r"(.+)\.[0-9]+", name)) and dup.group(1) in names:
            message = (
                f"a second column headed {dup.group(1)!r}; only the first is read; {kept} "
                f"{name!r} (rename one of them)"
            )
        else:
            numbered = re.fullmatch(r"(.*?)[\s_#-]*[0-9]+", name.strip())
            base = _LOOKUP.get(_norm_header(numbered.group(1))) if numbered else None
            guess = _suggest(header)
            if base in _LIST_FIELDS:
                message = (
                    f"column {name!r} was not recognised; {kept}; only one {base} column is "
                    f"read: put several values in one {str(cols.get(base, _DISPLAY[base]))!r} "
                    "cell, separated by ';' or line breaks"
                )
            elif guess is not None:
                message = (
                    f"column {name!r} was not recognised; {kept}; did you mean {guess[1]!r}? "
                    f"(rename it, or pass columns={{{name!r}: {guess[0]!r}}})"
                )
            else:
                message = (
                    f"column {name!r} was not recognised; {kept} (head it "
                    f"{ATTRIBUTE_PREFIX + name!r} to say so, or map it to a field with "
                    f"columns={{{name!r}: '<field>'}})"
                )
        out.append(Problem(where, message))
    return out


def _missing_columns(
    headers: Sequence[object], cols: Mapping[str, object], layout: str, file: str
) -> None:
    """Refuse a sheet without the columns its layout needs, naming the likely culprit."""
    if layout == "cmoc":
        needed = [
            (("mechanism", "resource", "reasoning"), "mechanism", "mechanism (or mechanism "
             "resource / mechanism reasoning)"),
            (("outcome",), "outcome", "outcome"),
        ]  # fmt: skip
    else:
        needed = [(("code",), "code", "code")]
    missing = [(group, fld, text) for group, fld, text in needed if not set(group) & cols.keys()]
    if not missing:
        return
    used = set(cols.values())
    culprits: list[str] = []
    for group, _fld, _text in missing:
        for h in headers:
            if h in used or str(h).startswith(ATTRIBUTE_PREFIX):
                continue
            guess = _suggest(h)
            if guess is not None and guess[0] in group:
                culprits.append(
                    f"column {str(h)!r} is probably the {guess[0]} column (did you mean "
                    f"{guess[1]!r}?): rename it, or pass columns={{{str(h)!r}: {guess[0]!r}}}"
                )
    found = ", ".join(repr(str(h)) for h in headers) or "none"
    if culprits:
        advice = "; ".join(culprits)
    else:
        advice = f"rename the column or map it with columns={{'Your header': {missing[0][1]!r}}}"
        if layout == "cmoc" and "code" not in cols:
            advice += " (or add a code column to read the sheet one row per excerpt)"
    raise FileFormatError(
        f"{file}: no {' or '.join(text for _g, _f, text in missing)} column for the one-row-"
        f"per-{'CMOc' if layout == 'cmoc' else 'excerpt'} layout (columns found: {found}); "
        f"{advice}"
    )


# ---------------------------------------------------------------------- building


def _an(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


@dataclass
class _Builder:
    project: Project
    file: str
    source_kind: SourceKind
    report: ImportReport
    taken: TakenIds = field(default_factory=TakenIds)
    elements: dict[tuple[str, str], str] = field(default_factory=dict)
    themes: dict[str, str] = field(default_factory=dict)
    cases: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    empty_quotes: str = "keep"
    coders: bool = False  # whether rows name several coders, whose excerpts are matched
    evidence: dict[tuple[str, str, str, str, str], str] = field(default_factory=dict)
    given: dict[str, tuple[str, str]] = field(default_factory=dict)  # id column id -> kind, label
    # excerpt (by span, or by quote ignoring spacing and case) -> as first met, with its coder
    excerpts: dict[tuple[object, ...], tuple[str, int | None, int | None, str | None]] = field(
        default_factory=dict
    )
    # configuration ID -> the quoted excerpts of the kept coder's rows with that ID
    by_id: dict[str, list[tuple[str, str, int | None, int | None]]] = field(default_factory=dict)
    # source id -> field -> (value, row) as first given, and values already warned about
    source_given: dict[str, dict[str, tuple[object, str]]] = field(default_factory=dict)
    source_warned: set[tuple[str, str, str]] = field(default_factory=set)
    empty_quote_rows: list[str] = field(default_factory=list)

    def given_id(self, kind: str, ident: str, label: str) -> bool:
        """Whether an id from an id column is already in the project (with this kind and label)."""
        if ident not in self.given:
            self.given[ident] = (kind, label.strip())
            return False
        old_kind, old_label = self.given[ident]
        if old_kind != kind:
            raise ValidationError(
                f"id {ident!r} is {_an(old_kind)} in an earlier row and {_an(kind)} here; "
                "give each item its own id"
            )
        if old_label != label.strip():
            raise ValidationError(
                f"{kind} id {ident!r} is {old_label!r} in an earlier row but {label.strip()!r} here"
            )
        return True

    def unique(self, base: str) -> str:
        return self.taken.unique(base)

    def element(
        self,
        kind: str,
        label: str,
        resource: str | None = None,
        reasoning: str | None = None,
        *,
        id: str | None = None,
    ) -> str:
        key = (kind, _norm_label(label))
        if id is not None and not self.given_id(kind, id, label):
            ident = id
        elif id is not None or key in self.elements:
            ident = id or self.elements[key]
            if kind == "mechanism" and (resource or reasoning):
                m = self.project.get(ident, Mechanism)
                if (resource and m.resource not in (None, resource)) or (
                    reasoning and m.reasoning not in (None, reasoning)
                ):
                    self.report.warn(
                        f"mechanism {label!r}",
                        "given different resource or reasoning in another row; the first kept",
                    )
                m.resource = m.resource or resource
                m.reasoning = m.reasoning or reasoning
            return ident
        else:
            ident = self.unique(f"{kind[0]}-{slugify(label)}")
        if kind == "context":
            self.project.add_context(label, id=ident)
        elif kind == "mechanism":
            self.project.add_mechanism(label, id=ident, resource=resource, reasoning=reasoning)
        else:
            self.project.add_outcome(label, id=ident)
        self.elements.setdefault(key, ident)
        return ident

    def theme(self, label: str, id: str | None = None) -> str:
        key = _norm_label(label)
        if id is not None:
            if not self.given_id("theme", id, label):
                self.project.add_theme(id, label)
                self.themes.setdefault(key, id)
            return id
        if key not in self.themes:
            ident = self.unique(slugify(label))
            self.project.add_theme(ident, label)
            self.themes[key] = ident
        return self.themes[key]

    def case(self, name: str, id: str | None = None) -> str:
        key = _norm_label(name)
        if id is not None:
            if not self.given_id("case", id, name):
                self.project.add_case(id, name)
                self.cases.setdefault(key, id)
            return id
        if key not in self.cases:
            ident = self.unique(name if is_id(name) and name.islower() else slugify(name))
            self.project.add_case(ident, name)
            self.cases[key] = ident
        return self.cases[key]

    def source(
        self,
        name: str,
        case: str | None,
        info: _SourceInfo | None = None,
        where: str = "",
    ) -> str:
        """The id of the source `name`, added at first sight; `info` (kind and
        attributes from the row's source columns) fills what is not given yet, and a
        value that differs from the first one given is warned about, not kept."""
        key = _norm_label(name)
        if key not in self.sources:
            ident = self.unique(name if is_id(name) else slugify(name))
            self.project.add_source(
                ident,
                kind=(info.kind if info and info.kind else None) or self.source_kind,
                case=case,
                title=name,
            )
            self.sources[key] = ident
        ident = self.sources[key]
        if info is not None and (info.kind or info.attributes):
            self._source_info(ident, info, where)
        return ident

    def _source_info(self, ident: str, info: _SourceInfo, where: str) -> None:
        src = self.project.get(ident, Source)
        given = self.source_given.setdefault(ident, {})
        values: dict[str, object] = {"kind": info.kind} if info.kind else {}
        values.update(info.attributes)
        for name, value in values.items():
            if name not in given:
                given[name] = (value, where)
                if name == "kind":
                    src.kind = cast(SourceKind, value)
                    if info.written is not None:
                        src.attributes["kind_as_written"] = info.written
                else:
                    src.attributes[name] = cast(Scalar, value)
                continue
            first, first_where = given[name]
            if first != value and (ident, name, repr(value)) not in self.source_warned:
                self.source_warned.add((ident, name, repr(value)))
                label = "source kind" if name == "kind" else name
                self.report.warn(
                    where,
                    f"source {ident!r} has {label} {value!r} here but {first!r} in "
                    f"{first_where}; the first kept (give each source one {label}, or use "
                    "two sources)",
                )

    def excerpt(
        self, source: str, quote: str, start: int | None, end: int | None, coder: str | None
    ) -> tuple[str, int | None, int | None, str | None]:
        """The excerpt a coding falls on: when another coder coded the same one first
        (same source and span, or same quote ignoring spacing and case), that coder's
        quote and span and that coder's name; else the coding's own, and None."""
        if not self.coders:
            return quote, start, end, None  # one coder: nothing to match across coders
        keys: list[tuple[object, ...]] = []
        if start is not None and end is not None:
            keys.append(("span", source, start, end))
        norm = _norm_quote(quote)
        if norm:
            keys.append(("quote", source, norm))
        for key in keys:
            first = self.excerpts.get(key)
            if first is not None:
                if first[3] != coder:
                    return first
                break
        for key in keys:
            self.excerpts.setdefault(key, (quote, start, end, coder))
        return quote, start, end, None

    def add_evidence(
        self,
        source: str,
        quote: str,
        elements: Iterable[str],
        *,
        start: int | None = None,
        end: int | None = None,
        coder: str | None = None,
    ) -> str:
        key = (source, quote, str(start), str(end), str(coder))
        if key in self.evidence:
            ev = self.project.get(self.evidence[key])
            for e in elements:
                if e not in ev.elements:  # type: ignore[union-attr]
                    ev.elements.append(e)  # type: ignore[union-attr]
            return self.evidence[key]
        ident = self.taken.numbered(f"ev-{source}")
        ev = self.project.add_evidence(
            id=ident,
            source=source,
            quote=quote,
            elements=list(dict.fromkeys(elements)),
            start=start,
            end=end,
            coder=coder,
        )
        self.evidence[key] = ev.id
        return ev.id


@dataclass
class _SourceInfo:
    """What a row's source columns say about one of its sources."""

    kind: SourceKind | None = None
    written: str | None = None  # the kind as written, when it is a synonym
    attributes: dict[str, Scalar] = field(default_factory=dict)


#: What a sheet without source columns says of every source (never changed).
_NO_INFO = [_SourceInfo()]


@dataclass
class _Row:
    n: str  # "row 7"
    id: str | None
    label: str
    cases: list[str]
    themes: list[str]
    contexts: list[str]
    constraining: list[str]
    mechanisms: list[tuple[str, str | None, str | None]]
    outcomes: list[str]
    unintended: list[str]
    anticipated: list[str]
    quotes: list[str]
    sources: list[str]
    confidence: str | None
    status: str
    phase: str | int | None
    note: str
    attributes: dict[str, str | int | float | bool]
    # the id column of each id field, when the row gives one
    ids: dict[str, list[str]] = field(default_factory=dict)
    coder: str | None = None
    # the sources the row's evidence comes from (the file's stem for quotes without a
    # source), what the source columns say of each, each quote with the index of its
    # source, and the indices of sources given without a quote
    source_names: list[str] = field(default_factory=list)
    source_info: list[_SourceInfo] = field(default_factory=list)
    excerpts: list[tuple[int, str]] = field(default_factory=list)
    bare: list[int] = field(default_factory=list)
    # excerpt layout
    codes: list[tuple[str, str]] = field(default_factory=list)
    start: int | None = None
    end: int | None = None


class _RowReader:
    def __init__(
        self,
        cols: dict[str, object],
        problems: list[Problem],
        *,
        stem: str = "table",
        report: ImportReport | None = None,
        has_coders: bool = False,
        ids_per_coder: bool = False,
        empty_quotes: str = "keep",
    ) -> None:
        self.cols = cols
        self.problems = problems
        self.known = set(cols.values())
        self.stem = stem
        self.report = report if report is not None else ImportReport()
        self.has_coders = has_coders
        self.ids_per_coder = ids_per_coder
        self.empty_quotes = empty_quotes
        # a configuration ID (per coder, when IDs are) -> the row and coder that used it
        self.seen: dict[object, tuple[str, str | None]] = {}
        self.source_cols = [(f, cols[f]) for f in _SOURCE_FIELDS if f in cols]

    def get(self, record: Mapping[object, object], fld: str) -> str:
        header = self.cols.get(fld)
        return "" if header is None else _unguard(_cell(record.get(header)))

    def values(self, record: Mapping[object, object], fld: str) -> list[str]:
        """The values of a list cell (its line breaks kept until it is split)."""
        header = self.cols.get(fld)
        if header is None:
            return []
        value = record.get(header)
        return _split(_unguard(value if isinstance(value, str) else _cell(value)))

    def common(self, n: str, record: Mapping[object, object]) -> _Row:
        problems = self.problems
        ident = self.get(record, "id") or None
        if ident is not None and not is_id(ident):
            problems.append(
                Problem(n, f"ID {ident!r} is not a valid id (letters, digits, '-', no spaces)")
            )
        status = self.get(record, "status").lower() or "conjectured"
        if status not in STATUSES:
            problems.append(
                Problem(n, f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
            )
        confidence = self.get(record, "confidence").lower() or None
        if confidence == "medium":
            confidence = "moderate"
        if confidence is not None and confidence not in CONFIDENCE_LEVELS:
            problems.append(
                Problem(
                    n,
                    f"unknown confidence {confidence!r}; expected one of "
                    f"{', '.join(CONFIDENCE_LEVELS)}",
                )
            )
        cases = self.values(record, "case")
        if "case" in self.cols and not cases:
            problems.append(
                Problem(n, f"the case is empty; name the case (or write {NO_CASE!r} for none)")
            )
        attributes: dict[str, str | int | float | bool] = {}
        for h, v in record.items():
            if h in self.known or str(h).startswith("Unnamed:"):
                continue
            if str(h).startswith(ATTRIBUTE_PREFIX):
                value = _read_scalar(v)
                if value is not None:
                    attributes[str(h).removeprefix(ATTRIBUTE_PREFIX)] = value
            elif text := _unguard(_cell(v)):
                attributes[str(h)] = text
        phase = (
            _read_scalar(record.get(self.cols["phase"]), phase=True)
            if "phase" in self.cols
            else None
        )
        return _Row(
            n=n,
            id=ident,
            label=_read_text(record.get(self.cols["label"])) if "label" in self.cols else "",
            cases=[] if self.get(record, "case") == NO_CASE else cases,
            themes=self.values(record, "theme"),
            contexts=self.values(record, "context"),
            constraining=self.values(record, "constraining"),
            mechanisms=[],
            outcomes=self.values(record, "outcome"),
            unintended=self.values(record, "unintended"),
            anticipated=self.values(record, "anticipated"),
            quotes=_split_quotes(self.get(record, "quote")),
            sources=self.values(record, "source"),
            confidence=confidence,
            status=status,
            phase=cast("str | int | None", phase),
            note=_read_text(record.get(self.cols["note"])) if "note" in self.cols else "",
            attributes=attributes,
            coder=" ".join(self.get(record, "coder").split()) or None,
        )

    def finish(self, row: _Row, record: Mapping[object, object]) -> _Row:
        """What both layouts check last: the coder, and which quote comes from which
        source (with what the source columns say of each source)."""
        n, problems = row.n, self.problems
        if self.has_coders and row.coder is None:
            problems.append(
                Problem(
                    n,
                    f"the coder cell (column {str(self.cols['coder'])!r}) is empty; name who "
                    "coded this row: once some rows name a coder, every row must",
                )
            )
        quotes, sources = row.quotes, row.sources
        if quotes and len(sources) > 1 and len(sources) < len(quotes):
            problems.append(
                Problem(
                    n,
                    f"{len(quotes)} quotes but {len(sources)} sources; give one source, "
                    "or one per quote in the same order",
                )
            )
            return row
        if quotes and not sources:
            sources = [self.stem]
            self.report.warn(n, f"quotes without a source: attributed to source {self.stem!r}")
        row.source_names = sources
        if len(sources) > 1:
            row.excerpts = list(enumerate(quotes))
            row.bare = list(range(len(quotes), len(sources)))
        elif quotes:
            row.excerpts = [(0, q) for q in quotes]
        else:
            row.bare = list(range(len(sources)))
        if row.bare and self.empty_quotes == "error":
            header = self.cols.get("quote")
            cell = f"the {str(header)!r} cell is empty" if header else "there is no quote column"
            for i in row.bare:
                problems.append(
                    Problem(
                        n,
                        f"source {sources[i]!r} has no quote ({cell}); add the quote, or pass "
                        "empty_quotes='keep' to keep it as source-only evidence",
                    )
                )
        row.source_info = self.source_info(n, record, len(sources))
        if not sources and any(info.kind or info.attributes for info in row.source_info):
            given = [str(self.cols[f]) for f in _SOURCE_FIELDS if self.get(record, f)]
            self.report.warn(
                n,
                f"{', '.join(map(repr, given))} given but the row names no source nor quote; "
                "left out (add the source)",
            )
        return row

    def source_info(self, n: str, record: Mapping[object, object], k: int) -> list[_SourceInfo]:
        """What the source columns say of each of the row's `k` sources: one value for
        all, or with several sources one per source in the same order."""
        if not self.source_cols:
            return _NO_INFO
        infos = [_SourceInfo() for _ in range(max(k, 1))]
        for fld, header in self.source_cols:
            raw = record.get(header)
            text = _unguard(_date_cell(raw) if fld == "date" else _cell(raw))
            if not text:
                continue
            values = [text]
            if k > 1:  # one value for all, or one per source (an empty one for none)
                cell = _unguard(raw.strip()) if isinstance(raw, str) else text
                parts = cell.strip().splitlines() if "\n" in cell.strip() else cell.split(";")
                values = [v.strip() for v in parts]
                if len(values) == 1:
                    values *= k
                elif len(values) != k:
                    self.problems.append(
                        Problem(
                            n,
                            f"{k} sources but {len(values)} values in column {str(header)!r}; "
                            "give one value for all, or one per source in the same order",
                        )
                    )
                    continue
            for info, value in zip(infos, values, strict=False):
                if not value:
                    continue
                if fld == "source_kind":
                    kind = SOURCE_KIND_WORDS.get(_norm_header(value))
                    if kind is None:
                        self.problems.append(
                            Problem(
                                n,
                                f"unknown source kind {value!r} in column {str(header)!r}; "
                                f"{_KIND_HELP}",
                            )
                        )
                        continue
                    info.kind = kind
                    if _norm_header(value) not in (kind, kind + "s"):  # a synonym: kept
                        info.written = value.strip()
                elif fld == "source_phase":
                    info.attributes["phase"] = _typed(value, phase=True)
                else:
                    info.attributes[_SOURCE_ATTRS[fld]] = value
        return infos

    def check_id(self, row: _Row) -> None:
        """A configuration ID is used by one row (one row per coder, when rows of other
        coders become codings only)."""
        if row.id is None:
            return
        key: object = (_coder_key(row.coder), row.id) if self.ids_per_coder else row.id
        if key not in self.seen:
            self.seen[key] = (row.n, row.coder)
            return
        first, first_coder = self.seen[key]
        if first_coder is not None and first_coder != row.coder:
            self.problems.append(
                Problem(
                    row.n,
                    f"ID {row.id!r} is used by an earlier row ({first}, coder "
                    f"{first_coder!r}); with coder='all' every coder's rows are "
                    "configurations and need IDs of their own; to keep one coder's "
                    f"configurations, pass coder={first_coder!r}",
                )
            )
        else:
            self.problems.append(
                Problem(
                    row.n,
                    f"ID {row.id!r} is used by an earlier row ({first}); give each "
                    "configuration its own ID",
                )
            )

    def cmoc(self, n: str, record: Mapping[object, object]) -> _Row:
        row = self.common(n, record)
        problems = self.problems
        self.check_id(row)
        labels = self.values(record, "mechanism")
        res = self.values(record, "resource")
        rea = self.values(record, "reasoning")
        if not labels and (res or rea):
            if res and rea and len(res) != len(rea):
                problems.append(
                    Problem(n, f"{len(res)} mechanism resources but {len(rea)} reasonings")
                )
            k = max(len(res), len(rea))
            for i in range(k):
                r1 = res[i] if i < len(res) else None
                r2 = rea[i] if i < len(rea) else None
                label = " → ".join(x for x in (r1, r2) if x)
                row.mechanisms.append((label, r1, r2))
        else:
            for extra, name in ((res, "resources"), (rea, "reasonings")):
                if extra and len(extra) != len(labels):
                    problems.append(
                        Problem(
                            n,
                            f"{len(labels)} mechanisms but {len(extra)} mechanism {name}; "
                            "give one per mechanism, in the same order",
                        )
                    )
            for i, label in enumerate(labels):
                r1 = (res[i] if i < len(res) else None) or None  # "" : none
                r2 = (rea[i] if i < len(rea) else None) or None
                row.mechanisms.append((label, r1, r2))
        self.read_ids(n, record, row)
        if not row.mechanisms:
            problems.append(Problem(n, "no mechanism (the mechanism cells are empty)"))
        if not (row.outcomes or row.unintended or row.anticipated):
            problems.append(Problem(n, "no outcome (the outcome cell is empty)"))
        return self.finish(row, record)

    def read_ids(self, n: str, record: Mapping[object, object], row: _Row) -> None:
        """The row's id cells: valid ids, one per value of their label column."""
        for fld, label_fld in _ID_FIELDS.items():
            ids = self.values(record, fld)
            if not ids:
                continue
            header = self.cols[fld]
            bad = [i for i in ids if not is_id(i)]
            if bad:
                self.problems.append(
                    Problem(
                        n,
                        f"{bad[0]!r} in column {str(header)!r} is not a valid id (letters, "
                        "digits, '-', no spaces); fix it or empty the cell",
                    )
                )
                continue
            values = (
                row.mechanisms if label_fld == "mechanism" else getattr(row, _PLURAL[label_fld])
            )
            if len(ids) != len(values):
                self.problems.append(
                    Problem(
                        n,
                        f"{len(ids)} ids in column {str(header)!r} but {len(values)} "
                        f"{label_fld} values; give one id per value, in the same order "
                        "(or empty the id cell)",
                    )
                )
                continue
            row.ids[fld] = ids

    def excerpt(self, n: str, record: Mapping[object, object]) -> _Row:
        row = self.common(n, record)
        problems = self.problems
        kind_cell = self.get(record, "kind")
        codes = self.values(record, "code")
        if not codes:
            problems.append(Problem(n, "no code (the code cell is empty)"))
        for code in codes:
            if kind_cell:
                kind = _KINDS.get(kind_cell.strip().lower())
                if kind is None:
                    problems.append(
                        Problem(
                            n,
                            f"unknown kind {kind_cell!r}; expected context, mechanism or "
                            "outcome (or C, M, O)",
                        )
                    )
                    continue
                row.codes.append((kind, code))
                continue
            match = _PREFIX.match(code)
            if match is None:
                problems.append(
                    Problem(
                        n,
                        f"code {code!r} has no kind: add a kind column or write it as "
                        "'C: ...', 'M: ...' or 'O: ...'",
                    )
                )
                continue
            row.codes.append((_KINDS[match.group(1).lower()], match.group(2).strip()))
        for fld in ("start", "end"):
            text = self.get(record, fld)
            if text:
                try:
                    setattr(row, fld, int(text))
                except ValueError:
                    problems.append(Problem(n, f"{fld} {text!r} is not a whole number"))
        if not row.quotes and not row.sources:
            problems.append(Problem(n, "neither a quote nor a source for this excerpt"))
        return self.finish(row, record)


Layout = Literal["auto", "cmoc", "excerpt"]
EmptyQuotes = Literal["keep", "skip", "error"]
_LAYOUTS = ("auto", "cmoc", "excerpt")
_EMPTY_QUOTES = ("keep", "skip", "error")


def _check_options(
    file: str, *, layout: object, source_kind: object, coder: object, empty_quotes: object
) -> None:
    """Refuse option values that mean nothing, before reading anything."""
    problems: list[Problem] = []
    if layout not in _LAYOUTS:
        problems.append(
            Problem(
                "layout=",
                f"{layout!r} is not a layout; use 'auto', 'cmoc' (one row per CMOc) or "
                "'excerpt' (one row per coded excerpt)",
            )
        )
    if source_kind not in SOURCE_KINDS:
        problems.append(
            Problem(
                "source_kind=",
                f"{source_kind!r} is not a source kind; use one of {', '.join(SOURCE_KINDS)}",
            )
        )
    if coder is not None and (not isinstance(coder, str) or not coder.strip()):
        problems.append(
            Problem(
                "coder=",
                f"{coder!r} is not a coder; give a coder's name as the coder column writes "
                "it, 'all' to keep every coder's configurations, or leave it out (the first "
                "coder in the sheet)",
            )
        )
    if empty_quotes not in _EMPTY_QUOTES:
        problems.append(
            Problem(
                "empty_quotes=",
                f"{empty_quotes!r} is not a choice; use 'keep' (source-only evidence, "
                "reported), 'skip' (no evidence from a source without a quote) or 'error'",
            )
        )
    if problems:
        raise ValidationError(problems, file=file)


def _rows_text(rows: Sequence[str], limit: int = 10) -> str:
    """``row 3`` or ``rows 3, 7, 9`` (the first `limit`, then how many more)."""
    numbers = [r.removeprefix("row ") for r in rows]
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    shown = ", ".join(numbers[:limit])
    more = f" and {len(numbers) - limit} more" if len(numbers) > limit else ""
    return f"rows {shown}{more}"


@overload
def read_table(
    data: str | os.PathLike[str] | pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = ...,
    layout: Layout = ...,
    sheet: str | int = ...,
    title: str | None = ...,
    source_kind: SourceKind = ...,
    coder: str | None = ...,
    empty_quotes: EmptyQuotes = ...,
    texts: str | os.PathLike[str] | Mapping[str, str] | None = ...,
    report: Literal[False] = ...,
) -> Project: ...
@overload
def read_table(
    data: str | os.PathLike[str] | pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = ...,
    layout: Layout = ...,
    sheet: str | int = ...,
    title: str | None = ...,
    source_kind: SourceKind = ...,
    coder: str | None = ...,
    empty_quotes: EmptyQuotes = ...,
    texts: str | os.PathLike[str] | Mapping[str, str] | None = ...,
    report: Literal[True],
) -> tuple[Project, ImportReport]: ...
def read_table(
    data: str | os.PathLike[str] | pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    layout: Layout = "auto",
    sheet: str | int = 0,
    title: str | None = None,
    source_kind: SourceKind = "other",
    coder: str | None = None,
    empty_quotes: EmptyQuotes = "keep",
    texts: str | os.PathLike[str] | Mapping[str, str] | None = None,
    report: bool = False,
) -> Project | tuple[Project, ImportReport]:
    """Read a spreadsheet of CMOcs (CSV, XLSX or a DataFrame) as a Project.

    Parameters
    ----------
    data : str, os.PathLike or pandas.DataFrame
        A ``.csv`` (UTF-8), ``.tsv`` or ``.xlsx`` file, or a DataFrame.
        Reading ``.xlsx`` needs openpyxl: ``pip install -e ".[xlsx]"`` from a
        clone of the repository, ``pip install "realist[xlsx]"`` from an index.
        Every cell is read as written: ``NA``, ``None``, ``null``, ``#N/A``
        are text, not missing values. A leading apostrophe followed by ``=``,
        ``+``, ``-``, ``@``, a tab, a carriage return or another apostrophe is
        a spreadsheet's formula guard (as :func:`write_table` writes it) and
        is dropped: ``'=SUM(A1)`` reads as ``=SUM(A1)``, ``'tis`` as itself.
        A DataFrame column whose name repeats an earlier one is read as
        ``<name>.1`` and reported, as a CSV column is. An ``.xlsx`` file is
        checked before openpyxl reads it: at most 10,000 zip members, no name
        twice, no part expanding beyond 512 MiB or 200 times its compressed
        size, no DTD; only the cells from A1 to the farthest cell holding a
        value are read, and a sheet spanning more than 10 million cells (a
        stray cell far from the table) is refused, naming the cell. CSV cells
        may hold up to 64 MiB.
    columns : mapping, optional
        Headers to fields, for headers the defaults do not recognise, e.g.
        ``{"CMO ref": "id", "Programme mechanism": "mechanism"}``. Fields are
        the keys of :data:`DEFAULT_COLUMNS`: ``id``, ``label``, ``case``,
        ``theme``, ``context``, ``constraining``, ``mechanism``, ``resource``,
        ``reasoning``, ``outcome``, ``unintended``, ``anticipated``, ``quote``,
        ``source``, ``confidence``, ``status``, ``phase``, ``note``,
        ``coder``; the source columns ``source_kind``, ``role``, ``sector``,
        ``level``, ``date``, ``source_phase``; for excerpts ``code``,
        ``kind``, ``start``, ``end``; in the CMOc layout also the id columns
        ``case_id``, ``theme_id``, ``context_id``, ``constraining_id``,
        ``mechanism_id``, ``outcome_id``, ``unintended_id``,
        ``anticipated_id``: one valid id per value of the label column, in the
        same order; an element, case or theme is then found by its id, not its
        label. ``"attribute"`` makes a column an attribute of the
        configurations without a warning. Columns that match no field (and
        those of fields the layout does not read) become attributes of the
        configurations, as text, and each is listed in the report's warnings,
        with the field it probably means when its header is close to a
        recognised one (``Contxt``: did you mean ``Context``?). Columns headed
        ``attr:<name>`` (as :func:`write_table` writes them) give attribute
        ``<name>`` typed, and are never reported: a cell that is exactly an
        int, a float as Python writes it, or ``true``/``false`` (any case)
        gives that value, and after a leading apostrophe the rest of the cell
        is text, as it is. A phase cell that is exactly an int gives an int.
        Label and note cells lose a leading apostrophe the same way.
    layout : {"auto", "cmoc", "excerpt"}, optional
        One row per CMOc, or one row per coded excerpt. ``"auto"`` picks
        ``"excerpt"`` when there is a code column, ``"cmoc"`` otherwise.
    sheet : str or int, optional
        The Excel sheet to read (name or position).
    title : str, optional
        The project title; defaults to the file name.
    source_kind : {"other", "interview", "document", "observation", "survey"}, optional
        The kind given to sources whose rows give none in a source kind
        column (``Source kind``, ``Source type``, ``Kind of source``). That
        column takes the five kinds in any case, and synonyms: focus group,
        group interview and transcript are interviews, report, minutes and
        record documents, field notes and site visit observation,
        questionnaire survey (:data:`SOURCE_KIND_WORDS`); a synonym is also
        kept in the source's attribute ``kind_as_written``. ``Role``,
        ``Sector``, ``Level``, ``Date`` and ``Source phase`` (or ``Interview
        phase``) columns give the source's attributes ``role``, ``sector``,
        ``level``, ``date`` (an Excel date as ``2006-03-01``) and ``phase`` (an
        int when the cell is one). With several sources in a row, a cell gives
        one value for all or one per source. When rows disagree about a
        source, the first value is kept and the others are reported.
    coder : str, optional
        Whose configurations count when a coder column (``Coder``, ``Coded
        by``, ``User``, ``Rater``, ``Analyst``) names several coders: a coder's
        name (compared ignoring case and spacing), or ``"all"`` for every
        coder's. By default, the first coder in the sheet. The chosen coder's
        rows make the configurations, exactly as if the sheet held only
        them; each row of another coder becomes that coder's coding of its
        excerpts: evidence items with ``coder`` and ``elements`` set and no
        configuration. A row of another coder that re-codes an excerpt (same
        source and quote, compared ignoring spacing and case, or same source
        and span) gets that excerpt's quote and span; one with no quote and the
        ID of a configuration codes that configuration's excerpts. Every
        coding names its coder, so :func:`realist.coder_agreement` compares the
        coders on the excerpts they both coded. A configuration's evidence is
        its own coder's. Once a row names a coder, every row must. With
        ``"all"`` every row is a configuration, and IDs must differ across
        coders.
    empty_quotes : {"keep", "skip", "error"}, optional
        A source given without a quote (an empty quote cell): ``"keep"``
        records it as source-only evidence of the configuration (no excerpt:
        coder agreement and quote checks skip it), ``"skip"`` makes no
        evidence of it, ``"error"`` refuses the row. With ``"keep"`` and
        ``"skip"`` the rows are listed in the report's warnings.
    texts : folder or mapping, optional
        The full texts of the sources (transcripts), so that each pasted quote
        is found where it is: a folder holding ``<source>.txt`` files (named
        as the Source cells, or by the sources' ids; UTF-8), or a mapping of
        source names or ids to their text. Each source found gets its
        ``text``, and each quote is located as people paste them (curly or
        straight quotes, dashes, spacing and line ends, case, then a fuzzy
        tier; see :func:`realist.match_quotes`): its evidence gets ``start``
        and ``end`` and the attribute ``quote_match`` (the tier). The report
        counts the quotes found by each tier and lists every quote not
        found and every source without a text; no quote is changed or
        dropped.
    report : bool, optional
        Also return an :class:`~realist.io.qdpx.ImportReport`: row and item
        counts (``rows``, ``coders``, ``coding_only_rows``, ``empty_quotes``
        and the items made) and warnings for every column not read as a field,
        the coders, sources without a quote, and source values that disagree.

    Returns
    -------
    Project, or (Project, ImportReport) when `report` is true

    Raises
    ------
    realist.errors.MissingFileError
        The file does not exist.
    realist.errors.FileFormatError
        Not a readable table (empty, not UTF-8, an ``.xls`` or a CSV renamed
        ``.xlsx``, a workbook with a password, a sheet that does not exist, a
        header quote never closed), or without the columns a layout needs (the
        message names a column that is probably the missing one misspelt).
    realist.errors.UnsafeFileError
        An ``.xlsx`` beyond the caps above (a possible zip bomb, a stray cell
        far from the table, a DTD).
    realist.errors.MissingDependencyError
        An ``.xlsx`` file and openpyxl is not installed.
    realist.errors.ValidationError
        An option value that means nothing (``layout``, ``source_kind``,
        ``coder``, ``empty_quotes``, ``columns``), a `coder` not in the sheet;
        bad rows: a CSV row with more or fewer cells than the header (a
        delimiter at the end of every row is fine), a missing mechanism or
        outcome, an unknown status, confidence or source kind, an empty case
        or coder cell, a duplicate or malformed ID, a code of unknown kind, an
        id cell with a malformed id or not one id per value, an id used for
        two items or with two labels, more quotes than sources. Every bad row
        is listed, with its row number as a spreadsheet shows it (the header
        is row 1).

    Examples
    --------
    >>> import pandas as pd
    >>> from realist.io.tables import read_table
    >>> df = pd.DataFrame({
    ...     "ID": ["k1", "k2"],
    ...     "Case": ["Sandwell", "Nottingham"],
    ...     "Context": ["History of working together", "Policy turbulence; Short funding"],
    ...     "Mechanism": ["Local champions", "Local champions"],
    ...     "Outcome": ["Shared strategic vision", "Project stalled"],
    ...     "Status": ["supported", "refuted"],
    ... })
    >>> p = read_table(df, title="HIPP")
    >>> [k.id for k in p.configurations], [m.label for m in p.mechanisms]
    (['k1', 'k2'], ['Local champions'])
    >>> p.configurations[1].contexts
    ['c-policy-turbulence', 'c-short-funding']
    >>> df.loc[1, "Status"] = "maybe"
    >>> df.loc[0, "Mechanism"] = ""
    >>> read_table(df)
    Traceback (most recent call last):
    ...
    realist.errors.ValidationError: DataFrame: 2 problems:
      - row 2: no mechanism (the mechanism cells are empty)
      - row 3: unknown status 'maybe'; expected one of conjectured, supported, refuted, refined

    Two coders coded the same excerpt; Ana's configuration counts, Ben's
    coding is kept for agreement, and a misspelt header is reported:

    >>> df = pd.DataFrame({
    ...     "ID": ["k1", "k1"],
    ...     "Coder": ["Ana", "Ben"],
    ...     "Contxt": ["History", "History"],
    ...     "Mechanism": ["Local champions", "Consultancy"],
    ...     "Outcome": ["Shared vision", "Shared vision"],
    ...     "Evidence": ["we had worked together", "We had  worked together"],
    ...     "Source": ["int-07", "int-07"],
    ...     "Role": ["locality manager", "locality manager"],
    ... })
    >>> p, rep = read_table(df, report=True)
    >>> [(k.id, k.mechanisms) for k in p.configurations]
    [('k1', ['m-local-champions'])]
    >>> [(e.coder, e.quote, e.elements) for e in p.evidence]
    [('Ana', 'we had worked together', ['m-local-champions', 'o-shared-vision']),
     ('Ben', 'we had worked together', ['m-consultancy', 'o-shared-vision'])]
    >>> p.sources[0].attributes
    {'role': 'locality manager'}
    >>> print(rep.warnings[0])
    columns: column 'Contxt' was not recognised; kept as an attribute of the configurations; did you mean 'Context'? (rename it, or pass columns={'Contxt': 'context'})
    """
    import pandas as pd

    is_frame = isinstance(data, pd.DataFrame)
    file = "DataFrame" if is_frame else os.fspath(data)  # type: ignore[arg-type]
    _check_options(
        file, layout=layout, source_kind=source_kind, coder=coder, empty_quotes=empty_quotes
    )
    frame = _load_frame(data, sheet, file)
    headers = list(frame.columns)
    cols, fields = _map_columns(headers, columns, file)
    if layout == "auto":
        layout = "excerpt" if "code" in cols else "cmoc"
    if layout == "cmoc":  # code, kind, start, end mean nothing here: attributes
        cols = {k: v for k, v in cols.items() if k not in _EXCERPT_ONLY}
    else:  # and id columns mean nothing for excerpts
        cols = {k: v for k, v in cols.items() if k not in _ID_FIELDS}
    _missing_columns(headers, cols, layout, file)
    rep = ImportReport(file=file, origin="table")
    top = 1 if is_frame else int(frame.attrs.get(_HEADER_ROW, 1))  # the header's sheet row
    rep.warnings += _column_warnings(frame, cols, fields, layout, is_frame, top)
    normalised = {_norm_header(h) for h in headers}
    for name in columns or {}:
        if _norm_header(name) not in normalised:
            rep.warn(
                "columns=",
                f"{name!r} is not a column of this sheet; nothing was read as "
                f"{(columns or {})[name]!r} from it (check the header's spelling)",
            )
    every = coder is not None and coder.strip().casefold() == "all"
    records = frame.to_dict("records")
    has_coders = "coder" in cols and any(_cell(r.get(cols["coder"])) for r in records)
    stem = "table" if is_frame else Path(file).stem
    problems: list[Problem] = []
    reader = _RowReader(
        cols,
        problems,
        stem=stem,
        report=rep,
        has_coders=has_coders,
        ids_per_coder=has_coders and not every,
        empty_quotes=empty_quotes,
    )
    parse = reader.cmoc if layout == "cmoc" else reader.excerpt
    rows: list[_Row] = []
    index = list(frame.index)
    for i, record in enumerate(records):
        if all(_cell(v) == "" for v in record.values()):
            continue
        n = (
            f"row {i + top + 1}"
            if not is_frame
            else f"row {index[i] + 2 if isinstance(index[i], int) else index[i]}"
        )
        rows.append(parse(n, record))
    if problems:
        raise ValidationError(problems, file=file)
    rep.counts["rows"] = len(rows)

    coders: dict[str | None, str] = {}  # coder key -> the name as first written
    for row in rows:
        if row.coder is not None:
            row.coder = coders.setdefault(_coder_key(row.coder), row.coder)
    kept = _kept_coder(coder, coders, cols, file)
    main = [r for r in rows if kept is None or _coder_key(r.coder) == kept]
    others = [r for r in rows if kept is not None and _coder_key(r.coder) != kept]

    project = Project(title=title or stem)
    b = _Builder(project, file, source_kind, rep, empty_quotes=empty_quotes)
    b.coders = len(coders) > 1
    b.taken.update(row.id for row in main if row.id)  # generated ids never take a row's ID
    b.taken.update(i for row in rows for ids in row.ids.values() for i in ids)
    if layout == "cmoc":
        _build_cmocs(b, main, problems)
    else:
        _build_excerpts(b, main, problems, by_coder=every and bool(coders))
    tally = _build_codings(b, others, layout, problems)
    if problems:
        raise ValidationError(problems, file=file)
    if coders:
        rep.counts["coders"] = len(coders)
    if kept is not None and len(coders) > 1:
        rep.counts["coding_only_rows"] = len(others)
        rep.warn(
            f"column {str(cols['coder'])!r}",
            _coders_message(coders, coders[kept], tally, str(cols["coder"]), chosen=coder),
        )
    if b.empty_quote_rows:
        rep.counts["empty_quotes"] = len(b.empty_quote_rows)
        header = cols.get("quote")
        cell = f"an empty {str(header)!r} cell" if header else "no quote column"
        if empty_quotes == "keep":
            done = (
                "kept as source-only evidence, which is no excerpt (coder agreement and "
                "quote checks skip it); add the quote, or pass empty_quotes='skip' to leave "
                "such sources out (or 'error' to refuse them)"
            )
        else:
            done = "no evidence made of it (empty_quotes='skip'); add the quote to use it"
        rep.warn(_rows_text(b.empty_quote_rows), f"a source without a quote ({cell}): {done}")
    if texts is not None:
        project = _match_texts(project, texts, rep, file)
    for key in (
        "cases",
        "themes",
        "sources",
        "evidence",
        "contexts",
        "mechanisms",
        "outcomes",
        "configurations",
    ):
        rep.counts[key] = len(getattr(project, key))
    if report:
        return project, rep
    return project


def _match_texts(
    project: Project,
    texts: str | os.PathLike[str] | Mapping[str, str],
    rep: ImportReport,
    file: str,
) -> Project:
    """Give the sources their texts and locate every quote in them (see ``texts=``)."""
    from realist.analysis.quotes import match_quotes

    if isinstance(texts, Mapping):
        given = {label_key(str(k)): str(v) for k, v in texts.items()}

        def text_of(names: Sequence[str]) -> str | None:
            return next((given[k] for k in map(label_key, names) if k in given), None)

    else:
        folder = Path(texts)
        if not folder.is_dir():
            raise MissingFileError(
                f"{os.fspath(texts)}: texts= names no folder; give the folder of the "
                "sources' .txt files (or a mapping of source names to texts)"
            )
        files = {label_key(p.stem): p for p in folder.iterdir() if p.suffix.lower() == ".txt"}

        def text_of(names: Sequence[str]) -> str | None:
            path = next((files[k] for k in map(label_key, names) if k in files), None)
            if path is None:
                return None
            try:
                return path.read_bytes().decode("utf-8-sig")  # line ends as they are
            except (OSError, UnicodeDecodeError) as exc:
                raise FileFormatError(
                    f"{path}: cannot be read as a UTF-8 text ({exc}); save it as UTF-8 text"
                ) from None

    out = project.model_copy(deep=True)
    missing = []
    for source in out.sources:
        text = text_of([source.title, source.id])
        if text is None:
            missing.append(source.title or source.id)
        else:
            source.text = text
    if missing:
        rep.warn(
            "texts",
            f"no text for {len(missing)} source(s) ({', '.join(repr(m) for m in missing[:10])}"
            f"{', ...' if len(missing) > 10 else ''}); their quotes were not located",
        )
    matched, table = match_quotes(out)
    for tier, n in table["tier"].value_counts().items():
        rep.counts[f"quotes found ({tier})"] = int(n)
    lost = table[table["status"] == "not found"]
    if len(lost):
        rep.counts["quotes not found"] = len(lost)
        evidence = {e.id: e for e in matched.evidence}
        for ev_id, src in zip(lost["evidence"], lost["source"], strict=True):
            quote = evidence[ev_id].quote
            shown = quote if len(quote) <= 60 else quote[:57] + "..."
            rep.warn(
                f"evidence {ev_id!r}",
                f"the quote {shown!r} is not in the text of source {src!r}, even after "
                "folding quotes, dashes, spacing and case, or fuzzily; it is kept as "
                "written: check it against the transcript",
            )
    return matched


def _kept_coder(
    coder: str | None, coders: Mapping[str | None, str], cols: Mapping[str, object], file: str
) -> str | None:
    """The key of the coder whose rows make the configurations; None for every row."""
    if coder is None:
        return next(iter(coders), None)
    if coder.strip().casefold() == "all":
        return None
    if not coders:
        where = (
            f"its column {str(cols['coder'])!r} is empty"
            if "coder" in cols
            else "it has no coder column (Coder, Coded by, User, Rater or Analyst)"
        )
        raise ValidationError(
            f"coder={coder!r}, but the sheet names no coder: {where}; leave coder= out",
            file=file,
        )
    key = _coder_key(coder)
    if key not in coders:
        raise ValidationError(
            f"coder={coder!r} is not a coder of this sheet; its coders (column "
            f"{str(cols['coder'])!r}) are {', '.join(map(repr, coders.values()))}; pass one "
            "of them, or coder='all' to keep every coder's configurations",
            file=file,
        )
    return key


def _coders_message(
    coders: Mapping[str | None, str],
    kept: str,
    tally: Mapping[str | None, list[int]],
    header: str,
    *,
    chosen: str | None,
) -> str:
    why = (
        "chosen with coder="
        if chosen is not None
        else "the first coder in the sheet; choose another with coder="
    )
    n = sum(t[0] for t in tally.values())
    per = "; ".join(
        f"{c!r}: {t[0]} row{'s' * (t[0] != 1)}, {t[1]} on excerpts {kept!r} coded"
        for c, t in tally.items()
    )
    message = (
        f"{len(coders)} coders ({', '.join(map(repr, coders.values()))}); the configurations "
        f"are those of coder {kept!r} ({why}); the {n} row{'s' * (n != 1)} of other coders "
        f"became their codings of the excerpts only, not configurations ({per}); compare the "
        "coders with realist.coder_agreement(project), or pass coder='all' to keep every "
        "coder's configurations"
    )
    if _norm_header(header) in ("user", "username"):
        message += (
            f"; column {header!r} is read as who coded each row: if it means something "
            f"else, head it '{ATTRIBUTE_PREFIX}{header}'"
        )
    return message


def _row_failed(where: str, exc: ValidationError, problems: list[Problem]) -> None:
    """Report what the model refused while building a row, at that row."""
    for p in exc.problems:
        problems.append(Problem(where, f"{p.message}; give the row a different ID or label"))


def _row_cases(b: _Builder, row: _Row) -> list[str]:
    given: list[str | None] = [*row.ids.get("case_id", [None] * len(row.cases))]
    return [b.case(c, i) for c, i in zip(row.cases, given, strict=True)]


def _row_elements(b: _Builder, row: _Row) -> tuple[dict[str, list[str]], list[str]]:
    """The row's contexts, constraining contexts and outcomes (by field), and its mechanisms."""

    def given(fld: str, values: Sequence[object]) -> list[str | None]:
        none: list[str | None] = [None] * len(values)
        return list(row.ids.get(fld) or none)

    found: dict[str, list[str]] = {}
    for fld, kind in (
        ("context", "context"),
        ("constraining", "context"),
        ("outcome", "outcome"),
        ("unintended", "outcome"),
        ("anticipated", "outcome"),
    ):
        labels: list[str] = getattr(row, _PLURAL[fld])
        found[fld] = [
            b.element(kind, label, id=i)
            for label, i in zip(labels, given(f"{fld}_id", labels), strict=True)
        ]
    mechanisms = [
        b.element("mechanism", *m, id=i)
        for m, i in zip(row.mechanisms, given("mechanism_id", row.mechanisms), strict=True)
    ]
    return found, mechanisms


def _row_evidence(
    b: _Builder, row: _Row, case: str | None, elements: Sequence[str], *, register: bool
) -> tuple[list[str], int]:
    """The evidence of a row: one item per quote, and (as `empty_quotes` says) one per
    source without a quote; and how many of its quotes another coder coded first.
    With `register`, the quotes are recorded as the excerpts of the row's ID."""
    ids: list[str] = []
    matched = 0
    made: dict[int, str] = {}

    def source(i: int) -> str:
        if i not in made:
            info = row.source_info[min(i, len(row.source_info) - 1)]
            made[i] = b.source(row.source_names[i], case, info, row.n)
        return made[i]

    for i, quote in row.excerpts:
        src = source(i)
        text, start, end, first = b.excerpt(src, quote, row.start, row.end, row.coder)
        matched += first is not None
        ids.append(b.add_evidence(src, text, elements, start=start, end=end, coder=row.coder))
        if register and row.id is not None:
            b.by_id.setdefault(row.id, []).append((src, text, start, end))
    if row.bare:
        b.empty_quote_rows.append(row.n)
        if b.empty_quotes == "keep":
            for i in row.bare:
                ids.append(b.add_evidence(source(i), "", elements, coder=row.coder))
    return ids, matched


def _build_cmocs(b: _Builder, rows: list[_Row], problems: list[Problem]) -> None:
    for row in rows:
        try:
            _build_cmoc(b, row)
        except ValidationError as exc:
            _row_failed(row.n, exc, problems)


def _build_cmoc(b: _Builder, row: _Row) -> None:
    cases = _row_cases(b, row)
    source_case = cases[0] if len(cases) == 1 else None
    given: list[str | None] = [*row.ids.get("theme_id", [None] * len(row.themes))]
    themes = [b.theme(t, i) for t, i in zip(row.themes, given, strict=True)]
    found, mechanisms = _row_elements(b, row)
    # constraining contexts are contexts, unintended and anticipated outcomes outcomes
    contexts = list(dict.fromkeys([*found["context"], *found["constraining"]]))
    outcomes = list(dict.fromkeys([*found["outcome"], *found["unintended"], *found["anticipated"]]))
    elements = [*contexts, *mechanisms, *outcomes]
    evidence, _ = _row_evidence(b, row, source_case, elements, register=True)
    b.project.add_configuration(
        id=row.id,
        label=row.label,
        cases=cases,
        contexts=contexts,
        constraining=list(dict.fromkeys(found["constraining"])),
        mechanisms=list(dict.fromkeys(mechanisms)),
        outcomes=outcomes,
        unintended=list(dict.fromkeys(found["unintended"])),
        anticipated=list(dict.fromkeys(found["anticipated"])),
        themes=list(dict.fromkeys(themes)),
        status=cast(Status, row.status),
        confidence=row.confidence,
        evidence=list(dict.fromkeys(evidence)),
        phase=row.phase,
        note=row.note,
        attributes=row.attributes,
    )


def _build_excerpts(
    b: _Builder, rows: list[_Row], problems: list[Problem], *, by_coder: bool
) -> None:
    groups: dict[str, list[_Row]] = {}
    for row in rows:
        if row.id:
            key = f"id:{row.id}"
        else:
            # the same excerpt: same cases, sources and quotes, ignoring spacing and case
            key = "q:" + repr(
                (
                    [_norm_label(c) for c in row.cases],
                    [_norm_label(s) for s in row.sources],
                    [_norm_quote(q) for q in row.quotes],
                )
            )
            if by_coder:
                key += f"|{_coder_key(row.coder)}"
        groups.setdefault(key, []).append(row)
    for key, members in groups.items():
        where = ", ".join(r.n for r in members)
        if by_coder and len({_coder_key(r.coder) for r in members}) > 1:
            first = members[0].coder
            problems.append(
                Problem(
                    where,
                    f"configuration {key[3:]!r} is coded by "
                    f"{', '.join(sorted({repr(r.coder) for r in members}))}; with "
                    "coder='all' every coder's rows make configurations of their own, so "
                    f"give them different IDs, or pass coder={first!r} to keep one coder's",
                )
            )
            continue
        try:
            _build_excerpt_group(b, key, members, problems)
        except ValidationError as exc:
            _row_failed(where, exc, problems)


def _build_excerpt_group(
    b: _Builder, key: str, members: list[_Row], problems: list[Problem]
) -> None:
    cases: list[str] = []
    themes: list[str] = []
    found: dict[str, list[str]] = {"context": [], "mechanism": [], "outcome": []}
    evidence: list[str] = []
    for row in members:
        for c in row.cases:
            cid = b.case(c)
            if cid not in cases:
                cases.append(cid)
        themes += [t for t in (b.theme(x) for x in row.themes) if t not in themes]
        els = []
        for kind, label in row.codes:
            ident = b.element(kind, label)
            els.append(ident)
            if ident not in found[kind]:
                found[kind].append(ident)
        source_case = b.cases.get(_norm_label(row.cases[0])) if len(row.cases) == 1 else None
        made, _ = _row_evidence(b, row, source_case, els, register=True)
        evidence += [ev for ev in made if ev not in evidence]
    where = ", ".join(r.n for r in members)
    if not found["mechanism"] or not found["outcome"]:
        lacking = " and ".join(k for k in ("mechanism", "outcome") if not found[k])
        if key.startswith("id:"):
            problems.append(Problem(where, f"configuration {key[3:]!r} has no {lacking}"))
        else:
            b.report.warn(where, f"an excerpt with no {lacking}: evidence only")
        return
    first = members[0]
    b.project.add_configuration(
        id=first.id,
        cases=cases,
        contexts=found["context"],
        mechanisms=found["mechanism"],
        outcomes=found["outcome"],
        themes=themes,
        status=cast(
            Status,
            next((r.status for r in members if r.status != "conjectured"), "conjectured"),
        ),
        confidence=next((r.confidence for r in members if r.confidence), None),
        evidence=evidence,
        phase=first.phase,
        note=first.note,
        attributes=first.attributes,
    )


def _build_codings(
    b: _Builder, rows: list[_Row], layout: str, problems: list[Problem]
) -> dict[str | None, list[int]]:
    """The rows of coders whose configurations do not count, as their codings: evidence
    items with their coder and elements, on the excerpts the rows name (or, for a row
    without a quote, the excerpts of the configuration with its ID). Per coder: the
    rows, and how many fell on an excerpt another coder coded first."""
    tally: dict[str | None, list[int]] = {}
    for row in rows:
        counts = tally.setdefault(row.coder, [0, 0])
        counts[0] += 1
        borrowed = b.by_id.get(row.id, []) if row.id is not None and not row.excerpts else []
        if borrowed and row.sources:
            named = {b.sources.get(_norm_label(s)) for s in row.sources}
            borrowed = [e for e in borrowed if e[0] in named]
        if not (row.excerpts or row.bare or borrowed):
            b.report.skip(
                row.n,
                f"a row of coder {row.coder!r} with no quote and no source, whose ID no "
                "configuration has: its coding falls on no excerpt (add the quote)",
            )
            continue
        try:
            if layout == "cmoc":
                cases = _row_cases(b, row)
                found, mechanisms = _row_elements(b, row)
                contexts = [*found["context"], *found["constraining"]]
                outcomes = [*found["outcome"], *found["unintended"], *found["anticipated"]]
                elements = list(dict.fromkeys([*contexts, *mechanisms, *outcomes]))
            else:
                cases = [b.case(c) for c in row.cases]
                elements = list(dict.fromkeys(b.element(k, label) for k, label in row.codes))
            if borrowed:
                for src, quote, start, end in borrowed:
                    b.add_evidence(src, quote, elements, start=start, end=end, coder=row.coder)
                counts[1] += 1
                continue
            case = cases[0] if len(cases) == 1 else None
            _, matched = _row_evidence(b, row, case, elements, register=False)
            counts[1] += matched > 0
        except ValidationError as exc:
            _row_failed(row.n, exc, problems)
    return tally


# ---------------------------------------------------------------------- writing


#: The columns :func:`write_table` writes, before the attribute columns.
_COLUMNS = (
    "ID",
    "Label",
    "Case",
    "Theme",
    "Context",
    "Constraining context",
    "Mechanism",
    "Mechanism resource",
    "Mechanism reasoning",
    "Outcome",
    "Unintended outcome",
    "Anticipated outcome",
    "Evidence",
    "Source",
    "Confidence",
    "Status",
    "Phase",
    "Note",
    "Case id",
    "Theme id",
    "Context id",
    "Constraining context id",
    "Mechanism id",
    "Outcome id",
    "Unintended outcome id",
    "Anticipated outcome id",
)


#: Columns whose cells carry their own leading apostrophe (:func:`_write_text`,
#: :func:`_write_scalar`); in the others, a cell starting with an apostrophe and a
#: formula character or another apostrophe gets one more, which :func:`_unguard` drops.
_OWN_APOSTROPHE = frozenset({"Label", "Phase", "Note"})

#: The most characters (UTF-16 code units, as Excel counts) an Excel cell holds.
XLSX_CELL_LIMIT = 32_767
_CSV_QUOTE = re.compile(r'[",\r\n]')


def _csv_text(frame: pd.DataFrame) -> str:
    """The frame as CSV text: every cell through :func:`_guard`, and a cell holding
    ``,``, ``"`` or a line break, a carriage return too, in double quotes."""
    starts = _FORMULA_START
    rows: list[list[str]] = [
        [str(h) for h in frame.columns],
        *frame.astype(str).to_numpy().tolist(),
    ]
    for row in rows:
        for j, c in enumerate(row):
            if c[:1] in starts:
                row[j] = _guard(c)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    text = out.getvalue()
    if "\r" in text:  # the csv module leaves a bare carriage return unquoted
        text = "".join(
            ",".join('"' + c.replace('"', '""') + '"' if _CSV_QUOTE.search(c) else c for c in row)
            + "\n"
            for row in rows
        )
    return text


def table_of(project: Project) -> pd.DataFrame:
    """The project's configurations as a one-row-per-CMOc DataFrame, as :func:`write_table` writes.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="t")
    >>> m = p.add_mechanism("Local champions")
    >>> o = p.add_outcome("Shared vision")
    >>> _ = p.add_configuration(mechanisms=[m], outcomes=[o], id="k1")
    >>> table_of(p)[["ID", "Case", "Mechanism", "Outcome"]].to_dict("records")
    [{'ID': 'k1', 'Case': '-', 'Mechanism': 'Local champions', 'Outcome': 'Shared vision'}]
    """
    import pandas as pd

    elements = project.elements
    cases = {c.id: c.name for c in project.cases}
    themes = {t.id: t.label for t in project.themes}
    evidence = {e.id: e for e in project.evidence}
    extra: list[str] = []
    for k in project.configurations:
        extra += [a for a in k.attributes if a not in extra]
    rows = []
    for k in project.configurations:
        mechs = [cast(Mechanism, elements[m]) for m in k.mechanisms]
        evs = [evidence[e] for e in k.evidence]
        quoted = [e for e in evs if e.quote.strip()]
        bare = [e for e in evs if not e.quote.strip()]
        case_cell = _join([cases[c] for c in k.cases]) or NO_CASE
        row: dict[str, Any] = {
            "ID": k.id,
            "Label": _write_text(k.label),
            "Case": '"-"' if case_cell == NO_CASE and k.cases else case_cell,
            "Theme": _join([themes[t] for t in k.themes]),
            "Context": _join([elements[c].label for c in k.contexts]),
            "Constraining context": _join([elements[c].label for c in k.constraining]),
            "Mechanism": _join([m.label for m in mechs]),
            "Mechanism resource": (
                _join([m.resource or "" for m in mechs]) if any(m.resource for m in mechs) else ""
            ),
            "Mechanism reasoning": (
                _join([m.reasoning or "" for m in mechs]) if any(m.reasoning for m in mechs) else ""
            ),
            "Outcome": _join([elements[o].label for o in k.outcomes]),
            "Unintended outcome": _join([elements[o].label for o in k.unintended]),
            "Anticipated outcome": _join([elements[o].label for o in k.anticipated]),
            "Evidence": "\n\n".join(_QUOTES.sub(" ", _lf(e.quote).strip()) for e in quoted),
            "Source": _join([e.source for e in quoted] + [e.source for e in bare]),
            "Confidence": k.confidence or "",
            "Status": k.status,
            "Phase": _write_scalar(k.phase, phase=True),
            "Note": _write_text(k.note),
            "Case id": _join(k.cases),
            "Theme id": _join(k.themes),
            "Context id": _join(k.contexts),
            "Constraining context id": _join(k.constraining),
            "Mechanism id": _join(k.mechanisms),
            "Outcome id": _join(k.outcomes),
            "Unintended outcome id": _join(k.unintended),
            "Anticipated outcome id": _join(k.anticipated),
        }
        for key, value in row.items():  # line ends first, then the apostrophe
            if "\r" in value:
                value = row[key] = _lf(value)
            if value[:1] == "'" and value[1:2] in _GUARDED and key not in _OWN_APOSTROPHE:
                row[key] = "'" + value
        for a in extra:
            row[ATTRIBUTE_PREFIX + a] = _lf(_write_scalar(k.attributes.get(a)))
        rows.append(row)
    columns = [*_COLUMNS, *(ATTRIBUTE_PREFIX + a for a in extra)]
    return pd.DataFrame(rows, columns=columns)


def _xlsx_bytes(frame: pd.DataFrame, sheet: str, path: Path) -> bytes:
    """The frame as an ``.xlsx`` workbook, every cell text (``=...`` is not a formula)."""
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import (  # type: ignore[import-untyped]
        IllegalCharacterError,
    )

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for r, values in enumerate([list(frame.columns), *frame.itertuples(index=False)], start=1):
        for c, value in enumerate(values, start=1):
            text = str(value)
            if (
                len(text) > XLSX_CELL_LIMIT // 2
                and len(text.encode("utf-16-le")) > 2 * XLSX_CELL_LIMIT
            ):
                raise FileFormatError(
                    f"{path}: row {r}, column {frame.columns[c - 1]!r} holds "
                    f"{len(text.encode('utf-16-le')) // 2:,} characters, more than the "
                    f"{XLSX_CELL_LIMIT:,} an Excel cell can hold (Excel would cut it); write "
                    ".csv instead, or shorten the text; nothing was written"
                )
            try:
                cell = ws.cell(row=r, column=c, value=text)
            except IllegalCharacterError:
                raise FileFormatError(
                    f"{path}: row {r}, column {frame.columns[c - 1]!r} holds a control "
                    "character, which .xlsx files cannot store; remove it or write .csv"
                ) from None
            cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_table(project: Project, path: str | os.PathLike[str], *, sheet: str = "CMOcs") -> Path:
    """Write the project's configurations as a one-row-per-CMOc CSV or Excel file.

    The columns are those :func:`read_table` reads: ID, Label, Case, Theme,
    Context (all contexts), Constraining context, Mechanism, Mechanism resource
    and reasoning, Outcome (all outcomes), Unintended and Anticipated outcome,
    Evidence, Source, Confidence, Status, Phase, Note; then the ids of the
    cases, themes and elements (``Case id``, ``Theme id``, ``Context id``,
    ``Constraining context id``, ``Mechanism id``, ``Outcome id``,
    ``Unintended outcome id``, ``Anticipated outcome id``, in the order of the
    labels); then the attributes, each headed ``attr:<name>``. A programme-level
    configuration has ``-`` as its case.

    Several values are joined by ``"; "``; a value that holds a ``;`` or a line
    break, starts with ``"``, has space at either end or is empty is written in
    double quotes (``""`` for a quote inside). Phase and attributes are written
    as text: ``true``/``false``, ints and floats as Python writes them; a text
    value that would read back as a number or a boolean, is empty, has space at
    either end or starts with ``'`` gets a leading apostrophe, as spreadsheets
    do. Label and note get one when they have space at either end or start
    with ``'``. In ``.xlsx`` every cell is text (``=...`` is never a formula).

    Spreadsheet safety: in ``.csv``, a cell that a spreadsheet program would
    take for a formula (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return; not a number such as ``-3``, nor the lone ``-`` of a
    programme-level case) gets a leading apostrophe, as OWASP advises against
    CSV injection; in both formats, a cell that starts with an apostrophe
    followed by one of those characters or by another apostrophe gets one more.
    :func:`read_table` drops that one apostrophe, so the round trip stays exact.
    A cell longer than Excel's 32,767 characters is refused in ``.xlsx`` (Excel
    would cut it): nothing is written, and ``.csv`` holds it.

    Reading the file back with :func:`read_table` gives every configuration
    exactly: id, label, cases, contexts, constraining, mechanisms, outcomes,
    unintended, anticipated (ids, labels, and mechanism resource and
    reasoning), themes (ids and labels), status, confidence, phase and
    attributes (with their types), note, and per configuration the evidence as
    (source id, quote) pairs, quoted evidence first. Not kept: hypotheses;
    element, case and theme descriptions, categories, aliases, themes and
    attributes; sources beyond their ids; evidence ids, positions, pages,
    coders and notes; surrounding space of quotes and blank lines inside them
    (written as a space); attributes set to None (left out); non-finite floats
    (read back as text); carriage returns (written as line breaks). Control
    characters cannot be written to ``.xlsx``.

    The format follows the suffix: ``.csv`` (UTF-8) or ``.xlsx`` (needs
    openpyxl). The file is written atomically.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    realist.errors.FileFormatError
        An unknown suffix, or a control character or more than 32,767
        characters in a cell of an ``.xlsx`` file (the message names the row and
        column).
    realist.errors.MissingDependencyError
        An ``.xlsx`` file and openpyxl is not installed.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import realist as rl
    >>> from realist.io.tables import read_table, write_table
    >>> p = rl.Project(title="t")
    >>> _ = p.add_case("sandwell", "Sandwell")
    >>> c = p.add_context("History of working together")
    >>> m = p.add_mechanism("Local champions")
    >>> o = p.add_outcome("Shared vision")
    >>> _ = p.add_configuration(case="sandwell", contexts=[c], mechanisms=[m], outcomes=[o],
    ...                         status="supported", id="k1")
    >>> out = write_table(p, Path(tempfile.mkdtemp()) / "cmocs.csv")
    >>> q = read_table(out)
    >>> q.configurations[0].id, q.configurations[0].cases, q.configurations[0].status
    ('k1', ['sandwell'], 'supported')
    >>> k = p.add_configuration(mechanisms=[m], outcomes=[o], phase=2006,
    ...                         attributes={"year": "2006", "n": 3}, id="k2")
    >>> table_of(p).loc[1, ["Phase", "attr:year", "attr:n"]].tolist()
    ['2006', "'2006", '3']
    >>> k2 = read_table(write_table(p, out)).configurations[1]
    >>> k2.phase, k2.attributes
    (2006, {'year': '2006', 'n': 3})
    """
    path = Path(path)
    suffix = path.suffix.lower()
    frame = table_of(project)
    if suffix == ".csv":
        _formats.atomic_write_text(path, _csv_text(frame))
    elif suffix in (".xlsx", ".xlsm"):
        _need_openpyxl(str(path), "writing")
        _formats.atomic_write_bytes(path, _xlsx_bytes(frame, sheet, path))
    else:
        raise FileFormatError(f"{path}: unknown table suffix {suffix!r}; use .csv or .xlsx")
    return path
