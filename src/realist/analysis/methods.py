"""The counts a RAMESES II methods section reports, as a table and as a paragraph.

Examples
--------
>>> import realist as rl
>>> s = methods_summary(rl.datasets.load("hipp"))
>>> s.value("cases"), s.value("sources", "document"), s.value("configurations")
(5, 7, 33)
"""

from __future__ import annotations

import html
import math
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from realist.model import SOURCE_KINDS, STATUSES, Project

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MethodsSummary", "methods_summary"]


@dataclass(frozen=True)
class MethodsSummary:
    """What :func:`methods_summary` returns: the counts as a table and as text.

    Attributes
    ----------
    table : pandas.DataFrame
        Columns ``section``, ``item`` and ``value``, one row per count
        (``item`` is ``"all"`` for a section's total).
    text : str
        A paragraph of plain text a methods section can start from.
    """

    table: pd.DataFrame
    text: str

    def value(self, section: str, item: str = "all") -> Any:
        """The value of one row (``None`` when the table has no such row).

        Examples
        --------
        >>> import realist as rl
        >>> methods_summary(rl.datasets.load("hipp")).value("hypotheses", "refuted")
        0
        """
        hit = self.table[(self.table["section"] == section) & (self.table["item"] == item)]
        return None if hit.empty else hit["value"].iloc[0]

    def __str__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(str(s))}</td><td>{html.escape(str(i))}</td>"
            f"<td style='text-align:right'>{html.escape(_shown(v))}</td></tr>"
            for s, i, v in self.table.itertuples(index=False)
        )
        return (
            f"<p>{html.escape(self.text)}</p><table><thead><tr><th>section</th><th>item</th>"
            f"<th>value</th></tr></thead><tbody>{rows}</tbody></table>"
        )


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return "–" if math.isnan(value) else f"{value:.2f}"
    return str(value)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _listing(counts: dict[str, int], names: dict[str, tuple[str, str]] | None = None) -> str:
    """``"12 interviews, 3 documents and 1 observation"``."""
    parts = []
    for key, n in counts.items():
        one, many = (names or {}).get(key, (key, key + "s"))
        parts.append(_plural(n, one, many))
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


_KIND_NAMES = {
    "interview": ("interview", "interviews"),
    "document": ("document", "documents"),
    "observation": ("observation", "observations"),
    "survey": ("survey", "surveys"),
    "other": ("other source", "other sources"),
}


def _double_coding(project: Project) -> tuple[list[str], int, int, float, float]:
    """Coders, excerpts with a coder, those double-coded, pooled agreement and kappa."""
    from realist.analysis.evidence import _unit_key, coder_agreement

    coders = sorted({ev.coder for ev in project.evidence if ev.coder is not None})
    units: dict[tuple[Any, ...], set[str]] = {}
    for ev in project.evidence:
        key = _unit_key(ev)
        if ev.coder is not None and key is not None:
            units.setdefault(key, set()).add(ev.coder)
    double = sum(len(c) >= 2 for c in units.values())
    agreement = kappa = math.nan
    table = coder_agreement(project)
    pooled = table[table["kind"] == "all"]
    if not pooled.empty:
        agreement = float(pooled["agreement"].iloc[0])
        kappa = float(pooled["kappa"].iloc[0])
    return coders, len(units), double, agreement, kappa


