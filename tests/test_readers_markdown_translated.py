"""What translated docs sites write that plain CommonMark reads wrong (align.readers.markdown,
mdrules, cjkemphasis): VitePress ``%{#id}%`` anchors, emphasis next to CJK punctuation,
reference links whose definition the translation lost, definitions whose target is a bare
page name. Sources are lines of vuejs/pinia's and pnpm/pnpm.io's Chinese pages (MIT; see
tests/realcorpus/README.md), shortened."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from align.readers import cjkemphasis
from align.readers.markdown import markdown_blocks

NOT_LINKS = "注释[1][2]，[注][3]，[a][b]，map[string][]string，a[i][j]，![图][x]，[^n][m]，[x] [ab]"
CASES = [
    # markdown-it-attrs with VitePress' delimiters `%{` `}%` (pinia's .vitepress config)
    (
        "# 处理组合式函数 %{#dealing-with-composables}%\n\n"
        "## 从 Vuex ≤4 迁移 %{#migrating-from-vuex-≤4}%",
        [("heading", "处理组合式函数"), ("heading", "从 Vuex ≤4 迁移")],
    ),
    ("## Getter %{ #getters .lead }%", [("heading", "Getter")]),
    ("用 %{#x}% 作锚点的语法", [("paragraph", "用 %{#x}% 作锚点的语法")]),  # not at the end
    # emphasis closed after CJK punctuation before a CJK letter, opened before a 「
    (
        "**注意：**虚拟存储不能在多个项目之间共享。",
        [("paragraph", "注意：虚拟存储不能在多个项目之间共享。")],
    ),
    ("这是**「重要」**的。*“引用”*之后", [("paragraph", "这是「重要」的。“引用”之后")]),
    ("使用**`pnpm`**命令", [("paragraph", "使用pnpm命令")]),
    ("한국어**강조.**입니다", [("paragraph", "한국어강조.입니다")]),  # Hangul is CJK
    # escaped by a CommonMark round trip (pnpm's settings page, Crowdin)
    ("\\*\\*注意：\\*\\*虚拟存储不能共享。", [("paragraph", "注意：虚拟存储不能共享。")]),
    ("a \\*\\*not bold\\*\\* 中\\*\\* x\\*\\*", [("paragraph", "a **not bold** 中** x**")]),
    # ... and CommonMark's rules where no CJK character stands next to the run
    ("a**b**c, *x*y, **not ** closed, a ** b", [("paragraph", "abc, xy, **not ** closed, a ** b")]),
    (
        "中文_下划线_中文 and snake_case_name",
        [("paragraph", "中文_下划线_中文 and snake_case_name")],
    ),
    ("**Note:**text", [("paragraph", "**Note:**text")]),  # CommonMark: not emphasis
    # reference links without a definition: the text
    (
        "另一种方法（你可以使用 [存储位置选项][]更改位置）。",
        [("paragraph", "另一种方法（你可以使用 存储位置选项更改位置）。")],
    ),
    (
        '它"[有助于避免愚蠢的错误][]"，请参阅 [`pnpm exec`][] 和 [npx][exec]。',
        [("paragraph", '它"有助于避免愚蠢的错误"，请参阅 pnpm exec 和 npx。')],
    ),
    # Crowdin escapes a link whose label was translated
    ("您可以引用 \\[patch files]\\[补丁文件]。", [("paragraph", "您可以引用 patch files。")]),
    # defined labels stay links (their text), the rest stays as written
    (
        "See [the site][s] and [Site][].\n\n[s]: http://x\n[site]: /y",
        [("paragraph", "See the site and Site.")],
    ),
    (
        NOT_LINKS,
        [("paragraph", NOT_LINKS)],
    ),
    ("\\[1]\\[2] and \\[x]", [("paragraph", "[1][2] and [x]")]),
    # a definition's target may be a bare page name or anchor, not only a URL or path
    (
        "见[存储布局][]和[有助于避免][]。\n\n"
        "[存储布局]: symlinked-node-modules-structure\n"
        "[有助于避免]: https://example.org/x.html\n"
        "[选项]: settings#storeDir 'Store'",
        [("paragraph", "见存储布局和有助于避免。")],
    ),
    # a hand-written note stays a note, and ends at a definition line
    (
        "送达率[1]。\n\n[1]: 腾讯QQ是即时通讯软件。\n[2]: Ibid\n[站点]: ./site.md",
        [
            ("paragraph", "送达率[1]。"),
            ("footnote", "[1]: 腾讯QQ是即时通讯软件。"),
            ("footnote", "[2]: Ibid"),
        ],
    ),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_translated_docs_blocks(source: str, expected: list[tuple[str, str]]) -> None:
    assert [(b.kind, b.text) for b in markdown_blocks(source)] == expected


@pytest.mark.parametrize(
    ("ch", "cjk"),
    [("中", True), ("：", True), ("「", True), ("ｱ", True), ("한", True), ("ᄀ", True),
     ("a", False), (":", False), ("é", False), ("😀", False), ("⌚", False), (" ", False)],
)  # fmt: skip
def test_cjk_characters(ch: str, cjk: bool) -> None:
    assert cjkemphasis.is_cjk(ch) is cjk


def _cjk_friendly(md: MarkdownIt) -> None:
    md.inline.ruler.at("emphasis", cjkemphasis.emphasis)


_PLAIN = MarkdownIt("commonmark")
_FRIENDLY = MarkdownIt("commonmark").use(_cjk_friendly)


@given(st.text(alphabet="*_ab1 .,!?()\"'\n\t-é", max_size=40))
def test_text_without_cjk_parses_as_commonmark(text: str) -> None:
    assert _FRIENDLY.render(text) == _PLAIN.render(text)


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("**注意：**虚拟", "<p><strong>注意：</strong>虚拟</p>\n"),
        ("a**「b」**c", "<p>a<strong>「b」</strong>c</p>\n"),
        ("漢**(x)**字", "<p>漢<strong>(x)</strong>字</p>\n"),  # non-CJK punct inside, CJK outside
        ("a**(x)**b", "<p>a**(x)**b</p>\n"),  # as CommonMark: no CJK next to the runs
        ("葛\U000e0100**(x)**字", "<p>葛\U000e0100<strong>(x)</strong>字</p>\n"),  # selector
        ("中_文_字", "<p>中_文_字</p>\n"),  # `_` inside a word stays literal
    ],
)
def test_cjk_friendly_emphasis_renders_as_the_amendment_says(source: str, html: str) -> None:
    assert _FRIENDLY.render(source) == html
