"""Readable ids made from labels.

Kept apart from the model so that importers (tables, REFI-QDA) make ids the
same way the add-methods do.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Annotated, Any

__all__ = ["ID_PATTERN", "TakenIds", "is_id", "label_key", "slugify"]

#: What an id may look like: a letter, digit or underscore first, then also
#: ``. : / @ + -``. No spaces, so ids can be typed, quoted and used in DOT.
ID_PATTERN = r"^[\w][\w.:/@+\-]*$"

_NON_WORD = re.compile(r"[^a-z0-9]+")
_UNICODE_NON_WORD = re.compile(r"[\W_]+")

#: Characters that change nothing a reader sees: zero-width space, joiners and
#: non-joiners, word joiner, byte-order mark, soft hyphen, and the bidirectional
#: marks and embeddings that editors paste around right-to-left text.
_INVISIBLE = dict.fromkeys(
    [
        *(0x00AD, 0x180E, 0xFEFF),
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x206A),
    ]
)


def label_key(label: str) -> str:
    """What makes two labels the same label: compared after Unicode NFC, without
    invisible characters (zero-width, direction marks, soft hyphens, a BOM),
    with runs of whitespace as one space, ignoring case.

    Every reader (spreadsheets, REFI-QDA, mappings) tells labels apart by this
    key, so a label pasted from Word with a soft hyphen or a right-to-left
    mark is the same label as the one typed.

    Examples
    --------
    >>> label_key("Local cham\\u00adpions") == label_key("local  CHAMPIONS\\u200b")
    True
    >>> label_key("cafe\\u0301") == label_key("café")
    True
    """
    text = unicodedata.normalize("NFC", label).translate(_INVISIBLE)
    return " ".join(text.split()).casefold()


def is_id(text: str) -> bool:
    """Whether the model accepts `text` as an id: the model's own check, so that
    readers and the model never disagree (one pattern, one regex engine).

    Examples
    --------
    >>> is_id("cfg-sandwell-1"), is_id("m-местный-лидер"), is_id("k1\\n"), is_id("a b")
    (True, True, False, False)
    """
    from pydantic import ValidationError as _PydanticError

    try:
        _id_adapter().validate_python(text)
    except _PydanticError:
        return False
    return True


@functools.cache
def _id_adapter() -> Any:
    from pydantic import StringConstraints, TypeAdapter

    return TypeAdapter(Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=200)])


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
    >>> slugify("Местный лидер")
    'местный-лидер'
    """
    words: list[str] = []
    native = unicodedata.normalize("NFC", label.translate(_INVISIBLE))
    for word in _UNICODE_NON_WORD.split(native):
        folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")
        parts = [w for w in _NON_WORD.split(folded.lower()) if w]
        if parts:
            words += parts
        elif word and is_id(word.casefold()):  # a script with no ASCII folding: kept
            words.append(word.casefold())
    words = words[:max_words]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:max_length]
    return slug or "item"


class TakenIds(set[str]):
    """Ids given out so far by a reader, and where each base's numbering got to,
    so that 20,000 labels that slug alike stay linear (``item``, ``item-2``, ...).

    Examples
    --------
    >>> taken = TakenIds()
    >>> [taken.unique("item") for _ in range(3)]
    ['item', 'item-2', 'item-3']
    """

    def __init__(self) -> None:
        super().__init__()
        self.next: dict[str, int] = {}

    def unique(self, base: str) -> str:
        """`base` if free, else ``base-<n>`` for the first free n from 2; taken."""
        if base not in self:
            self.add(base)
            return base
        return self.numbered(base, start=2)

    def numbered(self, base: str, *, start: int = 1) -> str:
        """``base-<n>`` for the first free n from `start` (or from where the last
        search for `base` ended); taken."""
        n = self.next.get(base, start)
        while f"{base}-{n}" in self:
            n += 1
        self.next[base] = n + 1
        ident = f"{base}-{n}"
        self.add(ident)
        return ident
