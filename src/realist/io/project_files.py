"""Reading project files: JSON and YAML, chosen by suffix.

Writing is :meth:`realist.Project.save`; both sides share
:mod:`realist._formats`, so what one writes the other reads unchanged.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError as PydanticValidationError

from realist import _formats
from realist.errors import (
    FileFormatError,
    MissingFileError,
    Problem,
    RealistError,
    SchemaVersionError,
    UnsafeFileError,
    validation_error,
)
from realist.model import COLLECTIONS, Project, problems_from_pydantic

__all__ = ["load", "loads"]


def load(path: str | os.PathLike[str], *, format: Literal["json", "yaml"] | None = None) -> Project:
    """Load a project from a ``.json``, ``.yaml`` or ``.yml`` file.

    The file is validated completely: every field, every id and every
    reference. Nothing on disk is changed, whatever the outcome.

    Parameters
    ----------
    path : str or os.PathLike
        The project file.
    format : {"json", "yaml"}, optional
        Overrides the format the suffix implies.

    Returns
    -------
    Project

    Raises
    ------
    realist.errors.MissingFileError
        The file does not exist.
    realist.errors.FileFormatError
        The text is not valid JSON or YAML, or not a project at all.
    realist.errors.SchemaVersionError
        The file was written for another version of the format.
    realist.errors.ValidationError
        A field, id or reference is wrong; the message names the file, the path
        inside it (with the line, for YAML) and the bad value, for every problem.

    Examples
    --------
    >>> import realist as rl, tempfile, os
    >>> p = rl.Project(title="Demo")
    >>> _ = p.add_case("a", "Case A")
    >>> folder = tempfile.mkdtemp()
    >>> _ = p.save(os.path.join(folder, "demo.yaml"))
    >>> rl.load(os.path.join(folder, "demo.yaml")) == p
    True
    """
    p = Path(path)
    data = _read(p)
    fmt = format or _formats.format_of(p)
    return loads(data, format=fmt, file=str(p))


#: The largest project file :func:`load` reads (1 GiB): a project of a hundred
#: thousand excerpts takes a few hundred megabytes.
MAX_FILE_BYTES = 1024**3


def _read(p: Path) -> bytes:
    """The bytes of a project file: only a regular file, and at most MAX_FILE_BYTES.

    A device (``/dev/zero`` never ends), a FIFO (reading it waits for a
    writer) or a folder is refused before it is read; the file is opened
    without blocking, and checked again once open.
    """
    shown = _formats.shown_path(p)
    try:
        info = os.stat(p)
        _refuse_special(shown, info)
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            _refuse_special(shown, info)
            data = _read_capped(fh, info.st_size)
    except FileNotFoundError:
        raise MissingFileError(f"{shown}: no such file") from None
    except NotADirectoryError:
        raise MissingFileError(
            f"{shown}: no such file (a part of the path is a file, not a folder)"
        ) from None
    except IsADirectoryError:
        raise FileFormatError(f"{shown}: is a folder, not a project file") from None
    except RealistError:  # a device, FIFO or folder, refused above
        raise
    except ValueError:  # a NUL in the path
        raise FileFormatError(
            f"{shown}: cannot be read: a file name cannot hold a NUL character; "
            "check how the path was built"
        ) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        advice = {
            errno.ENAMETOOLONG: "use a shorter file or folder name",
            errno.EACCES: "check the file's permissions",
            errno.EPERM: "check the file's permissions",
        }.get(exc.errno or 0, "check the path and that the file can be opened")
        raise FileFormatError(f"{shown}: cannot be read ({reason}); {advice}") from None
    if len(data) > MAX_FILE_BYTES:
        raise FileFormatError(
            f"{shown}: larger than {MAX_FILE_BYTES:,} bytes, too large to be a project file; "
            "it was not read"
        )
    return data


def _read_capped(fh: Any, size: int) -> bytes:
    """At most MAX_FILE_BYTES + 1 bytes, in one read when the size is right (a file
    may grow while it is read, and some report no size at all)."""
    parts: list[bytes] = []
    total = 0
    while total <= MAX_FILE_BYTES:
        part = fh.read(min(max(size + 1, 1 << 20), MAX_FILE_BYTES + 1 - total))
        if not part:
            break
        parts.append(part)
        total += len(part)
    return b"".join(parts)


def _refuse_special(shown: str, info: os.stat_result) -> None:
    if stat.S_ISREG(info.st_mode):
        if info.st_size > MAX_FILE_BYTES:
            raise FileFormatError(
                f"{shown}: larger than {MAX_FILE_BYTES:,} bytes, too large to be a project "
                "file; it was not read"
            )
        return
    raise FileFormatError(f"{shown}: is {_formats.file_kind(info.st_mode)}, not a project file")


def loads(
    data: str | bytes,
    *,
    format: Literal["json", "yaml"] = "json",
    file: str | None = None,
) -> Project:
    """Load a project from JSON or YAML text (see :func:`load`).

    Examples
    --------
    >>> import realist as rl
    >>> rl.loads('{"schema_version": 1, "title": "Demo"}').title
    'Demo'
    >>> rl.loads("schema_version: 1\\ntitle: Demo\\ncases:\\n- id: a\\n  nmae: A\\n", format="yaml")
    Traceback (most recent call last):
    ...
    realist.errors.ValidationError: <text>: 2 problems:
      - cases[0].name (line 4): required field is missing
      - cases[0].nmae (line 5): unknown field (remove it, or check its spelling)
    """
    where = file or "<text>"
    if format == "json":
        return _load_json(data, where)
    if format == "yaml":
        return _load_yaml(data, where)
    raise FileFormatError(f"{where}: unknown format {format!r}; use 'json' or 'yaml'")


def _load_json(data: str | bytes, where: str) -> Project:
    if isinstance(data, bytes) and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # the byte-order mark Windows editors write
    elif isinstance(data, str) and data.startswith("\ufeff"):
        data = data[1:]
    try:
        project = Project.model_validate_json(data)
    except PydanticValidationError as exc:
        failure = exc  # handled below, outside this block: no chained traceback
    else:
        _check_keys(project, data, where)
        return project
    errors = failure.errors(include_url=False)
    if errors and errors[0]["type"] == "json_invalid":
        _raise_for_invalid_json(data, str(errors[0]["msg"]), where)
    _refuse_duplicate_keys(data, where)  # the first thing to fix, when there are any
    _raise_for(failure, where, data=None)
    raise AssertionError("unreachable")  # pragma: no cover


def _check_keys(project: Project, data: str | bytes, where: str) -> None:
    """Refuse a JSON text that holds a key twice in one object."""
    # pydantic's parser keeps the last of two equal keys in silence. Cheap
    # counts clear almost every file: the keys the project was built from
    # against an upper bound of the keys in the text, first the colons (a
    # memchr-speed count: exact when no string holds a colon), then the ``"``
    # followed by ``:`` (exact unless a string holds ``\":``). Only when both
    # differ (a duplicate, or that rare escape) is the text parsed again.
    keys = _keys_in_project(project)
    colons = data.count(b":") if isinstance(data, bytes) else data.count(":")
    if colons != keys and _keys_in_text(data) != keys:  # colons in strings, or a duplicate
        _refuse_duplicate_keys(data, where)


def _raise_for_invalid_json(data: str | bytes, message: str, where: str) -> None:
    """Raise the FileFormatError for text pydantic could not parse as JSON."""
    if "recursion limit" in message:
        raise UnsafeFileError(f"{where}: nested too deeply to be a project file; it was not read")
    if not data.strip():
        raise FileFormatError(
            f"{where}: the file is empty; a project file holds at least "
            '{"schema_version": 1, "title": "..."}'
        )
    at = re.search(r"at line (\d+) column (\d+)", message)
    if "number out of range" in message and at is not None:
        raise FileFormatError(
            f"{where}: not valid JSON: "
            + _formats.too_many_digits("a number")
            + f" at line {at[1]}, column {at[2]}"
        )
    # Let the standard library say where: it reports line and column.
    try:
        json.loads(data)
    except json.JSONDecodeError as jexc:
        raise FileFormatError(
            f"{where}: not valid JSON: {jexc.msg} at line {jexc.lineno}, column {jexc.colno}"
        ) from None
    except UnicodeDecodeError as uexc:
        raise FileFormatError(f"{where}: not UTF-8 text ({uexc.reason})") from None
    except RecursionError:
        raise UnsafeFileError(
            f"{where}: nested too deeply to be a project file; it was not read"
        ) from None
    except ValueError:  # e.g. a number beyond Python's digit limit
        pass
    raise FileFormatError(f"{where}: not valid JSON: {message}")


_SPACED_COLON = re.compile(r'"[ \t\r\n]+:')
_SPACED_COLON_BYTES = re.compile(rb'"[ \t\r\n]+:')


def _keys_in_text(data: str | bytes) -> int:
    """How many ``"`` are followed by a colon (after blanks): every key of JSON is.

    So are escaped quotes inside strings followed by a colon, which are rare:
    the count is never below the number of keys.

    Examples
    --------
    >>> _keys_in_text('{"a": 1, "b" : {"c":2}, "d": "say \\\\"no\\\\": never"}')
    5
    """
    if isinstance(data, bytes):
        n = data.count(b'":')
        if _SPACED_COLON_BYTES.search(data) is not None:
            n += len(_SPACED_COLON_BYTES.findall(data))
    else:
        n = data.count('":')
        if _SPACED_COLON.search(data) is not None:
            n += len(_SPACED_COLON.findall(data))
    return n


def _keys_in_project(project: Project) -> int:
    """How many keys of a JSON file the project was built from: one per field set,
    one per attribute. Never more than the file holds, so an equal count from the
    text (:func:`_keys_in_text`) proves that no key appears twice."""
    n = len(project.model_fields_set) + len(project.attributes)
    for name in COLLECTIONS:
        for item in getattr(project, name):
            n += len(item.model_fields_set)
            attributes = getattr(item, "attributes", None)
            if attributes:
                n += len(attributes)
    return n


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key
        self.line: int | None = None


def _pairs_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        raise _DuplicateKey(next(k for k, _ in pairs if k in seen or seen.add(k)))  # type: ignore[func-returns-value]
    return out


def _find_duplicate_key(data: str | bytes) -> tuple[str, int | None] | None:
    """``(key, line)`` of the first object of the JSON text that holds a key twice.

    ``line`` is where that object begins. The rare slow path: the C parser
    finds whether there is a duplicate; only then does the pure-Python parser
    run again, to tell the line.

    Examples
    --------
    >>> _find_duplicate_key('{"a": 1,\\n "b": {"c": 1, "c": 2}}')
    ('c', 2)
    >>> _find_duplicate_key('{"a": 1}') is None
    True
    """
    try:
        json.loads(data, object_pairs_hook=_pairs_without_duplicates)
        return None
    except _DuplicateKey:
        pass
    except (ValueError, RecursionError):  # not JSON: reported elsewhere
        return None
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    decoder = json.JSONDecoder(object_pairs_hook=_pairs_without_duplicates)
    parse_object = json.decoder.JSONObject  # type: ignore[attr-defined]

    def located(s_and_end: tuple[str, int], *args: Any) -> Any:
        try:
            return parse_object(s_and_end, *args)
        except _DuplicateKey as dup:
            if dup.line is None:  # the innermost object: the one that holds the key twice
                s, end = s_and_end
                dup.line = s.count("\n", 0, end) + 1
            raise

    decoder.parse_object = located  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        decoder.decode(text)
    except _DuplicateKey as dup:
        return dup.key, dup.line
    except (ValueError, RecursionError):  # pragma: no cover - the C parser read it
        pass
    return "?", None  # pragma: no cover


def _refuse_duplicate_keys(data: str | bytes, where: str) -> None:
    found = _find_duplicate_key(data)
    if found is not None:
        key, line = found
        at = f" (in the object that begins at line {line})" if line is not None else ""
        raise FileFormatError(
            f"{where}: the key {_formats.short_repr(key)} appears twice in one object{at}; keep one"
        )


def _load_yaml(data: str | bytes, where: str) -> Project:
    text = _decode(data, where)
    try:
        # Depth first, from the event stream: libyaml's constructor crashes the
        # interpreter on a few kilobytes of "[[[[..." (no exception to catch).
        deep = _formats.yaml_depth_problem(text)
        if deep is not None:
            raise UnsafeFileError(
                f"{where}: nested more than {_formats.MAX_YAML_DEPTH} levels deep at line "
                f"{deep[0]}; a project file needs a handful, so it was not read"
            )
        tree = yaml.load(text, Loader=_formats.yaml_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FileFormatError(f"{where}: not valid YAML: {problem}{at}") from None
    if tree is None:
        raise FileFormatError(
            f"{where}: the file is empty (or holds only comments or null); a project file "
            "holds a mapping (title:, cases:, ...)"
        )
    if not isinstance(tree, dict):
        raise FileFormatError(
            f"{where}: a project file holds a mapping (title:, cases:, ...) at the top level, "
            f"not {type(tree).__name__}"
        )
    try:
        return Project.model_validate(tree)
    except PydanticValidationError as exc:
        _raise_for(exc, where, data=text)
    raise AssertionError("unreachable")  # pragma: no cover


def _decode(data: str | bytes, where: str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            f"{where}: not UTF-8 text (byte {exc.start}: {exc.reason}); save it as UTF-8"
        ) from None


def _raise_for(exc: PydanticValidationError, where: str, data: str | None) -> None:
    problems = problems_from_pydantic(exc)
    for p in problems:
        if p.path == "schema_version":
            raise SchemaVersionError(f"{where}: {p.message}")
    if data is not None:
        problems = _with_lines(problems, data)
    raise validation_error(problems, file=where) from None


def _with_lines(problems: list[Problem], text: str) -> list[Problem]:
    """Add YAML line numbers to problems, by walking the composed node tree."""
    try:
        root = yaml.compose(text, Loader=_formats.yaml_loader())
    except yaml.YAMLError:  # pragma: no cover - it parsed a moment ago
        return problems
    return [Problem(p.path, p.message, _line_of(root, p.path), p.kind) for p in problems]


def _line_of(root: Any, path: str) -> int | None:
    """The line of the deepest node of `path` that exists in the YAML tree."""
    node, line = root, None
    for part in _split_path(path):
        if isinstance(part, int) and isinstance(node, yaml.SequenceNode):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        elif isinstance(part, str) and isinstance(node, yaml.MappingNode):
            match = [(k, v) for k, v in node.value if k.value == part]
            if not match:
                break
            key, node = match[0]
            line = key.start_mark.line + 1
        else:
            break
    return line


def _split_path(path: str) -> list[int | str]:
    parts: list[int | str] = []
    for chunk in path.replace("[", ".[").split("."):
        if not chunk:
            continue
        if chunk.startswith("[") and chunk.endswith("]") and chunk[1:-1].isdigit():
            parts.append(int(chunk[1:-1]))
        else:
            parts.append(chunk)
    return parts
