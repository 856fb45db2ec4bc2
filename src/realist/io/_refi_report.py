"""The report an import hands back: what was read, what was made, what was left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from realist.errors import Problem

if TYPE_CHECKING:
    from realist.model import Project

__all__ = ["ImportReport", "Imported"]


@dataclass
class ImportReport:
    """What an import read, what it made of it, and everything it could not map.

    Nothing is dropped silently: every code, selection, link, set, note or file
    the importer did not turn into part of the project is listed in
    ``unmapped``, and every quirk it worked around in ``warnings``.

    Attributes
    ----------
    file : str
        The file imported.
    origin : str
        The program that wrote it, as the file says (``"NVivo for Mac 15.0.0"``).
    counts : dict of str to int
        What was read and made: ``codes``, ``selections``, ``codings``,
        ``sources``, ``cases``, ``evidence``, ``contexts``, ``mechanisms``,
        ``outcomes``, ``themes``, ``configurations``, ``links`` (or ``rows`` for
        a table).
    unmapped : list of Problem
        Each item not imported, with where it is in the file and why.
    warnings : list of Problem
        Quirks and schema problems worked around (the content was still usable).

    Examples
    --------
    >>> r = ImportReport(file="demo.qdpx", origin="NVivo")
    >>> r.counts["codings"] = 3
    >>> r.skip("Code 'Misc'", "not under Context, Mechanism or Outcome")
    >>> print(r.format())
    Imported demo.qdpx (written by NVivo)
      codings: 3
    Not imported (1):
      - Code 'Misc': not under Context, Mechanism or Outcome
    """

    file: str = ""
    origin: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    unmapped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def skip(self, where: str, why: str, *, kind: str = "invalid") -> None:
        """Record an item that was not imported (`kind` says what: ``"code"``,
        ``"coding"``, ``"row"``, ...; the default for anything else)."""
        self.unmapped.append(Problem(where, why, kind=kind))

    def warn(self, where: str, what: str) -> None:
        """Record a quirk that was worked around."""
        self.warnings.append(Problem(where, what))

    def add(self, key: str, n: int = 1) -> None:
        """Add `n` to a count."""
        self.counts[key] = self.counts.get(key, 0) + n

    def format(self, *, limit: int | None = 50) -> str:
        """The report as text for people, at most `limit` lines per list."""
        by = f" (written by {self.origin})" if self.origin else ""
        lines = [f"Imported {self.file}{by}"]
        lines += [f"  {key}: {value}" for key, value in self.counts.items()]
        for title, items in (("Warnings", self.warnings), ("Not imported", self.unmapped)):
            if not items:
                continue
            lines.append(f"{title} ({len(items)}):")
            shown = items if limit is None else items[:limit]
            lines += [f"  - {p}" for p in shown]
            if len(items) > len(shown):
                lines.append(f"  ... and {len(items) - len(shown)} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data."""
        return {
            "file": self.file,
            "origin": self.origin,
            "counts": dict(self.counts),
            "unmapped": [{"where": p.path, "why": p.message} for p in self.unmapped],
            "warnings": [{"where": p.path, "what": p.message} for p in self.warnings],
        }


class Imported(NamedTuple):
    """What :func:`realist.import_file` returns: the project and its import report.

    A named pair: ``project, report = rl.import_file(path)`` unpacks it.
    """

    project: Project
    report: ImportReport
