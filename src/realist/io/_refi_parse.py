"""REFI-QDA XML as plain records: codes, sources, selections, cases, sets, links.

This layer knows the REFI-QDA vocabulary (``Project-1.0.xsd`` and the codebook
schema) and nothing of realist's model; :mod:`realist.io.qdpx` maps its records
to a :class:`~realist.model.Project`. It is lenient by design: real exports
break the schema in small ways, so a missing optional part or a malformed GUID
is recorded as a schema problem and the rest is read.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from realist.errors import UnsafeFileError
from realist.io._refi_report import ImportReport

__all__ = [
    "RefiCase",
    "RefiCode",
    "RefiLink",
    "RefiProject",
    "RefiSelection",
    "RefiSet",
    "RefiSource",
    "norm_guid",
    "parse_project",
]

_GUID = re.compile(
    r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$"
)

Scalar = str | int | float | bool | None

#: The deepest code tree read; real codebooks are a handful of levels deep, and a
#: deeper one is refused rather than read (a crafted file could nest thousands).
MAX_CODE_DEPTH = 200


def norm_guid(value: str | None) -> str:
    """A GUID in one spelling: no braces, lower case (REFI GUIDs come in either case).

    Examples
    --------
    >>> norm_guid("{85D17F60-7BB0-481E-B742-B4861DD669DF}")
    '85d17f60-7bb0-481e-b742-b4861dd669df'
    """
    return (value or "").strip().strip("{}").lower()


@dataclass
class RefiCode:
    guid: str
    name: str
    description: str
    parent: str | None
    path: list[str]
    codable: bool = True


@dataclass
class RefiSelection:
    guid: str
    source: str  # source guid
    kind: str  # PlainTextSelection, PDFSelection, PictureSelection, ...
    codes: list[str]  # code guids, in order, no repeats
    coders: list[str]  # user guids of the codings (or of the selection)
    start: int | None = None
    # every (code guid, user guid) of the selection's codings, repeats included
    codings: list[tuple[str, str]] = field(default_factory=list)
    end: int | None = None
    text: str | None = None  # text carried by the selection itself (PDF representation)
    page: int | None = None
    name: str = ""
    description: str = ""
    place: dict[str, Scalar] = field(default_factory=dict)  # region or time span
    transcript: str | None = None  # guid of the transcript the span is in


@dataclass
class RefiSource:
    guid: str
    kind: str  # TextSource, PDFSource, PictureSource, AudioSource, VideoSource
    name: str
    text_path: str | None = None
    text: str | None = None  # PlainTextContent, when inline
    variables: dict[str, Scalar] = field(default_factory=dict)
    selections: list[RefiSelection] = field(default_factory=list)
    whole_codes: list[str] = field(default_factory=list)  # codings of the whole source
    whole_coders: list[str] = field(default_factory=list)
    whole_codings: list[tuple[str, str]] = field(default_factory=list)
    media_path: str | None = None
    transcripts: dict[str, tuple[str | None, str | None, dict[str, int]]] = field(
        default_factory=dict
    )  # guid -> (text path, inline text, sync point guid -> position)


@dataclass
class RefiCase:
    guid: str
    name: str
    description: str
    variables: dict[str, Scalar]
    sources: list[str]
    selections: list[str]
    codes: list[str]


@dataclass
class RefiSet:
    guid: str
    name: str
    description: str
    codes: list[str]
    sources: list[str]
    notes: list[str]


@dataclass
class RefiLink:
    guid: str
    name: str
    direction: str
    origin: str
    target: str


@dataclass
class RefiProject:
    root: str  # Project or CodeBook
    namespace: str
    name: str
    origin: str
    base_path: str
    users: dict[str, str] = field(default_factory=dict)
    codes: dict[str, RefiCode] = field(default_factory=dict)
    sources: list[RefiSource] = field(default_factory=list)
    cases: list[RefiCase] = field(default_factory=list)
    sets: list[RefiSet] = field(default_factory=list)
    links: list[RefiLink] = field(default_factory=list)
    notes: int = 0
    graphs: int = 0
    schema: list[str] = field(default_factory=list)  # schema problems worked around


def _desc(el: Element) -> str:
    for child in el:
        if child.tag == "Description":
            return (child.text or "").strip()
    return ""


def _int(value: str | None) -> int | None:
    """An integer attribute, or None when it is missing, not a number or not finite.

    Examples
    --------
    >>> _int(" 12 "), _int("3.0"), _int("1e400"), _int("nan"), _int("x"), _int(None)
    (12, 3, None, None, None, None)
    """
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        pass
    try:
        number = float(value)
    except ValueError:
        return None
    return int(number) if math.isfinite(number) else None


def _float(text: str) -> float | str:
    """A FloatValue: a finite float, else the text as written (``NaN``, ``inf``, ``x``).

    Examples
    --------
    >>> _float("2.5"), _float("NaN"), _float("-inf"), _float("n/a")
    (2.5, 'NaN', '-inf', 'n/a')
    """
    try:
        number = float(text)
    except ValueError:
        return text
    return number if math.isfinite(number) else text


class _Parser:
    def __init__(self, root: Element, report: ImportReport) -> None:
        self.root = root
        self.report = report
        self.bad_guids = 0
        self.variables: dict[str, str] = {}
        ns = root.get("{ns}", "")
        self.out = RefiProject(
            root=root.tag,
            namespace=ns,
            name=root.get("name", ""),
            origin=root.get("origin", ""),
            base_path=root.get("basePath", ""),
        )

    def schema(self, message: str) -> None:
        self.out.schema.append(message)

    def guid(self, el: Element, attr: str = "guid") -> str:
        raw = el.get(attr)
        if raw is None:
            self.schema(f"<{el.tag}> without the required {attr!r} attribute")
            return ""
        if not _GUID.match(raw.strip()):
            self.bad_guids += 1
        return norm_guid(raw)

    # --------------------------------------------------------------- parts

    def parse(self) -> RefiProject:
        root = self.root
        if root.tag == "Project" and root.get("name") is None:
            self.schema("<Project> without the required 'name' attribute")
        for part in root:
            tag = part.tag
            if len(part) == 0 and tag in (
                "Users",
                "Codes",
                "Cases",
                "Sources",
                "Sets",
                "Links",
                "Notes",
                "Variables",
                "Graphs",
            ):
                self.schema(f"an empty <{tag}/> (the schema wants at least one child)")
            if tag == "Users":
                for u in part:
                    g = self.guid(u)
                    self.out.users[g] = u.get("name") or u.get("id") or g
            elif tag == "CodeBook":
                for codes in part:
                    if codes.tag == "Codes":
                        self.codes(codes, None, [])
            elif tag == "Codes":  # a codebook file
                self.codes(part, None, [])
            elif tag == "Variables":
                for v in part:
                    self.variables[self.guid(v)] = v.get("name") or "variable"
            elif tag == "Cases":
                for c in part:
                    self.case(c)
            elif tag == "Sources":
                for s in part:
                    self.source(s)
            elif tag == "Notes":
                self.out.notes += len(part)
            elif tag == "Links":
                for link in part:
                    self.out.links.append(
                        RefiLink(
                            guid=self.guid(link),
                            name=link.get("name", ""),
                            direction=link.get("direction", ""),
                            origin=norm_guid(link.get("originGUID")),
                            target=norm_guid(link.get("targetGUID")),
                        )
                    )
            elif tag == "Sets":
                for s in part:
                    self.set(s)
            elif tag == "Graphs":
                self.out.graphs += len(part)
        if self.bad_guids:
            self.schema(f"{self.bad_guids} guid values that are not GUIDs")
        return self.out

    def codes(self, top: Element, parent: str | None, path: list[str]) -> None:
        """Read the <Code> tree under `top`, depth first, without recursion."""
        stack: list[tuple[Iterator[Element], str | None, list[str]]] = [(iter(top), parent, path)]
        while stack:
            children, parent, path = stack[-1]
            el = next((c for c in children if c.tag == "Code"), None)
            if el is None:
                stack.pop()
                continue
            if len(stack) > MAX_CODE_DEPTH:
                raise UnsafeFileError(
                    f"{self.report.file}: <Code> elements nested more than {MAX_CODE_DEPTH} "
                    f"deep (below {' / '.join(path[:3])} / ...); no codebook needs that many "
                    "levels. Flatten the code tree in your QDA program and export it again."
                )
            g = self.guid(el)
            name = el.get("name")
            if name is None:
                self.schema(f"<Code guid={g!r}> without the required 'name' attribute")
                name = ""
            if el.get("isCodable") is None:
                self.schema(f"<Code {name!r}> without the required 'isCodable' attribute")
            parts = [p.strip() for p in name.split("::")] if "::" in name else [name.strip()]
            code = RefiCode(
                guid=g,
                name=name.strip(),
                description=_desc(el),
                parent=parent,
                path=[*path, *parts],
                codable=el.get("isCodable", "true").strip().lower() not in ("false", "0"),
            )
            if g in self.out.codes:
                self.report.warn(f"Code {name!r}", f"guid {g} is used twice; the first is kept")
            else:
                self.out.codes[g] = code
            stack.append((iter(el), g, code.path))

    def values(self, el: Element) -> dict[str, Scalar]:
        out: dict[str, Scalar] = {}
        for vv in el:
            if vv.tag != "VariableValue":
                continue
            name = "variable"
            value: Scalar = None
            for part in vv:
                if part.tag == "VariableRef":
                    ref = norm_guid(part.get("targetGUID"))
                    name = self.variables.get(ref, ref or "variable")
                elif part.tag.endswith("Value"):
                    text = (part.text or "").strip()
                    if part.tag == "BooleanValue":
                        value = text.lower() in ("true", "1")
                    elif part.tag == "IntegerValue":
                        value = _int(text)
                    elif part.tag == "FloatValue":
                        value = _float(text)
                        if isinstance(value, str):
                            self.report.warn(
                                f"<{el.tag} {el.get('name', '')!r}> variable {name!r}",
                                f"FloatValue {text!r} is not a finite number; kept as text",
                            )
                    else:
                        value = text
            out[name] = value
        return out

    def case(self, el: Element) -> None:
        refs: dict[str, list[str]] = {"SourceRef": [], "SelectionRef": [], "CodeRef": []}
        for child in el:
            if child.tag in refs:
                refs[child.tag].append(norm_guid(child.get("targetGUID")))
        self.out.cases.append(
            RefiCase(
                guid=self.guid(el),
                name=(el.get("name") or "").strip(),
                description=_desc(el),
                variables=self.values(el),
                sources=refs["SourceRef"],
                selections=refs["SelectionRef"],
                codes=refs["CodeRef"],
            )
        )

    def set(self, el: Element) -> None:
        codes, sources, notes = [], [], []
        for child in el:
            # the project schema says targetGUID; the codebook schema (and ATLAS.ti) say guid
            ref = norm_guid(child.get("targetGUID") or child.get("guid"))
            if child.tag == "MemberCode":
                codes.append(ref)
            elif child.tag == "MemberSource":
                sources.append(ref)
            elif child.tag == "MemberNote":
                notes.append(ref)
        self.out.sets.append(
            RefiSet(
                guid=self.guid(el),
                name=(el.get("name") or "").strip(),
                description=_desc(el),
                codes=codes,
                sources=sources,
                notes=notes,
            )
        )

    def codings(self, el: Element) -> tuple[list[str], list[str], list[tuple[str, str]]]:
        """Codes, coders and (code, user) pairs of the <Coding> children of `el`.

        A coding without a ``creatingUser`` is credited to the user who made
        `el` (the selection), when the file says who that was.
        """
        codes: list[str] = []
        coders: list[str] = []
        pairs: list[tuple[str, str]] = []
        fallback = norm_guid(el.get("creatingUser"))
        for child in el:
            if child.tag != "Coding":
                continue
            user = norm_guid(child.get("creatingUser")) or fallback
            for ref in child:
                if ref.tag == "CodeRef":
                    g = norm_guid(ref.get("targetGUID"))
                    pairs.append((g, user))
                    if g not in codes:
                        codes.append(g)
            if user and user not in coders:
                coders.append(user)
        return codes, coders, pairs

    def selection(self, el: Element, source: RefiSource) -> RefiSelection:
        codes, coders, pairs = self.codings(el)
        if not coders and el.get("creatingUser"):
            coders = [norm_guid(el.get("creatingUser"))]
        sel = RefiSelection(
            guid=self.guid(el),
            source=source.guid,
            kind=el.tag,
            codes=codes,
            coders=coders,
            codings=pairs,
            name=el.get("name", ""),
            description=_desc(el),
        )
        if el.tag == "PlainTextSelection":
            sel.start, sel.end = _int(el.get("startPosition")), _int(el.get("endPosition"))
            if sel.start is None or sel.end is None:
                self.schema(f"<PlainTextSelection guid={sel.guid!r}> without usable positions")
        elif el.tag == "PDFSelection":
            sel.page = _int(el.get("page"))
            for child in el:
                if child.tag == "Representation":
                    for part in child:
                        if part.tag == "PlainTextContent":
                            sel.text = part.text or ""
            for key in ("firstX", "firstY", "secondX", "secondY"):
                if el.get(key) is not None:
                    sel.place[key] = _int(el.get(key))
        elif el.tag == "PictureSelection":
            for key in ("firstX", "firstY", "secondX", "secondY"):
                sel.place[key] = _int(el.get(key))
        elif el.tag in ("AudioSelection", "VideoSelection"):
            sel.place["begin"], sel.place["end"] = _int(el.get("begin")), _int(el.get("end"))
        return sel

    def text_source(self, el: Element, source: RefiSource) -> None:
        for child in el:
            if child.tag == "PlainTextContent":
                source.text = child.text or ""
            elif child.tag == "PlainTextSelection":
                source.selections.append(self.selection(child, source))

    def source(self, el: Element) -> None:
        g = self.guid(el)
        src = RefiSource(guid=g, kind=el.tag, name=(el.get("name") or "").strip())
        src.variables = self.values(el)
        codes, coders, pairs = self.codings(el)
        src.whole_codes, src.whole_coders, src.whole_codings = codes, coders, pairs
        if el.tag == "TextSource":
            src.text_path = el.get("plainTextPath")
            self.text_source(el, src)
        else:
            src.media_path = el.get("path") or el.get("currentPath")
            for child in el:
                if child.tag in (
                    "PDFSelection",
                    "PictureSelection",
                    "AudioSelection",
                    "VideoSelection",
                ):
                    src.selections.append(self.selection(child, src))
                elif child.tag in ("Representation", "TextDescription"):
                    # the text of a PDF (or a picture's description): selections in it are text
                    src.text_path = child.get("plainTextPath")
                    self.text_source(child, src)
                elif child.tag == "Transcript":
                    self.transcript(child, src)
        self.out.sources.append(src)

    def transcript(self, el: Element, src: RefiSource) -> None:
        tg = self.guid(el)
        inline: str | None = None
        syncs: dict[str, int] = {}
        for child in el:
            if child.tag == "PlainTextContent":
                inline = child.text or ""
            elif child.tag == "SyncPoint":
                pos = _int(child.get("position"))
                if pos is not None:
                    syncs[norm_guid(child.get("guid"))] = pos
        src.transcripts[tg] = (el.get("plainTextPath"), inline, syncs)
        for child in el:
            if child.tag == "TranscriptSelection":
                sel = self.selection(child, src)
                sel.transcript = tg
                sel.start = syncs.get(norm_guid(child.get("fromSyncPoint")))
                sel.end = syncs.get(norm_guid(child.get("toSyncPoint")))
                src.selections.append(sel)


def parse_project(root: Element, report: ImportReport) -> RefiProject:
    """Read a parsed ``<Project>`` or ``<CodeBook>`` into plain records."""
    return _Parser(root, report).parse()