def methods_summary(
    project: Project, *, role_key: str = "role", informant_key: str = "informant"
) -> MethodsSummary:
    """The counts a RAMESES II report needs, as a table and a paragraph.

    Cases; sources by kind; informants by role; excerpts by stance; CMOcs by
    status and by phase; coders, the share of excerpts double-coded and the
    agreement on them (percent and Cohen's kappa, pooled over element kinds,
    as :func:`realist.coder_agreement` gives them; Light's kappa with three
    or more coders); hypotheses by status and how many revise another;
    findings by their GRADE-CERQual overall level.

    Parameters
    ----------
    project : Project
    role_key : str, default "role"
        The source attribute that gives the informant's role.
    informant_key : str, default "informant"
        The source attribute that names the informant; sources without it
        are an informant each (as in :func:`realist.evidence_table`).

    Returns
    -------
    MethodsSummary
        ``.table`` (a DataFrame of ``section``, ``item``, ``value``) and
        ``.text`` (a paragraph); ``str()`` gives the text.

    Examples
    --------
    >>> import realist as rl
    >>> print(methods_summary(rl.datasets.load("hipp")))  # doctest: +NORMALIZE_WHITESPACE
    The analysis drew on 7 sources (7 documents) about 5 cases. 136 excerpts were coded
    to 28 contexts, 22 mechanisms and 35 outcomes, which formed 33 context-mechanism-outcome
    configurations (CMOcs): 1 conjectured, 31 supported and 1 refuted; by phase: 32 in
    phase 1997-1999 and 1 in phase baseline. No coder is recorded for the excerpts, so double coding
    cannot be reported. Of 6 hypotheses, 5 were supported and 1 left conjectured.
    """
    import pandas as pd

    rows: list[tuple[str, str, Any]] = [("cases", "all", len(project.cases))]
    kinds: Counter[str] = Counter(s.kind for s in project.sources)
    by_kind = {k: kinds[k] for k in SOURCE_KINDS if kinds[k]}
    rows.append(("sources", "all", len(project.sources)))
    rows += [("sources", k, n) for k, n in by_kind.items()]

    informants: dict[str, set[str]] = {}
    for s in project.sources:
        who = str(s.attributes.get(informant_key, f"source:{s.id}"))
        role = s.attributes.get(role_key)
        informants.setdefault("all", set()).add(who)
        if role is not None:
            informants.setdefault(str(role), set()).add(who)
    by_role = {r: len(v) for r, v in sorted(informants.items()) if r != "all"}
    rows.append(("informants", "all", len(informants.get("all", ()))))
    rows += [("informants", r, n) for r, n in by_role.items()]

    stances = Counter(ev.stance for ev in project.evidence)
    rows.append(("excerpts", "all", len(project.evidence)))
    rows += [("excerpts", s, n) for s, n in sorted(stances.items())]
    for kind in ("contexts", "mechanisms", "outcomes"):
        rows.append((kind, "all", len(getattr(project, kind))))

    status: Counter[str] = Counter(k.status for k in project.configurations)
    phases = Counter(str(k.phase) for k in project.configurations if k.phase is not None)
    rows.append(("configurations", "all", len(project.configurations)))
    rows += [("configurations", s, status[s]) for s in STATUSES if status[s]]
    rows += [("configurations by phase", p, n) for p, n in sorted(phases.items())]

    coders, coded, double, agreement, kappa = _double_coding(project)
    rows.append(("coders", "all", len(coders)))
    rows += [("coders", c, sum(ev.coder == c for ev in project.evidence)) for c in coders]
    share = double / coded if coded else math.nan
    rows += [
        ("double coding", "excerpts with a coder", coded),
        ("double coding", "double-coded", double),
        ("double coding", "share double-coded", share),
        ("double coding", "agreement", agreement),
        ("double coding", "kappa", kappa),
    ]

    h_status: Counter[str] = Counter(h.status for h in project.hypotheses)
    rows.append(("hypotheses", "all", len(project.hypotheses)))
    rows += [("hypotheses", s, h_status[s]) for s in STATUSES]
    revising = sum(h.revises is not None for h in project.hypotheses)
    rows.append(("hypotheses", "revising another", revising))

    levels = Counter(
        f.cerqual.overall if f.cerqual and f.cerqual.overall else "not assessed"
        for f in project.findings
    )
    rows.append(("findings", "all", len(project.findings)))
    rows += [("findings", lvl, n) for lvl, n in levels.items()]

    # -------------------------------------------------------------- text
    words = [
        f"The analysis drew on {_plural(len(project.sources), 'source')}"
        + (f" ({_listing(by_kind, _KIND_NAMES)})" if by_kind else "")
        + f" about {_plural(len(project.cases), 'case')}."
    ]
    if by_role:
        words.append(f"Informants: {_listing(by_role)} (by {role_key}).")
    elements = {
        "context": len(project.contexts),
        "mechanism": len(project.mechanisms),
        "outcome": len(project.outcomes),
    }
    cmocs = _plural(len(project.configurations), "context-mechanism-outcome configuration")
    sentence = (
        f"{_plural(len(project.evidence), 'excerpt')} were coded to {_listing(elements)}, "
        f"which formed {cmocs} (CMOcs)"
    )
    if status:
        by_status = {s: status[s] for s in STATUSES if status[s]}
        sentence += ": " + _listing(by_status, {s: (s, s) for s in by_status})
    if phases:
        sentence += "; by phase: " + _listing(
            dict(sorted(phases.items())), {p: (f"in phase {p}", f"in phase {p}") for p in phases}
        )
    words.append(sentence + ".")
    if not coders:
        words.append("No coder is recorded for the excerpts, so double coding cannot be reported.")
    else:
        sentence = f"Coding was done by {_plural(len(coders), 'coder')}"
        if coded:
            sentence += f"; {double} of {coded} excerpts ({share:.0%}) were double-coded"
        if not math.isnan(agreement):
            sentence += f", with {agreement:.0%} agreement"
            sentence += "" if math.isnan(kappa) else f" (Cohen's kappa {kappa:.2f})"
        words.append(sentence + ".")
    if project.hypotheses:
        told = {s: h_status[s] for s in ("supported", "refined", "refuted", "conjectured")}
        said = {"conjectured": "left conjectured"}
        parts = [
            f"{n} {said.get(s, ('was ' if n == 1 else 'were ') + s)}" for s, n in told.items() if n
        ]
        text = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
        sentence = f"Of {_plural(len(project.hypotheses), 'hypothesis', 'hypotheses')}, {text}"
        if revising:
            sentence += f"; {revising} revise{'s' if revising == 1 else ''} an earlier one"
        words.append(sentence + ".")
    if project.findings:
        assessed = {k: n for k, n in levels.items() if k != "not assessed"}
        sentence = f"The team kept {_plural(len(project.findings), 'finding')}"
        if assessed:
            sentence += "; GRADE-CERQual confidence: " + ", ".join(
                f"{lvl} {n}" for lvl, n in assessed.items()
            )
        if levels.get("not assessed"):
            sentence += f"; {levels['not assessed']} not assessed"
        words.append(sentence + ".")
    frame = pd.DataFrame(rows, columns=["section", "item", "value"], dtype=object)
    return MethodsSummary(table=frame, text=" ".join(words))
