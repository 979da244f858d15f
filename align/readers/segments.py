"""What the bilingual readers share: the segment record, hardened XML parsing and inline codes.

Every reader (``xliff``, ``tmx``, ``po``) turns a file into a ``Parsed``: the language codes
it declares and its segments in document order, each with the file's own id. Orientation
(Chinese source) and the ``Alignment`` are made from that in ``align.readers.bilingual``.

XML is parsed by lxml with entity resolution, DTD loading and network access off; a file
whose DOCTYPE declares entities, or that uses an entity, is refused with one line (CAT tools
never write either, and the parser must neither read a local file nor fetch a URL for it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from align import io
from align.errors import InputError
from align.segment import one_line

if TYPE_CHECKING:
    from lxml import etree

#: What an inline code leaves in the text: U+FFFC OBJECT REPLACEMENT CHARACTER. It is neither
#: a letter, a digit nor a space, so no glossary term contains it, the English matcher sees a
#: word boundary (only spaces, hyphens and apostrophes may sit inside a multi-word term) and
#: the Chinese matcher cannot match across it; XML 1.0 allows it, so the TMX writer keeps it.
PLACEHOLDER = "\ufffc"


@dataclass(frozen=True, slots=True)
class Pair:
    """One segment as the file has it: ``src``/``tgt`` in the file's own direction.

    ``src_ids``/``tgt_ids`` are set only by our own TMX (its ``x-glossalign-*`` props), which
    also gives the score; a translator's segment pairs its two sides for certain (1.0).
    """

    unit: str
    src: str
    tgt: str
    src_ids: tuple[int, ...] | None = None
    tgt_ids: tuple[int, ...] | None = None
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Parsed:
    """A bilingual file: its declared language codes ("" when it names none) and segments."""

    src_lang: str
    tgt_lang: str
    pairs: tuple[Pair, ...]


def read_bytes(path: Path) -> bytes:
    """The bytes of a bilingual file; a missing, unreadable or empty one is an InputError."""
    data = io.read_bytes(path, "a bilingual file", io.ALIGNMENTS)
    if not data.strip():
        raise InputError(f"{path}: file is empty; give an XLIFF, TMX or PO file")
    return data


def parse_xml(data: bytes, path: Path, tool: str = "the CAT tool") -> etree._Element:
    """The root element, parsed without resolving entities, loading DTDs or touching the
    network; a file that declares or uses entities is refused."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}:{exc.lineno}: not well-formed XML ({exc.msg})") from None
    dtd = root.getroottree().docinfo.internalDTD
    # lxml-stubs lack DTD.entities(), which lxml has had since 2.x.
    if dtd is not None and dtd.entities():
        raise InputError(
            f"{path}: the DOCTYPE declares XML entities, which are not read (they can pull in "
            f"local files or URLs); export the file again from {tool}"
        )
    entity = next(root.iter(etree.Entity), None)
    if entity is not None:
        raise InputError(
            f"{path}:{entity.sourceline}: uses the undeclared entity {entity.text}; "
            f"export the file again from {tool}"
        )
    return root


def local(element: etree._Element) -> str:
    """The tag without its namespace (XLIFF 1.2 files come with and without one)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def inline_text(
    element: etree._Element | None, codes: frozenset[str], paired: frozenset[str]
) -> str:
    """The text of a segment element on one line, stripped.

    ``codes``: standalone inline codes (``<x/>``, ``<ph>``...): one ``PLACEHOLDER`` each, their
    content (native code such as ``&lt;br/&gt;``) never read. ``paired``: the boundaries of a
    formatting span given as separate codes (``<bpt>``/``<ept>``, ``<bx/>``/``<ex/>``, ``<it>``,
    ``<sc/>``/``<ec/>``): nothing, so that a term in bold half-way still reads as one; their
    native code is not read either. Elements in neither (``<g>``, ``<pc>``, ``<mrk>``) are
    spans: their text is kept and their tags leave nothing, for the same reason. A tracked
    deletion (SDLXLIFF ``<mrk mtype="x-sdl-deleted">``) is dropped: changes read as accepted.
    """
    if element is None:
        return ""
    parts: list[str] = []
    _collect(element, codes, paired, parts)
    return one_line("".join(parts)).strip()


def _collect(
    element: etree._Element, codes: frozenset[str], paired: frozenset[str], parts: list[str]
) -> None:
    parts.append(element.text or "")
    for child in element:
        name = local(child)
        if name in codes:
            parts.append(PLACEHOLDER)
        elif name not in paired and child.get("mtype") != "x-sdl-deleted" and name:
            _collect(child, codes, paired, parts)
        parts.append(child.tail or "")  # comments and processing instructions keep their tail
