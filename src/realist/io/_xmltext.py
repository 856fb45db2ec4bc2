r"""Text that XML 1.0 can hold: the one rule for every XML file realist writes.

XML 1.0 cannot hold some characters at all, not even as ``&#...;``
references: the C0 control characters other than tab, newline and carriage
return (U+0000-U+001F; Word pastes ``\x0b`` for a manual line break), the
code points U+FFFE and U+FFFF, and lone surrogates (U+D800-U+DFFF, which a
Python ``str`` can hold when text was decoded with ``surrogateescape``). A
writer that lets one through produces a file no XML parser reads. The
GraphML, GEXF and REFI-QDA codebook writers pass every label, description,
attribute name and attribute value through :func:`xml_text`, which makes each
such character a space, so the file stays valid and the words around it stay
apart.

Examples
--------
>>> xml_text("Local\x0bchampions\ufffe")
'Local champions '
>>> xml_value(2006), xml_value("a\x00b")
(2006, 'a b')
"""

from __future__ import annotations

import re
from typing import TypeVar

__all__ = ["NOT_XML", "xml_text", "xml_value"]

#: One character XML 1.0 cannot hold, escaped or not.
NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_T = TypeVar("_T")


def xml_text(text: str) -> str:
    r"""`text` with every character XML 1.0 cannot hold made a space.

    Tab, newline and carriage return are kept; everything else below U+0020,
    U+FFFE, U+FFFF and lone surrogates become spaces.

    Examples
    --------
    >>> xml_text("tab\tkept, \x1f\ud800 replaced")
    'tab\tkept,   replaced'
    """
    return NOT_XML.sub(" ", text)


def xml_value(value: _T) -> _T:
    r"""`value` through :func:`xml_text` when it is a string; anything else as it is.

    Examples
    --------
    >>> xml_value("x\x0by"), xml_value(True), xml_value(0.5)
    ('x y', True, 0.5)
    """
    if isinstance(value, str):
        return xml_text(value)  # type: ignore[return-value]
    return value
