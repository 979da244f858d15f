"""Markdown reader: hand-checked blocks, the raw seed article, the seed letters as Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.readers import document_sentences, read_document
from align.readers.markdown import markdown_blocks
from align.segment import sentence_texts

REPO = Path(__file__).parents[1]
# ../shared next to the checkout (or next to a folder of worktrees).
SHARED = next(
    (p / "shared" for p in REPO.parents if (p / "shared/seeds").is_dir()), REPO.parent / "shared"
)

CASES = [
    # inline markup dropped, its text kept
    (
        "# Title\n\nPara **bold**, _em_, [link](http://x 'T') and `code`.",
        [("heading", "Title"), ("paragraph", "Para bold, em, link and code.")],
    ),
    ("~~old~~ new &amp; AT&T \\*not em\\*", [("paragraph", "old new & AT&T *not em*")]),
    ("<https://example.org> ends", [("paragraph", "https://example.org ends")]),
    # images, comments, front matter, link definitions, code: no text
    ("![图片](a.png)中文句子。", [("paragraph", "中文句子。")]),
    ("![alt only](x.jpg)\n\n```\ncode\n```\n\n    indented code", []),
    ("<!-- note -->\n\nText <!-- inline --> here.", [("paragraph", "Text here.")]),
    ("---\ntitle: x\n---\nBody.", [("paragraph", "Body.")]),
    (
        "See [the site][s].\n\n[s]: http://x 'T'\n[t]: www.example.com",
        [("paragraph", "See the site.")],
    ),
    ("###\n\n#", []),
    ("[^x]: unreferenced notes are dropped, as renderers drop them", []),
    # footnotes, both styles
    (
        "Claim.[^1]\n\n[^1]: The *note*.",
        [("paragraph", "Claim.[1]"), ("footnote", "[1]: The note.")],
    ),
    ("说法[^a]。\n\n[^a]: 注释。", [("paragraph", "说法[1]。"), ("footnote", "[1]: 注释。")]),
    (
        "One^[inline *note*] two.[^z]\n\n[^z]: Named.",
        [
            ("paragraph", "One[1] two.[2]"),
            ("footnote", "[1]: inline note"),
            ("footnote", "[2]: Named."),
        ],
    ),
    (
        "Text.[1]\n\n[1]: Despite leaving, it stays.",
        [
            ("paragraph", "Text.[1]"),
            ("footnote", "[1]: Despite leaving, it stays."),
        ],
    ),
    (
        "送达率[1]。\n\n[1]: 腾讯QQ是即时通讯软件。",
        [
            ("paragraph", "送达率[1]。"),
            ("footnote", "[1]: 腾讯QQ是即时通讯软件。"),
        ],
    ),
    # wiki links; a line of them is metadata (tags)
    ("See [[Main Page]] and [[Target|label]].", [("paragraph", "See Main Page and label.")]),
    ("[[Wikimedia]] [[“We]] [[维基百科]]", [("meta", "Wikimedia “We 维基百科")]),
    # containers
    ("- one\n- two **x**\n\n1. first", [("item", "one"), ("item", "two x"), ("item", "first")]),
    (
        "+ Source: The Record\n+ Link: [article](https://x)",
        [
            ("item", "Source: The Record"),
            ("item", "Link: article"),
        ],
    ),
    ("> quoted *text*\n>\n> - in list", [("quote", "quoted text"), ("item", "in list")]),
    (
        "| a | **b** |\n|---|---|\n| 中 | [文](u) |",
        [
            ("cell", "a"),
            ("cell", "b"),
            ("cell", "中"),
            ("cell", "文"),
        ],
    ),
    (
        "# 标题\n\n这是**重点**。见[链接](u)。",
        [("heading", "标题"), ("paragraph", "这是重点。见链接。")],
    ),
    ('<p align="center">Centred &amp; <b>bold</b></p>', [("paragraph", "Centred & bold")]),
    ("line one\nline two", [("paragraph", "line one\nline two")]),
    ("Setext\n===\n\nline<br>break", [("heading", "Setext"), ("paragraph", "line\nbreak")]),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_blocks(source: str, expected: list[tuple[str, str]]) -> None:
    assert [(b.kind, b.text) for b in markdown_blocks(source)] == expected


def test_spans_point_at_the_source_lines() -> None:
    source = "# Title\n\nOne **two**\nthree.[^1]\n\n- item\n\n[^1]: Note."
    blocks = markdown_blocks(source)
    assert [source[b.start : b.end] for b in blocks] == [
        "# Title",
        "One **two**\nthree.[^1]",
        "- item",
        "[^1]: Note.",
    ]


WORDS = st.sampled_from(["alpha", "beta", "中文", "句子。", "end.", "Yes?", "42"])
PARAGRAPH = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


@given(st.lists(PARAGRAPH, min_size=1, max_size=5))
def test_plain_paragraphs_are_blocks_spanning_themselves(paragraphs: list[str]) -> None:
    source = "\n\n".join(paragraphs) + "\n"
    blocks = markdown_blocks(source)
    assert [b.text for b in blocks] == paragraphs
    assert all(source[b.start : b.end] == b.text for b in blocks)


def test_raw_article_reads_as_its_cleaned_body_plus_short_metadata_blocks() -> None:
    """``seeds/article.en.txt`` is the raw article's title and the paragraphs under "Article:"
    cleaned by hand; everything else is labels, a metadata list and a tag line."""
    doc = read_document(SHARED / "seeds" / "003_16fff4e76e1c64a9.txt", "markdown")
    sentences = document_sentences(doc, "auto")
    for markup in ("](", "![", "**", "#", "+ ", "[["):
        assert not [s for s in sentences if markup in s], markup
    cleaned = sentence_texts((REPO / "seeds" / "article.en.txt").read_text("utf-8"))
    metadata = [
        "Source: The Record",
        "Link: article",
        "Date: September 14, 2021",
        "Author: Catalin Cimpanu",
    ]
    tags = "Wikimedia Wikipedia “We The Record"
    assert sentences == [
        cleaned[0],
        "Information:",
        *metadata,
        "Article:",
        *cleaned[1:],
        "Tags:",
        tags,
    ]
    kinds = {b.text: b.kind for b in doc.blocks}
    assert [kinds[m] for m in metadata] == ["item"] * 4
    assert kinds[tags] == "meta"


@pytest.mark.parametrize(
    "name", ["letter.en.txt", "letter.zh.txt", "letter.zh-hant.txt", "article.zh.txt"]
)
def test_seed_texts_read_as_markdown_segment_as_text(name: str) -> None:
    path = REPO / "seeds" / name
    doc = read_document(path, "markdown")
    assert document_sentences(doc, "auto") == sentence_texts(path.read_text("utf-8"))
    if name.startswith("letter"):  # the [n]: notes are footnote blocks, not link definitions
        notes = [b.text for b in doc.blocks if b.kind == "footnote"]
        expected = {"letter.en.txt": 6, "letter.zh.txt": 6, "letter.zh-hant.txt": 3}[name]
        assert [n[:5] for n in notes] == [f"[{k}]: " for k in range(1, expected + 1)]
