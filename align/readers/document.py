"""The document model every reader returns: a file as a tuple of text blocks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from align.io import Encoding

DocFormat = Literal["auto", "text", "markdown", "html", "docx"]
BlockKind = Literal[
    "paragraph",  # running text
    "heading",  # a heading, or the title line of a container or admonition
    "item",  # a list item or a definition-list term or definition
    "quote",  # a paragraph of a block quotation
    "cell",  # a table cell
    "footnote",  # a footnote or endnote, ``[n]: text``
    "meta",  # a metadata line: a tag line, a front-matter field other than the title
    "title",  # the document's title: HTML ``<title>``, front matter ``title``
    "attribute",  # text held in an attribute: image alt text, ``title``, an MDX prop
    "comment",  # a comment line of a code block (``--code comments``)
    "header",  # a page header of a Word document
    "footer",  # a page footer of a Word document
]
#: ``--code``: code blocks give no text (``drop``) or only their comment lines (``comments``).
CodeMode = Literal["drop", "comments"]
#: ``--html``: a page's main content without its chrome (``main``), or all its text (``all``).
HtmlMode = Literal["main", "all"]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How readers treat code blocks and web pages (``--code``, ``--html``)."""

    code: CodeMode = "drop"
    html: HtmlMode = "main"


DEFAULTS = ReadOptions()


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a document: its plain text (markup removed), its kind, and where it sits
    in the original (char offsets for text/markdown, element index for html/docx)."""

    text: str
    kind: BlockKind
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    """A read file: its blocks, how many code blocks gave no sentences (all their text with
    ``--code drop``, all but their comment lines with ``--code comments``), and the reader's
    warnings, one line each, naming the file."""

    path: Path
    format: str  # "text", "markdown", "html", "docx"
    blocks: tuple[Block, ...]
    code_blocks: int = 0
    warnings: tuple[str, ...] = ()


class Reader(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def read(
        self, data: bytes, path: Path, encoding: Encoding, options: ReadOptions = DEFAULTS
    ) -> Document: ...


def without_repeats(blocks: list[Block]) -> list[Block]:
    """``blocks`` without the ``title`` and ``attribute`` blocks that repeat the text of
    another block or of an earlier one of them: a page title that is also its heading, or
    alt text that repeats the caption, is read once."""
    seen = {b.text for b in blocks if b.kind not in ("title", "attribute")}
    kept = []
    for block in blocks:
        if block.kind in ("title", "attribute"):
            if block.text in seen:
                continue
            seen.add(block.text)
        kept.append(block)
    return kept
