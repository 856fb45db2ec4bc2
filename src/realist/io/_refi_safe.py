"""Reading untrusted REFI-QDA files safely: XML without DTDs, zips without surprises.

Two guards, both from the standard library:

* :func:`parse_xml` drives :mod:`xml.parsers.expat` directly and refuses any
  document type declaration, entity declaration or external entity before it
  is expanded (no billion laughs, no XXE, no network), building an
  :class:`xml.etree.ElementTree.Element` tree with namespaces stripped from the
  tag names (REFI files use several namespace versions for the same elements).
* :class:`SafeZip` opens a ``.qdpx`` archive without extracting it: member
  names that climb out of the archive (``../``, absolute paths, drive letters)
  are refused, the number of members is capped, and every member read counts
  its real uncompressed bytes as they come, stopping as soon as the size or
  the compression ratio goes beyond its limit, whatever the zip headers claim.
  An encrypted member, a bad CRC or a broken compressed stream is a damaged
  archive, named with its member, never a ``RuntimeError`` or ``zlib.error``.
* :func:`read_local_file` reads a file beside a ``.qde`` (or an absolute
  path the user allowed), turning the operating system's refusals (a name too
  long, a file where a folder should be) into the same errors.

Everything here raises :class:`~realist.errors.UnsafeFileError` or
:class:`~realist.errors.FileFormatError` naming the file and the problem, and
writes nothing anywhere.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from realist.errors import FileFormatError, UnsafeFileError

__all__ = ["Limits", "SafeZip", "parse_xml", "read_local_file"]


@dataclass(frozen=True)
class Limits:
    """Caps on what a REFI-QDA archive may hold.

    Parameters
    ----------
    max_members : int
        Most members (files and folders) an archive may list.
    max_total_bytes : int
        Most uncompressed bytes read from the archive, all members together.
    max_member_bytes : int
        Most uncompressed bytes read from one member.
    max_ratio : float
        Highest compression ratio (uncompressed / compressed size) a member may
        reach, counted as it is read; members smaller than 1 MiB are exempt.
    """

    max_members: int = 100_000
    max_total_bytes: int = 2 * 1024**3
    max_member_bytes: int = 1024**3
    max_ratio: float = 200.0


_RATIO_FLOOR = 1024 * 1024  # ratios of small members say nothing about bombs
_CHUNK = 1 << 16
_ENCRYPTED = 0x1  # general purpose flag bit 0 of a zip member
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']{0,80})""")

try:  # what a damaged member of each compression method raises, beyond OSError & co.
    import lzma

    _DECOMPRESSION_ERRORS: tuple[type[Exception], ...] = (zlib.error, lzma.LZMAError)
except ImportError:  # pragma: no cover - Python built without lzma
    _DECOMPRESSION_ERRORS = (zlib.error,)
_ZIP_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,  # UnicodeDecodeError of a member name too
    NotImplementedError,  # a compression method zipfile does not know
    RuntimeError,  # zipfile's "is encrypted, password required"
    struct.error,
    IndexError,
    *_DECOMPRESSION_ERRORS,
)


def _short(name: str, n: int = 120) -> str:
    """`name` cut to `n` characters for a message (the end is kept: it tells the kind)."""
    return name if len(name) <= n else f"{name[: n // 2]}...{name[-n // 2 :]}"


# ---------------------------------------------------------------------- XML


def _refuse(file: str, what: str) -> Any:
    def handler(*_args: Any) -> Any:
        raise UnsafeFileError(
            f"{file}: the XML holds {what}; REFI-QDA files never need one, and realist "
            "refuses them so that a crafted file cannot expand entities or reach other "
            "files or the network. Export the project again from your QDA software."
        )

    return handler


