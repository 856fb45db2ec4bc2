"""REFI-QDA import: ``.qdpx`` projects, ``.qde`` project XML and ``.qdc`` codebooks.

NVivo, ATLAS.ti, MAXQDA, QualCoder, Transana, f4 and others export coded
projects in the REFI-QDA standard (namespace ``urn:QDA-XML:project:1.0``).
:func:`read_qdpx` turns such an export into a :class:`~realist.model.Project`:

* codes below a top-level code named *Context(s)*, *Mechanism(s)* or
  *Outcome(s)* (case-insensitive, configurable with ``roots=``), or whose names
  start with ``C:``, ``M:`` or ``O:`` (configurable with ``prefixes=``), become
  contexts, mechanisms and outcomes; identical labels of one kind become one
  element. Other codes become themes (``themes=``) or are reported as unused;
* every coded selection becomes :class:`~realist.model.Evidence`, with its quote
  cut from the source text, its source, its coder and its position;
* REFI cases become cases (their variables become attributes), sources become
  sources, code-to-code links become links;
* every code becomes a :class:`~realist.model.Code` in its place in the tree,
  and every coding an entry of :attr:`Evidence.codes <realist.model.Evidence.codes>`
  (the codings of one coder on one span are one excerpt), so nothing is lost
  and a mapping can be applied later (:func:`realist.map_codes`);
* a configuration is formed wherever the codings of one coder on one span (or
  one case, with ``configurations="case"``) hold a mechanism and an outcome.

Everything that could not be mapped is listed in an :class:`ImportReport`,
returned with ``report=True`` and otherwise logged to the ``realist.io``
logger; nothing is dropped silently. Hostile files (XML entities, zip members
outside the archive, zip bombs) end in :class:`~realist.errors.UnsafeFileError`
and nothing is written anywhere.
"""

from __future__ import annotations

import bisect
import logging
import math
import os
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Literal, overload

from realist._ids import TakenIds, is_id, label_key, slugify
from realist._progress import Progress, progress_callback
from realist.analysis import codings as _codings
from realist.analysis.codings import DEFAULT_PREFIXES, DEFAULT_ROOTS
from realist.errors import (
    FileFormatError,
    MissingFileError,
    RealistWarning,
    UnsafeFileError,
    ValidationError,
)
from realist.io._refi_parse import (
    RefiCode,
    RefiProject,
    RefiSelection,
    RefiSource,
    parse_project,
)
from realist.io._refi_report import Imported, ImportReport
from realist.io._refi_safe import Limits, SafeZip, parse_xml, read_local_file
from realist.model import (
    LINK_RELATIONS,
    SOURCE_KINDS,
    STATUSES,
    Evidence,
    Project,
    Source,
    SourceKind,
    Status,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_PREFIXES",
    "DEFAULT_ROOTS",
    "ImportReport",
    "Imported",
    "Limits",
    "import_file",
    "read_qdpx",
]

logger = logging.getLogger("realist.io")

Kind = Literal["context", "mechanism", "outcome"]
KINDS: tuple[Kind, ...] = ("context", "mechanism", "outcome")

#: How codings are grouped into configurations at import.
Configurations = Literal["span", "overlap", "selection", "case", "none"]
_CONFIGURATIONS = ("span", "overlap", "selection", "case", "none")

_MEDIA = {
    "TextSource": "text",
    "PDFSource": "pdf",
    "PictureSource": "picture",
    "AudioSource": "audio",
    "VideoSource": "video",
}
_EXTENSIONS = {
    ".txt",
    ".docx",
    ".doc",
    ".rtf",
    ".odt",
    ".pdf",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".tif",
    ".tiff",
    ".mp3",
    ".m4a",
    ".wav",
    ".mp4",
    ".mov",
    ".avi",
}
_MAX_QDE_BYTES = 1024**3
_SET_ATTRIBUTE = re.compile(r"^\s*([^:]{1,60}?)\s*:\s*(\S.*?)\s*$")


# ---------------------------------------------------------------------- helpers


