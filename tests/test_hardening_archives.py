"""Hostile and damaged REFI-QDA archives end in a RealistError naming the file and the member.

Encrypted members, bad CRCs, broken deflate streams, XML encodings Python
cannot decode, over-long file names, and random damage (a bounded hypothesis
fuzz of a small valid ``.qdpx``) must never surface as ``RuntimeError``,
``zlib.error``, ``LookupError``, ``zipfile.BadZipFile`` or ``OSError``.
"""

from __future__ import annotations

import contextlib
import io
import struct
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import realist as rl
from realist.errors import FileFormatError, RealistError
from realist.io._refi_safe import Limits, SafeZip, parse_xml, read_local_file
from realist.io.qdpx import read_qdpx

NS = 'xmlns="urn:QDA-XML:project:1.0"'
SOURCE = "00000000-0000-0000-0000-000000000100"
MEMBER = f"Sources/{SOURCE}.txt"
TEXT = "We had worked together for years. Local champions pushed. " * 20


def g(n: int) -> str:
    return f"00000000-0000-0000-0000-{n:012d}"


def qde(path: str = f"internal://{SOURCE}.txt", encoding: str = "utf-8") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>'
        f'<Project {NS} name="Fixture" origin="tests"><CodeBook><Codes>'
        f'<Code guid="{g(10)}" name="Mechanisms" isCodable="true">'
        f'<Code guid="{g(11)}" name="Local champions" isCodable="true"/></Code>'
        f'<Code guid="{g(20)}" name="Outcomes" isCodable="true">'
        f'<Code guid="{g(21)}" name="Shared vision" isCodable="true"/></Code>'
        f"</Codes></CodeBook><Sources>"
        f'<TextSource guid="{SOURCE}" name="Interview 7" plainTextPath="{path}">'
        f'<PlainTextSelection guid="{g(200)}" startPosition="0" endPosition="32">'
        f'<Coding guid="{g(300)}"><CodeRef targetGUID="{g(11)}"/></Coding>'
        f'<Coding guid="{g(301)}"><CodeRef targetGUID="{g(21)}"/></Coding>'
        f"</PlainTextSelection></TextSource></Sources></Project>"
    )


def archive(
    members: dict[str, str | bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
    **qde_options: str,
) -> bytes:
    members = {"project.qde": qde(**qde_options), MEMBER: TEXT} if members is None else members
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _headers(data: bytes | bytearray, member: str) -> tuple[int, int]:
    """Offsets of the local and the central header of `member`."""
    name = member.encode()
    local = central = -1
    i = data.find(b"PK\x03\x04")
    while i >= 0:
        n = struct.unpack("<H", data[i + 26 : i + 28])[0]
        if data[i + 30 : i + 30 + n] == name:
            local = i
        i = data.find(b"PK\x03\x04", i + 4)
    i = data.find(b"PK\x01\x02")
    while i >= 0:
        n = struct.unpack("<H", data[i + 28 : i + 30])[0]
        if data[i + 46 : i + 46 + n] == name:
            central = i
        i = data.find(b"PK\x01\x02", i + 4)
    assert local >= 0 and central >= 0
    return local, central


def encrypted(member: str) -> bytes:
    """A stored archive whose `member` claims to be encrypted (flag bit 0x1)."""
    data = bytearray(archive(compression=zipfile.ZIP_STORED))
    local, central = _headers(data, member)
    data[local + 6] |= 0x1
    data[central + 8] |= 0x1
    return bytes(data)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _fails_cleanly(path: Path, *member: str) -> FileFormatError:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(FileFormatError) as info:
            read_qdpx(path)
    message = str(info.value)
    assert message.startswith(str(path)), message
    for name in member:
        assert name in message, message
    return info.value


def test_the_valid_archive_reads(tmp_path: Path) -> None:
    p = read_qdpx(_write(tmp_path, "ok.qdpx", archive()))
    assert [m.label for m in p.mechanisms] == ["Local champions"]
    assert p.evidence[0].quote == TEXT[:32]


@pytest.mark.parametrize("member", ["project.qde", MEMBER])
def test_encrypted_member_is_refused_by_name(tmp_path: Path, member: str) -> None:
    path = _write(tmp_path, "locked.qdpx", encrypted(member))
    error = _fails_cleanly(path, member, "encrypted")
    assert "password" in str(error)


def test_member_with_a_bad_crc(tmp_path: Path) -> None:
    data = bytearray(archive(compression=zipfile.ZIP_STORED))
    i = data.find(b"Local champions pushed")
    data[i] ^= 0x20
    _fails_cleanly(_write(tmp_path, "crc.qdpx", bytes(data)), MEMBER, "damaged")


def _deflated_span(data: bytes, member: str) -> tuple[int, int]:
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode())
    return start, start + info.compress_size


@pytest.mark.parametrize("damage", ["garbage", "zeros", "cut"])
@pytest.mark.parametrize("member", ["project.qde", MEMBER])
def test_broken_deflate_stream(tmp_path: Path, member: str, damage: str) -> None:
    data = bytearray(archive())
    start, end = _deflated_span(bytes(data), member)
    if damage == "garbage":
        data[start:end] = b"\xff" * (end - start)
    elif damage == "zeros":
        data[start + 3 : end] = b"\x00" * (end - start - 3)
    else:  # the stream stops halfway, and the headers say so
        half = (end - start) // 2
        local, central = _headers(data, member)
        for at in (local + 18, central + 20):
            data[at : at + 4] = struct.pack("<I", half)
        data[start + half : end] = b""
        # the central directory moved back by the bytes cut
        eocd = data.rfind(b"PK\x05\x06")
        offset = struct.unpack("<I", data[eocd + 16 : eocd + 20])[0]
        data[eocd + 16 : eocd + 20] = struct.pack("<I", offset - (end - start - half))
        if member == "project.qde":  # the source's header moved too
            _, src_central = _headers(data, MEMBER)
            at = src_central + 42
            moved = struct.unpack("<I", data[at : at + 4])[0] - (end - start - half)
            data[at : at + 4] = struct.pack("<I", moved)
    _fails_cleanly(_write(tmp_path, f"{damage}.qdpx", bytes(data)), member)


