"""Project-file formats: JSON and YAML text, and atomic writes.

Low-level helpers that know nothing of the model: the model's ``save`` and the
``io`` readers share them, so both sides agree on one format.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Any, Literal

import yaml

from realist.errors import FileFormatError, FileWriteError

__all__ = [
    "MAX_INT_DIGITS",
    "MAX_YAML_DEPTH",
    "atomic_write_bytes",
    "atomic_write_text",
    "dumps",
    "file_kind",
    "format_of",
    "short_repr",
    "shown_path",
    "too_many_digits",
    "yaml_depth_problem",
    "yaml_loader",
]

Format = Literal["json", "yaml"]

_SUFFIXES: dict[str, Format] = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}


def format_of(path: str | os.PathLike[str]) -> Format:
    """The project-file format named by a path's suffix.

    Examples
    --------
    >>> format_of("hipp.yaml"), format_of("HIPP.JSON")
    ('yaml', 'json')
    >>> format_of("hipp.txt")
    Traceback (most recent call last):
    ...
    realist.errors.FileFormatError: hipp.txt: unknown project-file suffix '.txt'; use .json, .yaml or .yml
    """
    suffix = Path(path).suffix.lower()
    try:
        return _SUFFIXES[suffix]
    except KeyError:
        raise FileFormatError(
            f"{path}: unknown project-file suffix {suffix!r}; use .json, .yaml or .yml"
        ) from None


_SafeLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SafeDumper: type[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Loader(_SafeLoader):  # type: ignore[misc]
    """Safe YAML with the plain scalars of YAML 1.2's core schema.

    PyYAML follows YAML 1.1, where ``NO`` (Norway), ``on`` and ``y`` are
    booleans, ``010`` is octal, ``1:30`` is sexagesimal and ``2006-05-01`` a
    date: a hand-edited project file would be silently corrupted. Here only
    ``true``/``false``, plain decimal integers and floats, and ``null``/``~``
    are typed; everything else stays text. The dumper uses the same rules, so
    whatever it leaves unquoted reads back as it was. Repeated keys in one
    mapping are an error (a merge-conflict leftover would otherwise silently
    win); keys a merge key (``<<: *base``) brings in may be overridden, as
    YAML intends. An explicit tag with a bad value (``!!int abc``) or a number
    beyond :data:`MAX_INT_DIGITS` digits is an error at its line.
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._checked: set[int] = set()

    def flatten_mapping(self, node: Any) -> None:
        # Check a mapping's own keys once, before the keys of its merges join them.
        if id(node) not in self._checked:
            self._checked.add(id(node))
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = getattr(key_node, "value", None)
                if isinstance(key, str):
                    if key in seen:
                        raise yaml.constructor.ConstructorError(
                            None,
                            None,
                            f"the key {short_repr(key)} appears twice in one mapping (first at line "
                            f"{seen[key]}); keep one",
                            key_node.start_mark,
                        )
                    seen[key] = key_node.start_mark.line + 1
        super().flatten_mapping(node)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
        return super().construct_mapping(node, deep=deep)


#: The longest integer a project file may hold, in decimal digits: Python's own
#: limit on converting between ``int`` and text (``sys.get_int_max_str_digits``).
MAX_INT_DIGITS = 4300
_MAX_INT_BITS = int(MAX_INT_DIGITS * 3.3219280948873626)  # log2(10)


