"""Plain text: the whole decoded file is one block, so segmenting it is segmenting the file."""

from __future__ import annotations

from pathlib import Path

from align.io import Encoding, decode_text, require_text
from align.readers.document import Block, Document


class TextReader:
    name = "text"
    suffixes: tuple[str, ...] = (".txt",)

    def read(self, data: bytes, path: Path, encoding: Encoding) -> Document:
        text = require_text(decode_text(data, path, encoding), path)
        return Document(path, "text", (Block(text, "paragraph", 0, len(text)),))
