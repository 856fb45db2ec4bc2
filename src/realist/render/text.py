"""Plain-text views of a project, for terminals and log files."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from realist.model import STATUSES, Project

__all__ = ["analysis_text", "summary_text"]


def summary_text(project: Project) -> str:
    """A short plain-text summary of a project: counts, cases, themes, statuses.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="Demo")
    >>> _ = p.add_theme("vision", "Shared strategic vision")
    >>> _ = p.add_case("a", "Case A", country="Wales")
    >>> k = p.add_configuration(case="a", mechanisms=[p.add_mechanism("Champions")],
    ...                         outcomes=[p.add_outcome("Vision")], themes=["vision"])
    >>> print(summary_text(p))
    Demo
    ====
    1 theme, 0 codes, 1 case, 0 sources, 0 evidence, 0 contexts, 1 mechanism, 1
      outcome, 1 configuration, 0 links, 0 hypotheses, 0 findings
    <BLANKLINE>
    Cases (configurations):
      a  Case A  1  [country=Wales]
    <BLANKLINE>
    Themes (configurations):
      vision  Shared strategic vision  1
    <BLANKLINE>
    Configurations by status: conjectured 1
    """
    lines = [project.title, "=" * len(project.title)]
    counts = []
    for name, n in project.summary().items():
        label = name
        if n == 1:
            label = {"hypotheses": "hypothesis", "evidence": "evidence"}.get(name, name[:-1])
        counts.append(f"{n} {label}")
    lines.extend(_wrap(", ".join(counts), 80))

    per_case: Counter[str] = Counter(c for k in project.configurations for c in k.cases)
    if project.cases:
        lines += ["", "Cases (configurations):"]
        w_id = max(len(c.id) for c in project.cases)
        w_name = max(len(c.name) for c in project.cases)
        for c in project.cases:
            attrs = ", ".join(f"{k}={v}" for k, v in c.attributes.items())
            tail = f"  [{attrs}]" if attrs else ""
            lines.append(f"  {c.id:<{w_id}}  {c.name:<{w_name}}  {per_case[c.id]}{tail}")

    per_theme: Counter[str] = Counter(t for k in project.configurations for t in k.themes)
    if project.themes:
        lines += ["", "Themes (configurations):"]
        w_id = max(len(t.id) for t in project.themes)
        w_label = max(len(t.label) for t in project.themes)
        for t in project.themes:
            lines.append(f"  {t.id:<{w_id}}  {t.label:<{w_label}}  {per_theme[t.id]}")

    if project.configurations:
        status: Counter[str] = Counter(k.status for k in project.configurations)
        shown = ", ".join(f"{s} {status[s]}" for s in STATUSES if status[s])
        lines += ["", f"Configurations by status: {shown}"]
    if project.hypotheses:
        lines += ["", "Hypotheses:"]
        for h in project.hypotheses:
            lines.extend(_wrap(f"{h.id} [{h.status}] {h.statement}", 80, indent="  "))
    return "\n".join(lines)


def analysis_text(project: Project, *, min_cases: int = 2, top: int = 8) -> str:
    """The cross-case analysis of a project as plain text: what ``realist demo`` prints.

    Sections: recurring elements by theme (HIPP's Table 4), closed CMO
    regularities with their counter-cases, contrasts, evidence strength,
    hypotheses, and label merges to review. Every number comes from the
    functions of :mod:`realist.analysis`; this only lays them out.

    Examples
    --------
    >>> import realist as rl
    >>> text = analysis_text(rl.datasets.load("hipp"))
    >>> print(text.splitlines()[0])
    Recurring elements by theme (in at least 2 cases)
    >>> "History of working together [2: sandwell, telford-wrekin]" in text
    True
    """
    from realist.analysis.contrasts import contrasts
    from realist.analysis.evidence import evidence_table
    from realist.analysis.harmonise import suggest_merges
    from realist.analysis.regularities import find_regularities, recurring_elements
    from realist.analysis.theory import hypothesis_summary

    labels = {e.id: e.label for e in project.elements.values()}
    themes = {t.id: t.label for t in project.themes}

    def names(ids: Iterable[str]) -> str:
        return "; ".join(labels.get(i, i) for i in ids) or "-"

    out = [f"Recurring elements by theme (in at least {min_cases} cases)"]
    table = recurring_elements(project, min_cases=min_cases)
    for theme, rows in table.groupby("theme", sort=False):
        out.append(f"  {themes.get(str(theme), str(theme))}")
        for kind, members in rows.groupby("kind", sort=False):
            cells = [
                f"{label} [{n}: {', '.join(cases)}]"
                for label, n, cases in zip(
                    members["label"], members["n_cases"], members["cases"], strict=True
                )
            ]
            out.extend(_wrap(f"{str(kind).capitalize()}: " + "; ".join(cells), 100, "    "))

    regs = find_regularities(project, min_cases=min_cases)
    out += ["", f"Closed CMO regularities (in at least {min_cases} cases): {len(regs)}"]
    for r in regs[:top]:
        head = f"{r.n_cases} cases ({', '.join(r.cases)})"
        if r.counter_cases:
            head += f"; counter-cases: {', '.join(r.counter_cases)}"
        out.append(f"  {head}")
        out.extend(_wrap(f"C: {names(r.contexts)}", 100, "    "))
        out.extend(_wrap(f"M: {names(r.mechanisms)}", 100, "    "))
        out.extend(_wrap(f"O: {names(r.outcomes)}", 100, "    "))

    found = contrasts(project, by="mechanism")
    out += ["", f"Contrasts (same mechanism, different outcomes): {len(found)}"]
    for contrast in found[:top]:
        out.extend(_wrap(f"{names(contrast.mechanisms)}:", 100, "  "))
        for outcome_group in contrast.groups:
            given = names(outcome_group.distinguishing_contexts)
            line = (
                f"-> {names(outcome_group.outcomes)} in {', '.join(outcome_group.cases)} "
                f"given {given}"
            )
            out.extend(_wrap(line, 100, "    "))

    ev = evidence_table(project)
    out += [
        "",
        "Evidence per configuration",
        f"  {len(ev)} configurations; median {ev['n_evidence'].median():.0f} excerpts and "
        f"{ev['n_sources'].median():.0f} sources each",
        f"  resting on a single source: {int(ev['single_source'].sum())}; "
        f"on a single kind of source: {int(ev['single_kind'].sum())}; "
        f"without evidence: {int(ev['no_evidence'].sum())}; "
        f"with unverified quotes: {int((ev['unverified_quotes'] > 0).sum())}",
    ]

    hyp = hypothesis_summary(project)
    if len(hyp):
        out += ["", "Hypotheses: configurations testing them, evidence for / against"]
        for h in hyp.itertuples():
            out.append(
                f"  {h.id} [{h.status}] {h.n_configurations} configurations "
                f"({h.n_supported} supported, {h.n_refuted} refuted); "
                f"evidence {h.n_supporting_evidence} / {h.n_refuting_evidence}"
            )

    merges = suggest_merges(project)
    out += ["", f"Label merges to review (never applied automatically): {len(merges)}"]
    for m in merges[: min(top, 5)]:
        out.extend(
            _wrap(f"{m.score:.0f} {m.reason}: {labels[m.keep]!r} <- {labels[m.merge]!r}", 100, "  ")
        )
    return "\n".join(out)


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent + "  ")
