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
separated by blank lines). Identical labels (ignoring case and
spacing) become one element. Every bad row is reported at once, with its row
number, in one :class:`~realist.errors.ValidationError`.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast, overload

from realist import _formats
from realist._ids import ID_PATTERN, slugify
from realist.errors import (
    FileFormatError,
    MissingDependencyError,
    MissingFileError,
    Problem,
    RealistError,
    ValidationError,
)
from realist.io._refi_report import ImportReport
from realist.model import (
    CONFIDENCE_LEVELS,
    STATUSES,
    Mechanism,
    Project,
    SourceKind,
    Status,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ATTRIBUTE_PREFIX", "DEFAULT_COLUMNS", "NO_CASE", "read_table", "write_table"]

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
    "coder": ("coder", "codedby", "user"),
    "start": ("start", "startposition", "begin"),
    "end": ("end", "endposition"),
}

#: Fields only the one-row-per-excerpt layout reads; in the CMOc layout their
#: columns ("Type", "User", "Start", ...) are attributes like any other.
_EXCERPT_ONLY = frozenset({"code", "kind", "coder", "start", "end"})

#: The header prefix of an attribute column as :func:`write_table` writes it
#: (``attr:Status``), so that an attribute never takes a field's column.
ATTRIBUTE_PREFIX = "attr:"

#: The case cell of a programme-level configuration (one with no case).
NO_CASE = "-"

_SPLIT = re.compile(r"\s*;\s*")
_QUOTES = re.compile(r"\r?\n\s*\r?\n")
_NORM = re.compile(r"[^0-9a-z]+")
_ID_RE = re.compile(ID_PATTERN)  # use fullmatch: "$" also matches before a final "\n"
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


def _norm_label(label: str) -> str:
    return " ".join(label.split()).casefold()


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
    """Values of a cell: split on line breaks if it has any, else on ``;``."""
    if not text:
        return []
    if "\n" in text:
        return [v.strip() for v in text.splitlines() if v.strip()]
    return [v for v in _SPLIT.split(text) if v]


def _split_quotes(text: str) -> list[str]:
    return [q.strip() for q in _QUOTES.split(text) if q.strip()] if text else []


# ---------------------------------------------------------------------- loading


def _need_openpyxl(file: str, doing: str) -> None:
    if importlib.util.find_spec("openpyxl") is None:
        raise MissingDependencyError(
            f"{file}: {doing} Excel files needs openpyxl; install it with pip install realist[xlsx]"
        )


def _read_csv(path: Path, sep: str | None, file: str) -> pd.DataFrame:
    """A CSV file as a DataFrame of strings, refusing rows whose cells do not line up.

    The delimiter is sniffed from the first line unless given. Every row must
    have as many cells as the header; extra cells that are all empty (the
    trailing comma some exports put on every row) are dropped, and a short
    row is an error too, since a lost or extra delimiter shifts every cell
    after it into the wrong column.
    """
    import pandas as pd

    text = path.read_text(encoding="utf-8-sig")
    if sep is None:
        first = text.split("\n", 1)[0]
        try:
            sep = csv.Sniffer().sniff(first, delimiters=",;\t|").delimiter
        except csv.Error:
            sep = ","
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    if not records:
        return pd.DataFrame()
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
    names: list[str] = []
    for j, name in enumerate(header):
        name = name.strip() or f"Unnamed: {j}"
        base, n = name, 1
        while name in names:
            name = f"{base}.{n}"
            n += 1
        names.append(name)
    return pd.DataFrame(rows, columns=names, dtype=str)


