"""Colours, sizes and styles shared by every figure and diagram.

The colours are the Okabe-Ito palette (Okabe & Ito, 2008), which stays
distinguishable under the common colour-vision deficiencies. Nothing is told
by colour alone: each element kind also has its own shape, constraining and
unintended items a dashed outline, and source kinds a hatch, so figures
survive greyscale printing.

Examples
--------
>>> from realist.render import palette
>>> palette.KIND_COLOURS["mechanism"]
'#E69F00'
>>> palette.tint("#0072B2", 0.25)
'#BFDCEC'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

__all__ = [
    "COLUMN_WIDTH",
    "FONT_FAMILY",
    "FONT_SIZE",
    "KIND_COLOURS",
    "KIND_FILLS",
    "KIND_LABELS",
    "KIND_SHAPES",
    "NEGATIVE",
    "OKABE_ITO",
    "PAGE_WIDTH",
    "SOURCE_KIND_COLOURS",
    "SOURCE_KIND_HATCHES",
    "STATUS_COLOURS",
    "drawable",
    "figure_context",
    "figure_rc",
    "plain_text",
    "tint",
]

#: The eight colours of Okabe & Ito's palette, by name.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}

#: Outline colour of each element kind.
KIND_COLOURS: dict[str, str] = {
    "context": OKABE_ITO["blue"],
    "mechanism": OKABE_ITO["orange"],
    "outcome": OKABE_ITO["bluish green"],
    "configuration": "#555555",
    "case": "#555555",
}

#: Column headings of the three kinds.
KIND_LABELS: dict[str, str] = {
    "context": "Context",
    "mechanism": "Mechanism",
    "outcome": "Outcome",
}

#: Graphviz node shape of each element kind (shape tells kind apart in greyscale).
KIND_SHAPES: dict[str, str] = {
    "context": "box",
    "mechanism": "hexagon",
    "outcome": "box",
    "configuration": "note",
    "case": "folder",
}

#: What marks a constraining context, an unintended outcome, a counter-case.
NEGATIVE = OKABE_ITO["vermillion"]

#: Colour of each source kind (evidence figures), with a hatch for greyscale.
SOURCE_KIND_COLOURS: dict[str, str] = {
    "interview": OKABE_ITO["blue"],
    "document": OKABE_ITO["orange"],
    "observation": OKABE_ITO["bluish green"],
    "survey": OKABE_ITO["reddish purple"],
    "other": "#999999",
}
SOURCE_KIND_HATCHES: dict[str, str] = {
    "interview": "",
    "document": "//",
    "observation": "..",
    "survey": "xx",
    "other": "\\\\",
}

#: Colour of each configuration status.
STATUS_COLOURS: dict[str, str] = {
    "supported": OKABE_ITO["bluish green"],
    "refined": OKABE_ITO["blue"],
    "conjectured": "#777777",
    "refuted": OKABE_ITO["vermillion"],
}

#: Widths, in inches, of a journal's single column and full page.
COLUMN_WIDTH = 3.5
PAGE_WIDTH = 7.2

#: Font of diagrams and figures (graphviz falls back through fontconfig).
FONT_FAMILY = "Helvetica"
FONT_SIZE = 8.0


def tint(colour: str, strength: float) -> str:
    """`colour` (``#RRGGBB``) mixed with white: ``strength`` 1 keeps it, 0 gives white.

    Examples
    --------
    >>> tint("#000000", 0.5)
    '#808080'
    """
    value = colour.lstrip("#")
    rgb = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(255 - (255 - c) * strength) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in mixed)


#: Fill colour of each element kind: a light tint, so black text stays legible.
KIND_FILLS: dict[str, str] = {kind: tint(colour, 0.22) for kind, colour in KIND_COLOURS.items()}


def figure_rc() -> dict[str, Any]:
    """matplotlib rcParams for figures readable at journal column width.

    Small but legible type (8 pt), thin spines, no top/right spines, fonts
    embedded as text (Type 42) in PDF, and deterministic SVG output. Text is
    never parsed as mathtext: a label such as ``"Budget cut from $2m to $1m"``
    is drawn as written, not as italic maths (and ``"$\\badcmd$"`` raises no
    error), since labels in realist are the user's words, not formulas.

    Examples
    --------
    >>> figure_rc()["font.size"]
    8.0
    >>> figure_rc()["text.parse_math"]
    False
    """
    return {
        "font.size": FONT_SIZE,
        "text.parse_math": False,
        "axes.titlesize": FONT_SIZE + 1,
        "axes.labelsize": FONT_SIZE,
        "xtick.labelsize": FONT_SIZE - 0.5,
        "ytick.labelsize": FONT_SIZE - 0.5,
        "legend.fontsize": FONT_SIZE - 0.5,
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.linewidth": 0.6,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "hatch.linewidth": 0.6,
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "path",
        "svg.hashsalt": "realist",
        "savefig.dpi": 300,
        "savefig.bbox": "tight",
        "savefig.pad_inches": 0.03,
    }


# What SVG (XML 1.0) cannot hold, nor a font draw: control characters but the
# newline that separates the lines of a label, U+FFFE, U+FFFF, lone surrogates.
_NOT_DRAWABLE = re.compile(r"[^\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def drawable(text: str) -> str:
    r"""`text` as every figure format can hold it: newlines kept, other controls spaces.

    Control characters (a ``\x0b`` pasted from Word, a ``\x1f``), U+FFFE,
    U+FFFF and lone surrogates would make an SVG that no XML parser reads
    (and no font has a glyph for them); each becomes a space.

    Examples
    --------
    >>> drawable("Case\x0bA\ufffe\ntwo")
    'Case A \ntwo'
    """
    return _NOT_DRAWABLE.sub(" ", text)


class _DrawableLabels:
    """A tick-formatting function whose labels go through :func:`drawable`."""

    def __init__(self, func: Any) -> None:
        self.func = func

    def __call__(self, x: Any, pos: Any = None) -> str:
        return drawable(str(self.func(x, pos)))


def plain_text(ax: Any) -> None:
    """Draw every text of `ax` as written: never as mathtext, nothing SVG cannot hold.

    Text made inside :func:`figure_context` is not parsed as mathtext already;
    the titles, axis labels and tick labels were made with the Axes, which may
    come from the caller (``ax=``) and so predate the context. Every text of
    the Axes (titles, labels, tick labels and the fixed labels ticks take
    when drawn, annotations, the legend) also goes through :func:`drawable`,
    so a label holding control characters still gives valid SVG. Each figure
    function of realist calls this once its Axes is complete.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("From $2m to $1m")
    >>> _ = ax.set_yticks([0], ["Case\x0bA"])
    >>> plain_text(ax)
    >>> ax.title.get_parse_math()
    False
    >>> fig.draw_without_rendering()
    >>> ax.get_yticklabels()[0].get_text()
    'Case A'
    >>> plt.close(fig)
    """
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    texts = [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
    for axis in (ax.xaxis, ax.yaxis):
        for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
            texts.extend((tick.label1, tick.label2))
        for formatter in (axis.get_major_formatter(), axis.get_minor_formatter()):
            # tick labels are made again from these when drawn (set_ticklabels makes one)
            if isinstance(formatter, FixedFormatter):
                formatter.seq = [drawable(str(label)) for label in formatter.seq]
            elif isinstance(formatter, FuncFormatter) and not isinstance(
                formatter.func, _DrawableLabels
            ):
                formatter.func = _DrawableLabels(formatter.func)
    for text in texts:
        text.set_parse_math(False)
    for text in ax.findobj(Text):
        shown = text.get_text()
        if isinstance(shown, str) and _NOT_DRAWABLE.search(shown):
            text.set_text(drawable(shown))


@contextmanager
def figure_context() -> Iterator[None]:
    """:func:`matplotlib.pyplot.rc_context` with :func:`figure_rc`, keeping interactive mode.

    When realist draws the first figure of a Jupyter kernel, matplotlib
    switches to the inline backend inside the context and turns interactive
    mode on; a plain ``rc_context`` would then restore ``interactive=False``
    on exit, and no later figure of the notebook would show. This context
    keeps whatever :func:`matplotlib.is_interactive` is when its body ends.

    Examples
    --------
    >>> import matplotlib
    >>> before = matplotlib.is_interactive()
    >>> matplotlib.interactive(False)
    >>> with figure_context():
    ...     matplotlib.interactive(True)  # what switching to the inline backend does
    >>> matplotlib.is_interactive()
    True
    >>> matplotlib.interactive(before)
    """
    import matplotlib
    import matplotlib.pyplot as plt

    interactive = matplotlib.is_interactive()
    try:
        with plt.rc_context(cast(Any, figure_rc())):
            try:
                yield
            finally:
                interactive = matplotlib.is_interactive()
    finally:
        matplotlib.interactive(interactive)
