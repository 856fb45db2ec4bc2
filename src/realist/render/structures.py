"""Causal structures found by coincidence analysis, drawn: a csf as a diagram.

Drawing lives here, in ``render``; :mod:`realist.analysis.cna` finds the
structures and never draws.
"""

from __future__ import annotations

from typing import Any

from realist.analysis.cna import CnaResult
from realist.errors import ValidationError
from realist.render import palette
from realist.render.dot import escape, make_digraph, node_name

__all__ = ["csf_diagram"]


def _parse_asf(text: str) -> tuple[list[list[str]], str]:
    lhs, outcome = text.split("<->")
    return [d.split("*") for d in lhs.split("+")], outcome


def _factor(literal: str) -> str:
    """The factor of a literal (``A``, ``a`` or ``A=2``), in lower case."""
    return literal.partition("=")[0].lower()


def csf_diagram(result: CnaResult, index: int = 0) -> Any:
    """The causal structure of a csf as a diagram (a :class:`graphviz.Digraph`).

    Conditions point to the outcomes they explain; a conjunction (``*``)
    meets in a small ``*`` node before its arrow goes on to the outcome, and
    alternatives (``+``) are the several arrows that reach an outcome. An
    absent factor (lower case) is drawn with a dashed arrow in the house's
    negative colour and labelled "absent"; the arrow of a multi-value factor
    is labelled with its value (``=2``), and an outcome value (``E=2``) is
    drawn as its factor's node. Outcomes that are also conditions (chains)
    appear once. The DOT source is deterministic; rendering needs
    Graphviz (``.write("csf.svg")``).

    Parameters
    ----------
    result : CnaResult
        The result of :func:`realist.cna`.
    index : int
        Which csf (row of ``result.csf``), the first by default.

    Returns
    -------
    graphviz.Digraph
        The diagram (``.source`` is its DOT text).

    Raises
    ------
    ValidationError
        When there is no csf at that index.

    Examples
    --------
    >>> import pandas as pd
    >>> from realist.analysis.cna import cna
    >>> from realist.render.structures import csf_diagram
    >>> df = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "C": [1, 0, 0, 0]})
    >>> g = csf_diagram(cna(df, outcomes=["C"]))
    >>> "A -> and_C_1" in g.source and "and_C_1 -> C" in g.source
    True
    """
    if not 0 <= index < len(result.csf):
        raise ValidationError(f"there is no csf number {index} (the result has {len(result.csf)})")
    condition = str(result.csf["condition"].iloc[index])
    parts = (
        [condition]
        if ")*(" not in condition and not condition.startswith("(")
        else [p.strip("()") for p in condition.split(")*(")]
    )
    by_lower = {f.lower(): f for f in result.factors}
    asfs = [_parse_asf(p) for p in parts]
    outcomes = {o for _, o in asfs}
    outcome_factors = {by_lower[_factor(o)] for o in outcomes}
    used = {
        by_lower[_factor(lit)] for disj, _ in asfs for conj in disj for lit in conj
    } | outcome_factors
    font = palette.FONT_FAMILY
    g = make_digraph(
        "csf",
        [("rankdir", "LR"), ("charset", "UTF-8"), ("fontname", font), ("nodesep", "0.2")],
    )
    body = [
        f'\tnode [fontname="{font}" fontsize=9 margin="0.08,0.04"]\n',
        f'\tedge [fontname="{font}" fontsize=7.5 arrowsize=0.6 color="#4D4D4D"]\n',
    ]
    names: dict[str, str] = {}
    for f in result.factors:  # column order: deterministic
        if f not in used:
            continue
        kind = "outcome" if f in outcome_factors else "context"
        body.append(
            f"\t{node_name(f, names)} [label=<{escape(f)}> shape=box "
            f'style="rounded,filled" color="{palette.KIND_COLOURS[kind]}" '
            f'fillcolor="{palette.KIND_FILLS[kind]}"]\n'
        )

    def edge(lit: str, target: str, head: str = "") -> str:
        source = node_name(by_lower[_factor(lit)], names)
        if "=" in lit:  # a multi-value factor at a value: the value labels the arrow
            return f"\t{source} -> {target} [label=<={escape(lit.partition('=')[2])}>{head}]\n"
        if lit == by_lower[lit.lower()]:
            return f"\t{source} -> {target}{f' [{head.strip()}]' if head else ''}\n"
        return (
            f'\t{source} -> {target} [style=dashed color="{palette.NEGATIVE}" '
            f'fontcolor="{palette.NEGATIVE}" label="absent"{head}]\n'
        )

    for disj, outcome in asfs:
        target = node_name(by_lower[_factor(outcome)], names)
        # the value of a multi-value outcome is written where the arrows arrive
        head = f" headlabel=<={escape(outcome.partition('=')[2])}>" if "=" in outcome else ""
        for k, conj in enumerate(disj, 1):
            if len(conj) == 1:
                body.append(edge(conj[0], target, head))
                continue
            junction = node_name(f"and_{outcome.replace('=', '_')}_{k}", names)
            body.append(
                f'\t{junction} [label="*" shape=circle width=0.22 fixedsize=true fontsize=10]\n'
            )
            body.extend(edge(lit, junction) for lit in conj)
            body.append(f"\t{junction} -> {target}{f' [{head.strip()}]' if head else ''}\n")
    g.body.extend(body)
    return g
