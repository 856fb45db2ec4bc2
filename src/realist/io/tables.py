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
    "case_id": ("caseid", "caseids"),
    "theme_id": ("themeid", "themeids"),
    "context_id": ("contextid", "contextids"),
    "constraining_id": ("constrainingcontextid", "constrainingcontextids", "constrainingid"),
    "mechanism_id": ("mechanismid", "mechanismids"),
    "outcome_id": ("outcomeid", "outcomeids"),
    "unintended_id": ("unintendedoutcomeid", "unintendedoutcomeids", "unintendedid"),
    "anticipated_id": ("anticipatedoutcomeid", "anticipatedoutcomeids", "anticipatedid"),
}

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
        lines = text.split("\n")
        first, i = lines[0], 1
        while first.count('"') % 2 and i < len(lines):  # a header cell with a line break
            first += "\n" + lines[i]
            i += 1
        # the delimiter that splits the header record into the most cells
        sep = max(
            ",;\t|",
            key=lambda d: len(next(csv.reader(io.StringIO(first, newline=""), delimiter=d), [])),
        )
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


def _an(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


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
    given: dict[str, tuple[str, str]] = field(default_factory=dict)  # id column id -> kind, label

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
        ident, n = base, 2
        while ident in self.taken:
            ident = f"{base}-{n}"
            n += 1
        self.taken.add(ident)
        return ident

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
        n = 1
        while f"ev-{source}-{n}" in self.taken:
            n += 1
        ident = f"ev-{source}-{n}"
        self.taken.add(ident)
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
        attributes: dict[str, str | int | float | bool] = {}
        for h, v in record.items():
            if h in self.known or str(h).startswith("Unnamed:"):
                continue
            if str(h).startswith(ATTRIBUTE_PREFIX):
                value = _read_scalar(v)
                if value is not None:
                    attributes[str(h).removeprefix(ATTRIBUTE_PREFIX)] = value
            elif _cell(v):
                attributes[str(h)] = _cell(v)
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
                r1 = (res[i] if i < len(res) else None) or None  # "" : none
                r2 = (rea[i] if i < len(rea) else None) or None
                row.mechanisms.append((label, r1, r2))
        self.read_ids(n, record, row)
        if not row.mechanisms:
            problems.append(Problem(n, "no mechanism (the mechanism cells are empty)"))
        if not (row.outcomes or row.unintended or row.anticipated):
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

    def read_ids(self, n: str, record: Mapping[object, object], row: _Row) -> None:
        """The row's id cells: valid ids, one per value of their label column."""
        for fld, label_fld in _ID_FIELDS.items():
            ids = self.values(record, fld)
            if not ids:
                continue
            header = self.cols[fld]
            bad = [i for i in ids if not _ID_RE.fullmatch(i)]
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
        excerpts ``code``, ``kind``, ``coder``, ``start``, ``end``; in the
        CMOc layout also the id columns ``case_id``, ``theme_id``,
        ``context_id``, ``constraining_id``, ``mechanism_id``, ``outcome_id``,
        ``unintended_id``, ``anticipated_id``: one valid id per value of the
        label column, in the same order; an element, case or theme is then
        found by its id, not its label. Columns that
        match no field (and, in the CMOc layout, those excerpt-only ones) become
        attributes of the configurations, as text; columns headed
        ``attr:<name>`` (as :func:`write_table` writes them) give attribute
        ``<name>`` typed: a cell that is exactly an int, a float as Python
        writes it, or ``true``/``false`` (any case) gives that value, and after
        a leading apostrophe the rest of the cell is text, as it is. A phase
        cell that is exactly an int gives an int. Label and note cells lose a
        leading apostrophe the same way.
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
        duplicate or malformed ID, a code of unknown kind, an id cell with a
        malformed id or not one id per value, an id used for two items or with
        two labels. Every bad row is listed, with its row number as a
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
    else:  # and id columns mean nothing for excerpts
        cols = {k: v for k, v in cols.items() if k not in _ID_FIELDS}
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
    b.taken.update(i for row in rows for ids in row.ids.values() for i in ids)
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
    def given(fld: str, values: Sequence[object]) -> list[str | None]:
        none: list[str | None] = [None] * len(values)
        return list(row.ids.get(fld) or none)

    cases = [b.case(c, i) for c, i in zip(row.cases, given("case_id", row.cases), strict=True)]
    source_case = cases[0] if len(cases) == 1 else None
    themes = [b.theme(t, i) for t, i in zip(row.themes, given("theme_id", row.themes), strict=True)]
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
    # constraining contexts are contexts, unintended and anticipated outcomes outcomes
    contexts = list(dict.fromkeys([*found["context"], *found["constraining"]]))
    outcomes = list(dict.fromkeys([*found["outcome"], *found["unintended"], *found["anticipated"]]))
    elements = [*contexts, *mechanisms, *outcomes]
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
            "Evidence": "\n\n".join(_QUOTES.sub(" ", e.quote.strip()) for e in quoted),
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
        for a in extra:
            row[ATTRIBUTE_PREFIX + a] = _write_scalar(k.attributes.get(a))
        rows.append(row)
    columns = [*_COLUMNS, *(ATTRIBUTE_PREFIX + a for a in extra)]
    return pd.DataFrame(rows, columns=columns)


def _xlsx_bytes(frame: pd.DataFrame, sheet: str, path: Path) -> bytes:
    """The frame as an ``.xlsx`` workbook, every cell text (``=...`` is not a formula)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import (  # type: ignore[import-untyped]
        IllegalCharacterError,
    )

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for r, values in enumerate([list(frame.columns), *frame.itertuples(index=False)], start=1):
        for c, value in enumerate(values, start=1):
            try:
                cell = ws.cell(row=r, column=c, value=str(value))
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
    (read back as text); carriage returns (read back as line breaks). Control
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
        An unknown suffix, or a control character in a cell of an ``.xlsx`` file.
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
        _formats.atomic_write_text(path, frame.to_csv(index=False))
    elif suffix in (".xlsx", ".xlsm"):
        _need_openpyxl(str(path), "writing")
        _formats.atomic_write_bytes(path, _xlsx_bytes(frame, sheet, path))
    else:
        raise FileFormatError(f"{path}: unknown table suffix {suffix!r}; use .csv or .xlsx")
    return path
