"""Document readers: the plain-text reader is byte-for-byte today's segmentation."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.errors import InputError
from align.io import non_blank_lines, read_text
from align.readers import (
    READERS,
    Block,
    Document,
    document_sentences,
    document_text,
    read_document,
    reader_for,
)
from align.segment import sentence_texts

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_text_reader_is_one_block_of_the_decoded_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeff第一句。\r\n\r\n第二句！\r\n".encode())
    doc = read_document(path)
    assert doc.format == "text"
    assert doc.blocks == (Block("第一句。\n\n第二句！\n", "paragraph", 0, 11),)
    assert document_text(doc) == "第一句。\n\n第二句！\n"


@pytest.mark.parametrize("name", ["letter.zh.txt", "letter.en.txt"])
def test_sentences_match_the_segmenter_and_lines(name: str) -> None:
    doc = read_document(SEEDS / name)
    text = read_text(SEEDS / name)
    assert document_sentences(doc, "auto") == sentence_texts(text)
    assert document_sentences(doc, "lines") == non_blank_lines(text)


def test_sentences_never_cross_blocks(tmp_path: Path) -> None:
    two = Document(
        tmp_path / "x", "text", (Block("One", "heading", 0, 3), Block("two.", "paragraph", 4, 8))
    )
    assert document_sentences(two, "auto", "en") == ["One", "two."]


def test_auto_picks_by_suffix_and_falls_back_to_text(tmp_path: Path) -> None:
    assert reader_for(tmp_path / "a.txt") is READERS["text"]
    assert reader_for(tmp_path / "a.unknown") is READERS["text"]


def test_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "missing.txt")
    (tmp_path / "empty.txt").write_text(" \n")
    with pytest.raises(InputError, match="file is empty"):
        read_document(tmp_path / "empty.txt")
    with pytest.raises(InputError, match="no reader for format 'docx'"):
        reader_for(tmp_path / "a.docx", "docx")
