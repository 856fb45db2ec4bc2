"""Project-file formats: JSON and YAML text, and atomic writes.

Low-level helpers that know nothing of the model: the model's ``save`` and the
``io`` readers share them, so both sides agree on one format.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

import yaml

from realist.errors import FileFormatError, FileWriteError

__all__ = [
    "MAX_YAML_DEPTH",
    "atomic_write_bytes",
    "atomic_write_text",
    "dumps",
    "format_of",
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
    win).
    """

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                key = getattr(key_node, "value", None)
                if isinstance(key, str):
                    if key in seen:
                        raise yaml.constructor.ConstructorError(
                            None,
                            None,
                            f"the key {key!r} appears twice in one mapping (first at line "
                            f"{seen[key]}); keep one",
                            key_node.start_mark,
                        )
                    seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


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


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed to disk,
    and the temporary file then replaces the target with :func:`os.replace`.
    A symbolic link is followed, so the file it points to is the one replaced.

    Raises
    ------
    realist.errors.FileWriteError
        The folder does not exist, is not writable, the target is a folder,
        or the disk is full; the previous file is left whole.
    """
    target = Path(os.path.realpath(path))
    try:
        if target.is_dir():
            raise IsADirectoryError(21, "is a folder")
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise FileWriteError(
            f"{path}: cannot write ({exc.strerror or exc}); check that the folder exists "
            "and is writable"
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_UMASK
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise FileWriteError(
                f"{path}: cannot write ({exc.strerror or exc}); the previous file is unchanged"
            ) from None
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """:func:`atomic_write_bytes` for UTF-8 text."""
    atomic_write_bytes(path, text.encode("utf-8"))
