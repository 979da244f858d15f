"""Markdown as docs sites write it, via markdown-it-py and mdit-py-plugins.

Headings, paragraphs, list items, definition lists, block quotes, table cells and footnotes
become blocks; inline markup is dropped and its text kept (``**x**`` -> x, ``[text](url)`` ->
text, wiki-style ``[[x]]`` and ``[[target|x]]`` -> x, an inline ``<br>`` a line break); a soft
line break inside a paragraph is a space (nothing between two CJK characters). Emphasis
next to CJK text follows the CJK-friendly amendment (``**注意：**虚拟`` is emphasis, and so
is ``\\*\\*注意：\\*\\*虚拟``, which a CommonMark round trip such as Crowdin's writes for
it: ``align.readers.cjkemphasis``). A reference link whose label the page does not define
(``[text][label]``, ``[text][]``, escaped ``\\[text]\\[label]``) reads as its text
(``align.readers.mdrules.undefined_reference``). Dropped: HTML comments, link reference
definitions, heading and block attributes (``{#id}``, ``{.class}``, ``{: .note}``, and
``%{#id}%``, markdown-it-attrs' form when VitePress' ``markdown.attrs`` sets the delimiters to
``%{``/``}%`` as vuejs translation sites do), Liquid/Jinja/Hugo template tags (``{% … %}``,
``{{ … }}``).
Code blocks (fenced, indented) give no text; with ``--code comments`` their comment lines are
``comment`` blocks (``align.readers.code``); inline code stays in its sentence.

Docs-site blocks: VitePress/VuePress containers (``::: tip Title`` … ``:::``), Docusaurus and
Starlight admonitions (``:::note Title``, ``:::note[Title]``), MkDocs admonitions (``!!! note
"Title"``) and blocks (``/// note | Title`` … ``///``) are read as their content, the title
as a ``heading`` block: the one written, or for an admonition with none the title the page
shows, its type (``!!! tip``, ``::: tip``, ``/// tip`` → ``Tip``; the types of
``ADMONITIONS``), so that a translation that writes its title (``/// tip | 提示``) keeps a
counterpart (VitePress' ``{no-title}`` attribute shows none); other containers
(``::: code-group``) have no title. GitHub alerts (``> [!NOTE]``) are read like admonitions
(VitePress' ``> [!WARNING] Title`` with its own title) and task-list boxes (``- [ ]``) give no
text (markdown-it-py's ``alerts`` and ``tasklists``).
Front matter (YAML ``---`` or TOML ``+++``): the translatable fields of
``align.readers.frontmatter.TRANSLATABLE``, the top-level ``title`` as a ``title`` block, the
others as ``meta`` blocks. An image's alt text and title are ``attribute`` blocks after the
block holding the image (read once: one that repeats another block's text is dropped). An
HTML block gives its visible text and its ``alt``/``title`` attributes; one whose opening tag
says ``markdown="1"`` is read as the Markdown inside it. ``.mdx`` files: see
``align.readers.mdx``.

A footnote reference (``[^note]``, ``^[inline note]``) reads ``[1]``, numbered as rendered, and
the note is a ``footnote`` block ``[1]: text`` after the body (a definition never referenced
is dropped, as renderers drop it). A hand-written note, a ``[1]: text`` line whose text is no
link target, is a ``footnote`` block where it stands. A paragraph made only of wiki links (a
tag line) is a ``meta`` block. Block quotes nested deeper than ``MAX_QUOTES`` levels are read
as ``MAX_QUOTES`` levels, with a warning. ``start``/``end`` are character offsets of the
block's source lines in the decoded text (an inline note points at the paragraph citing it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from align.io import Encoding, decode_text
from align.readers import cjkemphasis, frontmatter, html, mdrules
from align.readers.code import comment_texts
from align.readers.document import (
    DEFAULTS,
    Block,
    BlockKind,
    CodeMode,
    Document,
    Reader,
    ReadOptions,
    without_repeats,
)
from align.readers.mdx import blank_esm, drop_expressions, jsx_block
from align.readers.sniff import check_not_binary
from align.readers.whitespace import join_lines

_CONTAINERS: dict[str, BlockKind] = {
    "list_item_open": "item",
    "blockquote_open": "quote",
    "footnote_open": "footnote",
    "th_open": "cell",
    "td_open": "cell",
    "heading_open": "heading",
    "note_open": "footnote",
    "dt_open": "item",
    "dd_open": "item",
    "admonition_title_open": "heading",
    "alert_title_open": "heading",
}
MAX_QUOTES = 100
_QUOTES = re.compile(rf"^(?:[ ]{{0,3}}>[ ]?){{{MAX_QUOTES + 1},}}", re.MULTILINE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]{2,}")
_TEMPLATE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)  # Liquid, Jinja, Hugo shortcodes
# {#id .class}, {: .note}, and markdown-it-attrs with VitePress' delimiters set to %{ }%
_ATTRIBUTES = re.compile(r"[ \t]*(?:\{:?[ \t]*[#.][^{}\n]*\}|%\{[ \t]*[#.][^{}\n]*\}%)[ \t]*$")
_CONTAINER = re.compile(r"\s*([\w-]*)\s*(?:\[(.*)\])?(.*)")  # "tip Title", "note[Title]"
_TITLED_ALERT = re.compile(r"\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]+(\S.*)", re.I)
_TITLE_ATTRIBUTES = re.compile(r"\s*\{[^{}]*\}\s*$")
#: Admonition types of MkDocs Material, Docusaurus, Starlight and VitePress: untitled, the page
#: shows the type as the title.
# fmt: off
ADMONITIONS = frozenset((
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success",
    "check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure",
    "fail", "missing", "danger", "error", "bug", "example", "quote", "cite", "details",
))
# fmt: on
# a line that includes code from a file: VitePress ``<<< @/x.js``, MkDocs ``{!x.py!}``, ``{* x *}``
_CODE_INCLUDE = re.compile(r"<<<\s+\S.*|\{!.*!\}|\{\*.*\*\}")
_MARKDOWN_IN_HTML = re.compile(r"\s*<(\w+)[^>]*\smarkdown\b[^>]*>(.*?)(?:</\1>\s*)?\Z", re.DOTALL)


class MarkdownReader:
    name: str = "markdown"
    suffixes: tuple[str, ...] = (".md", ".markdown", ".mdx")

    def read(
        self, data: bytes, path: Path, encoding: Encoding, options: ReadOptions = DEFAULTS
    ) -> Document:
        """A ``.mdx`` file is read as MDX."""
        check_not_binary(data, path, "Markdown")
        text = decode_text(data, path, encoding)
        walk = read_markdown(text, mdx=path.suffix.lower() == ".mdx", code=options.code)
        warnings = tuple(f"{path}: {w}" for w in walk.warnings)
        return Document(path, "markdown", tuple(walk.blocks), walk.code_blocks, warnings)


READER: Reader = MarkdownReader()


def markdown_blocks(text: str, *, mdx: bool = False, code: CodeMode = "drop") -> list[Block]:
    """The non-blank blocks of a Markdown text in document order (footnote definitions last)."""
    return read_markdown(text, mdx=mdx, code=code).blocks


def read_markdown(text: str, *, mdx: bool = False, code: CodeMode = "drop") -> _Walk:
    """The walk over ``text``: its blocks, code blocks left out and warnings."""
    source = _QUOTES.sub(">" * MAX_QUOTES + " ", text)
    walk = _Walk(text, mdx=mdx, code=code)
    if source != text:
        walk.warnings.append(f"block quotes nested over {MAX_QUOTES} deep are read as {MAX_QUOTES}")
    walk.tokens(_parser(mdx).parse(blank_esm(source) if mdx else source))
    walk.blocks = without_repeats(walk.blocks)
    return walk


@cache
def _parser(mdx: bool) -> MarkdownIt:
    # GitHub's task lists ("- [ ] item": the box is no text) and alerts ("> [!NOTE]": a title)
    md = MarkdownIt(
        "commonmark",
        {"html": True, "maxNesting": 2 * MAX_QUOTES + 50, "tasklists": True, "alerts": True},
    )
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(front_matter_plugin).use(deflist_plugin).use(admon_plugin)
    md.use(container_plugin, name="any", validate=lambda params, *_: bool(params.strip()))
    md.use(container_plugin, name="blocks", marker="/", validate=lambda p, *_: bool(p.strip()))
    md.use(attrs_plugin).use(attrs_block_plugin)
    md.inline.ruler.before("link", "wikilink", mdrules.wikilink)
    md.inline.ruler.before("escape", "undefined_reference", mdrules.undefined_reference)
    md.inline.ruler.at("emphasis", cjkemphasis.emphasis)
    md.inline.ruler.before("escape", "escaped_strong", cjkemphasis.escaped_strong)
    md.block.ruler.before("reference", "note", mdrules.note)
    md.block.ruler.before("front_matter", "front_matter_toml", mdrules.toml_front_matter)
    if mdx:  # MDX has no indented code: a component's indented children are text
        md.disable("code")
        md.block.ruler.before(
            "html_block", "jsx", jsx_block, {"alt": ["paragraph", "blockquote", "list"]}
        )
    return md


@dataclass
class _Walk:
    """A walk over the token stream that turns the text of each container into a block."""

    text: str
    mdx: bool = False
    code: CodeMode = "drop"
    blocks: list[Block] = field(default_factory=list)
    code_blocks: int = 0
    warnings: list[str] = field(default_factory=list)
    kinds: list[BlockKind] = field(default_factory=list)  # the open containers, innermost last
    label: str = ""  # the number of a footnote whose first paragraph is still to come
    cited: dict[int, list[int]] = field(default_factory=dict)  # note id -> lines citing it
    lines: list[int] = field(default_factory=lambda: [0, 0])

    def __post_init__(self) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)] + [len(self.text)]

    def span(self, lines: list[int]) -> tuple[int, int]:
        start = self.starts[min(lines[0], len(self.starts) - 1)]
        end = self.starts[min(lines[1], len(self.starts) - 1)]
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def add(self, text: str, kind: BlockKind, lines: list[int]) -> None:
        if text.strip():
            self.blocks.append(Block(text.strip(), kind, *self.span(lines)))

    def tokens(self, tokens: list[Token]) -> None:
        for token in tokens:
            if token.type in _CONTAINERS:
                self.kinds.append(_CONTAINERS[token.type])
                if token.type == "footnote_open":
                    self.label = str(token.meta["id"] + 1)
                    self.lines = self.cited.get(token.meta["id"], [0, 0])
            elif token.type.replace("_close", "_open") in _CONTAINERS:
                self.kinds.pop()
            elif token.type == "inline":
                self.inline(token)
            else:
                self.block(token)

    def block(self, token: Token) -> None:
        lines = token.map or self.lines
        if token.type in ("front_matter", "front_matter_toml"):
            self.front_matter(token.content, "yaml" if token.type == "front_matter" else "toml")
        elif token.type in ("fence", "code_block"):
            self.code_blocks += 1
            if self.code == "comments":
                for comment in comment_texts(token.content, token.info):
                    self.add(comment, "comment", lines)
        elif token.type in ("container_any_open", "container_blocks_open"):
            m = _CONTAINER.match(token.info)
            title = (m.group(2) or m.group(3).lstrip(" |")) if m else ""
            attributes = _TITLE_ATTRIBUTES.search(title)  # "Click me {open}", "{no-title}"
            title = title[: attributes.start()] if attributes else title
            shown = not (attributes and "no-title" in attributes.group())
            if m and shown and not title.strip() and m.group(1).lower() in ADMONITIONS:
                title = m.group(1).capitalize()
            self.add(self.render(_parser(self.mdx).parseInline(title)), "heading", lines)
        elif token.type == "html_block" and token.map:
            self.html(token.content, token.map)
        elif token.type == "jsx":
            for piece in self.html_pieces(token.content):
                self.add(piece.text, "attribute", lines)

    def inline(self, token: Token) -> None:
        self.lines = token.map or self.lines  # an inline footnote's text has no lines of its own
        for child in token.children or []:
            if child.type == "footnote_ref":
                self.cited.setdefault(child.meta["id"], self.lines)
        if _CODE_INCLUDE.fullmatch(token.content.strip()):
            self.code_blocks += 1
            return
        children = token.children or []
        kind = self.kinds[-1] if self.kinds else _paragraph_kind(token)
        alert = _TITLED_ALERT.match(children[0].content) if kind == "quote" and children else None
        if alert and (len(children) == 1 or children[1].type == "softbreak"):
            # VitePress: "> [!WARNING] Title" is an alert with its own title
            self.add(alert.group(1), "heading", self.lines)
            children = children[2:]
        content, attributes = self.render_all(children)
        if content and self.label:
            content, self.label = f"[{self.label}]: {content}", ""
        self.add(content, kind, self.lines)
        for text in attributes:
            self.add(text, "attribute", self.lines)

    def render(self, tokens: list[Token]) -> str:
        return self.render_all([c for t in tokens for c in t.children or [t]])[0]

    def render_all(self, children: list[Token]) -> tuple[str, list[str]]:
        """The visible text of inline tokens, and the texts of their attributes (image alt
        text and titles, HTML ``alt``/``title``, MDX props)."""
        runs: list[list[str]] = [[]]  # the text between hard line breaks
        attributes: list[str] = []
        for child in children:
            if child.type in ("text", "code_inline", "wikilink"):
                runs[-1].append(child.content)
            elif child.type == "softbreak":
                runs[-1].append("\n")
            elif child.type == "hardbreak" or (
                child.type == "html_inline" and _BR.fullmatch(child.content)
            ):
                runs.append([])
            elif child.type == "footnote_ref":  # numbered as rendered: [^note] shows as [1]
                runs[-1].append(f"[{child.meta['id'] + 1}]")
            elif child.type == "image":
                alt = self.render_all(child.children or [])[0]
                attributes += [alt, str(child.attrs.get("title") or "")]
            elif child.type == "html_inline" and "=" in child.content:
                pieces = self.html_pieces(child.content)
                attributes += [b.text for b in pieces if b.kind == "attribute"]
        text = "\n".join(join_lines(self.clean("".join(run))) for run in runs)
        return _SPACES.sub(" ", text).strip(), [a for a in attributes if a.strip()]

    def clean(self, text: str) -> str:
        """Text without template tags and trailing attributes (MDX: without expressions)."""
        text = _ATTRIBUTES.sub("", _TEMPLATE.sub("", text))
        return drop_expressions(text) if self.mdx else text

    def html(self, content: str, lines: list[int]) -> None:
        """An HTML block: its text, or the Markdown inside ``<aside markdown="1">``."""
        inside = _MARKDOWN_IN_HTML.match(content)
        if inside is not None:
            offset = self.starts[lines[0]] + inside.start(2)
            for b in read_markdown(inside.group(2), mdx=self.mdx, code=self.code).blocks:
                self.blocks.append(Block(b.text, b.kind, offset + b.start, offset + b.end))
            return
        for piece in self.html_pieces(content):
            own = piece.kind in ("attribute", "title") or not self.kinds
            self.add(self.clean(piece.text), piece.kind if own else self.kinds[-1], lines)

    def html_pieces(self, markup: str) -> list[Block]:
        return html.html_blocks(markup, main=False, jsx=self.mdx)

    def front_matter(self, source: str, syntax: frontmatter.Syntax) -> None:
        lines = [0, source.count("\n") + 2]
        try:
            fields = frontmatter.translatable_fields(source, syntax)
        except frontmatter.FrontMatterError as exc:
            where = f" (line {exc.line + 1})" if exc.line is not None else ""
            self.warnings.append(f"front matter is {exc}{where}; its fields are not read")
            return
        for key, value in fields:
            text = self.render(_parser(self.mdx).parseInline(value))
            self.add(text, "title" if key == "title" else "meta", lines)


def _paragraph_kind(token: Token) -> BlockKind:
    """A top-level paragraph: a tag line made only of wiki links (``meta``), or prose."""
    children = token.children or []
    tags = any(c.type == "wikilink" for c in children)
    if tags and all(c.type == "wikilink" or not c.content.strip() for c in children):
        return "meta"
    return "paragraph"
