"""Set membership of cases from a realist Project, for QCA (private).

The rule (documented in ``docs/qca.md`` and :func:`realist.truth_table`):

* a case is in the set of an element (context, mechanism or outcome) when at
  least one configuration of that case that counts lists the element;
* a configuration counts when its status is in `statuses` (all statuses by
  default; ``"supported"`` for supported configurations only);
* a *refuted* configuration that counts puts the case in the sets of its
  contexts and mechanisms (they were there) but not in the sets of its
  outcomes (the expected outcome did not happen);
* with `negate_constraining`, a context listed as *constraining* in a
  configuration does not put the case in that context's set (it counts as
  absent), so the set holds the cases where the context is enabling;
* a set that is not an element id is read from the case attribute of that
  name: booleans give 1/0, numbers in [0, 1] are used as they are, other
  numbers go through :func:`realist.calibrate` with the anchors given in
  `calibration`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from realist.analysis.calibration import calibrate
from realist.errors import UnknownIdError, ValidationError

if TYPE_CHECKING:
    from realist.model import Project

__all__ = ["project_membership"]

_STATUSES = ("conjectured", "supported", "refuted", "refined")


def _calibrate(values: np.ndarray, anchors: Sequence[float]) -> np.ndarray:
    if len(anchors) != 3:
        raise ValidationError(
            f"calibration anchors must be (exclusion, crossover, inclusion), got {tuple(anchors)!r}"
        )
    out: np.ndarray = np.asarray(calibrate(values, anchors[0], anchors[1], anchors[2]))
    return out


def project_membership(
    project: Project,
    sets: Sequence[str],
    *,
    statuses: str | Collection[str] | None,
    negate_constraining: bool,
    calibration: Mapping[str, Sequence[float]] | None,
) -> tuple[pd.DataFrame, dict[str, dict[str, tuple[str, ...]]]]:
    """Membership of each case in each set, and the configurations behind it.

    Returns a DataFrame (index: case ids, one column per set) and, per case,
    per set, the ids of the configurations that put the case in the set.
    """
    if statuses is None:
        allowed = set(_STATUSES)
    else:
        allowed = {statuses} if isinstance(statuses, str) else set(statuses)
        bad = sorted(allowed - set(_STATUSES))
        if bad:
            raise ValidationError(
                f"unknown configuration status {bad[0]!r}; expected one of {', '.join(_STATUSES)}"
            )
    calibration = dict(calibration or {})
    elements = project.elements
    cases = [c.id for c in project.cases]
    if not cases:
        raise ValidationError("the project has no cases: QCA compares cases")
    attributes = {a for c in project.cases for a in c.attributes}
    for s in sets:
        if s not in elements and s not in attributes:
            known = sorted(elements) + sorted(attributes)
            raise UnknownIdError(
                f"unknown set {s!r}: not an element id nor a case attribute; "
                f"available: {', '.join(known) or '(none)'}"
            )
    sources: dict[str, dict[str, tuple[str, ...]]] = {c: {} for c in cases}
    frame = pd.DataFrame(0.0, index=pd.Index(cases, name="case"), columns=list(sets))
    for s in sets:
        if s in elements:
            for cfg in project.configurations:
                if cfg.status not in allowed:
                    continue
                present = s in cfg.contexts or s in cfg.mechanisms
                # An outcome only counts when it happened: not for a refuted configuration.
                if not present and (s not in cfg.outcomes or cfg.status == "refuted"):
                    continue
                if negate_constraining and s in cfg.constraining:
                    continue
                for case in cfg.cases:
                    if case in sources:
                        frame.loc[case, s] = 1.0
                        sources[case][s] = (*sources[case].get(s, ()), cfg.id)
            continue
        raw = [c.attributes.get(s) for c in project.cases]
        missing = [c.id for c, v in zip(project.cases, raw, strict=True) if v is None]
        if missing:
            raise ValidationError(
                f"case attribute {s!r} is missing for case {missing[0]!r}; "
                "every case needs a value to be placed in the set"
            )
        if all(isinstance(v, bool) for v in raw):
            frame[s] = [1.0 if v else 0.0 for v in raw]
            continue
        bad_values = [v for v in raw if isinstance(v, (bool, str))]
        if bad_values:
            raise ValidationError(
                f"case attribute {s!r} has the non-numeric value {bad_values[0]!r}; "
                "expected numbers (or booleans) to turn into set membership"
            )
        values = np.array(raw, dtype=float)
        if s in calibration:
            frame[s] = _calibrate(values, calibration[s])
        elif ((values >= 0) & (values <= 1)).all():
            frame[s] = values
        else:
            raise ValidationError(
                f"case attribute {s!r} has values outside [0, 1] (e.g. {values.max()!r})",
                hint=f"give calibration={{{s!r}: (exclusion, crossover, inclusion)}}",
            )
    return frame, sources
