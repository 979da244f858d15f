"""HTML reader: hand-checked visible text and blocks; the seed letters as web pages."""

from __future__ import annotations

import html
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.readers import document_sentences, read_document
from align.readers.html import html_blocks
from align.segment import sentence_texts

REPO = Path(__file__).parents[1]

CASES = [
    # entities decoded, inline markup dropped, white space collapsed
    (
        "<p>AT&amp;T &rsquo;s <b>bold</b>\n   <a href='x'>link</a>&#x4e2d;</p>",
        [
            ("paragraph", "AT&T ’s bold link中"),
        ],
    ),
    ("<p>a&nbsp;&nbsp;b</p>", [("paragraph", "a\xa0\xa0b")]),  # a no-break space is text
    # a line break between CJK characters (punctuation too) vanishes; next to Latin it is a space
    (
        "<p>中文，\n句子 and\nEnglish <b>粗</b>\n体。</p>",
        [("paragraph", "中文，句子 and English 粗体。")],
    ),
    # invisible: scripts, styles, chrome, hidden, ruby annotations
    (
        "<html><head><title>T</title><style>p{}</style></head><body><script>x()</script>"
        "<nav>Menu</nav><header>Site</header><aside>Ad</aside><p>Shown.</p>"
        "<p hidden>h</p><div aria-hidden='true'>a</div><p style='display: none'>d</p>"
        "<template><p>t</p></template><noscript>n</noscript><button>OK</button>"
        "<footer>© 2026</footer></body></html>",
        [("title", "T"), ("paragraph", "Shown.")],
    ),
    ("<p><ruby>漢<rp>(</rp><rt>hàn</rt><rp>)</rp></ruby>字</p>", [("paragraph", "漢字")]),
    ("<!-- c --><p>a<!-- inline -->b</p>", [("paragraph", "ab")]),
    # an article's own header and footer are content
    (
        "<article><header><h1>标题</h1></header><p>正文。</p><footer>作者：某人</footer></article>",
        [("heading", "标题"), ("paragraph", "正文。"), ("paragraph", "作者：某人")],
    ),
    # block boundaries and kinds
    (
        "<p>one<br>two<br/>three</p>",
        [("paragraph", "one"), ("paragraph", "two"), ("paragraph", "three")],
    ),
    (
        "<div>before<p>inner</p>after</div>",
        [
            ("paragraph", "before"),
            ("paragraph", "inner"),
            ("paragraph", "after"),
        ],
    ),
    (
        "<ul><li>a<li>b <i>c</i></ul><dl><dt>term<dd>定义</dl>",
        [
            ("item", "a"),
            ("item", "b c"),
            ("item", "term"),
            ("item", "定义"),
        ],
    ),
    ("<blockquote><p>q1</p><p>q2</p></blockquote>", [("quote", "q1"), ("quote", "q2")]),
    (
        "<table><tr><th>名<td>值</tr><tr><td>a<td></table>",
        [
            ("cell", "名"),
            ("cell", "值"),
            ("cell", "a"),
        ],
    ),
    ("<h2>Sub <small>title</small></h2>", [("heading", "Sub title")]),
    ("<p>a</p><pre>code 1\n  code 2</pre><p>b</p>", [("paragraph", "a"), ("paragraph", "b")]),
    # footnotes as pandoc writes them
    (
        '<p>Claim.<a href="#fn1" role="doc-noteref"><sup>1</sup></a></p>'
        '<section role="doc-endnotes"><hr><ol><li id="fn1"><p>The note.'
        '<a href="#fnref1" role="doc-backlink">↩︎</a></p></li></ol></section>',
        [("paragraph", "Claim.[1]"), ("footnote", "[1]: The note.")],
    ),
    (
        '<ol role="doc-endnotes" start="3"><li>三。</li><li><p>Four.</p><p>More.</p></li></ol>'
        '<aside role="doc-footnote">Aside note.</aside>',
        [
            ("footnote", "[3]: 三。"),
            ("footnote", "[4]: Four."),
            ("footnote", "More."),
            ("footnote", "Aside note."),
        ],
    ),
    # XHTML with an XML declaration, and nothing at all
    (
        '<?xml version="1.0" encoding="UTF-8"?><html><body><p>x</p></body></html>',
        [("paragraph", "x")],
    ),
    ("<!-- only a comment -->", []),
    ("   ", []),
]


@pytest.mark.parametrize(("markup", "expected"), CASES)
def test_blocks(markup: str, expected: list[tuple[str, str]]) -> None:
    assert [(b.kind, b.text) for b in html_blocks(markup)] == expected


def test_blocks_point_at_their_elements() -> None:
    markup = "<html><body><h1>T</h1><p>a<b>b</b></p><p>c<br>d</p></body></html>"
    # document order: 0 html, 1 body, 2 h1, 3 p, 4 b, 5 p, 6 br
    assert [(b.text, b.start, b.end) for b in html_blocks(markup)] == [
        ("T", 2, 3),
        ("ab", 3, 5),
        ("c", 5, 6),
        ("d", 6, 7),
    ]


VISIBLE = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")


@given(st.lists(st.text(VISIBLE, min_size=1), min_size=1, max_size=4))
def test_escaped_text_comes_back_whole_in_order(paragraphs: list[str]) -> None:
    """Whatever the characters (controls, CJK, no-break and Unicode spaces), the text of
    ``<p>`` elements is all there, only HTML white space collapsed."""
    markup = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    blocks = html_blocks(markup)
    assert "".join("".join(b.text.split()) for b in blocks) == "".join(
        "".join(p.split()) for p in paragraphs
    )
    assert all(b.kind == "paragraph" and b.text == b.text.strip() for b in blocks)


def letter_page(text: str, lang: str) -> str:
    """A web page of a seed text: chrome around an article whose source lines are wrapped
    (only where the text has spaces, as an HTML editor wraps) and whose first paragraph is
    the title."""
    title, *paragraphs = text.strip().split("\n\n")
    wrap = textwrap.TextWrapper(78, break_long_words=False, break_on_hyphens=False)
    body = "\n".join(f"<p>\n  {wrap.fill(html.escape(p))}\n</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>p {{ margin: 0 }}</style>"
        "<script>console.log('not text')</script></head>\n<body>"
        "<nav><a href='/'>Home</a> | <a href='/letters'>Letters</a></nav>"
        f"<article><h1>{html.escape(title)}</h1>\n{body}</article>"
        "<footer>CC BY-SA 3.0</footer></body></html>\n"
    )


@pytest.mark.parametrize(("name", "lang"), [("letter.en.txt", "en"), ("letter.zh.txt", "zh")])
def test_seed_letter_as_html_segments_as_the_text(tmp_path: Path, name: str, lang: str) -> None:
    text = (REPO / "seeds" / name).read_text("utf-8")
    path = tmp_path / "letter.html"
    path.write_text(letter_page(text, lang), "utf-8")
    doc = read_document(path)
    assert doc.format == "html"
    assert document_sentences(doc, "auto") == sentence_texts(text)
    assert document_sentences(doc, "lines") == [p for p in text.split("\n") if p.strip()]