def _load_frame(
    data: str | os.PathLike[str] | pd.DataFrame, sheet: str | int, file: str
) -> pd.DataFrame:
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        return data
    path = Path(data)
    if not path.exists():
        raise MissingFileError(f"{file}: no such file")
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            _need_openpyxl(file, "reading")
            return pd.read_excel(path, sheet_name=sheet, dtype=object, engine="openpyxl")
        if suffix in (".csv", ".tsv", ".txt"):
            return _read_csv(path, "\t" if suffix == ".tsv" else None, file)
    except RealistError:
        raise
    except (ValueError, KeyError, IndexError, OSError, UnicodeDecodeError, csv.Error) as exc:
        raise FileFormatError(
            f"{file}: cannot be read as a {suffix[1:].upper()} table ({exc}); check that it "
            "is a spreadsheet saved in that format (CSV in UTF-8)"
        ) from None
    except Exception as exc:  # pandas and openpyxl raise their own error classes
        raise FileFormatError(f"{file}: cannot be read as a table ({exc})") from None
    raise FileFormatError(
        f"{file}: unknown table suffix {suffix!r}; use .csv, .tsv or .xlsx (or pass a DataFrame)"
    )


def _map_columns(
    headers: Sequence[object], columns: Mapping[str, str] | None, file: str
) -> dict[str, object]:
    """field -> the header that feeds it."""
    lookup: dict[str, str] = {}
    for fld, names in DEFAULT_COLUMNS.items():
        for n in names:
            lookup.setdefault(n, fld)
    override = {_norm_header(k): v for k, v in (columns or {}).items()}
    for fld in override.values():
        if fld not in DEFAULT_COLUMNS:
            raise ValidationError(
                f"columns= maps to unknown field {fld!r}; fields are {', '.join(DEFAULT_COLUMNS)}",
                file=file,
            )
    out: dict[str, object] = {}
    for header in headers:
        if str(header).startswith(ATTRIBUTE_PREFIX):
            continue  # an attribute, whatever its name
        key = _norm_header(header)
        target = override.get(key) or lookup.get(key)
        if target is not None and target not in out:
            out[target] = header
    return out


# ---------------------------------------------------------------------- building


