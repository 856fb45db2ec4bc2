"""Calibration: fuzzy set membership from raw values (the direct method).

Shared by QCA (:mod:`realist.analysis.qca`), CNA and the project membership
both compute (``calibration=``); :func:`calibrate` is ``realist.calibrate``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, overload

from realist.errors import ValidationError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    FloatArray = npt.NDArray[np.float64]

__all__ = ["calibrate"]


@overload
def calibrate(
    values: pd.Series,
    exclusion: float,
    crossover: float,
    inclusion: float,
    *,
    idm: float = 0.95,
) -> pd.Series: ...
@overload
def calibrate(
    values: Iterable[float] | FloatArray,
    exclusion: float,
    crossover: float,
    inclusion: float,
    *,
    idm: float = 0.95,
) -> FloatArray: ...
def calibrate(
    values: Any,
    exclusion: float,
    crossover: float,
    inclusion: float,
    *,
    idm: float = 0.95,
) -> Any:
    """Fuzzy set membership from raw values, by the direct method (logistic).

    As R QCA's ``calibrate(x, type = "fuzzy", thresholds = c(e, c, i))``: the
    crossover gets 0.5, the inclusion anchor `idm` (0.95) and the exclusion
    anchor ``1 - idm``. Anchors in decreasing order (``exclusion > inclusion``)
    calibrate a set whose membership falls as the value rises.

    Parameters
    ----------
    values : array-like or pandas.Series
        Raw numeric values (a Series keeps its index).
    exclusion, crossover, inclusion : float
        The three anchors, strictly monotone.
    idm : float
        Membership at the inclusion anchor, in (0.5, 1).

    Returns
    -------
    numpy.ndarray or pandas.Series
        Memberships in (0, 1).

    Examples
    --------
    >>> from realist.analysis.calibration import calibrate
    >>> calibrate([1, 5, 9], 1, 5, 9).round(3).tolist()
    [0.05, 0.5, 0.95]
    >>> calibrate([10, 30], exclusion=30, crossover=20, inclusion=10).round(2).tolist()
    [0.95, 0.05]
    """
    import numpy as np
    import pandas as pd

    for name, v in (("exclusion", exclusion), ("crossover", crossover), ("inclusion", inclusion)):
        if isinstance(v, bool) or not isinstance(v, (int, float, np.number)) or not np.isfinite(v):
            raise ValidationError(f"calibration anchor {name}={v!r} is not a finite number")
    if not (exclusion < crossover < inclusion or exclusion > crossover > inclusion):
        raise ValidationError(
            f"calibration anchors must be strictly monotone: got exclusion={exclusion!r}, "
            f"crossover={crossover!r}, inclusion={inclusion!r}"
        )
    if not 0.5 < idm < 1:
        raise ValidationError(f"idm must be between 0.5 and 1, got {idm!r}")
    index = values.index if isinstance(values, pd.Series) else None
    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        sample = next((v for v in list(values) if not _is_number(v)), values)
        raise ValidationError(
            f"calibrate() needs numbers; got the non-numeric value {sample!r}"
        ) from None
    if np.isnan(x).any():
        raise ValidationError("calibrate() got a missing value (NaN); drop or impute it first")
    k = math.log(idm / (1 - idm))
    up = (x - crossover) * (inclusion - crossover) >= 0
    y = np.where(
        up, (x - crossover) / (inclusion - crossover), (x - crossover) / (crossover - exclusion)
    )
    out = 1.0 / (1.0 + np.exp(-k * y))
    if index is not None:
        return pd.Series(out, index=index, name=getattr(values, "name", None))
    return out


def _is_number(v: object) -> bool:
    try:
        float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True
