"""markdown-it rules of our own: hand-written footnotes, wiki links, TOML front matter and
reference links left without a definition.

mdit-py-plugins covers the rest (footnotes, YAML front matter, containers, admonitions,
attributes, definition lists); these are what docs and wikis write that it does not.
"""

from __future__ import annotations

import re

from markdown_it.common.utils import normalizeReference
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

_WIKILINK = re.compile(r"\[\[([^\[\]\n|]*)(?:\|([^\[\]\n]*))?\]\]")
_NOTE = re.compile(r" {0,3}\[([^\]\s^]{1,8})\]:[ \t]+(\S.*)")  # "[1]: text", a hand-written note
# what a link reference definition points at: <…>, a scheme, a path, an anchor or a domain
_URL = re.compile(r"<|[A-Za-z][\w+.-]*:|\.{0,2}/|#|[\w-]+(\.[\w-]+)+(/|\s|$)")
# ... or a bare relative target, a page name or an anchor in ASCII (``settings#storeDir``,
# ``symlinked-node-modules-structure``), optionally with a title: no sentence of a note
_RELATIVE = re.compile(r"[!-~]*[/#?=_-][!-~]*(?<![.,;:!?])(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?")
_DEFINITION = re.compile(r" {0,3}\[[^\]]+\]:\s*(\S.*)")  # a link reference definition line
_TOML_FENCE = re.compile(r"\+\+\+[ \t]*")


def note(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``[1]: text`` whose text is no link target (``[1]: 腾讯QQ是…``, ``[5]: Despite …``): a
    hand-written footnote, up to the next blank line, note or link definition, instead of a
    link definition. A target is a URL, a path, an anchor, a domain, or one ASCII word with
    ``/ # ? = _ -`` in it (``[存储布局]: symlinked-node-modules-structure``)."""
    if state.is_code_block(start):
        return False
    m = _NOTE.fullmatch(state.src[state.bMarks[start] : state.eMarks[start]])
    if m is None or _link_target(m.group(2)):
        return False
    if silent:
        return True
    stop = start + 1
    while stop < end and not state.isEmpty(stop):
        line = state.src[state.bMarks[stop] : state.eMarks[stop]]
        definition = _DEFINITION.fullmatch(line)
        if _NOTE.fullmatch(line) or (definition and _link_target(definition.group(1))):
            break
        stop += 1
    state.push("note_open", "p", 1).map = [start, stop]
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = (
        state.getLines(start, stop, 0, False).strip(),
        [start, stop],
        [],
    )
    state.push("note_close", "p", -1)
    state.line = stop
    return True


def _link_target(text: str) -> bool:
    return bool(_URL.match(text) or _RELATIVE.fullmatch(text.strip()))


def wikilink(state: StateInline, silent: bool) -> bool:
    """``[[target]]`` or ``[[target|label]]``: a ``wikilink`` token whose content is shown."""
    m = _WIKILINK.match(state.src, state.pos)
    if m is None:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.content = m.group(2) if m.group(2) is not None else m.group(1)
    state.pos = m.end()
    return True


def toml_front_matter(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Hugo's TOML front matter: ``+++`` on the first line up to the next ``+++`` line, as a
    ``front_matter_toml`` token (mdit-py-plugins reads only YAML's ``---``)."""

    def line(k: int) -> str:
        return state.src[state.bMarks[k] : state.eMarks[k]]

    if start != 0 or not _TOML_FENCE.fullmatch(line(0)):
        return False
    stop = next((k for k in range(1, end) if _TOML_FENCE.fullmatch(line(k))), None)
    if stop is None:
        return False
    if not silent:
        token = state.push("front_matter_toml", "", 0)
        token.content = state.getLines(1, stop, 0, True)
        token.map = [0, stop + 1]
    state.line = stop + 1
    return True


# A reference link's second bracket: ``[label]`` or ``[]``.
_LABEL = re.compile(r"\[((?:[^\[\]\\]|\\.){0,999})\]")
# Crowdin escapes a link whose label the translator changed: ``\[patch files]\[补丁文件]``.
_ESCAPED = re.compile(r"\\\[((?:[^\[\]\\\n]|\\[^\[\]])+)\]\\\[([^\[\]\\\n]*)\]")
# before ``[``: a word in ASCII (``map[string][]string``, ``a[i][j]``), a bracket, an image
_GLUED = re.compile(r"[A-Za-z0-9_\])!\\]")


def undefined_reference(state: StateInline, silent: bool) -> bool:
    """``[text][label]`` or ``[text][]`` whose label no definition of the page gives (a
    translated page that lost or renamed its definitions), also escaped as ``\\[text]\\[label]``:
    the text, where CommonMark leaves brackets and label literal. Not a note marker (``[1][2]``,
    ``[注][3]``: a text of one letter or none) nor brackets glued to a word (``a[i][j]``)."""
    src, start = state.src, state.pos
    if start and _GLUED.match(src[start - 1]):
        return False
    if src.startswith("\\[", start):
        m = _ESCAPED.match(src, start)
        if m is None:
            return False
        text_start, text_end, label, resume = start + 2, m.end(1), m.group(2), m.end()
    elif src[start] == "[" and not src.startswith("[[", start):  # not a wiki link
        text_end = state.md.helpers.parseLinkLabel(state, start, True)
        second = _LABEL.match(src, text_end + 1) if text_end >= 0 else None
        if second is None:
            return False
        text_start, label, resume = start + 1, second.group(1), second.end()
    else:
        return False
    text = src[text_start:text_end]
    if _note_marker(text) or normalizeReference(label or text) in state.env.get("references", {}):
        return False
    if not silent:
        old_end, state.pos, state.posMax = state.posMax, text_start, text_end
        state.md.inline.tokenize(state)
        state.posMax = old_end
    state.pos = resume
    return True


def _note_marker(text: str) -> bool:
    return text.startswith("^") or sum(ch.isalpha() for ch in text) < 2
