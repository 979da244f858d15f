"""HTML via lxml.html: the visible text, cut into blocks at block elements and ``<br>``.

Not read: ``script``, ``style``, ``template``, ``noscript``, form controls, ruby annotations,
and every element that is ``hidden``, ``aria-hidden="true"`` or styled ``display: none``. With
``main`` (``--html main``, the default for a page) the page's chrome is left out too (see
``align.readers.chrome``). The ``<title>`` is a ``title`` block; ``alt`` and ``title``
attributes are ``attribute`` blocks after the block they sit in (a ``title`` that repeats its
element's text or reads like code, ``ctypes.c_int``, is not). A ``<pre>`` is a code block:
no text, or with ``--code comments`` its comment lines as ``comment`` blocks. Entities are
decoded (a DOCTYPE's internal subset is dropped unread: its entities are never expanded);
white space collapses as a browser shows it (a line break between two CJK characters,
punctuation included, vanishes). A footnote reference (``role="doc-noteref"``) reads ``[1]``;
the notes (``role="doc-endnotes"``/``doc-footnote``) are ``footnote`` blocks, ``[1]: text``
when they are the items of a list. Elements nested deeper than ``MAX_DEPTH`` levels are read
as children of the last level kept, with a warning. ``start``/``end`` are document-order
indexes of the elements (``root.iter()`` order, comments removed) that the block's text runs
over, end exclusive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from lxml import etree

from align.io import Encoding, decode_text
from align.readers import chrome, mdx
from align.readers.code import comment_texts
from align.readers.depth import MAX_DEPTH, cap_depth
from align.readers.document import (
    DEFAULTS,
    Block,
    BlockKind,
    CodeMode,
    Document,
    Reader,
    ReadOptions,
    without_repeats,
)
from align.readers.sniff import check_not_binary
from align.readers.whitespace import collapse

# element names as words: one per line would run the lists over two screens
_SKIP = frozenset(
    "head script style noscript template svg iframe object canvas button select "  # noqa: SIM905
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
#: Attributes whose text is read as an ``attribute`` block.
ATTRIBUTES = frozenset(("alt", "title"))
_INLINE = frozenset(
    "a abbr b bdi bdo cite code data del dfn em i img ins kbd label mark q s samp small span "  # noqa: SIM905
    "strong sub sup time u var wbr font".split()
)
_NOTES = frozenset(("doc-endnotes", "doc-footnote", "doc-endnote", "doc-footnotes"))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_PROLOGUE = re.compile(  # an XML declaration and a DOCTYPE with its internal subset
    r"\A(?:\s|<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)*", re.IGNORECASE | re.DOTALL
)
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space: a no-break space is text
_CODE_LIKE = re.compile(r"[\x21-\x7e]*[._:/()#=][\x21-\x7e]*")  # ctypes.c_int, #top, a/b
_JSX_STRING = re.compile(r"\{\s*(?:\"(.*)\"|'(.*)'|`([^`$]*)`)\s*\}", re.DOTALL)
_LANGUAGE = re.compile(r"(?:language|lang|highlight)-([\w+#-]+)")


class HtmlReader:
    name: str = "html"
    suffixes: tuple[str, ...] = (".html", ".htm", ".xhtml")

    def read(
        self, data: bytes, path: Path, encoding: Encoding, options: ReadOptions = DEFAULTS
    ) -> Document:
        check_not_binary(data, path, "HTML")
        walk = read_html(
            decode_text(data, path, encoding), main=options.html == "main", code=options.code
        )
        warnings = tuple(f"{path}: {w}" for w in walk.warnings)
        return Document(path, "html", tuple(walk.blocks), walk.code_blocks, warnings)


READER: Reader = HtmlReader()


def html_blocks(markup: str, *, main: bool = True, jsx: bool = False) -> list[Block]:
    """The visible, non-blank text blocks of an HTML page or fragment in document order."""
    return read_html(markup, main=main, jsx=jsx).blocks


def read_html(
    markup: str, *, main: bool = True, code: CodeMode = "drop", jsx: bool = False
) -> _Walk:
    """The walk over ``markup``: its blocks, code blocks left out and warnings. ``jsx``: the
    markup is MDX's JSX, whose components (any element HTML does not know as inline) are
    blocks and whose props in ``align.readers.mdx.PROPS`` are read."""
    walk = _Walk(attributes=mdx.PROPS if jsx else ATTRIBUTES, code=code, jsx=jsx)
    root = _parse(_PROLOGUE.sub("", markup, count=1), walk.warnings)
    if root is None:
        return walk
    if main:
        chrome.remove(root)
    walk.element(root, "paragraph")
    walk.flush()
    walk.blocks = without_repeats(walk.blocks)
    return walk


def _parse(markup: str, warnings: list[str]) -> etree._Element | None:
    """The page's tree, or ``None`` for a page of nothing but white space and comments."""
    for attempt in range(2):
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
        try:
            root = lxml.html.document_fromstring(markup, parser=parser)
        except etree.ParserError:
            return None
        if attempt or not any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
            return root
        # libxml2 gives up on elements nested over 255 deep and loses the text after them
        markup = cap_depth(markup)
        warnings.append(f"elements nested over {MAX_DEPTH} levels deep are read as one level")
    return None


