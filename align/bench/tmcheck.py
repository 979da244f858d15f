"""What a translation memory should not hold, counted: units that still carry markup or page
chrome (a regular expression per kind, ``MARKUP``), and units whose ``xml:lang`` contradicts
the declared languages. Used by ``glossalign bench-tm`` on the real-corpus TMX files; the goal
for both counts is 0.

Inline code is set aside before the check: docs quote ``<script setup>`` and ``{{ count }}``
on purpose, and a code span is literal (``<URL>&#58;keyfile`` shows its entity on the page).
A unit has lost its backticks, so the code spans are taken from the Markdown source documents
of its pair (``code_spans``): each one that would be found on its own is set aside where the
unit holds it; text in backticks is set aside too. Each kind is named so that a hit says what
leaked: Markdown syntax a reader left, a docs-site extension (heading attributes, containers,
front matter, MDX), HTML, navigation and other chrome of a built page, a Word table of
contents.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

_CHROME_PHRASES = (
    "Skip to (?:main )?content|Edit this page|Edit on GitHub|Table of [Cc]ontents|On this page|"
    "Previous page|Next page|Last updated|Toggle navigation|Search docs|Back to top|"
    "Direct link to|Powered by|Theme by|Built with Sphinx|Created using Sphinx|"
    "跳到主要内容|编辑此页|在 GitHub 上编辑|本页目录|本页内容|上一页|下一页|最后更新|返回顶部"
)
_KEY = (
    r"(?:title|description|sidebar_label|sidebar_position|slug|id|tags|aliases|weight|layout|"
    r"date|linkTitle|keywords|outline|draft|toc|hero|features|prev|next|head|lang|summary)"
)
_FORMATTING = (
    r"br|p|div|span|img|a|b|i|u|em|strong|code|pre|sup|sub|kbd|hr|small|mark|details|summary|"
    r"table|thead|tbody|tr|td|th|ul|ol|li|h[1-6]|font|center|iframe|video|figure|figcaption"
)
_LANGUAGE_NAMES = (
    "English|简体中文|繁體中文|中文|日本語|Español|Français|Deutsch|한국어|Русский|Português"
)

#: Each kind of leak and the pattern that finds it in one side of a unit.
MARKUP: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.MULTILINE)
    for name, pattern in {
        "heading anchor {#id}": r"\{#[^{}\s]*\}",
        "attribute block {.class}": r"\{[.:][\w.:= \"'-]*\}",
        "container :::": r"(?:^|\s):{3,}(?=\s|$|\w)",
        "admonition !!!": r"^(?:!!!|\?\?\?\+?)\s*\w",
        # Fences, or front-matter keys with a quoted or listed value, or two keys in a row
        # (a sentence may well begin "description: ").
        "front matter": (
            rf"^(?:---|\+\+\+)\s*$|(?:^|\s)\+\+\+(?:\s|$)|^{_KEY}\s*[:=]\s*[\"'\[{{]"
            rf"|^{_KEY}\s*[:=]\s*\S.*\s{_KEY}\s*[:=]\s"
        ),
        "MDX import/export": r"^(?:import|export)\s+(?:\{|\w+\s+from\s|default\s|const\s)",
        # A closing or self-closing tag, one with an attribute value, or a formatting element;
        # not a placeholder (<package>, <URL>), a type's parameters (Ref<T>) or an element
        # named in prose (<script setup>).
        "HTML tag": (
            r"</[A-Za-z][\w:-]*\s*>|(?<![\w$])<[A-Za-z][\w:-]*(?:\s[^<>]*)?/>"
            r"|(?<![\w$])<[A-Za-z][\w:-]*\s[^<>]*=\s*[\"'][^<>]*>"
            rf"|(?<![\w$])<(?:{_FORMATTING})(?:\s[^<>]*)?>"
        ),
        "HTML entity": r"&(?:[A-Za-z][A-Za-z0-9]{1,7}|#\d{1,6}|#x[0-9A-Fa-f]{1,6});",
        "HTML comment": r"<!--|-->",
        # Inline and reference links; not a Go type (map[string][]string).
        "Markdown link": (
            r"(?<![\w\]])\[[^\]\n]+\]\([^)\s]*\)|(?<![\w\]])\[[^\]\n]+\]\[[^\]\n]*\]"
            r"|^\[[^\]]+\]:\s*\S"
        ),
        "Markdown image": r"!\[[^\]]*\]",
        "Markdown emphasis": r"(?<![\w*])\*\*\S[^*]*\*\*|(?<![\w_])__[^_\s][^_]*__",
        "Markdown heading #": r"^#{1,6}\s",
        "task list box [ ]": r"^\[[ xX]\]\s",
        "GitHub alert [!NOTE]": r"\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]",
        "list marker": r"^[-*+]\s+\S",  # not "1. ", which headings and steps begin with
        "table row |": r"^\|.*\|\s*$|\|\s*:?-{3,}:?\s*\|",
        "code fence": r"```|~~~",
        "template tag {{ }} {% %}": r"\{\{.*?\}\}|\{%.*?%\}|\{\{[<%]",
        "pilcrow ¶": r"¶",
        "hash link": r"\u200b|(?<!\b[CF])(?<=\S)#$",  # not C# or F#
        # A unit that is a chrome phrase with a few words around it at most ("Edit this page
        # Last updated on 1 May 2024", "最后更新于 2024"); not prose about the chrome ("the Edit
        # this page link").
        "chrome phrase": (
            rf"^\W*(?:\S+\s+){{0,2}}?(?<![A-Za-z])(?:{_CHROME_PHRASES})(?![A-Za-z])"
            r"(?:\s*\S+){0,6}?\W*$"
        ),
        # A unit that is only short items between bars (not "download | ignore | warn").
        "navigation bar a | b | c": r"^(?:[A-Z\u4e00-\u9fff][^|]{0,30}\s\|\s){2,}[^|]{1,30}$",
        "breadcrumb a > b": r"(?:^|\s)(?:Home|Docs|首页|文档|主页)\s*(?:>|›|»|/)\s*\S",
        "language switcher": rf"(?:{_LANGUAGE_NAMES})(?:\s*[|/·]?\s*(?:{_LANGUAGE_NAMES})){{1,}}",
        "table of contents line": r"\t\d+\s*$|\.{5,}\s*\d+\s*$|^\d+(?:\.\d+)*\t",
        # Latin only: Chinese writes a number against its word ("4.0版", "第3章"), and glued
        # numbering shows on the English side of the unit.
        "numbering glued to text": r"^\d+(?:\.\d+)+[A-Za-z]",
        "Markdown escape \\*": r"\\[*_`#\[\]<>]",
    }.items()
}
_INLINE_CODE = re.compile(r"(?<!`)`[^`\n]+`(?!`)")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def markup_kinds(text: str, code: Collection[str] = ()) -> list[str]:
    """The kinds of markup or chrome ``text`` still carries, inline code set aside: text in
    backticks and each of ``code``, the code spans of its source documents."""
    prose = _INLINE_CODE.sub(" ", text)
    for span in sorted(code, key=len, reverse=True):
        prose = prose.replace(span, " ")
    return [name for name, pattern in MARKUP.items() if pattern.search(prose)]


def code_spans(markdown: str) -> frozenset[str]:
    """The inline code of a Markdown text that the check would find markup in (each as the
    unit shows it: on one line, as the Markdown reader joins it)."""
    from markdown_it import MarkdownIt

    spans = {
        " ".join(child.content.split())
        for token in MarkdownIt("commonmark").parse(markdown)
        for child in token.children or []
        if child.type == "code_inline"
    }
    return frozenset(span for span in spans if markup_kinds(span))


@dataclass(frozen=True, slots=True)
class Hit:
    """A unit that still carries markup: its document, the kinds, and its two texts."""

    document: str
    kinds: tuple[str, ...]
    src: str
    tgt: str


@dataclass(frozen=True, slots=True)
class TmCheck:
    """A TMX's units, those carrying markup or chrome (by kind, a unit counted once per kind),
    and those whose ``xml:lang`` contradicts the declared languages."""

    units: int
    hits: tuple[Hit, ...]
    by_kind: Counter[str] = field(default_factory=Counter)
    wrong_lang: int = 0
    wrong_lang_examples: tuple[str, ...] = ()

    @property
    def markup_units(self) -> int:
        return len(self.hits)


def tmx_units(path: Path) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Each ``tu`` of a TMX: its document (``x-glossalign-document``, else "") and its
    ``(xml:lang, text)`` per ``tuv``, in order."""
    from lxml import etree

    for _, tu in etree.iterparse(str(path), tag="tu", resolve_entities=False, no_network=True):
        document = tu.findtext("prop[@type='x-glossalign-document']") or ""
        sides = [(tuv.get(_XML_LANG, ""), tuv.findtext("seg") or "") for tuv in tu.iter("tuv")]
        yield document, sides
        tu.clear()


def check_tmx(
    path: Path, declared: Sequence[str], code: Mapping[str, Collection[str]] | None = None
) -> TmCheck:
    """Scan the TMX at ``path``; ``declared``: the source and target language codes its units
    must carry, in order (compared case-insensitively); ``code``: the code spans of each
    document's sources (``code_spans``), set aside in its units."""
    hits: list[Hit] = []
    by_kind: Counter[str] = Counter()
    wrong: list[str] = []
    units = 0
    expected = [code.lower() for code in declared]
    for document, sides in tmx_units(path):
        units += 1
        texts = [text for _, text in sides]
        spans = (code or {}).get(document, ())
        kinds = sorted({kind for text in texts for kind in markup_kinds(text, spans)})
        if kinds:
            src, tgt = [*texts, "", ""][:2]
            hits.append(Hit(document, tuple(kinds), src, tgt))
            by_kind.update(kinds)
        if [lang.lower() for lang, _ in sides] != expected:
            wrong.append(f"{document}: {' / '.join(lang for lang, _ in sides)}: {texts[0][:60]}")
    return TmCheck(units, tuple(hits), by_kind, len(wrong), tuple(wrong[:5]))
