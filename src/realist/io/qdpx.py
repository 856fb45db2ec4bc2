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
* a configuration is formed wherever one selection (or one case, with
  ``configurations="case"``) is coded with a mechanism and an outcome.

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
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any, Literal, overload

from realist._ids import ID_PATTERN, slugify
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
from realist.io._refi_report import ImportReport
from realist.io._refi_safe import Limits, SafeZip, parse_xml
from realist.model import (
    LINK_RELATIONS,
    SOURCE_KINDS,
    Project,
    Source,
    SourceKind,
    Status,
)

__all__ = [
    "DEFAULT_PREFIXES",
    "DEFAULT_ROOTS",
    "ImportReport",
    "Limits",
    "import_file",
    "read_qdpx",
]

logger = logging.getLogger("realist.io")

Kind = Literal["context", "mechanism", "outcome"]
KINDS: tuple[Kind, ...] = ("context", "mechanism", "outcome")

#: Names of the top-level codes whose sub-codes become elements (compared case-insensitively).
DEFAULT_ROOTS: dict[str, tuple[str, ...]] = {
    "context": ("context", "contexts"),
    "mechanism": ("mechanism", "mechanisms"),
    "outcome": ("outcome", "outcomes"),
}

#: Code-name prefixes that make a code an element wherever it is in the tree.
DEFAULT_PREFIXES: dict[str, tuple[str, ...]] = {
    "context": ("C:", "C -", "Context:", "Context -"),
    "mechanism": ("M:", "M -", "Mechanism:", "Mechanism -"),
    "outcome": ("O:", "O -", "Outcome:", "Outcome -"),
}

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
_ID_RE = re.compile(ID_PATTERN)  # use fullmatch: "$" also matches before a final "\n"

Progress = bool | Callable[[int, int], None]


# ---------------------------------------------------------------------- helpers


def _stderr_progress(done: int, total: int) -> None:
    if sys.stderr.isatty():  # one line, rewritten in place
        end = "\n" if done >= total else ""
        print(f"\rrealist: reading selections {done}/{total}", end=end, file=sys.stderr, flush=True)
    elif done >= total or done * 4 // total != (done - 1) * 4 // total:  # logs: every quarter
        print(f"realist: reading selections {done}/{total}", file=sys.stderr, flush=True)


def _progress_callback(progress: Progress) -> Callable[[int, int], None] | None:
    if progress is True:
        return _stderr_progress
    if callable(progress):
        return progress
    return None


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


def _unique(base: str, taken: set[str]) -> str:
    if not _ID_RE.fullmatch(base):
        base = slugify(base)
    ident, n = base, 2
    while ident in taken:
        ident = f"{base}-{n}"
        n += 1
    taken.add(ident)
    return ident


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


def _norm_label(label: str) -> str:
    return " ".join(label.split()).casefold()


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
                base = (self.folder / sub).resolve()
                path = (base / rel).resolve()
                if base in path.parents and path.is_file():
                    return path.read_bytes()
        return None


def _open(path: Path, file: str, limits: Limits) -> tuple[bytes, _Files, SafeZip | None]:
    """The project XML bytes, and where its sources live."""
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
        return data, _Files(file, zf, None), zf
    size = path.stat().st_size
    if size > _MAX_QDE_BYTES:
        raise UnsafeFileError(f"{file}: {size} bytes is more than realist reads as XML")
    return path.read_bytes(), _Files(file, None, path.parent), None


# ---------------------------------------------------------------------- the import