def _decode(data: bytes) -> tuple[str, str | None]:
    """Text of a source file, and a warning when it was not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8; read as Latin-1"


class _Utf16Offsets:
    """Turn UTF-16 code-unit offsets (NVivo's) into code-point offsets (Python's)."""

    def __init__(self, text: str) -> None:
        self.astral: list[int] = []  # UTF-16 offsets at which astral characters start
        units = 0
        for ch in text:
            if ord(ch) > 0xFFFF:
                self.astral.append(units)
                units += 2
            else:
                units += 1

    def __call__(self, offset: int) -> int:
        if not self.astral:
            return offset
        return offset - bisect.bisect_left(self.astral, offset)


_Taken = TakenIds


def _unique(base: str, taken: TakenIds) -> str:
    """`base` (made an id if it is not one) if free, else ``base-2``, ``base-3``, ...

    Examples
    --------
    >>> taken = _Taken()
    >>> [_unique("item", taken) for _ in range(3)], _unique("k1\\n", taken)
    (['item', 'item-2', 'item-3'], 'k1')
    """
    return taken.unique(base if is_id(base) else slugify(base))


def _typed(value: str) -> str | int | float:
    """A set-name value as a number when it is one (a finite one), else as text.

    Examples
    --------
    >>> _typed("2006"), _typed("0.5"), _typed("nan"), _typed("inf"), _typed("urban")
    (2006, 0.5, 'nan', 'inf', 'urban')
    """
    try:
        return int(value)
    except ValueError:
        pass
    try:
        number = float(value)
    except ValueError:
        return value
    return number if math.isfinite(number) else value


_norm_label = label_key


# ---------------------------------------------------------------------- reading files


class _Files:
    """Where source texts come from: the archive, or a folder beside a ``.qde``."""

    def __init__(self, file: str, zip: SafeZip | None, folder: Path | None) -> None:
        self.file = file
        self.zip = zip
        self.folder = folder

    def _inner(self, rel: str, where: str) -> str:
        rel = rel.replace("\\", "/").lstrip("/")
        parts = PurePosixPath(rel).parts
        if ".." in parts or (rel[1:2] == ":"):
            raise UnsafeFileError(
                f"{self.file}: {where} names the file {rel!r}, outside the Sources/ folder; "
                "realist refuses such paths. Export the project again."
            )
        return rel

    def read(self, rel: str, where: str) -> bytes | None:
        rel = self._inner(rel, where)
        if self.zip is not None:
            for folder in ("sources/", ""):
                name = self.zip.find(folder + rel)
                if name is not None and (folder or name.lower().startswith("sources/")):
                    return self.zip.read(name)
            return None
        if self.folder is not None:
            for sub in ("Sources", "sources"):
                try:
                    base = (self.folder / sub).resolve()
                    path = (base / rel).resolve()
                except OSError:  # a name too long for the file system, a loop of links
                    return read_local_file(self.folder / sub / rel, self.file, where)
                if base in path.parents:
                    data = read_local_file(path, self.file, where)
                    if data is not None:
                        return data
        return None


def _open(
    path: Path, file: str, limits: Limits
) -> tuple[bytes, _Files, SafeZip | None, str | None]:
    """The project XML bytes, where its sources live, and the archive member read."""
    if not path.exists():
        raise MissingFileError(f"{file}: no such file")
    if path.is_dir():
        raise FileFormatError(f"{file}: is a folder; give the .qdpx, .qde or .qdc file")
    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith(b"PK"):
        zf = SafeZip(path, file, limits)
        try:
            inner = [n for n in zf.names() if n.lower().endswith(".qde") and "/" not in n]
            if not inner:
                raise FileFormatError(
                    f"{file}: the archive holds no project.qde at its top level, so it is "
                    "not a REFI-QDA project export; export it again with 'REFI-QDA project'."
                )
            inner.sort(key=lambda n: (n.lower() != "project.qde", n))
            data = zf.read(inner[0])
        except BaseException:
            zf.close()
            raise
        return data, _Files(file, zf, None), zf, inner[0]
    size = path.stat().st_size
    if size > _MAX_QDE_BYTES:
        raise UnsafeFileError(f"{file}: {size} bytes is more than realist reads as XML")
    return path.read_bytes(), _Files(file, None, path.parent), None, None


# ---------------------------------------------------------------------- the import


class _Importer:
    def __init__(
        self,
        refi: RefiProject,
        files: _Files,
        report: ImportReport,
        *,
        title: str,
        mapping: Mapping[str, str] | None,
        roots: Mapping[str, Iterable[str]] | None,
        prefixes: Mapping[str, Iterable[str]] | None,
        themes: Literal["top", "all", "none"],
        configurations: Configurations,
        coder: str | None,
        status: Status,
        source_kind: SourceKind,
        case_attribute: str | None,
        offsets: Literal["auto", "codepoints", "utf16"],
        allow_absolute_paths: bool,
        keep_text: bool,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.refi = refi
        self.files = files
        self.report = report
        self.mapping = mapping
        self.roots = roots
        self.prefixes = prefixes
        self.themes_mode = themes
        self.config_mode = configurations
        self.coder = coder
        self.status = status
        self.source_kind = source_kind
        self.case_attribute = case_attribute
        self.utf16 = offsets == "utf16" or (offsets == "auto" and "nvivo" in refi.origin.casefold())
        self.allow_absolute = allow_absolute_paths
        self.keep_text = keep_text
        self.progress = progress
        self.project = Project(title=title)
        self.own_codebook = refi.origin.strip().casefold() == "realist"
        self.taken = _Taken()
        self.code_id: dict[str, str] = {}  # code guid -> code id
        self.element_of: dict[str, str] = {}  # code id -> element id
        self.source_id: dict[str, str] = {}
        self.source_case: dict[str, str] = {}
        self.selection_case: dict[str, str] = {}
        self.case_id: dict[str, str] = {}

    # ------------------------------------------------------------------ codes

    def codes(self) -> None:
        """Every code becomes a :class:`~realist.model.Code`, in its place in the tree.

        ATLAS.ti's flattened names (``Context::History``) are a hierarchy too:
        the folders they name are made as codes of their own (attribute
        ``from_names``), once per path.
        """
        project, report = self.project, self.report
        refi_codes = self.refi.codes
        report.counts["codes"] = len(refi_codes)
        folders: dict[tuple[str | None, str], str] = {}
        # parents first: a REFI code tree is written parents first, but be safe
        pending = list(refi_codes.values())
        made: set[str] = set()
        while pending:
            rest: list[RefiCode] = []
            for code in pending:
                if (
                    code.parent is not None
                    and code.parent in refi_codes
                    and code.parent not in made
                ):
                    rest.append(code)
                    continue
                made.add(code.guid)
                parent = self.code_id.get(code.parent) if code.parent is not None else None
                name = code.name
                # ATLAS.ti flattens its tree into "a::b" names; realist's own
                # codebooks keep such labels whole
                flattened = "::" in name and not self.own_codebook
                parts = [p.strip() for p in name.split("::")] if flattened else [name.strip()]
                parts = [p for p in parts if p] or [""]
                for folder in parts[:-1]:
                    key = (parent, _norm_label(folder))
                    if key not in folders:
                        folders[key] = project.add_code(
                            folder,
                            id=_unique(f"code-{slugify(folder)}", self.taken),
                            parent=parent,
                            attributes={"from_names": True},
                        ).id
                    parent = folders[key]
                label = parts[-1]
                attrs: dict[str, str | int | float | bool | None] = {"refi_guid": code.guid}
                if not code.codable:
                    attrs["codable"] = False
                if not label:
                    label = f"(unnamed code {code.guid[:8]})"
                    report.warn(f"Code {code.guid}", f"the code has no name; labelled {label!r}")
                self.code_id[code.guid] = project.add_code(
                    label,
                    id=_unique(f"code-{slugify(label)}", self.taken),
                    parent=parent,
                    description=code.description,
                    attributes=attrs,
                ).id
            if len(rest) == len(pending):  # parents that never come: made at the top
                for code in rest:
                    code.parent = None
            pending = rest

    def map_codes(self) -> None:
        """Elements and themes from the codes, by the mapping and the conventions."""
        project, report = self.project, self.report
        try:
            resolved = _codings._resolve(
                project.codes,
                self.mapping,
                roots=self.roots,
                prefixes=self.prefixes,
                themes=self.themes_mode,
            )
        except ValidationError as exc:
            raise ValidationError(exc.problems, file=report.file) from None
        applied = _codings._apply(project, resolved)
        self.element_of = applied.element_of
        for problem in applied.notes:
            report.warn(problem.path, problem.message)
        if self.themes_mode == "none":
            for code in project.codes:
                if resolved[code.id].target == "ignore" and resolved[code.id].by == "none":
                    report.skip(
                        f"Code {code.label!r} ({code.attributes.get('refi_guid', code.id)})",
                        "maps to no context, mechanism, outcome or theme (themes='none'); "
                        "kept as a code",
                    )
        for kind in KINDS:
            report.counts[f"{kind}s"] = len(getattr(project, f"{kind}s"))
        report.counts["themes"] = len(project.themes)
        if project.codes and not project.elements:
            tops = [c.label for c in project.codes if c.parent is None][:4]
            example = ", ".join(f"{t!r}: 'context'" for t in tops[:2]) or "'Barriers': 'context'"
            message = (
                f"none of the {len(project.codes)} codes maps to a context, mechanism or "
                "outcome, so no configuration can be formed. The codes and codings are kept: "
                f"map them with read_qdpx(..., mapping={{{example}, ...}}), roots= or "
                "prefixes=, or afterwards with realist.map_codes(project, mapping); on the "
                "command line: realist import FILE --map mapping.yaml (list the codes with "
                "realist codes PROJECT). Top-level codes: "
                + ", ".join(repr(t) for t in tops)
                + (" ..." if len(tops) == 4 else "")
            )
            report.warn("codes", message)
            warnings.warn(f"{report.file}: {message}", RealistWarning, stacklevel=4)

    def code_sets(self) -> None:
        """Code sets (ATLAS.ti code groups) that hold elements become themes of them."""
        project, report = self.project, self.report
        for s in self.refi.sets:
            where = f"Set {s.name!r} ({s.guid})"
            members = [
                self.element_of[self.code_id[c]]
                for c in s.codes
                if c in self.code_id and self.code_id[c] in self.element_of
            ]
            if members:
                tid = project.free_id(slugify(s.name or "set"))
                project.add_theme(tid, s.name or tid, s.description)
                for ident in dict.fromkeys(members):
                    el = project.get(ident)
                    if tid not in el.themes:  # type: ignore[union-attr]
                        el.themes.append(tid)  # type: ignore[union-attr]
                report.add("themes")
            elif s.codes:
                report.skip(where, f"a set of {len(s.codes)} codes, none of them an element")

    def source_sets(self) -> None:
        """``key: value`` source sets become attributes of their sources (how
        ATLAS.ti exports document variables); other source sets, a ``sets``
        attribute."""
        report = self.report
        for s in self.refi.sets:
            where = f"Set {s.name!r} ({s.guid})"
            if s.sources:
                match = _SET_ATTRIBUTE.match(s.name)
                for g in s.sources:
                    src = self.source_by_guid.get(g)
                    if src is None:
                        report.skip(where, f"member source {g} is not in the project")
                        continue
                    if match:
                        src.variables.setdefault(match.group(1), _typed(match.group(2)))
                    else:
                        old = src.variables.get("sets")
                        src.variables["sets"] = f"{old}; {s.name}" if old else s.name
            if s.notes:
                report.skip(where, f"{len(s.notes)} notes in the set (notes are not imported)")

    # ------------------------------------------------------------------ cases and sources

    def cases(self) -> None:
        project, report = self.project, self.report
        for c in self.refi.cases:
            name = c.name or c.guid
            ident = _unique(slugify(name), self.taken)
            attrs = dict(c.variables)
            attrs["refi_guid"] = c.guid
            project.add_case(ident, name, description=c.description, attributes=attrs)
            self.case_id[c.guid] = ident
            for g in c.sources:
                if g in self.source_case and self.source_case[g] != ident:
                    report.warn(
                        f"Case {name!r}",
                        f"source {g} is also in case {self.source_case[g]!r}; it stays there",
                    )
                    continue
                self.source_case[g] = ident
            for g in c.selections:
                self.selection_case.setdefault(g, ident)
            if c.codes:
                self.case_codes[ident] = c.codes
        report.counts["cases"] = len(project.cases)

    def _source_name(self, src: RefiSource) -> str:
        if src.name:
            return src.name
        if src.text_path:
            return PurePosixPath(src.text_path.split("://")[-1]).name
        return src.guid

    def _read_text(self, src: RefiSource, path: str | None, where: str) -> str | None:
        report = self.report
        if path is None:
            return None
        scheme, sep, rest = path.partition("://")
        if not sep:
            scheme, rest = "internal", path
            report.warn(
                where, f"plainTextPath {path!r} has no internal:// prefix; read from Sources/"
            )
        scheme = scheme.lower()
        data: bytes | None
        if scheme == "internal":
            data = self.files.read(rest, where)
            if data is None:
                data = self.files.read(f"{src.guid}.txt", where)
                if data is not None:
                    report.warn(where, f"{path!r} is missing; read Sources/{src.guid}.txt instead")
            if data is None:
                report.skip(where, f"its text {path!r} is not in the archive; quotes left empty")
                return None
        elif scheme in ("absolute", "file"):
            if not self.allow_absolute:
                report.skip(
                    where,
                    f"its text is outside the archive ({path!r}) and was not opened; pass "
                    "allow_absolute_paths=True to read it",
                )
                return None
            target = Path(rest.lstrip("/") if os.name == "nt" else "/" + rest.lstrip("/"))
            found = read_local_file(target, report.file, where)
            if found is None:
                report.skip(where, f"its text {str(target)!r} does not exist")
                return None
            data = found
        else:
            report.skip(where, f"its text {path!r} is outside the archive and was not opened")
            return None
        text, problem = _decode(data)
        if problem:
            report.warn(where, f"the text is {problem}")
        return text

    def sources(self) -> None:
        project = self.project
        kinds = set(SOURCE_KINDS)
        for src in self.refi.sources:
            name = self._source_name(src)
            where = f"{src.kind} {name!r} ({src.guid})"
            stem = Path(name).stem if Path(name).suffix.lower() in _EXTENSIONS else name
            ident = _unique(slugify(stem), self.taken)
            self.source_id[src.guid] = ident
            text = src.text
            if text is None and src.text_path is not None:
                text = self._read_text(src, src.text_path, where)
            self.texts[src.guid] = text
            attrs = dict(src.variables)
            attrs["refi_guid"] = src.guid
            attrs["media"] = _MEDIA.get(src.kind, src.kind)
            if src.media_path and src.kind != "TextSource":
                attrs["path"] = src.media_path
            kind = self.source_kind
            for key in ("kind", "source kind", "source type", "type"):
                value = next((v for k, v in attrs.items() if k.casefold() == key), None)
                if isinstance(value, str) and value.strip().lower() in kinds:
                    kind = value.strip().lower()  # type: ignore[assignment]
                    break
            case = self.source_case.get(src.guid)
            if case is None and self.case_attribute is not None:
                value = next(
                    (v for k, v in attrs.items() if k.casefold() == self.case_attribute.casefold()),
                    None,
                )
                if value is not None and str(value).strip():
                    case = self._case_from_value(str(value).strip())
            clean = {
                k: v
                for k, v in attrs.items()
                if v is None or isinstance(v, str | int | float | bool)
            }
            project.add_source(
                ident,
                kind=kind,
                case=case,
                title=name,
                text=text if self.keep_text else None,
                attributes=clean,
            )
            if src.transcripts:
                for tg, (tpath, inline, _) in src.transcripts.items():
                    ttext = inline
                    if ttext is None and tpath is not None:
                        ttext = self._read_text(src, tpath, f"Transcript {tg} of {where}")
                    self.transcript_texts[tg] = ttext
        self.report.counts["sources"] = len(project.sources)

    def _case_from_value(self, value: str) -> str:
        key = _norm_label(value)
        if key not in self.attr_cases:
            ident = _unique(slugify(value), self.taken)
            self.project.add_case(ident, value, attributes={str(self.case_attribute): value})
            self.attr_cases[key] = ident
            self.report.add("cases")
        return self.attr_cases[key]

    # ------------------------------------------------------------------ selections

    def _quote(
        self, sel: RefiSelection, text: str | None, where: str
    ) -> tuple[str, int | None, int | None]:
        start, end = sel.start, sel.end
        if start is None or end is None:
            return sel.text or "", None, None
        if start > end:
            self.report.warn(where, f"start {start} after end {end}; swapped")
            start, end = end, start
        if start < 0:
            self.report.warn(
                where, f"negative position ({start}..{end}); clamped to the start of the text"
            )
            start, end = 0, max(end, 0)
        if text is None:
            return sel.text or "", start, end
        if self.utf16:
            conv = self.utf16_cache.get(id(text))
            if conv is None:
                conv = self.utf16_cache[id(text)] = _Utf16Offsets(text)
            start, end = conv(start), conv(end)
        if end > len(text):
            self.report.warn(
                where, f"ends at {end}, beyond the {len(text)} characters of the text; cut short"
            )
            end = len(text)
            start = min(start, end)
        return text[start:end], start, end

    def selections(self) -> None:
        """One evidence item per excerpt and coder: the codings of one coder on the
        same span of a source (NVivo writes each as a selection of its own) are
        the codes of one excerpt. Every coding is either an entry of some
        ``Evidence.codes`` or listed in the report."""
        project, report = self.project, self.report
        users = self.refi.users
        total = sum(len(s.selections) + (1 if s.whole_codings else 0) for s in self.refi.sources)
        done = 0
        step = max(1, total // 100)
        self.selection_groups: list[_codings.SpanGroup] = []
        excerpts: dict[tuple[Any, ...], Evidence] = {}
        for src in self.refi.sources:
            source_id = self.source_id[src.guid]
            source_case = project.get(source_id, Source).case
            text = self.texts.get(src.guid)
            items = list(src.selections)
            if src.whole_codings:
                items.append(
                    RefiSelection(
                        guid=src.guid,
                        source=src.guid,
                        kind="Source",
                        codes=src.whole_codes,
                        coders=src.whole_coders,
                        codings=src.whole_codings,
                    )
                )
            for sel in items:
                done += 1
                if self.progress is not None and (done % step == 0 or done == total):
                    self.progress(done, total)
                where = f"{sel.kind} {sel.guid} in {source_id!r}"
                if not sel.codings:
                    what = f" ({sel.description[:60]!r})" if sel.description else ""
                    report.skip(where, f"a selection with no coding{what}", kind="selection")
                    continue
                report.add("selections")
                report.add("codings", len(sel.codings))
                by_user: dict[str, list[str]] = {}
                for g, user in sel.codings:
                    if g not in self.code_id:
                        report.skip(
                            where,
                            f"coded with {g}, a code the codebook does not hold",
                            kind="coding",
                        )
                        continue
                    by_user.setdefault(user, []).append(self.code_id[g])
                if not by_user:
                    continue
                body = text
                if sel.transcript is not None:
                    body = self.transcript_texts.get(sel.transcript)
                quote, start, end = self._quote(sel, body, where)
                if sel.kind in ("PictureSelection", "AudioSelection", "VideoSelection"):
                    report.warn(where, "a media selection: evidence without a quote")
                page = sel.page
                if page is not None and page < 0:
                    report.warn(where, f"negative page {page}; left out")
                    page = None
                case = self.selection_case.get(sel.guid) or source_case
                for user, code_ids in by_user.items():
                    coder = users.get(user, user) or None
                    key = (
                        source_id,
                        sel.transcript,
                        sel.kind if start is None else "span",
                        sel.guid if start is None and not sel.place and page is None else "",
                        start,
                        end,
                        page,
                        tuple(sorted(sel.place.items())),
                        coder,
                        case,
                    )
                    ev = excerpts.get(key)
                    if ev is None:
                        attrs: dict[str, str | int | float | bool | None] = {"refi_guid": sel.guid}
                        attrs.update(sel.place)
                        if sel.transcript is not None:
                            attrs["transcript"] = sel.transcript
                        if case != source_case and case is not None:
                            attrs["case"] = case
                        try:
                            ev = project.add_evidence(
                                source=source_id,
                                quote=quote,
                                start=start,
                                end=end,
                                page=page,
                                coder=coder,
                                note=sel.description,
                                attributes=attrs,
                            )
                        except ValidationError as exc:
                            for _ in code_ids:
                                report.skip(where, f"not usable as evidence: {exc}", kind="coding")
                            continue
                        excerpts[key] = ev
                    else:
                        guids = str(ev.attributes.get("refi_guid", ""))
                        if sel.guid not in guids.split():
                            ev.attributes["refi_guid"] = f"{guids} {sel.guid}".strip()
                        if sel.description and sel.description not in ev.note:
                            ev.note = f"{ev.note}\n{sel.description}".strip()
                    fresh = []
                    for code_id in code_ids:
                        if code_id in ev.codes or code_id in fresh:
                            report.skip(
                                where,
                                f"repeats the coding of {code_id!r} on the same excerpt by the "
                                "same coder",
                                kind="coding",
                            )
                        else:
                            fresh.append(code_id)
                    ev.codes = [*ev.codes, *fresh]
                    self.selection_groups.append(
                        _codings.SpanGroup(source_id, case, coder, start, end, [ev.id], code_ids)
                    )
        report.counts["evidence"] = len(project.evidence)

    # ------------------------------------------------------------------ configurations and links

    def configurations(self) -> None:
        project, report = self.project, self.report
        mode = self.config_mode
        if mode == "none":
            report.counts["configurations"] = 0
            return
        if mode == "selection":
            kind_of = {e_id: e.kind for e_id, e in project.elements.items()}
            order = {e: i for i, e in enumerate(project.elements)}
            groups = self.selection_groups
            for g in groups:  # its code ids, as elements
                elements = {self.element_of[c] for c in g.elements if c in self.element_of}
                g.elements = sorted(elements, key=order.__getitem__)
                ev = project.get(g.evidence[0], Evidence)
                g.themes = [t for t in str(ev.attributes.get("themes") or "").split("; ") if t]
                g.reason = _codings._reason({kind_of[e] for e in g.elements})
        else:
            groups = _codings._groups(project, mode, self.coder)
            if mode == "case":
                self._case_codes(groups)
        formed = _codings._configure(project, groups, status=self.status, formed_from=mode)
        report.counts["configurations"] = formed
        what = "cases" if mode == "case" else "selections" if mode == "selection" else "spans"
        report.counts[what] = len(groups)
        report.counts[f"{what} forming a configuration"] = sum(not g.reason for g in groups)
        reasons: dict[str, int] = {}
        for g in groups:
            if g.reason:
                reasons[g.reason] = reasons.get(g.reason, 0) + 1
        for reason, n in sorted(reasons.items()):
            report.counts[f"{what} with {reason}"] = n

    def _case_codes(self, groups: list[_codings.SpanGroup]) -> None:
        """Codes applied to a REFI case itself count for that case's configuration."""
        project = self.project
        kind_of = {e_id: e.kind for e_id, e in project.elements.items()}
        order = {e: i for i, e in enumerate(project.elements)}
        by_case = {g.case: g for g in groups}
        for case, guids in self.case_codes.items():
            extra = [
                self.element_of[self.code_id[g]]
                for g in guids
                if g in self.code_id and self.code_id[g] in self.element_of
            ]
            if not extra:
                continue
            g = by_case.get(case)
            if g is None:
                g = by_case[case] = _codings.SpanGroup(None, case, None, None, None)
                groups.append(g)
            g.elements = sorted({*g.elements, *extra}, key=order.__getitem__)
            g.reason = _codings._reason({kind_of[e] for e in g.elements})

    def links(self) -> None:
        project, report = self.project, self.report
        seen: set[tuple[str, str, str]] = set()
        relations = {r.replace("_", " "): r for r in LINK_RELATIONS}
        for link in self.refi.links:
            where = f"Link {link.name!r} ({link.guid})"
            a = self.element_of.get(self.code_id.get(link.origin, ""))
            b = self.element_of.get(self.code_id.get(link.target, ""))
            if a is None or b is None:
                report.skip(where, "not between two codes imported as elements")
                continue
            if a == b:
                report.skip(where, f"links {a!r} to itself")
                continue
            name = " ".join(link.name.replace("_", " ").split()).casefold()
            relation = relations.get(name, "related")
            if (a, relation, b) in seen:
                report.skip(where, "repeats an earlier link")
                continue
            seen.add((a, relation, b))
            note = "" if relation != "related" or name == "related" else link.name
            project.add_link(a, relation, b, note=note)  # type: ignore[arg-type]
        report.counts["links"] = len(project.links)

    def rest(self) -> None:
        refi, report = self.refi, self.report
        if refi.notes:
            report.skip("Notes", f"{refi.notes} notes (memos) are not imported")
        if refi.graphs:
            report.skip("Graphs", f"{refi.graphs} graphs (network views) are not imported")

    def run(self) -> Project:
        self.texts: dict[str, str | None] = {}
        self.transcript_texts: dict[str, str | None] = {}
        self.utf16_cache: dict[int, _Utf16Offsets] = {}
        self.case_codes: dict[str, list[str]] = {}
        self.attr_cases: dict[str, str] = {}
        self.source_by_guid = {s.guid: s for s in self.refi.sources}
        if self.utf16:
            self.report.warn("offsets", "read as UTF-16 code units, as NVivo writes them")
        self.codes()
        self.source_sets()
        self.cases()
        self.sources()
        self.selections()
        self.map_codes()
        self.code_sets()
        self.configurations()
        self.links()
        self.rest()
        return self.project