def short_repr(value: object, limit: int = 40) -> str:
    """A bounded repr for messages: hostile files hold megabyte-long keys and scalars.

    Examples
    --------
    >>> short_repr("title"), short_repr("x" * 100)
    ("'title'", "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'")
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + "...'"


def too_many_digits(what: str = "a number") -> str:
    """The message for an integer longer than :data:`MAX_INT_DIGITS` digits."""
    return (
        f"{what} longer than {MAX_INT_DIGITS:,} digits (no project holds one: is the file damaged?)"
    )


def _checked_scalar(tag: str, construct: Any) -> Any:
    """`construct` for a typed scalar tag, with bad values as errors at their line."""

    def method(loader: Any, node: Any) -> Any:
        try:
            value = construct(loader, node)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError) as exc:
            if "Exceeds the limit" in str(exc):
                problem = too_many_digits()
            else:
                problem = f"{short_repr(node.value)} is not a valid !!{tag} value (fix it, or remove the tag)"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None
        if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
            raise yaml.constructor.ConstructorError(None, None, too_many_digits(), node.start_mark)
        return value

    return method


for _tag in ("null", "bool", "int", "float", "binary", "timestamp"):
    _Loader.add_constructor(
        f"tag:yaml.org,2002:{_tag}",
        _checked_scalar(_tag, _SafeLoader.yaml_constructors[f"tag:yaml.org,2002:{_tag}"]),
    )


_CORE_RESOLVERS: list[tuple[str, str, str]] = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?[0-9]+[eE][-+]?[0-9]+"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
]
_TYPED = {"tag:yaml.org,2002:" + t for t in ("bool", "int", "float", "timestamp")}


def _core_resolvers() -> dict[Any, list[tuple[str, Any]]]:
    import re

    table = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in _TYPED]
        for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
    }
    for tag, pattern, firsts in _CORE_RESOLVERS:
        regexp = re.compile(pattern)
        for first in firsts:
            table.setdefault(first, []).append((tag, regexp))
    return {first: resolvers for first, resolvers in table.items() if resolvers}


_Loader.yaml_implicit_resolvers = _core_resolvers()


class _Dumper(_SafeDumper):  # type: ignore[misc]
    pass


_Dumper.yaml_implicit_resolvers = _core_resolvers()


def _str(dumper: Any, value: str) -> Any:
    # Long quotes with line breaks read and diff best as literal blocks.
    style = "|" if "\n" in value and not value.endswith((" ", "\t")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def yaml_loader() -> type[Any]:
    """The YAML loader class used for project files (C-accelerated when available)."""
    return _Loader


#: The deepest nesting a project file may have. Projects need about 5 levels;
#: thousands would crash libyaml's C constructor (a segmentation fault).
MAX_YAML_DEPTH = 64


def yaml_depth_problem(text: str) -> tuple[int, int] | None:
    """``(line, depth)`` where `text` nests deeper than :data:`MAX_YAML_DEPTH`, else None.

    Walks the parser's event stream, which needs no recursion, so it is safe
    on hostile input; raises :class:`yaml.YAMLError` for text that is not YAML.
    Newer libyaml (0.2.6 and later) refuses deep nesting in its scanner
    itself ("exceeded maximum nesting depth"): that refusal is the same
    finding, and is returned as one, so the caller calls it unsafe whichever
    version of the parser is installed.

    Examples
    --------
    >>> yaml_depth_problem("a: [1, [2]]") is None
    True
    >>> yaml_depth_problem("a: " + "[" * 100 + "]" * 100)[0]
    1
    >>> yaml_depth_problem("a: " + "[" * 5000 + "]" * 5000)[0]
    1
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    mark = event.start_mark
                    return (mark.line + 1 if mark is not None else 0), depth
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" not in str(exc.problem or ""):
            raise
        mark = exc.problem_mark
        return (mark.line + 1 if mark is not None else 0), max(depth, MAX_YAML_DEPTH + 1)
    return None


def dumps(data: Any, format: Format) -> str:
    """Serialise plain data as project-file text: stable key order, UTF-8 text.

    Examples
    --------
    >>> print(dumps({"b": 1, "a": "x"}, "yaml"), end="")
    b: 1
    a: x
    >>> dumps({"b": 1, "a": "é"}, "json")
    '{\\n  "b": 1,\\n  "a": "é"\\n}\\n'
    """
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if format == "yaml":
        text: str = yaml.dump(
            data,
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=100,
        )
        return text
    raise FileFormatError(f"unknown project-file format {format!r}; use 'json' or 'yaml'")


_UMASK = os.umask(0)
os.umask(_UMASK)  # read once, at import: setting it later would race other threads

try:
    import fcntl as _fcntl_module

    _fcntl: Any = _fcntl_module
except ImportError:  # pragma: no cover - Windows has no flock
    _fcntl = None

#: Without ``flock`` (Windows), a temporary file left by a killed save is
#: removed by a later save of the same file once it is this many seconds old.
STALE_SECONDS = 3600

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (a named pipe)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, for messages: ``"a folder"``, ``"a device"``...

    Examples
    --------
    >>> import stat
    >>> file_kind(stat.S_IFDIR | 0o755), file_kind(stat.S_IFREG | 0o644)
    ('a folder', 'a regular file')
    """
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space, or save elsewhere",
    errno.EDQUOT: "the disk quota is used up: free some space, or save elsewhere",
    errno.EACCES: "no permission to write there: choose another folder",
    errno.EPERM: "no permission to write there: choose another folder",
    errno.EROFS: "the disk is read-only: choose another folder",
    errno.ENOENT: "check that the folder exists",
    errno.ENOTDIR: "a part of the path is a file, not a folder: check that the folder exists",
    errno.ENAMETOOLONG: "choose a shorter name",
    errno.EISDIR: "it is a folder: choose a file name",
}


def shown_path(path: str | os.PathLike[str]) -> str:
    """`path` for a message: a NUL character shown as ``\\0``, not as nothing."""
    return str(os.fspath(path)).replace("\0", "\\0")


def _write_error(path: str | os.PathLike[str], exc: BaseException) -> FileWriteError:
    """A :class:`FileWriteError` naming `path`, the OS's reason and what to do."""
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        advice = _ADVICE.get(exc.errno or 0, "")
    else:  # ValueError: a NUL character in the path
        reason = str(exc)
        advice = "a file name cannot hold a NUL character"
    tail = (
        f"{advice}; the previous file is unchanged" if advice else "the previous file is unchanged"
    )
    error = FileWriteError(f"{shown_path(path)}: cannot write ({reason}); {tail}")
    error.errno = getattr(exc, "errno", None)
    return error


def _temporary_prefix(name: str) -> str:
    # Bounded, so that a long file name leaves room for mkstemp's 8 characters and ".tmp".
    return f".{name[:120]}."