class _Importer:
    def __init__(
        self,
        refi: RefiProject,
        files: _Files,
        report: ImportReport,
        *,
        title: str,
        roots: Mapping[str, Iterable[str]],
        prefixes: Mapping[str, Iterable[str]],
        themes: Literal["top", "all", "none"],
        configurations: Literal["selection", "case", "none"],
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
        self.roots = {k: {n.casefold() for n in roots.get(k, ())} for k in KINDS}
        self.prefixes = {k: tuple(prefixes.get(k, ())) for k in KINDS}
        self.themes_mode = themes
        self.config_mode = configurations
        self.status = status
        self.source_kind = source_kind
        self.case_attribute = case_attribute
        self.utf16 = offsets == "utf16" or (offsets == "auto" and "nvivo" in refi.origin.casefold())
        self.allow_absolute = allow_absolute_paths
        self.keep_text = keep_text
        self.progress = progress
        self.project = Project(title=title)
        self.taken: set[str] = set()
        # code guid -> element id / theme id
        self.element_of: dict[str, str] = {}
        self.kind_of: dict[str, str] = {}
        self.theme_of: dict[str, str] = {}
        self.source_id: dict[str, str] = {}
        self.source_case: dict[str, str] = {}
        self.selection_case: dict[str, str] = {}
        self.case_id: dict[str, str] = {}

    # ------------------------------------------------------------------ codes

    def _root_kind(self, name: str) -> str | None:
        folded = name.strip().casefold()
        for kind in KINDS:
            if folded in self.roots[kind]:
                return kind
        return None

    def _prefixed(self, name: str) -> tuple[str, str] | None:
        folded = name.casefold()
        for kind in KINDS:
            for prefix in self.prefixes[kind]:
                if folded.startswith(prefix.casefold()) and name[len(prefix) :].strip():
                    return kind, name[len(prefix) :].strip()
        return None

    def codes(self) -> None:
        project, report = self.project, self.report
        by_label: dict[tuple[str, str], str] = {}
        themes_by_label: dict[str, str] = {}
        codes = self.refi.codes
        report.counts["codes"] = len(codes)

        def theme_for(label: str, description: str) -> str:
            key = _norm_label(label)
            if key not in themes_by_label:
                ident = _unique(slugify(label), self.taken)
                project.add_theme(ident, label, description)
                themes_by_label[key] = ident
            return themes_by_label[key]

        for guid, code in codes.items():
            where = f"Code {code.name!r} ({guid})"
            if not code.name:
                report.skip(where, "the code has no name")
                continue
            path = code.path
            kind: str | None = None
            label = path[-1]
            hit: tuple[str, str] | None
            category: str | None = None
            for depth in range(len(path) - 2, -1, -1):
                root_kind = self._root_kind(path[depth])
                if root_kind:
                    kind = root_kind
                    if depth < len(path) - 2:
                        category = path[-2]
                    break
            if kind is None:
                hit = self._prefixed(path[-1])
                if hit:
                    kind, label = hit
            if kind is None and len(path) == 1 and self._root_kind(path[0]):
                continue  # the Context / Mechanism / Outcome folder itself
            if kind is not None and not label:
                report.skip(where, f"its {kind} label is empty (nothing after the root or prefix)")
                continue
            if kind is not None:
                key = (kind, _norm_label(label))
                if key in by_label:
                    ident = by_label[key]
                    report.warn(where, f"same label as {ident!r}; merged into it")
                else:
                    ident = _unique(f"{kind[0]}-{slugify(label)}", self.taken)
                    fields: dict[str, Any] = {
                        "id": ident,
                        "description": code.description,
                        "category": category,
                        "attributes": {"refi_guid": guid},
                    }
                    if kind == "context":
                        project.add_context(label, **fields)
                    elif kind == "mechanism":
                        project.add_mechanism(label, **fields)
                    else:
                        project.add_outcome(label, **fields)
                    by_label[key] = ident
                self.element_of[guid] = ident
                self.kind_of[guid] = kind
                continue
            if self.themes_mode == "all":
                self.theme_of[guid] = theme_for(label, code.description)
            elif self.themes_mode == "top":
                top = self._top(code)
                self.theme_of[guid] = theme_for(top.path[0], top.description)
            else:
                report.skip(where, "not under Context, Mechanism or Outcome (themes='none')")
        self.element_order = {e: i for i, e in enumerate(project.elements)}
        for name in KINDS:
            report.counts[f"{name}s"] = len(getattr(project, f"{name}s"))
        report.counts["themes"] = len(project.themes)

    def _top(self, code: RefiCode) -> RefiCode:
        codes = self.refi.codes
        while code.parent is not None and code.parent in codes:
            code = codes[code.parent]
        return code

    def sets(self) -> None:
        """Code sets become themes of their elements; ``key: value`` source sets,
        attributes of their sources (how ATLAS.ti exports document variables)."""
        project, report = self.project, self.report
        for s in self.refi.sets:
            where = f"Set {s.name!r} ({s.guid})"
            members = [self.element_of[c] for c in s.codes if c in self.element_of]
            if members:
                tid = _unique(slugify(s.name or "set"), self.taken)
                project.add_theme(tid, s.name or tid, s.description)
                for ident in dict.fromkeys(members):
                    el = project.get(ident)
                    if tid not in el.themes:  # type: ignore[union-attr]
                        el.themes.append(tid)  # type: ignore[union-attr]
                report.add("themes")
            elif s.codes:
                report.skip(where, f"a set of {len(s.codes)} codes, none of them an element")
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
            if not target.is_file():
                report.skip(where, f"its text {str(target)!r} does not exist")
                return None
            data = target.read_bytes()
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
        project, report = self.project, self.report
        users = self.refi.users
        total = sum(len(s.selections) + (1 if s.whole_codes else 0) for s in self.refi.sources)
        done = 0
        step = max(1, total // 100)
        codes = self.refi.codes
        for src in self.refi.sources:
            source_id = self.source_id[src.guid]
            text = self.texts.get(src.guid)
            items = list(src.selections)
            if src.whole_codes:
                items.append(
                    RefiSelection(
                        guid=src.guid,
                        source=src.guid,
                        kind="Source",
                        codes=src.whole_codes,
                        coders=src.whole_coders,
                    )
                )
            for sel in items:
                done += 1
                if self.progress is not None and (done % step == 0 or done == total):
                    self.progress(done, total)
                where = f"{sel.kind} {sel.guid} in {source_id!r}"
                if not sel.codes:
                    what = f" ({sel.description[:60]!r})" if sel.description else ""
                    report.skip(where, f"a selection with no coding{what}")
                    continue
                report.add("selections")
                report.add("codings", len(sel.codes))
                elements: list[str] = []
                themes: list[str] = []
                for g in sel.codes:
                    if g in self.element_of:
                        if self.element_of[g] not in elements:
                            elements.append(self.element_of[g])
                    elif g in self.theme_of:
                        if self.theme_of[g] not in themes:
                            themes.append(self.theme_of[g])
                    elif g in codes:
                        report.skip(where, f"coded with {codes[g].name!r}, which is not imported")
                    else:
                        report.skip(where, f"coded with {g}, a code the codebook does not hold")
                body = text
                if sel.transcript is not None:
                    body = self.transcript_texts.get(sel.transcript)
                quote, start, end = self._quote(sel, body, where)
                if sel.kind in ("PictureSelection", "AudioSelection", "VideoSelection"):
                    report.warn(where, "a media selection: evidence without a quote")
                attrs: dict[str, str | int | float | bool | None] = {"refi_guid": sel.guid}
                if themes:
                    attrs["themes"] = "; ".join(themes)
                for key, value in sel.place.items():
                    attrs[key] = value
                coder = "; ".join(users.get(u, u) for u in sel.coders) or None
                page = sel.page
                if page is not None and page < 0:
                    report.warn(where, f"negative page {page}; left out")
                    page = None
                try:
                    ev = project.add_evidence(
                        source=source_id,
                        quote=quote,
                        start=start,
                        end=end,
                        page=page,
                        coder=coder,
                        elements=elements,
                        note=sel.description,
                        attributes=attrs,
                    )
                except ValidationError as exc:
                    report.skip(where, f"not usable as evidence: {exc}")
                    continue
                case = self.selection_case.get(sel.guid) or project.get(source_id, Source).case
                self.coded.append((ev.id, case, elements, themes))
        report.counts["evidence"] = len(project.evidence)

    # ------------------------------------------------------------------ configurations and links

    def configurations(self) -> None:
        project, report = self.project, self.report
        kind_of = {
            ident: kind for g, ident in self.element_of.items() for kind in [self.kind_of[g]]
        }
        groups: dict[tuple[str | None, tuple[str, ...]], tuple[list[str], list[str]]] = {}
        if self.config_mode == "selection":
            for ev, case, elements, themes in self.coded:
                key = (case, tuple(sorted(elements)))
                evs, ths = groups.setdefault(key, ([], []))
                evs.append(ev)
                ths.extend(t for t in themes if t not in ths)
        elif self.config_mode == "case":
            by_case: dict[str | None, tuple[list[str], list[str], list[str]]] = {}
            for ev, case, elements, themes in self.coded:
                evs, els, ths = by_case.setdefault(case, ([], [], []))
                if elements:
                    evs.append(ev)
                els.extend(e for e in elements if e not in els)
                ths.extend(t for t in themes if t not in ths)
            for case, code_guids in self.case_codes.items():
                evs, els, ths = by_case.setdefault(case, ([], [], []))
                els.extend(
                    self.element_of[g]
                    for g in code_guids
                    if g in self.element_of and self.element_of[g] not in els
                )
            for case, (evs, els, ths) in by_case.items():
                groups[(case, tuple(sorted(els)))] = (evs, ths)
        else:
            report.counts["configurations"] = 0
            return
        partial = 0
        for (case, members), (evs, ths) in groups.items():
            kinds = {kind_of[e] for e in members}
            if "mechanism" not in kinds or "outcome" not in kinds:
                if members:
                    partial += len(evs)
                continue
            ordered = sorted(members, key=self.element_order.__getitem__)
            project.add_configuration(
                case=case,
                contexts=[e for e in ordered if kind_of[e] == "context"],
                mechanisms=[e for e in ordered if kind_of[e] == "mechanism"],
                outcomes=[e for e in ordered if kind_of[e] == "outcome"],
                themes=ths,
                status=self.status,
                evidence=evs,
            )
        report.counts["configurations"] = len(project.configurations)
        if partial:
            report.counts["evidence without a configuration"] = partial

    def links(self) -> None:
        project, report = self.project, self.report
        seen: set[tuple[str, str, str]] = set()
        relations = {r.replace("_", " "): r for r in LINK_RELATIONS}
        for link in self.refi.links:
            where = f"Link {link.name!r} ({link.guid})"
            a, b = self.element_of.get(link.origin), self.element_of.get(link.target)
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
        self.coded: list[tuple[str, str | None, list[str], list[str]]] = []
        self.case_codes: dict[str, list[str]] = {}
        self.attr_cases: dict[str, str] = {}
        self.source_by_guid = {s.guid: s for s in self.refi.sources}
        if self.utf16:
            self.report.warn("offsets", "read as UTF-16 code units, as NVivo writes them")
        self.codes()
        self.sets()
        self.cases()
        self.sources()
        self.selections()
        self.configurations()
        self.links()
        self.rest()
        return self.project


# ---------------------------------------------------------------------- public


@overload
def read_qdpx(
    path: str | os.PathLike[str],
    *,
    title: str | None = ...,
    roots: Mapping[str, Iterable[str]] | None = ...,
    prefixes: Mapping[str, Iterable[str]] | None = ...,
    themes: Literal["top", "all", "none"] = ...,
    configurations: Literal["selection", "case", "none"] = ...,
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
    roots: Mapping[str, Iterable[str]] | None = ...,
    prefixes: Mapping[str, Iterable[str]] | None = ...,
    themes: Literal["top", "all", "none"] = ...,
    configurations: Literal["selection", "case", "none"] = ...,
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
    roots: Mapping[str, Iterable[str]] | None = None,
    prefixes: Mapping[str, Iterable[str]] | None = None,
    themes: Literal["top", "all", "none"] = "top",
    configurations: Literal["selection", "case", "none"] = "selection",
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
    configurations : {"selection", "case", "none"}, optional
        ``"selection"``: a configuration wherever one selection is coded with at
        least one mechanism and one outcome (with the contexts coded on it);
        selections of one case coded with the same elements share one
        configuration and all its evidence. ``"case"``: one configuration per
        case from every element coded in its sources (and coded on the REFI
        case itself). ``"none"``: evidence only.
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
    limits = limits or Limits()
    rep = ImportReport(file=file)
    data, files, zf = _open(Path(path), file, limits)
    try:
        root = parse_xml(data, file)
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
            roots=DEFAULT_ROOTS if roots is None else roots,
            prefixes=DEFAULT_PREFIXES if prefixes is None else prefixes,
            themes=themes,
            configurations=configurations,
            status=status,
            source_kind=source_kind,
            case_attribute=case_attribute,
            offsets=offsets,
            allow_absolute_paths=allow_absolute_paths,
            keep_text=keep_text,
            progress=_progress_callback(progress),
        )
        try:
            project = importer.run()
        except ValidationError as exc:
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


def import_file(path: str | os.PathLike[str], **options: object) -> tuple[Project, ImportReport]:
    """Import a REFI-QDA export or a CMOc spreadsheet, by suffix, with its report.

    ``.qdpx``, ``.qde`` and ``.qdc`` go to :func:`read_qdpx`; ``.csv``,
    ``.xlsx`` and ``.xlsm`` to :func:`realist.io.tables.read_table`. This is
    what ``realist import FILE -o project.yaml`` runs; print the report with
    ``print(report)``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from realist.io.qdpx import import_file
    >>> sheet = Path(tempfile.mkdtemp()) / "cmocs.csv"
    >>> _ = sheet.write_text("case,mechanism,outcome\\nSandwell,Champions,Vision\\n")
    >>> p, report = import_file(sheet)
    >>> len(p.configurations), report.counts["rows"]
    (1, 1)
    """
    suffix = Path(path).suffix.lower()
    if suffix in (".csv", ".tsv", ".xlsx", ".xlsm"):
        from realist.io.tables import read_table

        return read_table(path, report=True, **options)  # type: ignore[call-overload, no-any-return]
    if suffix in (".qdpx", ".qde", ".qdc", ".xml", ".zip"):
        return read_qdpx(path, report=True, **options)  # type: ignore[call-overload, no-any-return]
    raise FileFormatError(
        f"{os.fspath(path)}: cannot import a {suffix or 'suffix-less'} file; give a .qdpx, "
        ".qde or .qdc REFI-QDA export, or a .csv or .xlsx spreadsheet of CMOcs"
    )