# ---------------------------------------------------------------------- public


def _check_options(file: str, mapping: object, **options: object) -> None:
    """Refuse option values read_qdpx does not know, before reading anything."""
    allowed: dict[str, tuple[str, ...]] = {
        "themes": ("top", "all", "none"),
        "configurations": _CONFIGURATIONS,
        "status": tuple(STATUSES),
        "source_kind": tuple(SOURCE_KINDS),
        "offsets": ("auto", "codepoints", "utf16"),
    }
    for name, value in options.items():
        if value not in allowed[name]:
            choices = ", ".join(repr(a) for a in allowed[name])
            raise ValidationError(f"{file}: {name}={value!r} is not one of {choices}")
    if mapping is not None and not isinstance(mapping, Mapping):
        raise ValidationError(
            f"{file}: mapping= takes a mapping of codes to 'context', 'mechanism', "
            f"'outcome', 'theme' or 'ignore', not {type(mapping).__name__}; read a mapping "
            "file with realist.read_mapping(path)"
        )


@overload
def read_qdpx(
    path: str | os.PathLike[str],
    *,
    title: str | None = ...,
    mapping: Mapping[str, str] | None = ...,
    roots: Mapping[str, Iterable[str]] | None = ...,
    prefixes: Mapping[str, Iterable[str]] | None = ...,
    themes: Literal["top", "all", "none"] = ...,
    configurations: Configurations = ...,
    coder: str | None = ...,
    status: Status = ...,
    source_kind: SourceKind = ...,
    case_attribute: str | None = ...,
    offsets: Literal["auto", "codepoints", "utf16"] = ...,
    allow_absolute_paths: bool = ...,
    keep_text: bool = ...,
    limits: Limits | None = ...,
    progress: Progress = ...,
    report: Literal[False] = ...,
) -> Project: ...
@overload
def read_qdpx(
    path: str | os.PathLike[str],
    *,
    title: str | None = ...,
    mapping: Mapping[str, str] | None = ...,
    roots: Mapping[str, Iterable[str]] | None = ...,
    prefixes: Mapping[str, Iterable[str]] | None = ...,
    themes: Literal["top", "all", "none"] = ...,
    configurations: Configurations = ...,
    coder: str | None = ...,
    status: Status = ...,
    source_kind: SourceKind = ...,
    case_attribute: str | None = ...,
    offsets: Literal["auto", "codepoints", "utf16"] = ...,
    allow_absolute_paths: bool = ...,
    keep_text: bool = ...,
    limits: Limits | None = ...,
    progress: Progress = ...,
    report: Literal[True],
) -> tuple[Project, ImportReport]: ...
def read_qdpx(
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    mapping: Mapping[str, str] | None = None,
    roots: Mapping[str, Iterable[str]] | None = None,
    prefixes: Mapping[str, Iterable[str]] | None = None,
    themes: Literal["top", "all", "none"] = "top",
    configurations: Configurations = "span",
    coder: str | None = None,
    status: Status = "conjectured",
    source_kind: SourceKind = "other",
    case_attribute: str | None = None,
    offsets: Literal["auto", "codepoints", "utf16"] = "auto",
    allow_absolute_paths: bool = False,
    keep_text: bool = True,
    limits: Limits | None = None,
    progress: Progress = False,
    report: bool = False,
) -> Project | tuple[Project, ImportReport]:
    """Read a REFI-QDA export (``.qdpx``, ``.qde`` or a ``.qdc`` codebook) as a Project.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.qdpx`` archive, a ``.qde`` project file (its texts are looked for
        in a ``Sources/`` folder beside it) or a ``.qdc`` codebook (elements and
        themes only).
    title : str, optional
        The project title; defaults to the project's name in the file.
    mapping : mapping of str to str, optional
        Which codes are contexts, mechanisms, outcomes or themes:
        ``{"Barriers": "context", "Peer support": "mechanism", "Uptake":
        "outcome"}``. A key names codes by label, path (``"Barriers/Cost"``)
        or id; mapping a code maps the codes below it. See
        :func:`realist.resolve_mapping` for the rules, and
        :func:`realist.map_codes` to map a project already imported (the
        codes and codings are always kept, mapped or not).
    roots : mapping, optional
        For each of ``"context"``, ``"mechanism"``, ``"outcome"``, the names of
        the codes whose sub-codes (at any depth) become elements of that kind;
        compared case-insensitively. Default :data:`DEFAULT_ROOTS`. ATLAS.ti's
        flattened names (``Context::History``) count as a hierarchy. A code
        nested two levels below its root gets its parent's name as ``category``.
    prefixes : mapping, optional
        Name prefixes that make a code an element wherever it is, e.g.
        ``"M: Local champions"``. Default :data:`DEFAULT_PREFIXES`; pass ``{}``
        to turn the convention off.
    themes : {"top", "all", "none"}, optional
        What other codes become. ``"top"``: each top-level code is a theme and
        its sub-codes count as it; ``"all"``: every code is a theme; ``"none"``:
        none, and each is listed in the report as not imported. Code sets
        (ATLAS.ti code groups) that hold elements always become themes of those
        elements. A selection's themes go to its evidence (attribute
        ``themes``) and to the configuration formed from it.
    configurations : {"span", "overlap", "selection", "case", "none"}, optional
        How codings are grouped into candidate configurations; a group coded
        with at least one mechanism and one outcome is one (with the contexts
        coded on it), and groups of one case with the same elements share one
        configuration and all its evidence. ``"span"`` (default): the codings
        of one coder on the same span of a source; this is what works on real
        exports, since NVivo (and often ATLAS.ti and MAXQDA) write each coding
        as a selection of its own over the same span. ``"overlap"``: spans of
        one source and coder that overlap. ``"selection"``: the codings of one
        REFI selection (files from tools that put several codings on one
        selection). ``"case"``: one configuration per case from every element
        coded in its sources (and on the REFI case itself). ``"none"``:
        evidence only. The report says how many spans were seen, how many
        formed configurations and why the others did not.
    coder : str, optional
        Form configurations from this coder's codings only (everyone's stay as
        evidence, for :func:`realist.coder_agreement`). By default each coder's
        codings are grouped apart and all count.
    status : str, optional
        The status of the configurations formed; ``"conjectured"`` by default,
        since they are candidates for the analyst to review.
    source_kind : str, optional
        The kind of every source (``"interview"``, ``"document"``, ...) unless a
        source variable named ``kind``, ``source type`` or ``type`` says otherwise.
    case_attribute : str, optional
        A source variable (or an ATLAS.ti document group named
        ``"<attribute>: <value>"``) whose value names the case of sources that
        no REFI case claims; the cases are created as needed.
    offsets : {"auto", "codepoints", "utf16"}, optional
        How selection positions count characters. The standard says Unicode
        code points; NVivo writes UTF-16 code units (and counts the CR of
        CRLF, which realist keeps in the text). ``"auto"`` uses UTF-16 for
        files NVivo wrote, code points otherwise.
    allow_absolute_paths : bool, optional
        Read source texts named by ``absolute://`` paths outside the archive.
        Off by default: such paths are listed in the report, never opened.
    keep_text : bool, optional
        Store each source's full text in ``Source.text`` (so quotes can be
        checked against it).
    limits : Limits, optional
        Caps on archive members, uncompressed size and compression ratio.
    progress : bool or callable, optional
        ``True`` writes a progress line to stderr; a callable is called as
        ``progress(done, total)`` about a hundred times while codings are read.
    report : bool, optional
        Also return the :class:`ImportReport`. Otherwise its summary is
        logged to the ``realist.io`` logger (a warning when something was
        not imported).

    Returns
    -------
    Project, or (Project, ImportReport) when `report` is true

    Raises
    ------
    realist.errors.MissingFileError
        The file does not exist.
    realist.errors.FileFormatError
        Not a zip, malformed XML, or not a REFI-QDA project or codebook.
    realist.errors.UnsafeFileError
        A DTD or entity in the XML, a zip member or source path outside the
        archive's folders, too many members, or a member that expands too far.

    Warns
    -----
    realist.errors.RealistWarning
        The file breaks the REFI-QDA schema (non-GUID ids, missing required
        attributes, an old namespace) but its content was usable.

    Examples
    --------
    >>> import tempfile, zipfile
    >>> from pathlib import Path
    >>> from realist.io.qdpx import read_qdpx
    >>> demo = Path(tempfile.mkdtemp()) / "demo.qdpx"
    >>> qde = '''<Project xmlns="urn:QDA-XML:project:1.0" name="Demo">
    ...  <CodeBook><Codes>
    ...   <Code guid="00000000-0000-0000-0000-000000000001" name="Mechanisms"
    ...         isCodable="false">
    ...    <Code guid="00000000-0000-0000-0000-000000000002" name="Local champions"
    ...          isCodable="true"/>
    ...   </Code>
    ...   <Code guid="00000000-0000-0000-0000-000000000003" name="O: Shared vision"
    ...         isCodable="true"/>
    ...  </Codes></CodeBook>
    ...  <Sources><TextSource guid="00000000-0000-0000-0000-00000000000a" name="Interview 7"
    ...     plainTextPath="internal://00000000-0000-0000-0000-00000000000a.txt">
    ...   <PlainTextSelection guid="00000000-0000-0000-0000-00000000000b"
    ...       startPosition="3" endPosition="36">
    ...    <Coding guid="00000000-0000-0000-0000-00000000000c">
    ...     <CodeRef targetGUID="00000000-0000-0000-0000-000000000002"/></Coding>
    ...    <Coding guid="00000000-0000-0000-0000-00000000000d">
    ...     <CodeRef targetGUID="00000000-0000-0000-0000-000000000003"/></Coding>
    ...   </PlainTextSelection></TextSource></Sources></Project>'''
    >>> with zipfile.ZipFile(demo, "w") as z:
    ...     z.writestr("project.qde", qde)
    ...     z.writestr("Sources/00000000-0000-0000-0000-00000000000a.txt",
    ...                "So we had worked together for years, you know.")
    >>> p, report = read_qdpx(demo, report=True)
    >>> [m.label for m in p.mechanisms], [o.label for o in p.outcomes]
    (['Local champions'], ['Shared vision'])
    >>> p.evidence[0].quote
    'we had worked together for years,'
    >>> p.configurations[0].mechanisms, p.configurations[0].evidence
    (['m-local-champions'], ['ev-interview-7-1'])
    >>> report.counts["codings"]
    2
    """
    file = os.fspath(path)
    _check_options(
        file,
        themes=themes,
        configurations=configurations,
        status=status,
        source_kind=source_kind,
        offsets=offsets,
        mapping=mapping,
    )
    limits = limits or Limits()
    rep = ImportReport(file=file)
    data, files, zf, member = _open(Path(path), file, limits)
    try:
        root = parse_xml(data, file, member=member)
        if root.tag not in ("Project", "CodeBook"):
            raise FileFormatError(
                f"{file}: the root element is <{root.tag}>, not a REFI-QDA <Project> or "
                "<CodeBook>; is this a REFI-QDA export?"
            )
        refi = parse_project(root, rep)
        rep.origin = refi.origin
        ns = refi.namespace
        if not ns.startswith("urn:QDA-XML:"):
            refi.schema.append(f"namespace {ns!r} is not urn:QDA-XML:project:1.0")
        elif ":0:" in ns or ns.endswith(":0"):
            refi.schema.append(f"namespace {ns!r} is from a draft before REFI-QDA 1.0")
        importer = _Importer(
            refi,
            files,
            rep,
            title=title or refi.name or Path(file).stem,
            mapping=mapping,
            roots=DEFAULT_ROOTS if roots is None else roots,
            # a codebook realist wrote has its C/M/O tree: a label such as
            # "O: x" under Mechanisms is a mechanism's label, not a prefix
            prefixes=(
                ({} if refi.origin.strip().casefold() == "realist" else DEFAULT_PREFIXES)
                if prefixes is None
                else prefixes
            ),
            themes=themes,
            configurations=configurations,
            coder=coder,
            status=status,
            source_kind=source_kind,
            case_attribute=case_attribute,
            offsets=offsets,
            allow_absolute_paths=allow_absolute_paths,
            keep_text=keep_text,
            progress=progress_callback(progress, "reading selections"),
        )
        try:
            project = importer.run()
        except ValidationError as exc:
            if exc.problems and exc.problems[0].path.startswith(("mapping[", "coder")):
                raise  # the caller's options, not the file
            raise FileFormatError(f"{file}: the import made an invalid project: {exc}") from None
    finally:
        if zf is not None:
            zf.close()
    for problem in refi.schema:
        rep.warn("schema", problem)
    if refi.schema:
        first = refi.schema[0]
        more = f" and {len(refi.schema) - 1} more" if len(refi.schema) > 1 else ""
        warnings.warn(
            f"{file}: does not follow the REFI-QDA schema ({first}{more}); "
            "imported what was usable. See the import report (report=True).",
            RealistWarning,
            stacklevel=2,
        )
    if report:
        return project, rep
    logger.info("%s", rep.format())
    if rep.unmapped:
        logger.warning(
            "%s: %d items were not imported; call read_qdpx(..., report=True) to list them",
            file,
            len(rep.unmapped),
        )
    return project