@dataclass
class _Walk:
    """A depth-first walk that gathers text into the open block and closes it at boundaries."""

    attributes: frozenset[str] = ATTRIBUTES
    code: CodeMode = "drop"
    jsx: bool = False
    blocks: list[Block] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)
    pending: list[Block] = field(default_factory=list)  # attribute blocks after the open one
    kind: BlockKind = "paragraph"
    start: int = 0
    pos: int = 0  # document-order index of the next element
    label: str = ""  # the number of a note whose text is still to come
    code_blocks: int = 0
    warnings: list[str] = field(default_factory=list)

    def flush(self) -> None:
        text = collapse("".join(self.pieces)).strip()
        if text:
            text, self.label = self.label + text, ""
            self.blocks.append(Block(text, self.kind, self.start, self.pos))
        self.blocks += self.pending
        self.pending.clear()
        self.pieces.clear()
        self.start = self.pos

    def element(self, el: etree._Element, kind: BlockKind) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in ("head", "pre") or _hidden(el, tag) or el.get("role") == "doc-noteref":
            self.leaf(el, tag)
            return
        inner: BlockKind = "footnote" if kind == "footnote" else _KIND.get(tag, kind)
        if el.get("role") in _NOTES:
            inner = "footnote"
        block = tag in _BLOCK or (self.jsx and tag not in _INLINE)
        if block or tag == "br":
            self.flush()
            self.kind = inner
        if kind == "footnote" and tag == "li":  # a note of a list like pandoc's: "[2]: text"
            parent = el.getparent()
            first = int(parent.get("start", "1")) if parent is not None else 1
            self.label = f"[{first + sum(1 for _ in el.itersiblings('li', preceding=True))}]: "
        self.read_attributes(el)
        self.pos += 1
        if tag == "br":
            return
        self.pieces.append(el.text or "")
        for child in el:
            self.element(child, inner)
            self.pieces.append(child.tail or "")
        if block:
            self.flush()
            self.kind = kind

    def leaf(self, el: etree._Element, tag: str) -> None:
        """An element read whole or not at all: the head (its title), a code block, a note
        reference, or one that is hidden."""
        size = sum(1 for _ in el.iter())
        if tag == "head":
            title = el.find("title")
            text = _SPACE.sub(" ", title.text_content()).strip() if title is not None else ""
            if text:
                self.blocks.append(Block(text, "title", self.pos, self.pos + size))
        elif tag == "pre" and not _hidden(el, tag):
            self.code_blocks += 1
            self.flush()
            if self.code == "comments":
                for comment in comment_texts(el.text_content(), _language(el)):
                    self.blocks.append(Block(comment, "comment", self.pos, self.pos + size))
        elif el.get("role") == "doc-noteref" and not _hidden(el, tag):
            self.pieces.append(f"[{str(el.xpath('string()')).strip()}]")
        self.pos += size
        self.start = max(self.start, self.pos) if tag == "pre" else self.start

    def read_attributes(self, el: etree._Element) -> None:
        for name, value in el.items():
            if name not in self.attributes:
                continue
            text = _attribute_text(value)
            if not text or (name == "title" and _CODE_LIKE.fullmatch(text)):
                continue
            if name == "title" and text == _SPACE.sub(" ", el.text_content()).strip():
                continue
            self.pending.append(Block(text, "attribute", self.pos, self.pos + 1))


def _attribute_text(value: str) -> str:
    """An attribute's text, a JSX string literal (``{"Apple"}``) unwrapped; a JSX expression
    (``{props.x}``) is no text."""
    value = value.strip()
    if value.startswith("{"):
        m = _JSX_STRING.fullmatch(value)
        value = next((g for g in m.groups() if g is not None), "") if m else ""
    return _SPACE.sub(" ", value).strip()


def _language(pre: etree._Element) -> str:
    """A code block's language from the classes of the ``<pre>``, its ``<code>`` or parent."""
    parent = pre.getparent()
    for el in (pre, pre.find("code"), parent):
        m = _LANGUAGE.search(el.get("class", "")) if el is not None else None
        if m:
            return m.group(1)
    return ""


def _hidden(el: etree._Element, tag: str) -> bool:
    return (
        (tag in _SKIP and el.get("role") not in _NOTES)  # <aside role="doc-footnote"> is text
        or el.get("hidden") is not None
        or el.get("aria-hidden", "").lower() == "true"
        or el.get("role") == "doc-backlink"
        or bool(_HIDDEN_STYLE.search(el.get("style", "")))
    )
