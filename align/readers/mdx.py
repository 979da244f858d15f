"""MDX (``.mdx``): Markdown with JSX components and ES modules, as Docusaurus writes it.

``import``/``export`` statements (from such a line at the left margin up to the next blank
line, as MDX ends them) are blanked out; indentation makes no code block (MDX has none). A
line of nothing but JSX tags (``<Tabs>``, ``<TabItem value="a" label="Apple">``, a tag over
several lines) is a ``jsx`` token that ends the paragraph before it, so that the children
between tags are read as Markdown, as MDX reads them; its props in ``PROPS`` are read as
``attribute`` blocks. A component inside a line of text is inline HTML: its text kept, its
tags dropped. ``{…}`` expressions and ``{/* comments */}`` in the text are dropped.
"""

from __future__ import annotations

import re

from markdown_it.rules_block import StateBlock

#: Component props whose string value is shown to the reader (a tab's label, a figure's
#: caption, a card's title and description).
PROPS = frozenset(("title", "description", "alt", "label", "caption", "summary"))
_ESM = re.compile(r"(?:import|export)\b")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_EXPRESSION = re.compile(r"\{[^{}]*\}")
_NOT_NEWLINE = re.compile(r"[^\r\n]")
_TAGS = re.compile(
    r"\s*(?:</?[A-Za-z][\w.:-]*(?:\s+(?:[^<>{}\"']|\"[^\"]*\"|'[^']*'|\{[^{}]*\})*)?/?>\s*)+"
)
_TAG_START = re.compile(r"\s*</?[A-Za-z]")
_MAX_TAG_LINES = 30


def blank_esm(text: str) -> str:
    """``text`` with its top-level ``import``/``export`` statements turned into spaces, line
    breaks kept, so that every offset and line number stays (code fences are left alone)."""
    out = []
    fence = ""  # the marker of the open code fence
    in_esm = False
    for line in text.splitlines(keepends=True):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1).startswith(fence) and not line[opening.end() :].strip():
                fence = ""
        elif opening:
            fence = opening.group(1)
        else:
            in_esm = bool(line.strip()) and (in_esm or bool(_ESM.match(line)))
        out.append(_NOT_NEWLINE.sub(" ", line) if in_esm and not fence else line)
    return "".join(out)


def drop_expressions(text: str) -> str:
    """``text`` without its ``{…}`` expressions, nested ones included."""
    while True:
        shorter = _EXPRESSION.sub("", text)
        if shorter == text:
            return text
        text = shorter


def jsx_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Lines of nothing but JSX tags (one tag may run over several lines): a ``jsx`` token,
    which may interrupt a paragraph."""
    if not _TAG_START.match(state.src, state.bMarks[start] + state.tShift[start]):
        return False
    for stop in range(start + 1, min(end, start + _MAX_TAG_LINES) + 1):
        lines = state.src[state.bMarks[start] : state.eMarks[stop - 1]]
        if _TAGS.fullmatch(lines):
            break
        if state.isEmpty(stop - 1):
            return False
    else:
        return False
    if not silent:
        token = state.push("jsx", "", 0)
        token.content, token.map = lines, [start, stop]
    state.line = stop
    return True
