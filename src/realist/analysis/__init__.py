"""Pure functions over a Project: regularities, contrasts, evidence, QCA, theory."""

from __future__ import annotations

from realist.analysis.quotes import QuoteMatch, locate_quote, match_quotes

__all__ = ["QuoteMatch", "locate_quote", "match_quotes"]
