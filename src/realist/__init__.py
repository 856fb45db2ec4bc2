"""realist: realist evaluation in Python."""

from __future__ import annotations

from realist.errors import RealistError, RealistWarning

__version__ = "0.1.0"

__all__ = ["RealistError", "RealistWarning", "__version__"]
