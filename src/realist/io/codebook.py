"""The project's elements as a REFI-QDA codebook (``.qdc``), to code with in a QDA program.

:func:`write_qdc` writes three top-level codes, *Contexts*, *Mechanisms* and
*Outcomes*, with the project's elements below them (label as name, description
as description) and each theme as a code set of its elements. NVivo, ATLAS.ti,
MAXQDA and QualCoder import such a file ("Import codebook"); a team can code
its transcripts with it, export the project as ``.qdpx`` and read it back with
:func:`realist.io.qdpx.read_qdpx`, which maps the same codes to the same
elements.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

from realist import _formats
from realist.io._xmltext import xml_text
from realist.model import Element, Project

__all__ = ["codebook_xml", "write_qdc"]

_NAMESPACE = uuid.UUID("5b0f8e1c-7d1e-4c55-9a43-3a9d5c2e7a11")
_COLOURS = {"context": "#0072B2", "mechanism": "#E69F00", "outcome": "#009E73"}  # Okabe-Ito
_GUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")


def _guid(project: Project, key: str, element: Element | None = None) -> str:
    """A GUID stable across runs: the element's own REFI GUID when it came from one."""
    if element is not None:
        known = element.attributes.get("refi_guid")
        if isinstance(known, str) and _GUID.fullmatch(known):
            return known.upper()
    return str(uuid.uuid5(_NAMESPACE, f"{project.title}\x00{key}")).upper()


def codebook_xml(project: Project) -> str:
    from xml.sax.saxutils import quoteattr  # pulls in urllib: loaded when used

    r"""The REFI-QDA codebook XML of the project's contexts, mechanisms and outcomes.

    GUIDs are derived from the project title and element ids (or kept from an
    import), so the same project gives the same file, byte for byte. Characters
    XML cannot hold (control characters such as the ``\x0b`` Word pastes for a
    line break) become spaces.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="HIPP")
    >>> _ = p.add_mechanism("Local champions", description="Senior officers who push")
    >>> print(codebook_xml(p))  # doctest: +ELLIPSIS
    <?xml version="1.0" encoding="utf-8"?>
    <CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="realist">
      <Codes>
        <Code guid="..." name="Contexts" isCodable="false" color="#0072B2"/>
        <Code guid="..." name="Mechanisms" isCodable="false" color="#E69F00">
          <Code guid="..." name="Local champions" isCodable="true" color="#E69F00">
            <Description>Senior officers who push</Description>
          </Code>
        </Code>
        <Code guid="..." name="Outcomes" isCodable="false" color="#009E73"/>
      </Codes>
    </CodeBook>
    """
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="realist">',
        "  <Codes>",
    ]
    guids: dict[str, str] = {}
    for kind, title, elements in (
        ("context", "Contexts", project.contexts),
        ("mechanism", "Mechanisms", project.mechanisms),
        ("outcome", "Outcomes", project.outcomes),
    ):
        colour = _COLOURS[kind]
        head = (
            f"    <Code guid={quoteattr(_guid(project, title))} name={quoteattr(title)} "
            f'isCodable="false" color="{colour}"'
        )
        if not elements:
            lines.append(head + "/>")
            continue
        lines.append(head + ">")
        for el in elements:
            g = guids[el.id] = _guid(project, el.id, el)
            code = (
                f"      <Code guid={quoteattr(g)} name={quoteattr(xml_text(el.label))} "
                f'isCodable="true" color="{colour}"'
            )
            if el.description:
                desc = (
                    xml_text(el.description)
                    .replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                )
                lines += [code + ">", f"        <Description>{desc}</Description>", "      </Code>"]
            else:
                lines.append(code + "/>")
        lines.append("    </Code>")
    lines.append("  </Codes>")
    sets = []
    for theme in project.themes:
        members = [g for e, g in guids.items() if theme.id in project.elements[e].themes]
        if members:
            sets.append(
                f"    <Set guid={quoteattr(_guid(project, 'theme:' + theme.id))} "
                f"name={quoteattr(xml_text(theme.label))}>"
            )
            sets += [f"      <MemberCode guid={quoteattr(g)}/>" for g in members]
            sets.append("    </Set>")
    if sets:
        lines += ["  <Sets>", *sets, "  </Sets>"]
    lines.append("</CodeBook>")
    return "\n".join(lines) + "\n"


def write_qdc(project: Project, path: str | os.PathLike[str]) -> Path:
    """Write the project's contexts, mechanisms and outcomes as a REFI-QDA codebook.

    Load the file in NVivo (Import > Codebook), ATLAS.ti (Import REFI-QDA
    codebook), MAXQDA or QualCoder to code with the project's elements. The
    file is written atomically; see :func:`codebook_xml` for its content.

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, warnings
    >>> from pathlib import Path
    >>> import realist as rl
    >>> from realist.io.qdpx import read_qdpx
    >>> p = rl.Project(title="HIPP")
    >>> _ = p.add_context("History of working together")
    >>> _ = p.add_mechanism("Local champions")
    >>> out = write_qdc(p, Path(tempfile.mkdtemp()) / "hipp.qdc")
    >>> q = read_qdpx(out)
    >>> [e.label for e in q.elements.values()]
    ['History of working together', 'Local champions']
    """
    path = Path(path)
    _formats.atomic_write_text(path, codebook_xml(project))
    return path