def parse_xml(data: bytes, file: str, *, member: str | None = None) -> Element:
    """Parse REFI-QDA XML bytes into an element tree, refusing DTDs and entities.

    Tag names lose their namespace (``{urn:QDA-XML:project:1.0}Code`` becomes
    ``Code``); the root element keeps its namespace in the ``"{ns}"``
    attribute, so callers can check it. `member` names the archive member the
    bytes came from, for messages (``"a.qdpx: project.qde: ..."``).

    Raises
    ------
    realist.errors.UnsafeFileError
        A ``<!DOCTYPE>``, an entity declaration or an external entity.
    realist.errors.FileFormatError
        Malformed XML, with the line and column expat reports, or an XML
        declaration naming an encoding Python cannot decode or expat cannot
        use (``x-klingon``, ``utf-7``, ``base64``, ...): REFI-QDA XML is UTF-8.

    Examples
    --------
    >>> root = parse_xml(b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>', "p.qde")
    >>> root.tag, root.get("name"), root.get("{ns}")
    ('Project', 'p', 'urn:QDA-XML:project:1.0')
    >>> parse_xml(b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "evil.qde")
    Traceback (most recent call last):
    ...
    realist.errors.UnsafeFileError: evil.qde: the XML holds a document type declaration ...
    >>> parse_xml(b'<?xml version="1.0" encoding="x-klingon"?><x/>', "a.qdpx", member="p.qde")
    Traceback (most recent call last):
    ...
    realist.errors.FileFormatError: a.qdpx: p.qde: the XML declares the encoding 'x-klingon', ...
    """
    if member is not None:
        file = f"{file}: {member}"
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse(file, "a document type declaration (DOCTYPE)")
    parser.EntityDeclHandler = _refuse(file, "an entity declaration")
    parser.UnparsedEntityDeclHandler = _refuse(file, "an unparsed entity declaration")
    parser.ExternalEntityRefHandler = _refuse(file, "a reference to an external entity")
    parser.SkippedEntityHandler = _refuse(file, "a reference to an undeclared entity")

    builder = TreeBuilder()
    namespaces: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        ns, _, local = name.rpartition("}")
        if not namespaces:
            namespaces.append(ns)
            attrs = {**attrs, "{ns}": ns}
        if any("}" in k for k in attrs):
            attrs = {k.rpartition("}")[2] if k != "{ns}" else k: v for k, v in attrs.items()}
        builder.start(local, attrs)

    def end(name: str) -> None:
        builder.end(name.rpartition("}")[2])

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        message = expat.errors.messages[exc.code] if exc.code else str(exc)
        if exc.code == expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING]:
            raise _bad_encoding(data, file, message) from None
        raise FileFormatError(
            f"{file}: not well-formed XML at line {exc.lineno}, column {exc.offset + 1}: "
            f"{message}. The file is damaged or not a REFI-QDA export; export it again."
        ) from None
    except FileFormatError:
        raise
    except (LookupError, ValueError, TypeError) as exc:
        # expat asks Python's codecs for an encoding it does not know itself: an
        # unknown name is a LookupError, a multi-byte codec a ValueError, and so on
        raise _bad_encoding(data, file, str(exc)) from None
    return builder.close()


def _bad_encoding(data: bytes, file: str, why: str) -> FileFormatError:
    found = _ENCODING.match(data[:200])
    name = found.group(1).decode("ascii", "replace") if found else "?"
    return FileFormatError(
        f"{file}: the XML declares the encoding {name!r}, which realist cannot read ({why}); "
        "REFI-QDA files are UTF-8. Export the project again, or save the file as UTF-8 "
        'with <?xml version="1.0" encoding="utf-8"?>.'
    )


# ---------------------------------------------------------------------- zip


def _bad_member_name(name: str) -> str | None:
    """Why a member name is unsafe, or None."""
    if "\x00" in name:
        return "a NUL character"
    norm = name.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return "an absolute path"
    if ".." in PurePosixPath(norm).parts:
        return "'..' (a path outside the archive)"
    return None


