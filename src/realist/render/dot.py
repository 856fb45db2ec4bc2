"""DOT building blocks: escaping, wrapping, safe node names, and rendering.

Every label ``realist`` writes into DOT is an HTML-like label built here:
user text goes through :func:`escape`, which turns ``& < > " ' ]`` into
entities, every non-ASCII character into a numeric character reference, and
drops what XML refuses (controls, non-characters such as U+FFFE), so that no
quote, bracket, brace, backslash or accent in a label can break the DOT or
depend on its encoding. Node names are made from ids by :func:`node_name`.

Building DOT needs no program. Rendering (:func:`render`, :func:`save`, and
the Jupyter display of a diagram) runs Graphviz's ``dot``; when it is missing
the error is always :class:`realist.errors.GraphvizNotFoundError`.

Examples
--------
>>> escape('Say "no" to <b> & {x}\\\\ café')
'Say &quot;no&quot; to &lt;b&gt; &amp; {x}\\\\ caf&#233;'
>>> wrap("Shared ownership of tackling health inequalities", width=20)
['Shared ownership of', 'tackling health', 'inequalities']
>>> node_name("c-history:2006", {})
'c_history_2006'
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import warnings
from collections.abc import Iterable, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from realist import _formats
from realist.errors import GraphvizNotFoundError, GraphvizTimeoutError, ValidationError

if TYPE_CHECKING:
    import graphviz

__all__ = [
    "FORMATS",
    "INSTALL_HINT",
    "dot_program",
    "escape",
    "html_lines",
    "make_digraph",
    "node_name",
    "plain",
    "png_with_dpi",
    "render",
    "save",
    "wrap",
]

#: Output formats :func:`render` and :func:`save` accept.
FORMATS = ("svg", "pdf", "png")

INSTALL_HINT = (
    "Graphviz's 'dot' program is needed to render diagrams and was not found on PATH. "
    "Install Graphviz (Debian/Ubuntu: 'sudo apt-get install graphviz'; macOS: "
    "'brew install graphviz'; conda: 'conda install -c conda-forge graphviz'; Windows: "
    "the installer from https://graphviz.org/download/, then add it to PATH). "
    "Without it, draw with backend='matplotlib', or use the DOT text in '.source'."
)


#: Code points XML (and so Graphviz's label parser) refuses or that name no
#: character: surrogates, the non-characters U+FDD0-U+FDEF, and the last two
#: code points of every plane (U+FFFE, U+FFFF, U+1FFFE, ...).
_NOT_CHARACTERS = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
    )
    + "]"
)


def plain(text: object) -> str:
    """`text` with nothing XML refuses: controls become spaces, non-characters U+FFFD.

    C0 and C1 control characters (tab and newline too) become spaces; lone
    surrogates and the Unicode non-characters (U+FDD0-U+FDEF, U+FFFE, U+FFFF
    and their counterparts in every plane), which Graphviz rejects ("reference
    to invalid character number") or no font draws, become U+FFFD, the
    replacement character, so the reader sees that something was there.

    Examples
    --------
    >>> plain("a\ufffeb\tc\x85d")
    'a\ufffdb c d'
    """
    value = "".join(" " if (ord(ch) < 32 or 127 <= ord(ch) < 160) else ch for ch in str(text))
    return _NOT_CHARACTERS.sub("\ufffd", value)


def escape(text: object) -> str:
    """`text` made safe for a Graphviz HTML-like label.

    ``& < > " '`` become entities, ``]`` becomes ``&#93;`` (Graphviz's lexer
    of HTML-like labels fails on a label that is just ``]`` or ``]]``), and
    every character outside printable ASCII becomes a numeric character
    reference (``é`` -> ``&#233;``). Control characters become spaces and
    characters XML refuses the replacement character (see :func:`plain`).
    Braces and backslashes need no escaping inside an HTML-like label and
    are kept as they are.

    Examples
    --------
    >>> escape("A & B <C> 'd'")
    'A &amp; B &lt;C&gt; &#x27;d&#x27;'
    >>> escape("tab\\there")
    'tab here'
    >>> escape("[[x]]"), escape("a\\ufffeb")
    ('[[x&#93;&#93;', 'a&#65533;b')
    """
    value = html.escape(plain(text), quote=True).replace("]", "&#93;")
    return value.encode("ascii", "xmlcharrefreplace").decode("ascii")


def wrap(text: str, width: int = 24, *, max_lines: int | None = None) -> list[str]:
    """Split `text` into lines of at most `width` characters, at spaces and hyphens.

    Words longer than `width` are broken. With `max_lines`, the last line
    kept ends in an ellipsis when text was cut.

    Examples
    --------
    >>> wrap("Co-terminous health and local authorities", width=16)
    ['Co-terminous', 'health and local', 'authorities']
    >>> wrap("Shared language/definitions between stakeholders", width=22)
    ['Shared language/', 'definitions between', 'stakeholders']
    >>> wrap("one two three four five", width=8, max_lines=2)
    ['one two', 'three…']
    """
    if width < 4:
        raise ValidationError(f"wrap width must be at least 4 characters, got {width!r}")
    lines = _greedy(" ".join(str(text).split()), width)
    if not lines:
        return [""]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        if len(last) >= width:
            last = last[: width - 1].rstrip()
        lines[-1] = last + "…"
    return lines


def html_lines(
    text: str,
    width: int = 24,
    *,
    max_lines: int | None = None,
    align: str = "CENTER",
) -> str:
    """`text` wrapped and escaped, lines joined by ``<BR/>``: the inside of an HTML label.

    Examples
    --------
    >>> html_lines("History of working <together>", width=12)
    'History of<BR ALIGN="CENTER"/>working<BR ALIGN="CENTER"/>&lt;together&gt;'
    """
    joiner = f'<BR ALIGN="{align}"/>'
    return joiner.join(escape(line) for line in wrap(text, width, max_lines=max_lines))


_CHUNK = re.compile(r"[^\s/-]*[/-]+|[^\s/-]+")


def _greedy(text: str, width: int) -> list[str]:
    """Greedy line filling that may break after a space, a hyphen or a slash."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if not word:
            continue
        chunks = _CHUNK.findall(word) or [word]
        first = True
        for chunk in chunks:
            sep = " " if (first and line) else ""
            first = False
            if len(line) + len(sep) + len(chunk) <= width:
                line += sep + chunk
                continue
            if line:
                lines.append(line)
            while len(chunk) > width:
                lines.append(chunk[:width])
                chunk = chunk[width:]
            line = chunk
    if line:
        lines.append(line)
    return lines


_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


def node_name(ident: str, taken: MutableMapping[str, str]) -> str:
    """A DOT node name for `ident`: letters, digits and underscores, unique in `taken`.

    `taken` maps the ids already named to their names and is updated, so the
    same id always gets the same name and two ids never share one.

    Examples
    --------
    >>> names = {}
    >>> node_name("c-a", names), node_name("c_a", names), node_name("c-a", names)
    ('c_a', 'c_a_2', 'c_a')
    """
    if ident in taken:
        return taken[ident]
    base = _UNSAFE.sub("_", ident) or "n"
    if base[0].isdigit():
        base = f"n{base}"
    used = set(taken.values())
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}_{n}"
    taken[ident] = name
    return name


