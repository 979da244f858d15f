"""Markdown (CommonMark with tables, strikethrough, footnotes and front matter) via markdown-it-py.

Headings, paragraphs, list items, block quotes, table cells and footnotes become blocks; inline
markup is dropped and its text kept (``**x**`` -> x, ``[text](url)`` -> text, wiki-style
``[[x]]`` and ``[[target|x]]`` -> x, an inline ``<br>`` a line break). Images, HTML comments,
front matter, link reference definitions and code blocks give no text; an HTML block gives its
visible text. A footnote reference (``[^note]``, ``^[inline note]``) reads ``[1]``, numbered as
rendered, and the note is a ``footnote`` block ``[1]: text`` after the body (a definition never
referenced is dropped, as renderers drop it). A hand-written note, a ``[1]: text`` line whose
text is no link target, is a ``footnote`` block where it stands: CommonMark would take
``[1]: 腾讯QQ是…`` for a link definition and drop it. A paragraph made only of wiki links (a
tag line) is a ``meta`` block. ``start``/``end`` are character offsets of the block's source
lines in the decoded text (an inline note points at the paragraph citing it).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from align.io import Encoding, decode_text
from align.readers import html
from align.readers.document import Block, BlockKind, Document, Reader
from align.readers.sniff import check_not_binary

_CONTAINERS: dict[str, BlockKind] = {
    "list_item_open": "item",
    "blockquote_open": "quote",
    "footnote_open": "footnote",
    "th_open": "cell",
    "td_open": "cell",
    "heading_open": "heading",
    "note_open": "footnote",
}
_WIKILINK = re.compile(r"\[\[([^\[\]\n|]*)(?:\|([^\[\]\n]*))?\]\]")
_NOTE = re.compile(r" {0,3}\[([^\]\s^]{1,8})\]:[ \t]+(\S.*)")  # "[1]: text", a hand-written note
# what a link reference definition points at: <…>, a scheme, a path, an anchor or a domain
_URL = re.compile(r"<|[A-Za-z][\w+.-]*:|\.{0,2}/|#|[\w-]+(\.[\w-]+)+(/|\s|$)")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]{2,}")


class MarkdownReader:
    name: str = "markdown"
    suffixes: tuple[str, ...] = (".md", ".markdown")

    def read(self, data: bytes, path: Path, encoding: Encoding) -> Document:
        check_not_binary(data, path, "Markdown")
        text = decode_text(data, path, encoding)
        return Document(path, "markdown", tuple(markdown_blocks(text)))


READER: Reader = MarkdownReader()


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(front_matter_plugin)
    md.inline.ruler.before("link", "wikilink", _wikilink)
    md.block.ruler.before("reference", "note", _note)
    return md


def _note(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``[1]: text`` whose text is no link target (``[1]: 腾讯QQ是…``, ``[5]: Despite …``): a
    hand-written footnote, up to the next blank line or note, instead of a link definition."""
    if state.is_code_block(start):
        return False
    m = _NOTE.fullmatch(state.src[state.bMarks[start] : state.eMarks[start]])
    if m is None or _URL.match(m.group(2)):
        return False
    if silent:
        return True
    stop = start + 1
    while stop < end and not state.isEmpty(stop):
        if _NOTE.fullmatch(state.src[state.bMarks[stop] : state.eMarks[stop]]):
            break
        stop += 1
    state.push("note_open", "p", 1).map = [start, stop]
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = (
        state.getLines(start, stop, 0, False).strip(),
        [start, stop],
        [],
    )
    state.push("note_close", "p", -1)
    state.line = stop
    return True


def _wikilink(state: StateInline, silent: bool) -> bool:
    """``[[target]]`` or ``[[target|label]]``: a ``wikilink`` token whose content is shown."""
    m = _WIKILINK.match(state.src, state.pos)
    if m is None:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.content = m.group(2) if m.group(2) is not None else m.group(1)
    state.pos = m.end()
    return True


def markdown_blocks(text: str) -> list[Block]:
    """The non-blank blocks of a Markdown text in document order (footnote definitions last)."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)] + [len(text)]

    def span(lines: list[int]) -> tuple[int, int]:
        start, end = line_starts[lines[0]], line_starts[min(lines[1], len(line_starts) - 1)]
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    blocks: list[Block] = []
    kinds: list[BlockKind] = []  # the open containers, innermost last
    label = ""  # the number of a footnote whose first paragraph is still to come
    cited: dict[int, list[int]] = {}  # footnote id -> lines of the block citing it first
    lines: list[int] = [0, 0]
    for token in _parser().parse(text):
        if token.type in _CONTAINERS:
            kinds.append(_CONTAINERS[token.type])
            if token.type == "footnote_open":
                label, lines = str(token.meta["id"] + 1), cited.get(token.meta["id"], [0, 0])
        elif token.type.replace("_close", "_open") in _CONTAINERS:
            kinds.pop()
        elif token.type == "inline":
            lines = token.map or lines  # an inline footnote's text has no lines of its own
            for child in token.children or []:
                if child.type == "footnote_ref":
                    cited.setdefault(child.meta["id"], lines)
            content = _inline_text(token.children or []).strip()
            if content:
                kind = kinds[-1] if kinds else _paragraph_kind(token)
                if label:
                    content, label = f"[{label}]: {content}", ""
                blocks.append(Block(content, kind, *span(lines)))
        elif token.type == "html_block" and token.map:
            for piece in html.html_blocks(token.content):
                blocks.append(
                    Block(piece.text, kinds[-1] if kinds else piece.kind, *span(token.map))
                )
    return blocks


def _inline_text(children: list[Token]) -> str:
    """The visible text of an inline token's children: markup, images and inline HTML dropped."""
    parts = []
    for child in children:
        if child.type in ("text", "code_inline", "wikilink"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "footnote_ref":  # numbered as rendered: [^note] shows as [1]
            parts.append(f"[{child.meta['id'] + 1}]")
        elif child.type == "html_inline" and _BR.fullmatch(child.content):
            parts.append("\n")
    return _SPACES.sub(" ", "".join(parts))  # as rendered: "a <!-- x --> b" reads "a b"


def _paragraph_kind(token: Token) -> BlockKind:
    """A top-level paragraph: a tag line made only of wiki links (``meta``), or prose."""
    children = token.children or []
    tags = any(c.type == "wikilink" for c in children)
    if tags and all(c.type == "wikilink" or not c.content.strip() for c in children):
        return "meta"
    return "paragraph"