class SafeZip:
    """A read-only view of a ``.qdpx`` archive that never extracts anything.

    Members are looked up case-insensitively (``Sources/`` and ``sources/``,
    ``Project.qde`` and ``project.qde``, upper- and lower-case GUIDs).
    """

    def __init__(self, data: bytes | Path, file: str, limits: Limits) -> None:
        self.file = file
        self.limits = limits
        self._read_total = 0
        try:
            source: Any = io.BytesIO(data) if isinstance(data, bytes) else data
            self._zip = zipfile.ZipFile(source)
            infos = self._zip.infolist()
        except _ZIP_ERRORS as exc:
            raise FileFormatError(
                f"{file}: not a readable zip archive ({exc}); a .qdpx file is a zip "
                "holding project.qde and a Sources/ folder. Export the project again."
            ) from None
        if len(infos) > limits.max_members:
            raise UnsafeFileError(
                f"{file}: the archive lists {len(infos)} members, more than the limit of "
                f"{limits.max_members}; raise limits= if the project really is this large."
            )
        self._by_lower: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            why = _bad_member_name(info.filename)
            if why:
                raise UnsafeFileError(
                    f"{file}: zip member {info.filename!r} has {why}; realist refuses "
                    "archives whose members could land outside their folder."
                )
            self._by_lower.setdefault(info.filename.replace("\\", "/").lower(), info)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def names(self) -> Iterator[str]:
        """Every member name, as stored."""
        for info in self._by_lower.values():
            yield info.filename

    def find(self, name: str) -> str | None:
        """The stored name of a member, matched case-insensitively, or None."""
        info = self._by_lower.get(name.replace("\\", "/").lower())
        return None if info is None else info.filename

    def read(self, name: str) -> bytes:
        """The bytes of one member, counted and capped as they are read."""
        info = self._by_lower[name.replace("\\", "/").lower()]
        if info.flag_bits & _ENCRYPTED:
            raise FileFormatError(
                f"{self.file}: zip member {_short(info.filename)!r} is encrypted (the archive "
                "has a password); realist cannot read password-protected archives. Export the "
                "project again without a password."
            )
        limits = self.limits
        out = bytearray()
        compressed = max(info.compress_size, 1)
        try:
            with self._zip.open(info) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    out += chunk
                    self._read_total += len(chunk)
                    if len(out) > limits.max_member_bytes:
                        raise UnsafeFileError(
                            f"{self.file}: zip member {info.filename!r} expands beyond "
                            f"{limits.max_member_bytes} bytes; refused as a possible zip bomb."
                        )
                    if self._read_total > limits.max_total_bytes:
                        raise UnsafeFileError(
                            f"{self.file}: the archive expands beyond {limits.max_total_bytes} "
                            "bytes in all; refused as a possible zip bomb."
                        )
                    if len(out) > _RATIO_FLOOR and len(out) / compressed > limits.max_ratio:
                        raise UnsafeFileError(
                            f"{self.file}: zip member {info.filename!r} expands more than "
                            f"{limits.max_ratio:g} times its compressed size; refused as a "
                            "possible zip bomb."
                        )
        except UnsafeFileError:
            raise
        except _ZIP_ERRORS as exc:
            raise FileFormatError(
                f"{self.file}: zip member {_short(info.filename)!r} cannot be read "
                f"({type(exc).__name__}: {_short(str(exc), 200)}); the archive is damaged. "
                "Export the project again."
            ) from None
        return bytes(out)


# ---------------------------------------------------------------------- files on disk


def read_local_file(path: Path, file: str, where: str) -> bytes | None:
    """The bytes of a file a REFI-QDA project names on disk, or None when there is none.

    For the ``Sources/`` folder beside a ``.qde`` and for ``absolute://``
    texts the user allowed. What the operating system refuses (a name too
    long for it, a file where a folder should be, no permission) is a
    :class:`~realist.errors.FileFormatError` naming `file` and `where` (the
    item that names the path), never an :class:`OSError`.

    Examples
    --------
    >>> read_local_file(Path("no-such-file.txt"), "p.qde", "TextSource 'I'") is None
    True
    >>> read_local_file(Path("x" * 5000), "p.qde", "TextSource 'I'")
    Traceback (most recent call last):
    ...
    realist.errors.FileFormatError: p.qde: TextSource 'I' names the file 'xxx...
    """
    try:
        if not path.is_file():
            return None
        return path.read_bytes()
    except OSError as exc:
        raise FileFormatError(
            f"{file}: {where} names the file {_short(str(path))!r}, which cannot be read "
            f"({exc.strerror or exc}). Check the path, or export the project again as .qdpx."
        ) from None