def import_file(path: str | os.PathLike[str] | pd.DataFrame, **options: object) -> Imported:
    """Import a REFI-QDA export or a CMOc spreadsheet, by suffix, with its report.

    ``.qdpx``, ``.qde`` and ``.qdc`` go to :func:`read_qdpx`; ``.csv``,
    ``.xlsx`` and ``.xlsm`` (or a :class:`pandas.DataFrame`) to
    :func:`realist.read_table`, with the same options. The result is always
    an :class:`~realist.io.Imported` pair ``(project, report)``, whatever the
    options: ``read_qdpx(path, report=True)`` and ``read_table(data,
    report=True)`` give the same pair. This is what ``realist import FILE -o
    project.yaml`` runs; print the report with ``print(report)``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import realist as rl
    >>> sheet = Path(tempfile.mkdtemp()) / "cmocs.csv"
    >>> _ = sheet.write_text("case,mechanism,outcome\\nSandwell,Champions,Vision\\n")
    >>> project, report = rl.import_file(sheet)
    >>> len(project.configurations), report.counts["rows"]
    (1, 1)
    """
    from realist.io.tables import read_table

    if not isinstance(path, (str, os.PathLike)):  # a DataFrame
        return Imported(*read_table(path, report=True, **options))  # type: ignore[call-overload]
    suffix = Path(path).suffix.lower()
    if suffix in (".csv", ".tsv", ".xlsx", ".xlsm"):
        return Imported(*read_table(path, report=True, **options))  # type: ignore[call-overload]
    if suffix in (".qdpx", ".qde", ".qdc", ".xml", ".zip"):
        return Imported(*read_qdpx(path, report=True, **options))  # type: ignore[call-overload]
    raise FileFormatError(
        f"{os.fspath(path)}: cannot import a {suffix or 'suffix-less'} file; give a .qdpx, "
        ".qde or .qdc REFI-QDA export, or a .csv or .xlsx spreadsheet of CMOcs"
    )