def _is_temporary_of(name: str, prefix: str) -> bool:
    return name.startswith(prefix) and name.endswith(".tmp") and len(name) == len(prefix) + 12


def _temporary(target: Path) -> tuple[int, str]:
    """A new temporary file beside `target`, locked (``flock``) for as long as it is open.

    The lock tells a later save that the file is in use, not left by a killed
    save (see :func:`_remove_stale`). A cleaner may take a file between its
    creation and its lock: then another one is made.
    """
    for _ in range(8):
        fd, tmp = tempfile.mkstemp(
            prefix=_temporary_prefix(target.name), suffix=".tmp", dir=target.parent
        )
        try:
            if _fcntl is not None:
                _fcntl.flock(fd, _fcntl.LOCK_EX)
            if os.path.samestat(os.fstat(fd), os.lstat(tmp)):
                return fd, tmp
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        os.close(fd)  # removed by another save's cleaning: take another name
    raise OSError(errno.EAGAIN, "could not keep a temporary file in the folder")


def _remove_stale(target: Path) -> None:
    """Remove temporary files of `target` that killed saves left behind.

    A save holds a lock on its temporary file until the file has replaced the
    target, and the system drops the lock of a killed process: an unlocked
    temporary file is garbage. Without ``flock``, files older than
    :data:`STALE_SECONDS` are. Nothing here ever fails a save.
    """
    prefix = _temporary_prefix(target.name)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        if not _is_temporary_of(entry.name, prefix):
            continue
        with contextlib.suppress(OSError):
            if _fcntl is None:  # pragma: no cover - Windows
                if time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS:
                    os.unlink(entry.path)
                continue
            fd = os.open(entry.path, flags)
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    continue
                try:
                    _fcntl.flock(fd, _fcntl.LOCK_EX | _fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a save in progress
                if os.path.samestat(os.fstat(fd), os.lstat(entry.path)):
                    os.unlink(entry.path)
            finally:
                os.close(fd)


def _owned_by_another(existing: os.stat_result) -> bool:
    if not hasattr(os, "geteuid"):  # pragma: no cover - Windows
        return False
    return (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid())


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry for the new file to disk (best effort; POSIX only)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, folders: bool = False) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half.

    This is the one way ``realist`` writes a file. The bytes go to a temporary
    file with a unique name (``.<name>.<random letters>.tmp``) in the same folder, are
    flushed to disk, and the temporary file then replaces the target with
    :func:`os.replace`: a crash, a kill or a full disk leaves the previous file
    whole, and two saves at once leave one of the two files, whole. The
    temporary file is removed whatever goes wrong (even ``KeyboardInterrupt``);
    temporary files that killed saves left behind are removed by the next
    successful save of the same file. A symbolic link is followed, so the file
    it points to is the one replaced; that file keeps its permissions. A
    folder, device, FIFO or socket at `path` is refused, never written to.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write.
    data : bytes
        Its new content.
    folders : bool, default False
        Create missing folders on the way to `path` (as ``mkdir -p``).

    Raises
    ------
    realist.errors.FileWriteError
        The folder does not exist or is not writable, the path names a folder,
        a device or a FIFO, holds a NUL character or is too long, or the disk
        is full; the message names the path and the system's reason, and the
        previous file is left whole.

    Examples
    --------
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> atomic_write_bytes(os.path.join(folder, "a.txt"), b"one")
    >>> atomic_write_bytes(os.path.join(folder, "a.txt"), b"two")
    >>> open(os.path.join(folder, "a.txt"), "rb").read(), os.listdir(folder)
    (b'two', ['a.txt'])
    >>> atomic_write_bytes(folder, b"x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    realist.errors.FileWriteError: ...: cannot write (is a folder, not a file); choose a file name
    """
    try:
        if folders:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        target = Path(os.path.realpath(path))
        existing: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        existing = None
    except (OSError, ValueError) as exc:
        raise _write_error(path, exc) from None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        kind = file_kind(existing.st_mode)
        raise FileWriteError(
            f"{shown_path(path)}: cannot write (is {kind}, not a file); choose a file name"
        )
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_UMASK
    tmp: str | None = None
    try:
        fd, tmp = _temporary(target)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.chmod(tmp, mode)
            if existing is not None and _owned_by_another(existing):
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.chown(tmp, existing.st_uid, existing.st_gid)
            os.fsync(fd)
            if _fcntl is None:  # pragma: no cover - Windows cannot replace an open file
                os.close(fd)
                fd = -1
            os.replace(tmp, target)  # still locked: no other save takes it for garbage
            tmp = None
        finally:
            if fd >= 0:
                os.close(fd)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from None
        raise
    _sync_folder(target.parent)
    _remove_stale(target)


def atomic_write_text(path: str | os.PathLike[str], text: str, *, folders: bool = False) -> None:
    """:func:`atomic_write_bytes` for UTF-8 text.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "a.txt")
    >>> atomic_write_text(path, "é")
    >>> open(path, encoding="utf-8").read()
    'é'
    """
    atomic_write_bytes(path, text.encode("utf-8"), folders=folders)
