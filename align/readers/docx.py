"""Word ``.docx`` via python-docx: body paragraphs, headings, list items, table cells, text
boxes, footnotes and endnotes, with tracked changes read as accepted.

Inserted and moved-in text (``w:ins``, ``w:moveTo``) is kept, deleted and moved-out text
(``w:del``, ``w:moveFrom``) dropped. Each paragraph is its own block (a paragraph mark ends a
sentence in Word), also inside a table cell (kind ``cell``, cells in reading order, a nested
table after its cell's text) and a text box (after the paragraph that anchors it; the VML copy
in ``mc:Fallback`` is skipped). A footnote or endnote reference reads ``[n]`` (numbered in order
of reference, as Word shows them) and each note is a ``footnote`` block ``[n]: text`` after the
body. ``start``/``end`` are indexes in the sequence of paragraphs the reader visits (body in
reading order, then footnotes, then endnotes), end exclusive. Headers, footers and comments
are not read. The XML is parsed by python-docx's parser: entities are not resolved, no DTD is
loaded, nothing is fetched.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any, cast

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R
from docx.text.paragraph import Paragraph
from lxml import etree

from align.errors import InputError
from align.io import Encoding
from align.package import check_package
from align.readers.document import Block, BlockKind, Document, Reader
from align.readers.sniff import WORD_DOCUMENT, looks_like_html, sniff

_P, _TBL, _TC, _SDT, _R = qn("w:p"), qn("w:tbl"), qn("w:tc"), qn("w:sdt"), qn("w:r")
_TXBX = qn("w:txbxContent")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DROPPED = frozenset((qn("w:del"), qn("w:moveFrom"), _TXBX, _FALLBACK, _P))
_CONTAINERS = frozenset((qn("w:sdtContent"), qn("w:customXml"), _TXBX, _SDT))
_CONTENT_TYPE = re.compile(r"content type is '([^']+)'")
_NOTE_REFS = {qn("w:footnoteReference"): "footnote", qn("w:endnoteReference"): "endnote"}


class DocxReader:
    name: str = "docx"
    suffixes: tuple[str, ...] = (".docx",)

    def read(self, data: bytes, path: Path, encoding: Encoding) -> Document:
        """``encoding`` is unused: the XML parts declare their own."""
        document = _open(data, path)
        walk = _Walk(document)
        walk.story(document.element.body, None)
        walk.notes(document, RT.FOOTNOTES, "footnote")
        walk.notes(document, RT.ENDNOTES, "endnote")
        return Document(path, "docx", tuple(walk.blocks))


READER: Reader = DocxReader()


def _open(data: bytes, path: Path) -> Any:
    """The python-docx document, or an ``InputError`` saying what the file is instead."""
    what = sniff(data)
    if what is None:
        what = (
            "an HTML page: pass --from html" if looks_like_html(data) else "text: pass --from text"
        )
    if what != WORD_DOCUMENT:
        raise InputError(f"{path}: not a Word .docx file; it looks like {what}")
    check_package(data, path, "Word file")
    try:
        return docx.Document(BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: damaged Word file ({reason}); open and re-save it") from None
    except ValueError as exc:  # python-docx refuses a macro-enabled .docm or a template
        kind = _CONTENT_TYPE.search(str(exc))
        raise InputError(
            f"{path}: not a Word .docx document (content type {kind[1] if kind else '?'}); "
            "save it as .docx"
        ) from None


@dataclass
class _Walk:
    document: Any
    blocks: list[Block] = field(default_factory=list)
    index: int = 0  # paragraphs visited so far
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)  # note -> shown number

    def story(self, parent: etree._Element, kind: BlockKind | None) -> None:
        """The blocks of a body, cell, text box or note, in reading order; ``kind`` overrides
        the paragraph's own kind (inside tables and notes)."""
        for child in parent:
            if child.tag == _P:
                self.paragraph(child, kind)
            elif child.tag == _TBL:
                for cell in child.iter(_TC):
                    if _nearest(cell, _TBL) is child:
                        self.story(cell, kind or "cell")
            elif child.tag in _CONTAINERS:
                self.story(child, kind)

    def paragraph(self, p: etree._Element, kind: BlockKind | None, prefix: str = "") -> None:
        text = "".join(self._runs(p)).strip()
        if text:
            own = kind or _paragraph_kind(Paragraph(cast(CT_P, p), self.document))
            self.blocks.append(Block(prefix + text, own, self.index, self.index + 1))
        self.index += 1
        for box in p.iter(_TXBX):
            if not any(a.tag in _DROPPED for a in _between(box, p)):
                self.story(box, kind)

    def _runs(self, p: etree._Element) -> Iterator[str]:
        for r in p.iter(_R):
            if any(a.tag in _DROPPED for a in _between(r, p)):
                continue
            yield cast(CT_R, r).text
            for ref in r:
                if ref.tag in _NOTE_REFS:
                    yield f"[{self._number(_NOTE_REFS[ref.tag], ref.get(qn('w:id'), ''))}]"

    def _number(self, note: str, note_id: str) -> int:
        key = (note, note_id)
        if key not in self.numbers:
            self.numbers[key] = 1 + sum(1 for n, _ in self.numbers if n == note)
        return self.numbers[key]

    def notes(self, document: Any, reltype: str, note: str) -> None:
        """Footnote or endnote blocks ``[n]: text`` in the order of their numbers."""
        part = next(
            (r.target_part for r in document.part.rels.values() if r.reltype == reltype), None
        )
        if part is None:
            return
        bodies = [
            (n.get(qn("w:id"), ""), n)
            for n in parse_xml(part.blob).iter(qn(f"w:{note}"))
            if n.get(qn("w:type")) is None  # not a separator
        ]
        unreferenced = len(bodies) + 1_000_000  # after the referenced ones, in file order
        order = [self.numbers.get((note, i), unreferenced + k) for k, (i, _) in enumerate(bodies)]
        for _, (note_id, body) in sorted(zip(order, bodies, strict=True), key=lambda x: x[0]):
            label = f"[{self._number(note, note_id)}]: "
            for k, p in enumerate(body.iter(_P)):
                self.paragraph(p, "footnote", label if k == 0 else "")


def _between(el: etree._Element, top: etree._Element) -> Iterator[etree._Element]:
    """The ancestors of ``el`` below ``top``."""
    parent = el.getparent()
    while parent is not None and parent is not top:
        yield parent
        parent = parent.getparent()


def _nearest(el: etree._Element, tag: str) -> etree._Element | None:
    return next((a for a in el.iterancestors(tag)), None)


def _paragraph_kind(paragraph: Paragraph) -> BlockKind:
    style = paragraph.style
    name = (style.name or "") if style is not None else ""
    ppr = paragraph._p.pPr
    if name.startswith(("Heading", "Title", "Subtitle")) or (
        ppr is not None and ppr.find(qn("w:outlineLvl")) is not None
    ):
        return "heading"
    numbered = ppr is not None and ppr.numPr is not None
    while not numbered and style is not None:
        spr = style.element.pPr
        numbered = spr is not None and spr.numPr is not None
        style = style.base_style
    return "item" if numbered or name.startswith("List") else "paragraph"
