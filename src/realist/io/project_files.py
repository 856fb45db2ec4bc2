"""Reading project files: JSON and YAML, chosen by suffix.

Writing is :meth:`realist.Project.save`; both sides share
:mod:`realist._formats`, so what one writes the other reads unchanged.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError as PydanticValidationError

from realist import _formats
from realist.errors import (
    FileFormatError,
    MissingFileError,
    Problem,
    SchemaVersionError,
    UnsafeFileError,
    validation_error,
)
from realist.model import Project, problems_from_pydantic

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
    fmt = format or _formats.format_of(p)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise MissingFileError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise FileFormatError(f"{p}: is a folder, not a project file") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = getattr(exc, "strerror", None) or str(exc)
        raise FileFormatError(f"{p}: cannot be read ({reason})") from None
    return loads(data, format=fmt, file=str(p))


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
        return Project.model_validate_json(data)
    except PydanticValidationError as exc:
        errors = exc.errors(include_url=False)
        if errors and errors[0]["type"] == "json_invalid":
            message = str(errors[0]["msg"])
            if "recursion limit" in message:
                raise UnsafeFileError(
                    f"{where}: nested too deeply to be a project file; it was not read"
                ) from None
            # Let the standard library say where: it reports line and column.
            try:
                json.loads(data)
            except json.JSONDecodeError as jexc:
                raise FileFormatError(
                    f"{where}: not valid JSON: {jexc.msg} at line {jexc.lineno}, "
                    f"column {jexc.colno}"
                ) from None
            except UnicodeDecodeError as uexc:
                raise FileFormatError(f"{where}: not UTF-8 text ({uexc.reason})") from None
            except RecursionError:
                raise UnsafeFileError(
                    f"{where}: nested too deeply to be a project file; it was not read"
                ) from None
            raise FileFormatError(f"{where}: not valid JSON: {message}") from None
        _raise_for(exc, where, data=None)
    raise AssertionError("unreachable")  # pragma: no cover


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
