"""HTML reader: hand-checked visible text and blocks; the seed letters as web pages."""

from __future__ import annotations

import html
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.readers import document_sentences, read_document
from align.readers.depth import MAX_DEPTH
from align.readers.html import html_blocks, read_html
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


CHROME_CASES = [
    # a Sphinx headerlink, a Docusaurus hash link, a VitePress header anchor: never text
    (
        '<h1>What is a Handler<a class="headerlink" href="#h" title="Permalink">¶</a></h1>'
        '<h2 class="anchor anchorWithStickyNavbar_x">Usage<a class="hash-link" href="#u" '
        'title="Direct link to Usage">\u200b</a></h2>'
        '<h3 id="v">What is Vue? <a class="header-anchor" href="#v">#</a></h3>'
        '<h4>Plain<a href="#p">§</a></h4>',
        [
            ("heading", "What is a Handler"),
            ("heading", "Usage"),
            ("heading", "What is Vue?"),
            ("heading", "Plain"),
        ],
    ),
    # the one <main> is the content; breadcrumbs, TOC, edit links, pagination inside it are not
    (
        "<body><div class='sidebar'>Guide</div><main><nav class='breadcrumbs'>Home › Guide</nav>"
        "<div class='theme-doc-toc-mobile'>On this page</div><h1>Title</h1><p>Text.</p>"
        "<footer class='theme-doc-footer'><a href='e'>Edit this page</a></footer>"
        "<div class='pagination-nav'><a href='n'>Next</a></div></main><p>After main.</p></body>",
        [("heading", "Title"), ("paragraph", "Text.")],
    ),
    # one <article> when there is no <main>; landmark roles; skip links; language switchers
    (
        "<a class='x' href='#content'>Skip to main content</a><div role='banner'>Site</div>"
        "<article><p>Body.</p><ul class='lang'><li><a hreflang='en' href='/en/'>English</a>"
        "<li><a hreflang='zh' href='/zh/'>中文</a></ul></article>"
        "<div role='contentinfo'>© 2026</div>",
        [("paragraph", "Body.")],
    ),
    (
        "<p><a href='#main'>跳到主要内容</a></p><div role='navigation'>Menu</div>"
        "<div class='VPDocFooter'>Edit</div><div id='language-switcher'>English</div><p>正文。</p>",
        [("paragraph", "正文。")],
    ),
    # a bar of links between separators is navigation; links in a sentence are not
    (
        "<p class='x'><a href='m'>Modules</a> | <a href='d'>Directives</a> | <a href='f'>FAQ</a>"
        "</p><div><a href='1'>一</a> · <a href='2'>二</a> · <a href='3'>三</a></div>"
        "<p>See <a href='a'>A</a>, <a href='b'>B</a> and <a href='c'>C</a>.</p>",
        [("paragraph", "See A, B and C.")],
    ),
    # screen-reader-only and print-only text is not on the page
    (
        "<p><span class='sr-only'>Note:</span>Shown.</p><div class='onlyprint'><h1>T</h1></div>",
        [("paragraph", "Shown.")],
    ),
]


@pytest.mark.parametrize(("markup", "expected"), CHROME_CASES)
def test_chrome_is_left_out(markup: str, expected: list[tuple[str, str]]) -> None:
    assert [(b.kind, b.text) for b in html_blocks(markup)] == expected


def test_html_all_keeps_every_visible_text() -> None:
    markup = CHROME_CASES[1][0]
    assert [b.text for b in html_blocks(markup, main=False)] == [
        "Guide", "Home › Guide", "On this page", "Title", "Text.", "Edit this page", "Next",
        "After main.",
    ]  # fmt: skip


ATTRIBUTE_CASES = [
    # the <title>, alt text and title attributes; a title that repeats its text or is code is not
    (
        "<html><head><title>指南 — 站点</title></head><body><h1>指南</h1>"
        "<p><img src='a.png' alt='架构图'> see <abbr title='HyperText Markup Language'>HTML"
        "</abbr>, <a href='#x' title='ctypes.c_int'>c_int</a>, <a title='Next'>Next</a>.</p>",
        [
            ("title", "指南 — 站点"),
            ("heading", "指南"),
            ("paragraph", "see HTML, c_int, Next."),
            ("attribute", "架构图"),
            ("attribute", "HyperText Markup Language"),
        ],
    ),
    # a title or alt text that repeats another block is read once
    (
        "<title>Guide</title><h1>Guide</h1><figure><img alt='A diagram'>"
        "<figcaption>A diagram</figcaption></figure>",
        [("heading", "Guide"), ("paragraph", "A diagram")],
    ),
]


@pytest.mark.parametrize(("markup", "expected"), ATTRIBUTE_CASES)
def test_title_and_attributes_are_blocks(markup: str, expected: list[tuple[str, str]]) -> None:
    assert [(b.kind, b.text) for b in html_blocks(markup)] == expected


SPHINX_CODE = (
    "<p>Configure it:</p><div class='highlight-python notranslate'><div class='highlight'><pre>"
    "<span class='c1'># 连接数据库</span>\nconn = connect()  <span class='c1'># 默认端口</span>\n"
    "</pre></div></div><pre><code class='language-js'>// Start the server\nstart()</code></pre>"
    "<p>Done.</p>"
)


def test_pre_is_code_left_out_and_counted() -> None:
    walk = read_html(SPHINX_CODE)
    assert [(b.kind, b.text) for b in walk.blocks] == [
        ("paragraph", "Configure it:"),
        ("paragraph", "Done."),
    ]
    assert walk.code_blocks == 2


def test_code_comments_of_pre_are_blocks() -> None:
    walk = read_html(SPHINX_CODE, code="comments")
    assert [(b.kind, b.text) for b in walk.blocks] == [
        ("paragraph", "Configure it:"),
        ("comment", "连接数据库"),
        ("comment", "默认端口"),
        ("comment", "Start the server"),
        ("paragraph", "Done."),
    ]


def test_a_doctype_internal_subset_never_leaks_nor_expands() -> None:
    markup = (
        '<!DOCTYPE html [ <!ENTITY x "expanded"> <!ENTITY y SYSTEM "file:///etc/passwd"> ]>'
        "<html><body><p>a &x; b &y; c</p><p>二</p></body></html>"
    )
    assert [(b.kind, b.text) for b in html_blocks(markup)] == [
        ("paragraph", "a &x; b &y; c"),
        ("paragraph", "二"),
    ]


@pytest.mark.parametrize("depth", [300, 100_000])
def test_deep_nesting_is_read_with_a_warning(depth: int) -> None:
    markup = "<html><body>" + "<div>" * depth + "deep text" + "</div>" * depth + "<p>after</p>"
    walk = read_html(markup)
    assert [(b.kind, b.text) for b in walk.blocks] == [
        ("paragraph", "deep text"),
        ("paragraph", "after"),
    ]
    assert walk.warnings == [f"elements nested over {MAX_DEPTH} levels deep are read as one level"]


def test_deep_nesting_reaches_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from align.cli import app

    path = tmp_path / "deep.html"
    path.write_text("<div>" * 100_000 + "<p>Deep text.</p>" + "</div>" * 100_000, "utf-8")
    result = CliRunner().invoke(app, ["segment", str(path)])
    assert result.exit_code == 0
    assert result.stdout == "Deep text.\n"
    assert "nested over" in result.stderr
