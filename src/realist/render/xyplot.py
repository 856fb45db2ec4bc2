"""XY plot of a QCA solution: membership in the solution against the outcome."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from realist.errors import MissingDependencyError, ValidationError
from realist.render import palette

if TYPE_CHECKING:
    from realist.analysis.qca import Model, Solution

__all__ = ["plot_xy"]

# Okabe-Ito: colour-blind safe
_IN = "#0072B2"  # cases in the solution (x > 0.5)
_OUT = "#E69F00"  # the others
_LINE = "#999999"


def plot_xy(
    solution_or_model: Solution | Model,
    *,
    ax: Any = None,
    label_cases: bool = True,
    title: str | None = None,
) -> Any:
    """Scatter each case's membership in a solution (x) against the outcome (y).

    Cases above the diagonal are consistent with sufficiency; the lower right
    quadrant holds the deviant cases in kind. Inclusion and coverage of the
    model appear in the title. Drawn with realist's figure style
    (:func:`realist.render.palette.figure_rc`): case names are written as
    they are, never parsed as mathtext.

    Parameters
    ----------
    solution_or_model : Solution or Model
        A :class:`~realist.analysis.qca.Solution` (its first model is drawn)
        or one of its models.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when not given.
    label_cases : bool
        Write the cases' names beside their points: one label per distinct
        point, listing every case there (crisp data puts many cases on the
        same corner).
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from realist.analysis.qca import minimize, truth_table
    >>> from realist.render.xyplot import plot_xy
    >>> df = pd.DataFrame({"A": [1, 1, 0], "Y": [1, 1, 0]}, index=["x", "y", "z"])
    >>> ax = plot_xy(minimize(truth_table(df, "Y")))
    >>> ax.get_xlabel()
    'A'
    """
    from realist.analysis.qca import Model, Solution

    if isinstance(solution_or_model, Solution):
        model = solution_or_model.models[0]
    elif isinstance(solution_or_model, Model):
        model = solution_or_model
    else:
        raise ValidationError(
            f"plot_xy() needs a QCA Solution or Model, got {type(solution_or_model).__name__}"
        )
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:  # pragma: no cover - matplotlib is a dependency
        raise MissingDependencyError("plot_xy() needs matplotlib: pip install matplotlib") from err
    with palette.figure_context():
        if ax is None:
            _, ax = plt.subplots(figsize=(5, 5))
        x = model.membership
        y = model.outcome_membership
        inside = x > 0.5
        ax.plot([0, 1], [0, 1], color=_LINE, linewidth=1, linestyle="--", zorder=1)
        ax.axvline(0.5, color=_LINE, linewidth=0.5, zorder=1)
        ax.axhline(0.5, color=_LINE, linewidth=0.5, zorder=1)
        ax.scatter(x[inside], y[inside], color=_IN, marker="o", label="in the solution", zorder=2)
        ax.scatter(x[~inside], y[~inside], color=_OUT, marker="s", label="outside", zorder=2)
        if label_cases:
            for (xi, yi), names in _cases_by_point(model.case_ids, x, y).items():
                ax.annotate(
                    _point_label(names),
                    (xi, yi),
                    textcoords="offset points",
                    xytext=(4, 4),
                    fontsize=8,
                )
        ax.set_xlim(-0.03, 1.03)
        ax.set_ylim(-0.03, 1.03)
        ax.set_aspect("equal")
        ax.set_xlabel(model.expression)
        ax.set_ylabel(model.outcome)
        ax.set_title(
            title
            if title is not None
            else f"{model.label}: inclS {model.inclusion:.3f}, covS {model.coverage:.3f}",
            fontsize=10,
        )
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        palette.plain_text(ax)
    return ax


def _cases_by_point(
    names: Iterable[Any], x: Iterable[float], y: Iterable[float]
) -> dict[tuple[float, float], list[str]]:
    """The cases at each distinct point, in case order (crisp data piles cases on corners).

    Examples
    --------
    >>> _cases_by_point(["a", "b", "c"], [1.0, 1.0, 0.0], [1.0, 1.0, 0.0])
    {(1.0, 1.0): ['a', 'b'], (0.0, 0.0): ['c']}
    """
    points: dict[tuple[float, float], list[str]] = {}
    for name, xi, yi in zip(names, x, y, strict=True):
        points.setdefault((round(float(xi), 6), round(float(yi), 6)), []).append(str(name))
    return points


def _point_label(names: list[str], per_line: int = 4) -> str:
    """The names of the cases at one point, a few to a line.

    Examples
    --------
    >>> print(_point_label(["a", "b", "c", "d", "e"]))
    a, b, c, d,
    e
    """
    rows = [", ".join(names[i : i + per_line]) for i in range(0, len(names), per_line)]
    return ",\n".join(rows)
