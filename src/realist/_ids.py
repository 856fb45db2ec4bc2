"""Readable ids made from labels.

Kept apart from the model so that importers (tables, REFI-QDA) make ids the
same way the add-methods do.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ID_PATTERN", "slugify"]

#: What an id may look like: a letter, digit or underscore first, then also
#: ``. : / @ + -``. No spaces, so ids can be typed, quoted and used in DOT.
ID_PATTERN = r"^[\w][\w.:/@+\-]*$"

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(label: str, *, max_words: int = 5, max_length: int = 40) -> str:
    """Turn a label into the readable part of an id.

    Accents are folded to ASCII, everything else that is not a letter or digit
    becomes a hyphen, and the result keeps at most `max_words` words and
    `max_length` characters (cut at a word boundary).

    Parameters
    ----------
    label : str
        Any text.
    max_words : int, optional
        How many words to keep.
    max_length : int, optional
        The longest slug returned.

    Returns
    -------
    str
        A lower-case slug; ``"item"`` when nothing usable is left.

    Examples
    --------
    >>> slugify("History of working together")
    'history-of-working-together'
    >>> slugify("Co-terminous health and local authorities (HA/LA)")
    'co-terminous-health-and-local'
    >>> slugify("Équipe « santé »")
    'equipe-sante'
    >>> slugify("???")
    'item'
    """
    folded = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    words = [w for w in _NON_WORD.split(folded.lower()) if w][:max_words]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:max_length]
    return slug or "item"
