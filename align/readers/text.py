"""Plain text: one block holding the whole decoded file, segmented exactly as before readers."""

from __future__ import annotations

from pathlib import Path

from align.io import Encoding, decode_text
from align.readers.document import DEFAULTS, Block, Document, Reader, ReadOptions
from align.readers.sniff import check_not_binary


class TextReader:
    """One ``paragraph`` block, ``start`` 0 and ``end`` the length of the decoded text: the
    segmenter finds the paragraphs (blank-line separated) itself."""

    name: str = "text"
    suffixes: tuple[str, ...] = (".txt",)

    def read(
        self, data: bytes, path: Path, encoding: Encoding, options: ReadOptions = DEFAULTS
    ) -> Document:
        check_not_binary(data, path, "text")
        text = decode_text(data, path, encoding)
        return Document(path, "text", (Block(text, "paragraph", 0, len(text)),))


READER: Reader = TextReader()
