"""HTML via lxml.html: the visible text, cut into blocks at block elements and ``<br>``.

Not read: ``script``, ``style``, ``template``, ``noscript``, the page chrome (``nav``, ``aside``,
and ``header``/``footer`` of the page, not those of an ``article``/``main``/``section``),
form controls, ruby annotations, and every element that is ``hidden``, ``aria-hidden="true"``
or styled ``display: none``. Entities are decoded; white space collapses as a browser shows it
(a line break between two CJK characters, punctuation included, vanishes). A footnote reference
(``role="doc-noteref"``) reads ``[1]``; the notes (``role="doc-endnotes"``/``doc-footnote``)
are ``footnote`` blocks, ``[1]: text`` when they are the items of a list. ``start``/``end``
are document-order indexes of the elements (``root.iter()`` order, comments removed) that the
block's text runs over, end exclusive.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from lxml import etree

from align.io import Encoding, decode_text
from align.readers.document import Block, BlockKind, Document, Reader
from align.readers.sniff import check_not_binary

# element names as words: one per line would run the lists over two screens
_SKIP = frozenset(
    "head script style noscript template nav aside svg iframe object canvas button select "  # noqa: SIM905
    "textarea rp rt".split()
)
_BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "  # noqa: SIM905
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main nav "
    "ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
_KIND: dict[str, BlockKind] = {
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "heading"),
    **dict.fromkeys(("li", "dt", "dd"), "item"),
    **dict.fromkeys(("td", "th"), "cell"),
    "blockquote": "quote",
}
_NOTES = frozenset(("doc-endnotes", "doc-footnote", "doc-endnote", "doc-footnotes"))
_SECTIONING = frozenset(("article", "main", "section"))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space: a no-break space is text


class HtmlReader:
    name: str = "html"
    suffixes: tuple[str, ...] = (".html", ".htm")

    def read(self, data: bytes, path: Path, encoding: Encoding) -> Document:
        check_not_binary(data, path, "HTML")
        return Document(path, "html", tuple(html_blocks(decode_text(data, path, encoding))))


READER: Reader = HtmlReader()


def html_blocks(markup: str) -> list[Block]:
    """The visible, non-blank text blocks of an HTML page or fragment in document order."""
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", markup), parser=parser)
    except etree.ParserError:  # nothing but white space or comments
        return []
    walk = _Walk()
    walk.element(root, "paragraph", in_content=False)
    walk.flush()
    return walk.blocks


@dataclass
class _Walk:
    """A depth-first walk that gathers text into the open block and closes it at boundaries."""

    blocks: list[Block] = field(default_factory=list)
    pieces: list[tuple[str, bool]] = field(default_factory=list)  # (text, preformatted)
    kind: BlockKind = "paragraph"
    start: int = 0
    pos: int = 0  # document-order index of the next element
    label: str = ""  # the number of a note whose text is still to come

    def flush(self) -> None:
        if any(pre for _, pre in self.pieces):  # <pre> keeps its white space
            text = "".join(t if pre else _SPACE.sub(_space, t) for t, pre in self.pieces)
        else:
            text = _SPACE.sub(_space, "".join(t for t, _ in self.pieces))
        text = text.strip()
        if text:
            text, self.label = self.label + text, ""
            self.blocks.append(Block(text, self.kind, self.start, self.pos))
        self.pieces.clear()
        self.start = self.pos

    def element(
        self, el: etree._Element, kind: BlockKind, in_content: bool, pre: bool = False
    ) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if _hidden(el, tag, in_content):
            self.pos += sum(1 for _ in el.iter())
            return
        if el.get("role") == "doc-noteref":
            self.pieces.append((f"[{str(el.xpath('string()')).strip()}]", False))
            self.pos += sum(1 for _ in el.iter())
            return
        inner: BlockKind = "footnote" if kind == "footnote" else _KIND.get(tag, kind)
        if el.get("role") in _NOTES:
            inner = "footnote"
        if tag in _BLOCK or tag == "br":
            self.flush()
            self.kind = inner
        if kind == "footnote" and tag == "li":  # a note of a list like pandoc's: "[2]: text"
            parent = el.getparent()
            first = int(parent.get("start", "1")) if parent is not None else 1
            self.label = f"[{first + sum(1 for _ in el.itersiblings('li', preceding=True))}]: "
        self.pos += 1
        if tag == "br":
            return
        pre = pre or tag == "pre"
        self.pieces.append((el.text or "", pre))
        for child in el:
            self.element(child, inner, in_content or tag in _SECTIONING, pre)
            self.pieces.append((child.tail or "", pre))
        if tag in _BLOCK:
            self.flush()
            self.kind = kind


def _hidden(el: etree._Element, tag: str, in_content: bool) -> bool:
    return (
        (tag in _SKIP and el.get("role") not in _NOTES)  # <aside role="doc-footnote"> is text
        or (tag in ("header", "footer") and not in_content)
        or el.get("hidden") is not None
        or el.get("aria-hidden", "").lower() == "true"
        or el.get("role") == "doc-backlink"
        or bool(_HIDDEN_STYLE.search(el.get("style", "")))
    )


def _space(m: re.Match[str]) -> str:
    """A run of white space shows as one space, or as nothing when it holds a line break
    between two wide (CJK) characters (CSS Text 3, segment break transformation)."""
    before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
    if "\n" in m.group() and _wide(before) and _wide(after):
        return ""
    return " "


def _wide(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch) in ("W", "F") and not _HANGUL.match(ch)
