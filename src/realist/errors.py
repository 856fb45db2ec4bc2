"""The exceptions and the warning that ``realist`` raises.

Every failure a user can cause is a :class:`RealistError`. Each subclass also
inherits the built-in exception a Python user would naturally catch:
:class:`ValueError` for invalid data, :class:`KeyError` for an unknown id,
:class:`RuntimeError` for a missing program, :class:`ImportError` for a missing
optional package, :class:`OSError` for an unreadable file.

Messages name the file (when there is one), the path inside it, the bad value
and what to do.

Examples
--------
>>> import realist as rl
>>> p = rl.Project(title="Demo")
>>> try:
...     p.get("c-nothing")
... except KeyError as err:       # UnknownIdError is a KeyError too
...     print(err)
unknown id 'c-nothing': no item of the project has this id
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "BrokenReferenceError",
    "DuplicateIdError",
    "FileFormatError",
    "FileWriteError",
    "GraphvizNotFoundError",
    "GraphvizTimeoutError",
    "MissingDependencyError",
    "MissingFileError",
    "Problem",
    "RealistError",
    "RealistWarning",
    "SchemaVersionError",
    "UnknownIdError",
    "UnsafeFileError",
    "ValidationError",
    "validation_error",
]


class RealistError(Exception):
    """The root of every exception ``realist`` raises on purpose."""


class RealistWarning(UserWarning):
    """The one warning category ``realist`` emits."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a project, a file or a table.

    Parameters
    ----------
    path : str
        Where the problem is, in the notation ``configurations[12].mechanisms[0]``
        (or ``row 14`` for a table). Empty for the whole object.
    message : str
        What is wrong and, where useful, what was expected.
    line : int or None
        The 1-based line in the file, when it is known.
    kind : {"invalid", "duplicate", "reference", "confidence", "message"}
        What sort of problem: a bad value, a duplicate id, a reference to
        nothing (or to an item of the wrong kind), a confidence assessment
        that reads as inconsistent (:func:`realist.check_confidence`), or a
        plain message with no path.
    """

    path: str
    message: str
    line: int | None = None
    kind: str = "invalid"

    def __str__(self) -> str:
        if self.kind == "message" and not self.path and self.line is None:
            return self.message
        where = self.path or "(top level)"
        if self.line is not None:
            where = f"{where} (line {self.line})"
        return f"{where}: {self.message}"


class ValidationError(RealistError, ValueError):
    """Data that breaks the rules of the model: a wrong type, an empty label,
    a reference to nothing, a duplicate id.

    Attributes
    ----------
    problems : list of Problem
        Every problem found, not just the first.
    file : str or None
        The file the data came from, when it came from one.
    """

    def __init__(
        self,
        problems: Sequence[Problem] | str,
        *,
        file: str | None = None,
        hint: str | None = None,
    ) -> None:
        if isinstance(problems, str):  # a message that names its own place
            problems = [Problem("", problems, kind="message")]
        self.problems: list[Problem] = list(problems)
        self.file = file
        self.hint = hint
        super().__init__(self._format())

    def _format(self) -> str:
        head = f"{self.file}: " if self.file else ""
        n = len(self.problems)
        if n == 1:
            text = f"{head}{self.problems[0]}"
        else:
            shown = self.problems[:20]
            lines = [f"{head}{n} problems:"] + [f"  - {p}" for p in shown]
            if n > len(shown):
                lines.append(f"  ... and {n - len(shown)} more")
            text = "\n".join(lines)
        if self.hint:
            text = f"{text}\n{self.hint}"
        return text


class DuplicateIdError(ValidationError):
    """Two items of a project share one id."""


class BrokenReferenceError(ValidationError):
    """A reference names an id that the project does not hold (or one of the wrong kind)."""


def validation_error(
    problems: Sequence[Problem], *, file: str | None = None, hint: str | None = None
) -> ValidationError:
    """The most specific :class:`ValidationError` for these problems: a
    :class:`DuplicateIdError` when all are duplicates, a
    :class:`BrokenReferenceError` when all are broken references."""
    kinds = {p.kind for p in problems}
    cls: type[ValidationError] = ValidationError
    if kinds == {"duplicate"}:
        cls = DuplicateIdError
    elif kinds == {"reference"}:
        cls = BrokenReferenceError
    return cls(problems, file=file, hint=hint)


class FileFormatError(RealistError, ValueError):
    """A file that cannot be read as what it claims to be: broken JSON or YAML,
    an unknown suffix, malformed XML, a spreadsheet without the needed columns."""


class SchemaVersionError(FileFormatError):
    """A project file written with a schema version this release cannot read."""


class UnsafeFileError(FileFormatError):
    """A file refused for safety: an XML entity or DTD, a zip member outside its
    folder, an archive that expands far beyond its size."""


class FileWriteError(RealistError, OSError):
    """A file could not be written (missing folder, no permission, disk full).
    Nothing was changed: the previous file, if any, is whole."""


class MissingFileError(RealistError, FileNotFoundError):
    """A file that the user named does not exist."""


class UnknownIdError(RealistError, KeyError):
    """An id that names no item of the project."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # KeyError would show the repr of the message
        return self.message


class GraphvizNotFoundError(RealistError, RuntimeError):
    """Graphviz's ``dot`` program is needed to render and is not installed."""


class GraphvizTimeoutError(ValidationError):
    """Graphviz's ``dot`` did not finish laying out a diagram in the time allowed:
    the diagram is too large or too tangled to lay out that way."""


class MissingDependencyError(RealistError, ImportError):
    """An optional package is needed for this function and is not installed."""
