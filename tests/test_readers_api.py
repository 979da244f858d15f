"""The reader layer: format choice, plain text exactly as before, sentences per block, and a
one-line error for a file that is not what it claims to be."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.errors import InputError
from align.io import non_blank_lines
from align.readers import (
    Block,
    Document,
    ReadOptions,
    document_sentences,
    document_text,
    read_document,
    reader_for,
    readers,
)
from align.segment import sentence_texts

REPO = Path(__file__).parents[1]


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("a.md", "auto", "markdown"),
        ("a.MARKDOWN", "auto", "markdown"),
        ("a.html", "auto", "html"),
        ("a.htm", "auto", "html"),
        ("a.docx", "auto", "docx"),
        ("a.txt", "auto", "text"),
        ("a.align", "auto", "text"),
        ("noext", "auto", "text"),
        ("a.txt", "markdown", "markdown"),  # a .txt stays text unless told otherwise
        ("a.md", "text", "text"),
    ],
)
def test_reader_choice(name: str, fmt: str, expected: str) -> None:
    assert reader_for(Path(name), fmt).name == expected  # type: ignore[arg-type]


def test_every_reader_is_registered_under_its_name() -> None:
    assert sorted(readers()) == ["docx", "html", "markdown", "text"]


@pytest.mark.parametrize("name", ["letter.en.txt", "letter.zh.txt", "article.zh.txt"])
def test_plain_text_is_one_block_segmented_as_before(name: str) -> None:
    path = REPO / "seeds" / name
    text = path.read_text("utf-8")
    doc = read_document(path)
    assert doc.blocks == (Block(text, "paragraph", 0, len(text)),)
    assert document_sentences(doc, "auto") == sentence_texts(text)
    assert document_sentences(doc, "lines") == non_blank_lines(text)
    assert document_text(doc) == text


def test_plain_text_keeps_the_encoding_rules(tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes("中文句子。\r\n第二句。".encode("gb18030"))
    assert document_sentences(read_document(path, encoding="auto"), "auto") == [
        "中文句子。",
        "第二句。",
    ]
    with pytest.raises(InputError, match="not valid UTF-8"):
        read_document(path)


def doc_of(*texts: str) -> Document:
    return Document(Path("x"), "markdown", tuple(Block(t, "paragraph", 0, 0) for t in texts))


def test_sentences_never_cross_a_block() -> None:
    # as one text, the unpunctuated line would run on into the next sentence
    doc = doc_of("Mr. Smith went to", "Washington. He left.")
    assert document_sentences(doc, "auto") == ["Mr. Smith went to", "Washington.", "He left."]
    assert document_text(doc) == "Mr. Smith went to\n\nWashington. He left."


def test_language_is_detected_once_for_the_whole_document() -> None:
    """As in a plain-text file, a Latin block inside a Chinese document is segmented by the
    Chinese rules (which do not cut at ". "), unless the caller names the language."""
    doc = doc_of("这是一个很长的中文段落，讲述了很多事情。又一句。", "WMC won. Then it lost.")
    assert document_sentences(doc, "auto") == [
        "这是一个很长的中文段落，讲述了很多事情。",
        "又一句。",
        "WMC won. Then it lost.",
    ]
    assert document_sentences(doc, "auto") == sentence_texts(document_text(doc))
    assert document_sentences(doc, "auto", "en")[-2:] == ["WMC won.", "Then it lost."]


@settings(max_examples=60)
@given(st.lists(st.text(min_size=1).filter(str.strip), min_size=1, max_size=5))
def test_sentences_and_lines_keep_all_the_text_of_every_block(texts: list[str]) -> None:
    doc = doc_of(*texts)
    visible = "".join("".join(t.split()) for t in texts)
    for split in ("auto", "lines"):
        sentences = document_sentences(doc, split)
        assert "".join("".join(s.split()) for s in sentences) == visible
    assert document_sentences(doc, "lines") == [x for t in texts for x in non_blank_lines(t)]


def docx_bytes() -> bytes:
    buffer = BytesIO()
    d = docx.Document()
    d.add_paragraph("Hello.")
    d.save(buffer)
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("content.xml", "<x/>")
    return buffer.getvalue()


MISLABELLED = [
    ("a.docx", "auto", b"<!DOCTYPE html><html><body><p>x</p></body></html>", "an HTML page"),
    ("a.docx", "docx", b"\xef\xbb\xbf  <html><p>x", "an HTML page: pass --from html"),
    ("a.docx", "auto", "纯文本，不是Word。".encode(), "text: pass --from text"),
    ("a.docx", "auto", b"%PDF-1.7\n...", "a PDF document"),
    ("a.docx", "auto", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "password-protected Office file"),
    ("a.docx", "auto", zip_bytes(), "a ZIP archive, not a Word document"),
    ("a.docx", "auto", b"PK\x03\x04truncated", "a damaged ZIP archive"),
    ("a.txt", "auto", docx_bytes(), "a Word document: pass --from docx"),
    ("a.md", "auto", b"%PDF-1.4", "expected a Markdown file, but it looks like a PDF"),
    ("a.html", "auto", b"\x00\x01\x02binary", "looks like binary data"),
]


@pytest.mark.parametrize(("name", "fmt", "data", "message"), MISLABELLED)
def test_a_mislabelled_file_gets_one_line_saying_what_it_is(
    tmp_path: Path, name: str, fmt: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_document(path, fmt)  # type: ignore[arg-type]
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.txt", b"  \n\n", "file is empty"),
        ("a.md", b"![](x.png)\n<!-- an image without alt text -->", "no text found"),
        ("a.html", b"<script>only()</script>", "no text found in this html file"),
    ],
)
def test_a_file_without_text_is_an_error(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_document(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "missing.md")
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_seed_letter_as_word_or_web_page_aligns_like_the_text(tmp_path: Path, suffix: str) -> None:
    from test_readers_docx import write_letter_docx
    from test_readers_html import letter_page

    from align.aligner import align_sentences
    from align.beads import parse_beads
    from align.encoders import load_encoder
    from align.evaluate import score_alignments

    seeds = REPO / "seeds"
    english = (seeds / "letter.en.txt").read_text("utf-8")
    path = tmp_path / f"letter{suffix}"
    if suffix == ".docx":
        write_letter_docx(english, path)
    else:
        path.write_text(letter_page(english, "en"), "utf-8")
    chinese = document_sentences(read_document(seeds / "letter.zh.txt"), "auto")
    beads = align_sentences(
        chinese, document_sentences(read_document(path), "auto"), load_encoder("use-m3")
    )
    gold = parse_beads((seeds / "letter.gold.align").read_text("utf-8"))
    assert score_alignments([(gold, beads)]).f1_strict == 1.0


def test_utf16_text_is_text_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("第一句。".encode("utf-16"))
    assert document_sentences(read_document(path, encoding="auto"), "auto") == ["第一句。"]


def test_segment_says_how_many_code_blocks_were_left_out(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from align.cli import app

    path = tmp_path / "doc.md"
    path.write_text("Run it.\n\n```sh\n# 安装依赖\nmake\n```\n\n    indented\n", "utf-8")
    result = CliRunner().invoke(app, ["segment", str(path)])
    assert result.exit_code == 0
    assert result.stdout == "Run it.\n"
    assert f"{path}: 2 code blocks left out (--code comments keeps their comments)" in (
        result.stderr
    )
    result = CliRunner().invoke(app, ["segment", str(path), "--code", "comments"])
    assert result.stdout == "Run it.\n安装依赖\n"
    assert f"{path}: 2 code blocks read for their comments only" in result.stderr


@pytest.mark.parametrize(
    ("name", "data", "expected", "warning"),
    [
        # issue 27: a DOCTYPE's internal subset printed "]>" as a sentence
        (
            "d.html",
            b'<!DOCTYPE html [ <!ENTITY x "y"> ]><html><body><p>Text &x; here.</p></body></html>',
            "Text &x; here.\n",
            "",
        ),
        # issue 27: deep nesting was "no text found"
        ("deep.md", b">" * 5000 + b" Deep quote.\n", "Deep quote.\n", "block quotes nested"),
        (
            "deep.html",
            b"<div>" * 100_000 + b"Deep div." + b"</div>" * 100_000,
            "Deep div.\n",
            "nested over",
        ),
    ],
)
def test_hostile_documents_segment(
    tmp_path: Path, name: str, data: bytes, expected: str, warning: str
) -> None:
    from typer.testing import CliRunner

    from align.cli import app

    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(app, ["segment", str(path)])
    assert (result.exit_code, result.stdout) == (0, expected)
    assert warning in result.stderr and (warning or result.stderr == "")


def test_align_documents_logs_the_code_blocks_of_each_document(tmp_path: Path) -> None:
    from test_pipeline import HashEncoder

    from align.pipeline import DocumentOptions, align_documents

    zh, en = tmp_path / "a.zh.md", tmp_path / "a.en.md"
    zh.write_text("运行它。\n\n```sh\n# 安装\nmake\n```\n", "utf-8")
    en.write_text("Run it.\n", "utf-8")
    lines: list[str] = []
    options = DocumentOptions(reading=ReadOptions(code="comments"))
    alignment = align_documents(zh, en, HashEncoder(), options=options, log=lines.append)
    assert alignment.src == ("运行它。", "安装")
    assert lines == [f"{zh}: 1 code block read for its comments only"]
