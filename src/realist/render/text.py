"""Plain-text views of a project, for terminals and log files."""

from __future__ import annotations

from collections import Counter

from realist.model import STATUSES, Project

__all__ = ["summary_text"]


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
    1 theme, 1 case, 0 sources, 0 evidence, 0 contexts, 1 mechanism, 1 outcome,
    1 configuration, 0 links, 0 hypotheses
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


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent + "  ")
