"""Mapping files: which codes of a codebook are contexts, mechanisms, outcomes or themes.

A team writes the mapping once, next to its export, and gives it to
``realist import FILE --map mapping.yaml`` (or ``realist map``,
:func:`realist.read_qdpx` ``mapping=``, :func:`realist.map_codes`). Two forms:

YAML (or JSON), either codes to targets::

    Barriers: context
    Barriers/Cost: ignore
    Peer support: mechanism
    Uptake: outcome

or targets to lists of codes::

    context: [Barriers, Organisational readiness]
    mechanism: [Peer support]
    outcome: [Uptake]

CSV (what :func:`write_mapping_template` writes, for a spreadsheet): a
``code`` column (a label, a path such as ``Barriers/Cost``, or an id) and a
``maps to`` column (``context``, ``mechanism``, ``outcome``, ``theme``,
``ignore``, or ``C``/``M``/``O``/``T``); rows left empty map nothing.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

from realist import _formats
from realist.analysis.codings import _TARGETS, code_paths
from realist.errors import FileFormatError, MissingFileError, Problem, ValidationError
from realist.model import Project

__all__ = ["read_mapping", "write_mapping_template"]

_CODE_HEADERS = ("code", "codes", "node", "path", "codepath", "name", "label")
_TARGET_HEADERS = ("mapsto", "kind", "target", "map", "mapping", "type", "cmo")


def _header(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def read_mapping(path: str | os.PathLike[str]) -> dict[str, str]:
    """Read a mapping file (``.yaml``, ``.yml``, ``.json`` or ``.csv``) into a dict.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    dict of str to str
        Code (label, path or id) to target, ready for ``mapping=``.

    Raises
    ------
    realist.errors.MissingFileError
        No such file.
    realist.errors.FileFormatError
        Not readable as YAML, JSON or CSV, or without the columns or shape
        described in :mod:`realist.io.mapping`.
    realist.errors.ValidationError
        A target that is not one (every bad entry listed, by key or row), or
        a code mapped twice to different targets.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "map.yaml").write_text("mechanism: [Peer support]\\nUptake: outcome\\n")
    >>> read_mapping(folder / "map.yaml")
    {'Peer support': 'mechanism', 'Uptake': 'outcome'}
    >>> _ = (folder / "map.csv").write_text("code,maps to\\nBarriers,C\\nOther,\\n")
    >>> read_mapping(folder / "map.csv")
    {'Barriers': 'context'}
    """
    file = os.fspath(path)
    p = Path(path)
    if not p.is_file():
        raise MissingFileError(f"{file}: no such mapping file")
    suffix = p.suffix.lower()
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"{file}: not UTF-8 text ({exc.reason}); save it as UTF-8") from None
    if suffix in (".csv", ".tsv"):
        return _from_csv(text, file, "\t" if suffix == ".tsv" else None)
    if suffix in (".yaml", ".yml", ".json"):
        return _from_tree(_load_tree(text, file, suffix), file)
    raise FileFormatError(
        f"{file}: unknown mapping-file suffix {suffix!r}; use .yaml, .yml, .json or .csv"
    )


def _load_tree(text: str, file: str, suffix: str) -> Any:
    import json

    import yaml

    if suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise FileFormatError(
                f"{file}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            ) from None
    try:
        deep = _formats.yaml_depth_problem(text)
        if deep is not None:
            raise FileFormatError(f"{file}: nested too deeply (line {deep[0]}) for a mapping")
        return yaml.load(text, Loader=_formats.yaml_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FileFormatError(f"{file}: not valid YAML: {problem}{at}") from None


def _target(value: object, where: str, problems: list[Problem]) -> str | None:
    word = "" if value is None else str(value).strip().casefold()
    if word in _TARGETS:
        return _TARGETS[word]
    problems.append(
        Problem(
            where,
            f"{value!r} is not a target; use context, mechanism, outcome, theme or ignore "
            "(or C, M, O, T)",
        )
    )
    return None


def _add(out: dict[str, str], code: str, target: str, where: str, problems: list[Problem]) -> None:
    if code in out and out[code] != target:
        problems.append(
            Problem(where, f"{code!r} is mapped to {out[code]!r} already, and to {target!r} here")
        )
        return
    out[code] = target


def _from_tree(tree: Any, file: str) -> dict[str, str]:
    if tree is None:
        return {}
    if not isinstance(tree, dict):
        raise FileFormatError(
            f"{file}: a mapping file holds 'code: target' lines or 'target: [codes]' lists, "
            f"not {type(tree).__name__}"
        )
    out: dict[str, str] = {}
    problems: list[Problem] = []
    for key, value in tree.items():
        where = f"[{str(key)!r}]"
        as_target = str(key).strip().casefold()
        if isinstance(value, list) and as_target in _TARGETS:
            for i, code in enumerate(value):
                if not isinstance(code, str | int | float) or not str(code).strip():
                    problems.append(Problem(f"{where}[{i}]", f"{code!r} is not a code name"))
                    continue
                _add(out, str(code).strip(), _TARGETS[as_target], f"{where}[{i}]", problems)
        elif isinstance(value, list | dict):
            problems.append(
                Problem(
                    where,
                    f"{str(key)!r} is not context, mechanism, outcome, theme or ignore, so it "
                    "cannot hold a list of codes",
                )
            )
        else:
            target = _target(value, where, problems)
            if target is not None:
                _add(out, str(key).strip(), target, where, problems)
    if problems:
        raise ValidationError(problems, file=file)
    return out


def _from_csv(text: str, file: str, sep: str | None) -> dict[str, str]:
    if sep is None:
        first = text.split("\n", 1)[0]
        sep = max(",;\t", key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    if not rows:
        return {}
    header = [_header(h) for h in rows[0]]
    code_col = next((header.index(h) for h in _CODE_HEADERS if h in header), None)
    target_col = next((header.index(h) for h in _TARGET_HEADERS if h in header), None)
    if code_col is None or target_col is None:
        raise FileFormatError(
            f"{file}: a mapping CSV needs a 'code' column and a 'maps to' column (found: "
            f"{', '.join(repr(h) for h in rows[0]) or 'none'}); realist codes PROJECT "
            "--template FILE writes one to fill in"
        )
    out: dict[str, str] = {}
    problems: list[Problem] = []
    for n, row in enumerate(rows[1:], start=2):
        code = row[code_col].strip() if code_col < len(row) else ""
        value = row[target_col].strip() if target_col < len(row) else ""
        if not code or not value:
            continue
        target = _target(value, f"row {n}", problems)
        if target is not None:
            _add(out, code, target, f"row {n}", problems)
    if problems:
        raise ValidationError(problems, file=file)
    return out


def write_mapping_template(project: Project, path: str | os.PathLike[str]) -> Path:
    """Write a CSV listing every code, to fill in and give back as a mapping file.

    Columns: ``code`` (the path from the top, ``/``-separated, so each row
    names one code), ``maps to`` (filled where the project already maps the
    code to an element, else empty), ``excerpts`` (how often it was applied)
    and ``description``. Fill ``maps to`` with context, mechanism, outcome,
    theme or ignore (a folder's row maps what is in it), then read it with
    :func:`read_mapping` or ``realist map PROJECT --map FILE``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> p = Project(title="t")
    >>> top = p.add_code("Barriers")
    >>> _ = p.add_code("Cost", parent=top, description="money")
    >>> out = write_mapping_template(p, Path(tempfile.mkdtemp()) / "map.csv")
    >>> print(out.read_text(), end="")
    code,maps to,excerpts,description
    Barriers,,0,
    Barriers/Cost,,0,money
    """
    paths = code_paths(project)
    uses: dict[str, int] = {}
    for ev in project.evidence:
        for g in ev.codes:
            uses[g] = uses.get(g, 0) + 1
    kinds: dict[str, str] = {}
    for e in project.elements.values():
        for g in str(e.attributes.get("codes") or "").split():
            kinds[g] = e.kind
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "maps to", "excerpts", "description"])
    for code in project.codes:
        name = "/".join(paths[code.id])
        writer.writerow([name, kinds.get(code.id, ""), uses.get(code.id, 0), code.description])
    out = Path(path)
    _formats.atomic_write_text(out, buffer.getvalue())
    return out
