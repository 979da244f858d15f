"""markdown-it rules of our own: hand-written footnotes, wiki links and TOML front matter.

mdit-py-plugins covers the rest (footnotes, YAML front matter, containers, admonitions,
attributes, definition lists); these three are what docs and wikis write that it does not.
"""

from __future__ import annotations

import re

from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

_WIKILINK = re.compile(r"\[\[([^\[\]\n|]*)(?:\|([^\[\]\n]*))?\]\]")
_NOTE = re.compile(r" {0,3}\[([^\]\s^]{1,8})\]:[ \t]+(\S.*)")  # "[1]: text", a hand-written note
# what a link reference definition points at: <…>, a scheme, a path, an anchor or a domain
_URL = re.compile(r"<|[A-Za-z][\w+.-]*:|\.{0,2}/|#|[\w-]+(\.[\w-]+)+(/|\s|$)")
_TOML_FENCE = re.compile(r"\+\+\+[ \t]*")


def note(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``[1]: text`` whose text is no link target (``[1]: 腾讯QQ是…``, ``[5]: Despite …``): a
    hand-written footnote, up to the next blank line or note, instead of a link definition."""
    if state.is_code_block(start):
        return False
    m = _NOTE.fullmatch(state.src[state.bMarks[start] : state.eMarks[start]])
    if m is None or _URL.match(m.group(2)):
        return False
    if silent:
        return True
    stop = start + 1
    while stop < end and not state.isEmpty(stop):
        if _NOTE.fullmatch(state.src[state.bMarks[stop] : state.eMarks[stop]]):
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
