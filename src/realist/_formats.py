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

from realist.errors import FileFormatError

__all__ = ["atomic_write_bytes", "atomic_write_text", "dumps", "format_of", "yaml_loader"]

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
    """Safe YAML, without turning ``2006-05-01`` into a date: dates stay text,
    so a project loaded from YAML equals the same project loaded from JSON."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}


class _Dumper(_SafeDumper):  # type: ignore[misc]
    pass


def _str(dumper: Any, value: str) -> Any:
    # Long quotes with line breaks read and diff best as literal blocks.
    style = "|" if "\n" in value and not value.endswith((" ", "\t")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def yaml_loader() -> type[Any]:
    """The YAML loader class used for project files (C-accelerated when available)."""
    return _Loader


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


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed to disk,
    and the temporary file then replaces the target with :func:`os.replace`.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """:func:`atomic_write_bytes` for UTF-8 text."""
    atomic_write_bytes(path, text.encode("utf-8"))