@dataclass
class _Builder:
    project: Project
    file: str
    source_kind: SourceKind
    report: ImportReport
    taken: set[str] = field(default_factory=set)
    elements: dict[tuple[str, str], str] = field(default_factory=dict)
    themes: dict[str, str] = field(default_factory=dict)
    cases: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    evidence: dict[tuple[str, str, str, str], str] = field(default_factory=dict)

    def unique(self, base: str) -> str:
        ident, n = base, 2
        while ident in self.taken:
            ident = f"{base}-{n}"
            n += 1
        self.taken.add(ident)
        return ident

    def element(
        self, kind: str, label: str, resource: str | None = None, reasoning: str | None = None
    ) -> str:
        key = (kind, _norm_label(label))
        if key in self.elements:
            ident = self.elements[key]
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
        ident = self.unique(f"{kind[0]}-{slugify(label)}")
        if kind == "context":
            self.project.add_context(label, id=ident)
        elif kind == "mechanism":
            self.project.add_mechanism(label, id=ident, resource=resource, reasoning=reasoning)
        else:
            self.project.add_outcome(label, id=ident)
        self.elements[key] = ident
        return ident

    def theme(self, label: str) -> str:
        key = _norm_label(label)
        if key not in self.themes:
            ident = self.unique(slugify(label))
            self.project.add_theme(ident, label)
            self.themes[key] = ident
        return self.themes[key]

    def case(self, name: str) -> str:
        key = _norm_label(name)
        if key not in self.cases:
            ident = self.unique(
                name if _ID_RE.fullmatch(name) and name.islower() else slugify(name)
            )
            self.project.add_case(ident, name)
            self.cases[key] = ident
        return self.cases[key]

    def source(self, name: str, case: str | None) -> str:
        key = _norm_label(name)
        if key not in self.sources:
            ident = self.unique(name if _ID_RE.fullmatch(name) else slugify(name))
            self.project.add_source(ident, kind=self.source_kind, case=case, title=name)
            self.sources[key] = ident
        return self.sources[key]

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
        key = (source, quote, str(start), str(end))
        if key in self.evidence:
            ev = self.project.get(self.evidence[key])
            for e in elements:
                if e not in ev.elements:  # type: ignore[union-attr]
                    ev.elements.append(e)  # type: ignore[union-attr]
            return self.evidence[key]
        ev = self.project.add_evidence(
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
    phase: str | None
    note: str
    attributes: dict[str, str]
    # excerpt layout
    codes: list[tuple[str, str]] = field(default_factory=list)
    start: int | None = None
    end: int | None = None
    coder: str | None = None


class _RowReader:
    def __init__(self, cols: dict[str, object], problems: list[Problem]) -> None:
        self.cols = cols
        self.problems = problems
        self.known = set(cols.values())

    def get(self, record: Mapping[object, object], fld: str) -> str:
        header = self.cols.get(fld)
        return "" if header is None else _cell(record.get(header))

    def values(self, record: Mapping[object, object], fld: str) -> list[str]:
        """The values of a list cell (its line breaks kept until it is split)."""
        header = self.cols.get(fld)
        if header is None:
            return []
        value = record.get(header)
        return _split(value if isinstance(value, str) else _cell(value))

    def common(self, n: str, record: Mapping[object, object], seen_ids: set[str]) -> _Row:
        problems = self.problems
        ident = self.get(record, "id") or None
        if ident is not None and not _ID_RE.fullmatch(ident):
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
        attributes = {
            str(h).removeprefix(ATTRIBUTE_PREFIX): _cell(v)
            for h, v in record.items()
            if h not in self.known and _cell(v) and not str(h).startswith("Unnamed:")
        }
        return _Row(
            n=n,
            id=ident,
            label=self.get(record, "label"),
            cases=[] if cases == [NO_CASE] else cases,
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
            phase=self.get(record, "phase") or None,
            note=self.get(record, "note"),
            attributes=attributes,
        )

    def cmoc(self, n: str, record: Mapping[object, object], seen_ids: set[str]) -> _Row:
        row = self.common(n, record, seen_ids)
        problems = self.problems
        if row.id is not None:
            if row.id in seen_ids:
                problems.append(Problem(n, f"ID {row.id!r} is used by an earlier row"))
            seen_ids.add(row.id)
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
                r1 = res[i] if i < len(res) else None
                r2 = rea[i] if i < len(rea) else None
                row.mechanisms.append((label, r1, r2))
        folded = {_norm_label(x) for x in row.outcomes}
        for value in [*row.unintended, *row.anticipated]:
            if _norm_label(value) not in folded:
                row.outcomes.append(value)
                folded.add(_norm_label(value))
        if not row.mechanisms:
            problems.append(Problem(n, "no mechanism (the mechanism cells are empty)"))
        if not row.outcomes:
            problems.append(Problem(n, "no outcome (the outcome cell is empty)"))
        if row.quotes and len(row.sources) > 1 and len(row.sources) < len(row.quotes):
            problems.append(
                Problem(
                    n,
                    f"{len(row.quotes)} quotes but {len(row.sources)} sources; give one source, "
                    "or one per quote in the same order",
                )
            )
        return row

    def excerpt(self, n: str, record: Mapping[object, object], seen_ids: set[str]) -> _Row:
        row = self.common(n, record, seen_ids)
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
        row.coder = self.get(record, "coder") or None
        if not row.quotes and not row.sources:
            problems.append(Problem(n, "neither a quote nor a source for this excerpt"))
        return row


@overload
def read_table(
    data: str | os.PathLike[str] | pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = ...,
    layout: Literal["auto", "cmoc", "excerpt"] = ...,
    sheet: str | int = ...,
    title: str | None = ...,
    source_kind: SourceKind = ...,
    report: Literal[False] = ...,
) -> Project: ...
@overload
def read_table(
    data: str | os.PathLike[str] | pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = ...,
    layout: Literal["auto", "cmoc", "excerpt"] = ...,
    sheet: str | int = ...,
    title: str | None = ...,
    source_kind: SourceKind = ...,
    report: Literal[True],
) -> tuple[Project, ImportReport]: ...
def read_table(
    data: str | os.PathLike[str] | pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    layout: Literal["auto", "cmoc", "excerpt"] = "auto",
    sheet: str | int = 0,
    title: str | None = None,
    source_kind: SourceKind = "other",
    report: bool = False,
) -> Project | tuple[Project, ImportReport]:
    """Read a spreadsheet of CMOcs (CSV, XLSX or a DataFrame) as a Project.

    Parameters
    ----------
    data : str, os.PathLike or pandas.DataFrame
        A ``.csv`` (UTF-8), ``.tsv`` or ``.xlsx`` file, or a DataFrame.
        Reading ``.xlsx`` needs openpyxl (``pip install realist[xlsx]``).
    columns : mapping, optional
        Headers to fields, for headers the defaults do not recognise, e.g.
        ``{"CMO ref": "id", "Programme mechanism": "mechanism"}``. Fields are
        the keys of :data:`DEFAULT_COLUMNS`: ``id``, ``label``, ``case``,
        ``theme``, ``context``, ``constraining``, ``mechanism``, ``resource``,
        ``reasoning``, ``outcome``, ``unintended``, ``anticipated``, ``quote``,
        ``source``, ``confidence``, ``status``, ``phase``, ``note``, and for
        excerpts ``code``, ``kind``, ``coder``, ``start``, ``end``. Columns that
        match no field (and, in the CMOc layout, those excerpt-only ones) become
        attributes of the configurations.
    layout : {"auto", "cmoc", "excerpt"}, optional
        One row per CMOc, or one row per coded excerpt. ``"auto"`` picks
        ``"excerpt"`` when there is a code column, ``"cmoc"`` otherwise.
    sheet : str or int, optional
        The Excel sheet to read (name or position).
    title : str, optional
        The project title; defaults to the file name.
    source_kind : str, optional
        The kind given to the sources the table names.
    report : bool, optional
        Also return an :class:`~realist.io.qdpx.ImportReport` (row and item counts,
        and anything worked around).

    Returns
    -------
    Project, or (Project, ImportReport) when `report` is true

    Raises
    ------
    realist.errors.MissingFileError
        The file does not exist.
    realist.errors.FileFormatError
        Not a readable table, or without the columns a layout needs.
    realist.errors.MissingDependencyError
        An ``.xlsx`` file and openpyxl is not installed.
    realist.errors.ValidationError
        Bad rows: a CSV row with more or fewer cells than the header (a
        delimiter at the end of every row is fine), a missing mechanism or
        outcome, an unknown status or confidence, an empty case cell, a
        duplicate or malformed ID, a code of unknown kind. Every bad row is listed, with its row number as a
        spreadsheet shows it (the header is row 1).

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
    """
    import pandas as pd

    is_frame = isinstance(data, pd.DataFrame)
    file = "DataFrame" if is_frame else os.fspath(data)  # type: ignore[arg-type]
    frame = _load_frame(data, sheet, file)
    headers = list(frame.columns)
    cols = _map_columns(headers, columns, file)
    if layout == "auto":
        layout = "excerpt" if "code" in cols else "cmoc"
    if layout == "cmoc":  # code, kind, coder, start, end mean nothing here: attributes
        cols = {k: v for k, v in cols.items() if k not in _EXCERPT_ONLY}
    if layout == "cmoc":
        missing = []
        if not {"mechanism", "resource", "reasoning"} & cols.keys():
            missing.append("mechanism (or mechanism resource / mechanism reasoning)")
        if "outcome" not in cols:
            missing.append("outcome")
    else:
        missing = [] if "code" in cols else ["code"]
    if missing:
        found = ", ".join(repr(str(h)) for h in headers) or "none"
        raise FileFormatError(
            f"{file}: no {' or '.join(missing)} column for the one-row-per-"
            f"{'CMOc' if layout == 'cmoc' else 'excerpt'} layout (columns found: {found}); "
            "rename the column or map it with columns={'Your header': 'mechanism'}"
        )
    rep = ImportReport(file=file, origin="table")
    problems: list[Problem] = []
    reader = _RowReader(cols, problems)
    rows: list[_Row] = []
    seen: set[str] = set()
    records = frame.to_dict("records")
    index = list(frame.index)
    for i, record in enumerate(records):
        if all(_cell(v) == "" for v in record.values()):
            continue
        n = (
            f"row {i + 2}"
            if not is_frame
            else f"row {index[i] + 2 if isinstance(index[i], int) else index[i]}"
        )
        parse = reader.cmoc if layout == "cmoc" else reader.excerpt
        rows.append(parse(n, record, seen))
    if problems:
        raise ValidationError(problems, file=file)
    rep.counts["rows"] = len(rows)

    stem = "table" if is_frame else Path(file).stem
    project = Project(title=title or stem)
    b = _Builder(project, file, source_kind, rep)
    b.taken.update(row.id for row in rows if row.id)  # generated ids never take a row's ID
    if layout == "cmoc":
        _build_cmocs(b, rows, stem, problems)
    else:
        _build_excerpts(b, rows, stem, problems)
    if problems:
        raise ValidationError(problems, file=file)
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


def _row_failed(where: str, exc: ValidationError, problems: list[Problem]) -> None:
    """Report what the model refused while building a row, at that row."""
    for p in exc.problems:
        problems.append(Problem(where, f"{p.message}; give the row a different ID or label"))


def _build_cmocs(b: _Builder, rows: list[_Row], stem: str, problems: list[Problem]) -> None:
    for row in rows:
        try:
            _build_cmoc(b, row, stem)
        except ValidationError as exc:
            _row_failed(row.n, exc, problems)


def _build_cmoc(b: _Builder, row: _Row, stem: str) -> None:
    cases = [b.case(c) for c in row.cases]
    source_case = cases[0] if len(cases) == 1 else None
    themes = [b.theme(t) for t in row.themes]
    contexts = [b.element("context", c) for c in row.contexts]
    constraining = [b.element("context", c) for c in row.constraining]
    mechanisms = [b.element("mechanism", *m) for m in row.mechanisms]
    outcomes = [b.element("outcome", o) for o in row.outcomes]
    elements = [*contexts, *constraining, *mechanisms, *outcomes]
    evidence: list[str] = []
    sources = row.sources
    if row.quotes and not sources:
        sources = [stem]
        b.report.warn(row.n, f"quotes without a source: attributed to source {stem!r}")
    for i, quote in enumerate(row.quotes):
        src = sources[i] if len(sources) > 1 else sources[0]
        evidence.append(b.add_evidence(b.source(src, source_case), quote, elements))
    for src in sources[len(row.quotes) if len(sources) > 1 or row.quotes else 0 :]:
        evidence.append(b.add_evidence(b.source(src, source_case), "", elements))
    b.project.add_configuration(
        id=row.id,
        label=row.label,
        cases=cases,
        contexts=list(dict.fromkeys(contexts)),
        constraining=list(dict.fromkeys(constraining)),
        mechanisms=list(dict.fromkeys(mechanisms)),
        outcomes=list(dict.fromkeys(outcomes)),
        unintended=list(dict.fromkeys(b.element("outcome", o) for o in row.unintended)),
        anticipated=list(dict.fromkeys(b.element("outcome", o) for o in row.anticipated)),
        themes=list(dict.fromkeys(themes)),
        status=cast(Status, row.status),
        confidence=row.confidence,
        evidence=list(dict.fromkeys(evidence)),
        phase=row.phase,
        note=row.note,
        attributes=row.attributes,
    )


def _build_excerpts(b: _Builder, rows: list[_Row], stem: str, problems: list[Problem]) -> None:
    groups: dict[str, list[_Row]] = {}
    for row in rows:
        key = f"id:{row.id}" if row.id else f"q:{row.cases}|{row.sources}|{row.quotes}"
        groups.setdefault(key, []).append(row)
    for key, members in groups.items():
        try:
            _build_excerpt_group(b, key, members, stem, problems)
        except ValidationError as exc:
            _row_failed(", ".join(r.n for r in members), exc, problems)


def _build_excerpt_group(
    b: _Builder, key: str, members: list[_Row], stem: str, problems: list[Problem]
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
        sources = row.sources or [stem]
        source_case = b.cases.get(_norm_label(row.cases[0])) if len(row.cases) == 1 else None
        for i, quote in enumerate(row.quotes or [""]):
            src = b.source(sources[min(i, len(sources) - 1)], source_case)
            ev = b.add_evidence(src, quote, els, start=row.start, end=row.end, coder=row.coder)
            if ev not in evidence:
                evidence.append(ev)
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


# ---------------------------------------------------------------------- writing


def _join(values: Sequence[str]) -> str:
    """Values for one cell: ``"; "``-joined, or one per line when a value holds a ``;``
    (with a final line break, so that a single such value is not split on reading)."""
    if any(";" in v for v in values):
        return "\n".join(values) + "\n"
    return "; ".join(values)


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
        mechs = [elements[m] for m in k.mechanisms]
        evs = [evidence[e] for e in k.evidence]
        quoted = [e for e in evs if e.quote]
        bare = [e for e in evs if not e.quote]
        constraining = set(k.constraining)
        sub = set(k.unintended) | set(k.anticipated)
        row: dict[str, Any] = {
            "ID": k.id,
            "Label": k.label,
            "Case": _join([cases[c] for c in k.cases]) or NO_CASE,
            "Theme": _join([themes[t] for t in k.themes]),
            "Context": _join([elements[c].label for c in k.contexts if c not in constraining]),
            "Constraining context": _join([elements[c].label for c in k.constraining]),
            "Mechanism": _join([m.label for m in mechs]),
            "Mechanism resource": (
                _join([getattr(m, "resource", None) or "" for m in mechs])
                if all(getattr(m, "resource", None) for m in mechs)
                else ""
            ),
            "Mechanism reasoning": (
                _join([getattr(m, "reasoning", None) or "" for m in mechs])
                if all(getattr(m, "reasoning", None) for m in mechs)
                else ""
            ),
            "Outcome": _join([elements[o].label for o in k.outcomes if o not in sub]),
            "Unintended outcome": _join([elements[o].label for o in k.unintended]),
            "Anticipated outcome": _join([elements[o].label for o in k.anticipated]),
            "Evidence": "\n\n".join(" ".join(e.quote.split("\n\n")) for e in quoted),
            "Source": _join([e.source for e in quoted] + [e.source for e in bare]),
            "Confidence": k.confidence or "",
            "Status": k.status,
            "Phase": "" if k.phase is None else str(k.phase),
            "Note": k.note,
        }
        for a in extra:
            value = k.attributes.get(a)
            row[ATTRIBUTE_PREFIX + a] = "" if value is None else value
        rows.append(row)
    columns = [
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
        *(ATTRIBUTE_PREFIX + a for a in extra),
    ]
    return pd.DataFrame(rows, columns=columns)


def write_table(project: Project, path: str | os.PathLike[str], *, sheet: str = "CMOcs") -> Path:
    """Write the project's configurations as a one-row-per-CMOc CSV or Excel file.

    The columns are those :func:`read_table` reads (ID, Label, Case, Theme,
    Context, Constraining context, Mechanism, Mechanism resource and reasoning,
    Outcome, Unintended and Anticipated outcome, Evidence, Source, Confidence,
    Status, Phase, Note, then the configurations' attributes, each headed
    ``attr:<name>`` so that an attribute named like a field, ``Status`` or
    ``type``, stays an attribute), with elements
    and cases by label and several values joined by ``"; "`` (by line breaks
    when a value holds a ``;``). A programme-level configuration has ``-`` as
    its case. Reading the file back gives the same configurations: ids,
    cases, elements, themes, status, confidence and quotes.

    The format follows the suffix: ``.csv`` (UTF-8) or ``.xlsx`` (needs
    openpyxl). The file is written atomically.

    Returns
    -------
    pathlib.Path
        The path written.

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
    """
    path = Path(path)
    suffix = path.suffix.lower()
    frame = table_of(project)
    if suffix == ".csv":
        _formats.atomic_write_text(path, frame.to_csv(index=False))
    elif suffix in (".xlsx", ".xlsm"):
        _need_openpyxl(str(path), "writing")
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False, sheet_name=sheet, engine="openpyxl")
        _formats.atomic_write_bytes(path, buffer.getvalue())
    else:
        raise FileFormatError(f"{path}: unknown table suffix {suffix!r}; use .csv or .xlsx")
    return path