def dot_program() -> str:
    """The path of Graphviz's ``dot``, or :class:`~realist.errors.GraphvizNotFoundError`."""
    found = shutil.which("dot")
    if found is None:
        raise GraphvizNotFoundError(INSTALL_HINT)
    return found


_PDF_DATE = re.compile(rb"/CreationDate \(D:\d{14}Z?\)")


def render(source: str, format: str = "svg", *, dpi: int = 300, timeout: float = 120.0) -> bytes:
    """Run ``dot`` on DOT `source` and return the rendered bytes.

    Output is deterministic: the same source gives the same bytes (the
    creation date Graphviz writes into PDF files is fixed).

    Parameters
    ----------
    source : str
        DOT text (for instance ``digraph.source``).
    format : {"svg", "pdf", "png"}
        Output format.
    dpi : int, default 300
        Resolution of PNG output, also stored in the file (``pHYs``), so that
        word processors place it at its size in inches.
    timeout : float, default 120
        Seconds to wait for ``dot``.

    Raises
    ------
    realist.errors.GraphvizNotFoundError
        ``dot`` is not installed (or not on PATH).
    realist.errors.ValidationError
        An unknown format, or DOT that ``dot`` rejects.
    realist.errors.GraphvizTimeoutError
        ``dot`` took longer than `timeout` (a ValidationError too).
    """
    if format not in FORMATS:
        raise ValidationError(f"unknown diagram format {format!r}; expected one of {FORMATS}")
    program = dot_program()
    args = [program, f"-T{format}"]
    if format == "png":
        args.append(f"-Gdpi={int(dpi)}")
    try:
        done = subprocess.run(
            args,
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "SOURCE_DATE_EPOCH": "0"},
        )
    except FileNotFoundError:
        raise GraphvizNotFoundError(INSTALL_HINT) from None
    except subprocess.TimeoutExpired:
        size = f"{source.count(' -> '):,} arrows"
        raise GraphvizTimeoutError(
            f"Graphviz's dot did not finish laying out the diagram ({size}) in {timeout:g} s; "
            "draw less of it (filter by theme or case, or raise min_cases), or pass a "
            "longer timeout"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise ValidationError(f"Graphviz could not render the diagram: {message}")
    out = done.stdout
    if format == "png":
        out = png_with_dpi(out, dpi)
    if format == "pdf":
        out = _PDF_DATE.sub(
            lambda m: b"/CreationDate (D:" + b"0" * (len(m.group()) - 18) + b")", out
        )
    return out


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_with_dpi(data: bytes, dpi: float) -> bytes:
    r"""`data`, a PNG file, with its resolution stored as `dpi` (a ``pHYs`` chunk).

    Graphviz writes no resolution into its PNG files, so word processors and
    journal systems read them at 72 or 96 dpi and blow them up. The chunk is
    put right after the header (any ``pHYs`` already there is replaced).

    Examples
    --------
    >>> import struct, zlib
    >>> def chunk(kind, body):
    ...     crc = zlib.crc32(kind + body)
    ...     return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)
    >>> png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", bytes(13)) + chunk(b"IDAT", b"")
    ...        + chunk(b"IEND", b""))
    >>> out = png_with_dpi(png, 300)
    >>> out[33:41], struct.unpack(">IIB", out[41:50])
    (b'\x00\x00\x00\tpHYs', (11811, 11811, 1))
    """
    import struct
    import zlib

    if not data.startswith(_PNG_SIGNATURE):
        raise ValidationError("not a PNG file: cannot store its resolution")
    per_metre = round(dpi / 0.0254)
    body = struct.pack(">IIB", per_metre, per_metre, 1)
    phys = struct.pack(">I", len(body)) + b"pHYs" + body
    phys += struct.pack(">I", zlib.crc32(b"pHYs" + body) & 0xFFFFFFFF)
    chunks = []
    pos = len(_PNG_SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if kind != b"pHYs":
            chunks.append(data[pos:end])
            if kind == b"IHDR":
                chunks.append(phys)
        pos = end
    return _PNG_SIGNATURE + b"".join(chunks)


def save(graph: Any, path: str | os.PathLike[str], *, dpi: int = 300) -> Path:
    """Render a diagram to `path`, in the format its suffix names (.svg, .pdf, .png).

    `graph` is a :class:`graphviz.Digraph` (as :func:`realist.draw` returns)
    or DOT text. Returns the path written.

    Raises
    ------
    realist.errors.GraphvizNotFoundError
        ``dot`` is not installed.
    realist.errors.ValidationError
        A suffix other than .svg, .pdf or .png.
    """
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValidationError(
            f"cannot tell the diagram format from {str(target)!r}: use a .svg, .pdf or .png suffix"
        )
    source = graph if isinstance(graph, str) else str(graph.source)
    data = render(source, fmt, dpi=dpi)
    _formats.atomic_write_bytes(target, data, folders=True)
    return target


_DIGRAPH_CLASS: list[type[Any]] = []


def _digraph_class() -> type[Any]:
    """A :class:`graphviz.Digraph` whose rendering raises GraphvizNotFoundError."""
    if _DIGRAPH_CLASS:
        return _DIGRAPH_CLASS[0]
    import graphviz

    class Diagram(graphviz.Digraph):  # type: ignore[misc]
        """A :class:`graphviz.Digraph` drawn by realist.

        It behaves as graphviz documents (``.source``, ``.save()`` writes the DOT
        source, ``.render()``, ``.pipe()``), except that a missing ``dot``
        raises :class:`realist.errors.GraphvizNotFoundError`. :meth:`write`
        draws deterministic SVG, PDF or PNG (300 dpi) by suffix, atomically.
        """

        def pipe(self, *args: Any, **kwargs: Any) -> Any:
            try:
                return super().pipe(*args, **kwargs)
            except graphviz.ExecutableNotFound:
                raise GraphvizNotFoundError(INSTALL_HINT) from None

        def render(self, *args: Any, **kwargs: Any) -> Any:
            try:
                return super().render(*args, **kwargs)
            except graphviz.ExecutableNotFound:
                raise GraphvizNotFoundError(INSTALL_HINT) from None

        def save(
            self,
            filename: str | os.PathLike[str] | None = None,
            *,
            directory: str | os.PathLike[str] | None = None,
            skip_existing: bool | None = False,
            dpi: int | None = None,
        ) -> str:
            """Write the DOT source to `filename`, as :meth:`graphviz.Digraph.save` does.

            To draw the picture, use :meth:`write` (``.svg``, ``.pdf``,
            ``.png``). Called as before, with such a suffix (and perhaps
            ``dpi=``), it still draws, with a :class:`DeprecationWarning`;
            graphviz's own :meth:`render` (which saves the source first) is
            never taken for that.
            """
            suffix = Path(filename).suffix.lower().lstrip(".") if filename is not None else ""
            if suffix in FORMATS and directory is None and skip_existing is False:
                warnings.warn(
                    "Diagram.save() writes the DOT source, as graphviz documents; "
                    f"to draw a .{suffix}, use diagram.write(path)",
                    DeprecationWarning,
                    stacklevel=2,
                )
                return str(save(self, filename, dpi=300 if dpi is None else dpi))  # type: ignore[arg-type]
            if dpi is not None:
                raise ValidationError(
                    "dpi= is for drawing: use diagram.write(path, dpi=...) with a .png path"
                )
            written: str = super().save(filename, directory=directory, skip_existing=skip_existing)
            return written

        def write(self, path: str | os.PathLike[str], *, dpi: int = 300) -> Path:
            """Draw to `path` by its suffix (.svg, .pdf, .png; .gv or .dot for the DOT
            source), atomically and deterministically, and return the path."""
            target = Path(path)
            if target.suffix.lower() in (".gv", ".dot"):
                _formats.atomic_write_text(target, self.source, folders=True)
                return target
            return save(self, target, dpi=dpi)

        def _repr_svg_(self) -> str:
            return render(self.source, "svg").decode("utf-8")

    _DIGRAPH_CLASS.append(Diagram)
    return Diagram


def make_digraph(name: str, attrs: Iterable[tuple[str, str]] = ()) -> graphviz.Digraph:
    """A new, empty diagram (a :class:`graphviz.Digraph` subclass) with graph attributes.

    Examples
    --------
    >>> g = make_digraph("demo", [("rankdir", "LR")])
    >>> print(g.source.strip())
    digraph demo {
        rankdir=LR
    }
    """
    graph = _digraph_class()(name=name)
    for key, value in attrs:
        graph.attr(**{key: value})
    return graph
