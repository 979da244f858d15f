"""What the bilingual readers share: the segment record and hardened XML parsing (inline codes:
``align.readers.inline``).

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

if TYPE_CHECKING:
    from lxml import etree


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
