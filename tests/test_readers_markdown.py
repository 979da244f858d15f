"""Markdown reader: hand-checked blocks, the raw seed article, the seed letters as Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.readers import document_sentences, read_document
from align.readers.markdown import MAX_QUOTES, markdown_blocks, read_markdown
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
    # an image's alt text is a block after the one holding the image
    ("![图片](a.png)中文句子。", [("paragraph", "中文句子。"), ("attribute", "图片")]),
    # comments, link definitions, code: no text
    ("![alt only](x.jpg)\n\n```\ncode\n```\n\n    indented code", [("attribute", "alt only")]),
    ("<!-- note -->\n\nText <!-- inline --> here.", [("paragraph", "Text here.")]),
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
    # a soft line break is a space (nothing between CJK characters), a hard one a break
    ("line one\nline two", [("paragraph", "line one line two")]),
    ("中文\n句子。", [("paragraph", "中文句子。")]),
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


DOCS_SITE_CASES = [
    # containers and admonitions: content read, the title a heading (an admonition's type when
    # none is written: the title the page shows), other containers untitled
    (
        "::: tip 提示\n请参考迁移指南。\n:::",
        [("heading", "提示"), ("paragraph", "请参考迁移指南。")],
    ),
    (
        "::: details Click me\nHidden.\n:::\n\n:::info\nNo title.\n:::",
        [
            ("heading", "Click me"),
            ("paragraph", "Hidden."),
            ("heading", "Info"),
            ("paragraph", "No title."),
        ],
    ),
    (
        ":::note[My *title*]\nBody\n:::\n\n:::caution Old style\nText\n:::",
        [
            ("heading", "My title"),
            ("paragraph", "Body"),
            ("heading", "Old style"),
            ("paragraph", "Text"),
        ],
    ),
    (
        '!!! note "注意"\n    正文。\n\n!!! warning\n    Only a type.\n\n??? tip "Folded"\n    In.',
        [
            ("heading", "注意"),
            ("paragraph", "正文。"),
            ("heading", "Warning"),
            ("paragraph", "Only a type."),
            ("heading", "Folded"),
            ("paragraph", "In."),
        ],
    ),
    ("/// tip | 提示\n\n正文。\n\n///", [("heading", "提示"), ("paragraph", "正文。")]),
    ("/// tip\n\nBody.\n\n///", [("heading", "Tip"), ("paragraph", "Body.")]),
    ("::: code-group\nA.\n:::\n\n::: v-pre\nB.\n:::", [("paragraph", "A."), ("paragraph", "B.")]),
    (
        "::: details Click me {open}\nA.\n:::\n\n::: info {no-title}\nB.\n:::",
        [("heading", "Click me"), ("paragraph", "A."), ("paragraph", "B.")],
    ),
    # GitHub: alerts read like admonitions, task-list boxes no text
    (
        "> [!NOTE]\n> Useful.\n\n> [!CAUTION]\n> 小心。\n\n- [ ] Write\n- [x] Update",
        [
            ("heading", "Note"),
            ("paragraph", "Useful."),
            ("heading", "Caution"),
            ("paragraph", "小心。"),
            ("item", "Write"),
            ("item", "Update"),
        ],
    ),
    (
        "> [!WARNING] 自定义标题\n> 关键内容。\n\n> [!TIP] A title alone",
        [
            ("heading", "自定义标题"),
            ("quote", "关键内容。"),
            ("heading", "A title alone"),
        ],
    ),
    # attributes: never text, never a block of their own
    (
        "## What is Vue? {#what-is-vue}\n\n# Title { #t .c }\n\nPara.\n{: .note}",
        [("heading", "What is Vue?"), ("heading", "Title"), ("paragraph", "Para.")],
    ),
    (
        "{#anchor .wide}\nA paragraph with a block attribute.",
        [("paragraph", "A paragraph with a block attribute.")],
    ),
    ("Click [here](x){target=_blank} or `c`{.py}.", [("paragraph", "Click here or c.")]),
    # front matter: translatable fields, the rest dropped
    (
        "---\ntitle: 你好\ndescription: A *page*\nsidebar_label: 标签\ndate: 2020-01-01\n"
        "tags: [a, b]\nslug: /x\n---\nBody.",
        [("title", "你好"), ("meta", "A page"), ("meta", "标签"), ("paragraph", "Body.")],
    ),
    (
        '+++\ntitle = "T"\nsummary = "Sum."\nversion = "2.1"\naliases = ["/a"]\n+++\n\nBody',
        [("title", "T"), ("meta", "Sum."), ("paragraph", "Body")],
    ),
    ("---\n---\nBody.", [("paragraph", "Body.")]),
    # template tags
    (
        "Hi {{ site.name }} and {% include x.html %} end.\n\n{% if a %}\n\nKept.\n\n{% endif %}\n\n"
        "{{< figure src=x >}}",
        [("paragraph", "Hi and end."), ("paragraph", "Kept.")],
    ),
    # HTML blocks: text kept, tags dropped
    (
        '<aside markdown="1">\n**Note**: text with a [link](x).\n\n- item\n</aside>',
        [("paragraph", "Note: text with a link."), ("item", "item")],
    ),
    (
        "<details>\n<summary>Click</summary>\n\nHidden *text*\n\n</details>",
        [("paragraph", "Click"), ("paragraph", "Hidden text")],
    ),
    (
        '<p align="center"><img src="x.png" alt="Logo" title="The logo"></p>\n\n'
        'Text <img alt="i">.',
        [
            ("attribute", "Logo"),
            ("attribute", "The logo"),
            ("paragraph", "Text ."),
            ("attribute", "i"),
        ],
    ),
    # image alt text and title, once each
    (
        '# Cover\n\n![Cover](c.png "A *cover*")\n\n![Cover](d.png)',
        [("heading", "Cover"), ("attribute", "A *cover*")],
    ),
    # definition lists
    ("Term\n: Definition *one*", [("item", "Term"), ("item", "Definition one")]),
    # soft breaks: a space, nothing between wide characters (punctuation included)
    (
        "adapted from the Covenant,\nversion 2.1, available at\nhttps://x.org\n\n第一句。\n第二句",
        [
            ("paragraph", "adapted from the Covenant, version 2.1, available at https://x.org"),
            ("paragraph", "第一句。第二句"),
        ],
    ),
    ("- item one\n  continues\n- 项目\n  续", [("item", "item one continues"), ("item", "项目续")]),
]


@pytest.mark.parametrize(("source", "expected"), DOCS_SITE_CASES)
def test_docs_site_blocks(source: str, expected: list[tuple[str, str]]) -> None:
    assert [(b.kind, b.text) for b in markdown_blocks(source)] == expected


MDX_CASES = [
    (
        "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n"
        "export const Green = ({children}) => (\n  <span>{children}</span>\n);\n\n# Tabs\n\n"
        'Intro {/* note to self */} with <Green title="Shade">green</Green> {props.x}.\n'
        '<Tabs>\n  <TabItem value="a" label="Apple" default>\n    An **apple** 🍎\n  </TabItem>\n'
        '  <TabItem\n    value="o"\n    label={"Orange"}>\n    An orange\n  </TabItem>\n</Tabs>\n\n'
        '<Figure src="/x.png" description="After login." caption={caption} />',
        [
            ("heading", "Tabs"),
            ("paragraph", "Intro with green ."),
            ("attribute", "Shade"),
            ("attribute", "Apple"),
            ("paragraph", "An apple 🍎"),
            ("attribute", "Orange"),
            ("paragraph", "An orange"),
            ("attribute", "After login."),
        ],
    ),
    # an import inside a code block is code, not ESM
    (
        "Use it:\n\n```js\nimport x from 'y';\n```\n\nDone.",
        [("paragraph", "Use it:"), ("paragraph", "Done.")],
    ),
]


@pytest.mark.parametrize(("source", "expected"), MDX_CASES)
def test_mdx_blocks(source: str, expected: list[tuple[str, str]]) -> None:
    assert [(b.kind, b.text) for b in markdown_blocks(source, mdx=True)] == expected


CODE = (
    "Text with `inline code` in it.\n\n```python\n#!/usr/bin/env python\n# Set up the *client*.\n"
    "# It retries.\nclient = make()  # 默认重试三次\nurl = 'http://x#frag'\n```\n\n"
    '```c\n#include <stdio.h>\n/* Print a greeting\n * to stdout. */\nputs("hi"); // done\n```\n\n'
    "```html\n<!-- 导航栏 -->\n<nav></nav>\n```\n\n```sql\n-- 查询所有用户\nSELECT 1;\n```\n\n"
    "    # indented code comment\n\n```\n# ------\n```\n"
)


def test_code_blocks_give_no_sentences_by_default() -> None:
    walk = read_markdown(CODE)
    assert [(b.kind, b.text) for b in walk.blocks] == [
        ("paragraph", "Text with inline code in it.")
    ]
    assert walk.code_blocks == 6


def test_code_comments_are_blocks_with_code_comments() -> None:
    walk = read_markdown(CODE, code="comments")
    assert [(b.kind, b.text) for b in walk.blocks] == [
        ("paragraph", "Text with inline code in it."),
        ("comment", "Set up the *client*. It retries."),
        ("comment", "默认重试三次"),
        ("comment", "Print a greeting to stdout."),
        ("comment", "done"),
        ("comment", "导航栏"),
        ("comment", "查询所有用户"),
        ("comment", "indented code comment"),
    ]
    assert walk.code_blocks == 6


def test_deep_quotes_are_read_at_a_documented_depth_with_a_warning() -> None:
    walk = read_markdown(">" * 5000 + " deep text\n\nafter\n")
    assert [(b.kind, b.text) for b in walk.blocks] == [
        ("quote", "deep text"),
        ("paragraph", "after"),
    ]
    assert walk.warnings == [f"block quotes nested over {MAX_QUOTES} deep are read as {MAX_QUOTES}"]


def test_front_matter_that_does_not_parse_is_a_warning() -> None:
    walk = read_markdown("---\ntitle: [unclosed\n---\nBody.")
    assert [b.text for b in walk.blocks] == ["Body."]
    assert walk.warnings == ["front matter is not valid YAML (line 2); its fields are not read"]


def test_a_yaml_alias_bomb_is_read_in_linear_time() -> None:
    lines = ["a: &a [{title: x}, {title: y}]"]
    lines += [f"{chr(98 + k)}: &{chr(98 + k)} [*{chr(97 + k)}, *{chr(97 + k)}]" for k in range(20)]
    walk = read_markdown("---\n" + "\n".join(lines) + "\n---\nBody.")
    assert [b.text for b in walk.blocks] == ["x", "y", "Body."]
