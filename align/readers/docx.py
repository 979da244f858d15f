"""Word ``.docx`` via python-docx: body paragraphs, headings, list items, table cells, text
boxes, footnotes and endnotes, headers and footers, with tracked changes read as accepted.

Inserted and moved-in text (``w:ins``, ``w:moveTo``) is kept, deleted and moved-out text
(``w:del``, ``w:moveFrom``) dropped. Each paragraph is its own block (a paragraph mark ends a
sentence in Word), also inside a table cell (kind ``cell``, cells in reading order, a nested
table after its cell's text) and a text box (after the paragraph that anchors it; the VML copy
in ``mc:Fallback`` is skipped). A footnote or endnote reference reads ``[n]`` (numbered in order
of reference, as Word shows them) and each note is a ``footnote`` block ``[n]: text`` after the
body. Each header and footer part is read once, after the notes, as ``header`` and
``footer`` blocks (a text repeated by several sections' headers is read once). Field results
that Word computes are left out (a table of contents, page numbers, page and paragraph
references: ``align.readers.docxfields``), and so are a table of contents' content control
and its paragraphs (styles ``TOC 1``…``TOC 9``, ``TOC Heading``); automatic numbering is not
text (the heading "Policy", not "3.1.1 Policy"). ``start``/``end`` are indexes in the sequence
of paragraphs the reader visits (body in reading order, then footnotes, endnotes, headers,
footers), end exclusive. Comments are not read. The XML is parsed by python-docx's parser:
entities are not resolved, no DTD is loaded, nothing is fetched. Each paragraph style is
looked up once (python-docx's lookup scans every style of the document), so reading time
grows linearly with the paragraphs.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
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
from align.readers.document import DEFAULTS, Block, BlockKind, Document, Reader, ReadOptions
from align.readers.docxfields import SIMPLE, Fields, simple_field_dropped
from align.readers.sniff import WORD_DOCUMENT, looks_like_html, sniff

_P, _TBL, _TC, _SDT, _R = qn("w:p"), qn("w:tbl"), qn("w:tc"), qn("w:sdt"), qn("w:r")
_TXBX = qn("w:txbxContent")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DROPPED = frozenset((qn("w:del"), qn("w:moveFrom"), _TXBX, _FALLBACK, _P))
_CONTAINERS = frozenset((qn("w:sdtContent"), qn("w:customXml"), _TXBX, _SDT))
_CONTENT_TYPE = re.compile(r"content type is '([^']+)'")
_NOTE_REFS = {qn("w:footnoteReference"): "footnote", qn("w:endnoteReference"): "endnote"}
_GALLERY = f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}"
_SECTIONS: tuple[tuple[BlockKind, str], ...] = (
    ("header", qn("w:headerReference")),
    ("footer", qn("w:footerReference")),
)
_RID = qn("r:id")


class DocxReader:
    name: str = "docx"
    suffixes: tuple[str, ...] = (".docx",)

    def read(
        self, data: bytes, path: Path, encoding: Encoding, options: ReadOptions = DEFAULTS
    ) -> Document:
        """``encoding`` and ``options`` are unused: the XML parts declare their own encoding,
        and Word documents hold no code blocks or page chrome."""
        document = _open(data, path)
        walk = _Walk(document)
        walk.story(document.element.body, None)
        walk.notes(document, RT.FOOTNOTES, "footnote")
        walk.notes(document, RT.ENDNOTES, "endnote")
        for kind, reference in _SECTIONS:
            walk.margins(document, kind, reference)
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


@dataclass(frozen=True, slots=True)
class _Style:
    """What the reader needs of a paragraph style: its name, whether it or a style it is based
    on numbers its paragraphs, and whether it is a table of contents' (``TOC 1``…``TOC 9``,
    ``TOC Heading``)."""

    name: str
    numbered: bool
    contents: bool

    @classmethod
    def of(cls, style: Any) -> _Style:
        name = (style.name or "") if style is not None else ""
        numbered = False
        while not numbered and style is not None:
            spr = style.element.pPr
            numbered = spr is not None and spr.numPr is not None
            style = style.base_style
        return cls(name, numbered, name.lower().startswith("toc ") or name.lower() == "toc heading")


@dataclass
class _Walk:
    document: Any
    blocks: list[Block] = field(default_factory=list)
    index: int = 0  # paragraphs visited so far
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)  # note -> shown number
    counts: Counter[str] = field(default_factory=Counter)  # notes numbered so far, by kind
    fields: Fields = field(default_factory=Fields)
    styles: dict[str | None, _Style] = field(default_factory=dict)  # by style id

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
            elif child.tag in _CONTAINERS and not _table_of_contents(child):
                self.story(child, kind)

    def paragraph(self, p: etree._Element, kind: BlockKind | None, prefix: str = "") -> None:
        text = "".join(self._runs(p)).strip()  # read even when dropped: fields run on
        style = self._style(cast(CT_P, p))
        if text and not style.contents:
            own = kind or _paragraph_kind(cast(CT_P, p), style)
            self.blocks.append(Block(prefix + text, own, self.index, self.index + 1))
        self.index += 1
        for box in p.iter(_TXBX):
            if not any(a.tag in _DROPPED for a in _between(box, p)):
                self.story(box, kind)

    def _style(self, p: CT_P) -> _Style:
        """The paragraph's style, looked up once per style id: python-docx scans every style
        of the document at each lookup (2.6 ms a paragraph in a large document)."""
        key = p.style
        if key not in self.styles:
            self.styles[key] = _Style.of(Paragraph(p, self.document).style)
        return self.styles[key]

    def _runs(self, p: etree._Element) -> Iterator[str]:
        for r in p.iter(_R):
            above = list(_between(r, p))
            if any(a.tag in _DROPPED for a in above):
                continue
            if any(a.tag == SIMPLE and simple_field_dropped(a) for a in above):
                continue
            yield self.fields.run(r, cast(CT_R, r).text)
            for ref in r:
                if ref.tag in _NOTE_REFS:
                    yield f"[{self._number(_NOTE_REFS[ref.tag], ref.get(qn('w:id'), ''))}]"

    def _number(self, note: str, note_id: str) -> int:
        key = (note, note_id)
        if key not in self.numbers:
            self.counts[note] += 1
            self.numbers[key] = self.counts[note]
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

    def margins(self, document: Any, kind: BlockKind, reference: str) -> None:
        """The header (or footer) parts of every section, each part and each text once."""
        seen_parts: set[str] = set()
        seen_texts = {b.text for b in self.blocks if b.kind == kind}
        for ref in document.element.body.iter(reference):
            rel = document.part.rels.get(ref.get(_RID, ""))
            if rel is None or rel.is_external or rel.target_ref in seen_parts:
                continue
            seen_parts.add(rel.target_ref)
            part = rel.target_part
            start = len(self.blocks)
            element = getattr(part, "element", None)
            self.story(parse_xml(part.blob) if element is None else element, kind)
            fresh = [b for b in self.blocks[start:] if b.text not in seen_texts]
            seen_texts.update(b.text for b in fresh)
            self.blocks[start:] = fresh


def _table_of_contents(el: etree._Element) -> bool:
    """A content control holding a table of contents (Word's "Table of Contents" gallery)."""
    return any(g.get(qn("w:val")) == "Table of Contents" for g in el.iterfind(_GALLERY))


def _between(el: etree._Element, top: etree._Element) -> Iterator[etree._Element]:
    """The ancestors of ``el`` below ``top``."""
    parent = el.getparent()
    while parent is not None and parent is not top:
        yield parent
        parent = parent.getparent()


def _nearest(el: etree._Element, tag: str) -> etree._Element | None:
    return next((a for a in el.iterancestors(tag)), None)


def _paragraph_kind(p: CT_P, style: _Style) -> BlockKind:
    ppr = p.pPr
    if style.name.startswith(("Heading", "Title", "Subtitle")) or (
        ppr is not None and ppr.find(qn("w:outlineLvl")) is not None
    ):
        return "heading"
    numbered = (ppr is not None and ppr.numPr is not None) or style.numbered
    return "item" if numbered or style.name.startswith("List") else "paragraph"