@pytest.mark.parametrize(
    "encoding",
    ["x-klingon", "utf-7", "utf-32", "EBCDIC", "cp037", "rot13", "base64", "idna", "hex"],
)
def test_xml_encoding_python_cannot_decode(tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path, "enc.qdpx", archive(encoding=encoding))
    error = _fails_cleanly(path, "encoding")  # the member: once qdpx.py passes member=
    assert "UTF-8" in str(error)
    with pytest.raises(FileFormatError, match=rf"p\.qde: .*encoding '{encoding}'"):
        parse_xml(qde(encoding=encoding).encode("ascii"), "p.qde")
    with pytest.raises(FileFormatError, match=r"a\.qdpx: project\.qde: .*encoding"):
        parse_xml(qde(encoding=encoding).encode("ascii"), "a.qdpx", member="project.qde")


def test_over_long_source_file_name_in_the_archive(tmp_path: Path) -> None:
    """A name too long for any file system is just a name inside a zip: reported, not fatal."""
    long = "a" * 5000 + ".txt"
    data = archive({"project.qde": qde(path=f"internal://{long}"), f"Sources/{long}": TEXT})
    p = read_qdpx(_write(tmp_path, "long.qdpx", data))
    assert p.evidence[0].quote == TEXT[:32]
    data = archive({"project.qde": qde(path=f"internal://{long}")})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, report = read_qdpx(_write(tmp_path, "missing.qdpx", data), report=True)
    assert report.unmapped  # the text is not there: quotes left empty, reported


def test_read_local_file_turns_os_errors_into_file_format_errors(tmp_path: Path) -> None:
    (tmp_path / "here.txt").write_text("x", encoding="utf-8")
    assert read_local_file(tmp_path / "here.txt", "p.qde", "TextSource 'I'") == b"x"
    assert read_local_file(tmp_path / "nothing.txt", "p.qde", "TextSource 'I'") is None
    long = tmp_path / ("a" * 5000 + ".txt")
    with pytest.raises(FileFormatError, match=r"p\.qde: TextSource 'I' names the file .*aaa"):
        read_local_file(long, "p.qde", "TextSource 'I'")
    # a file where a folder should be is just no file
    assert read_local_file(tmp_path / "here.txt" / "below.txt", "p.qde", "I") is None


@pytest.mark.parametrize("how", ["internal", "absolute"])
def test_over_long_source_file_name_beside_a_qde(tmp_path: Path, how: str) -> None:
    (tmp_path / "Sources").mkdir()
    long = "a" * 5000 + ".txt"
    path = tmp_path / "long.qde"
    scheme = "internal://" if how == "internal" else f"absolute://{tmp_path.as_posix()}/"
    path.write_text(qde(path=scheme + long), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            read_qdpx(path, allow_absolute_paths=True)
        except RealistError as exc:
            assert str(exc).startswith(str(path))


# ---------------------------------------------------------------------- kept as it was


def test_safezip_still_refuses_climbing_members() -> None:
    data = archive({"project.qde": qde(), "../../evil.txt": "x"})
    with pytest.raises(rl.UnsafeFileError, match=r"x\.qdpx: zip member '\.\./\.\./evil\.txt'"):
        SafeZip(data, "x.qdpx", Limits())


# ---------------------------------------------------------------------- fuzz

_VALID = archive()
_LIMITS = Limits(max_member_bytes=1 << 20, max_total_bytes=4 << 20)


def _read_or_realist_error(path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.suppress(RealistError):
            read_qdpx(path, limits=_LIMITS)


_flips = st.lists(st.tuples(st.integers(0, 10**9), st.integers(1, 255)), min_size=1, max_size=8)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(flips=_flips, cut=st.none() | st.integers(0, len(_VALID)))
def test_fuzz_damaged_zip_never_raises_anything_but_realist_errors(
    tmp_path: Path, flips: list[tuple[int, int]], cut: int | None
) -> None:
    data = bytearray(_VALID)
    for at, mask in flips:
        data[at % len(data)] ^= mask
    if cut is not None:
        data = data[:cut]
    _read_or_realist_error(_write(tmp_path, "fuzz.qdpx", bytes(data)))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    flips=_flips,
    cut=st.none() | st.integers(0, len(qde())),
    insert=st.none() | st.tuples(st.integers(0, 10**9), st.text(max_size=12)),
    stored=st.booleans(),
)
def test_fuzz_damaged_xml_never_raises_anything_but_realist_errors(
    tmp_path: Path,
    flips: list[tuple[int, int]],
    cut: int | None,
    insert: tuple[int, str] | None,
    stored: bool,
) -> None:
    xml = bytearray(qde().encode("utf-8"))
    for at, mask in flips:
        xml[at % len(xml)] ^= mask
    if insert is not None:
        at = insert[0] % len(xml)
        xml[at:at] = insert[1].encode("utf-8", "surrogatepass")
    if cut is not None:
        xml = xml[:cut]
    data = archive(
        {"project.qde": bytes(xml), MEMBER: TEXT},
        zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED,
    )
    _read_or_realist_error(_write(tmp_path, "fuzz.qdpx", data))
    _read_or_realist_error(_write(tmp_path, "fuzz.qde", bytes(xml)))
