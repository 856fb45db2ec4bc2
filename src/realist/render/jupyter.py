"""HTML for Jupyter: how a Project and a Configuration show themselves.

Importing this module registers them in :data:`realist.model.HTML_DISPLAY`, which
the models' ``_repr_html_`` methods read: the model imports no renderer. All user
text is escaped.

Examples
--------
>>> import realist as rl
>>> p = rl.Project(title="Demo <1>")
>>> _ = p.add_theme("vision", "Shared strategic vision")
>>> "Demo &lt;1&gt;" in project_html(p), "Shared strategic vision" in project_html(p)
(True, True)
"""

from __future__ import annotations

import html
from typing import Any

from realist.model import COLLECTIONS, HTML_DISPLAY, Configuration, Project

__all__ = ["configuration_html", "project_html"]

_CELL = "text-align:left;vertical-align:top;padding:2px 8px"


def project_html(project: Project) -> str:
    """A project's title, the number of items of each kind, and its themes."""
    counts = "".join(
        f'<tr><td style="{_CELL}">{name}</td>'
        f'<td style="{_CELL}">{len(getattr(project, name))}</td></tr>'
        for name in COLLECTIONS
        if getattr(project, name)
    )
    themes = "".join(
        f"<li>{html.escape(t.label)} <code>{html.escape(t.id)}</code></li>" for t in project.themes
    )
    parts = [f"<div><b>{html.escape(project.title)}</b>"]
    if project.description:
        parts.append(f"<p>{html.escape(project.description)}</p>")
    parts.append(f"<table>{counts or '<tr><td>empty project</td></tr>'}</table>")
    if themes:
        parts.append(f"<p>Themes:</p><ul>{themes}</ul>")
    parts.append("</div>")
    return "".join(parts)


def _column(k: Configuration, ids: list[str], marks: dict[str, str], labels: Any) -> str:
    items = []
    for i in ids:
        text = html.escape(labels.get(i, i) if labels else i)
        mark = marks.get(i)
        if mark:
            text += f' <i style="color:#D55E00">({html.escape(mark)})</i>'
        items.append(text)
    return "<br>".join(items) or "&ndash;"


def configuration_html(configuration: Configuration, project: Project | None = None) -> str:
    """A configuration as Context / Mechanism / Outcome columns, with cases and status.

    Without `project`, elements show as ids (a Configuration does not know its
    project); with it, as labels.

    Examples
    --------
    >>> from realist.model import Configuration
    >>> k = Configuration(id="k1", cases=["a"], contexts=["c-x"], mechanisms=["m-y"],
    ...                   outcomes=["o-z"], constraining=["c-x"])
    >>> "c-x <i" in configuration_html(k)
    True
    """
    k = configuration
    labels = {e.id: e.label for e in project.elements.values()} if project else None
    marks: dict[str, str] = dict.fromkeys(k.constraining, "constraining")
    for o in k.unintended:
        marks[o] = "unintended"
    for o in k.anticipated:
        marks[o] = ", ".join(x for x in (marks.get(o), "anticipated") if x)
    head = "".join(f'<th style="{_CELL}">{h}</th>' for h in ("Context", "Mechanism", "Outcome"))
    cells = "".join(
        f'<td style="{_CELL}">{_column(k, ids, marks, labels)}</td>'
        for ids in (k.contexts, k.mechanisms, k.outcomes)
    )
    title = html.escape(k.label or k.id)
    info = f"cases: {html.escape(', '.join(k.cases)) or '&ndash;'}; status: {k.status}"
    if k.evidence:
        info += f"; {len(k.evidence)} excerpts"
    return (
        f"<table><caption style='text-align:left'><b>{title}</b> ({info})</caption>"
        f"<thead><tr>{head}</tr></thead><tbody><tr>{cells}</tr></tbody></table>"
    )


HTML_DISPLAY[Project] = project_html
HTML_DISPLAY[Configuration] = configuration_html
