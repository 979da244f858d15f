"""Emphasis next to Chinese, Japanese and Korean text, as the CommonMark "CJK-friendly"
amendment (tats-u/markdown-cjk-friendly, ``specification.md``) defines it.

CommonMark's flanking rule leaves ``**注意：**虚拟存储…`` literal: the closing ``**`` follows a
punctuation mark (``：``) and precedes a letter (``虚``), so it is not right-flanking. The
amendment counts only non-CJK punctuation against a delimiter run and lets a CJK character
stand where CommonMark wants white space or punctuation:

* left-flanking: not followed by white space, and either not followed by non-CJK punctuation
  or preceded by white space, non-CJK punctuation or a CJK character;
* right-flanking: not preceded by white space, and either not preceded by non-CJK punctuation
  or followed by white space, non-CJK punctuation or a CJK character.

``*`` opens when left-flanking and closes when right-flanking; ``_`` keeps CommonMark's
intraword rule. Text without CJK characters parses exactly as CommonMark. A variation selector
after a character counts as that character. mdit-py-cjk-friendly does the same by patching
markdown-it-py's ``StateInline`` class for every parser, and needs markdown-it-py < 4: this
rule replaces the ``emphasis`` rule of our parser only.

A tool that rewrites Markdown by CommonMark's rules (Crowdin, for translated docs) escapes the
markers it could not parse, ``\\*\\*注意：\\*\\*虚拟``: ``escaped_strong`` reads such a pair,
when a CJK character stands next to one of its markers, as the emphasis it was meant to be.
"""

from __future__ import annotations

import re
import unicodedata

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Delimiter, Scanned, StateInline

_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))
# Wide characters shown as emoji by default (an approximation of Emoji_Presentation).
_EMOJI = ((0x2300, 0x2BFF), (0x1F000, 0x1FAFF))


def is_cjk(ch: str) -> bool:
    """A CJK character: East Asian Width W, F or H and no emoji, or Hangul."""
    code = ord(ch)
    if any(lo <= code <= hi for lo, hi in _HANGUL):
        return True
    if unicodedata.east_asian_width(ch) not in ("W", "F", "H"):
        return False
    return not any(lo <= code <= hi for lo, hi in _EMOJI)


def _base(src: str, at: int) -> str:
    """The character at ``at`` (white space outside the text), seen through a variation
    selector to the character it follows."""
    while 0 <= at < len(src) and _selector(src[at]) and at > 0:
        at -= 1
    return src[at] if 0 <= at < len(src) else " "


def _selector(ch: str) -> bool:
    return "\ufe00" <= ch <= "\ufe0e" or "\U000e0100" <= ch <= "\U000e01ef"


def _punct(ch: str) -> bool:
    return isMdAsciiPunct(ord(ch)) or isPunctChar(ch)


def scan_delims(state: StateInline, start: int, can_split_word: bool) -> Scanned:
    """``StateInline.scanDelims`` with the CJK-friendly flanking rules (see the module)."""
    src, end = state.src, state.posMax
    pos = start
    while pos < end and src[pos] == src[start]:
        pos += 1
    before = _base(src, start - 1)
    after = src[pos] if pos < end else " "
    space_before, space_after = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
    cjk_before, cjk_after = is_cjk(before), is_cjk(after)
    other_before = _punct(before) and not cjk_before  # non-CJK punctuation
    other_after = _punct(after) and not cjk_after
    left = not space_after and (not other_after or space_before or other_before or cjk_before)
    right = not space_before and (not other_before or space_after or other_after or cjk_after)
    if can_split_word:
        return Scanned(left, right, pos - start)
    return Scanned(
        left and (not right or _punct(before)), right and (not left or _punct(after)), pos - start
    )


def emphasis(state: StateInline, silent: bool) -> bool:
    """markdown-it's ``emphasis`` tokenizer over ``scan_delims``: each ``*``/``_`` marker a
    text token and a delimiter, paired later by markdown-it's own post-processing."""
    marker = state.src[state.pos]
    if silent or marker not in ("_", "*"):
        return False
    scanned = scan_delims(state, state.pos, marker == "*")
    for _ in range(scanned.length):
        state.push("text", "", 0).content = marker
        state.delimiters.append(
            Delimiter(ord(marker), scanned.length, len(state.tokens) - 1, -1,
                      scanned.can_open, scanned.can_close)
        )  # fmt: skip
    state.pos += scanned.length
    return True


# ``\*\*注意：\*\*虚拟``: what a CommonMark round trip (Crowdin) writes for the strong emphasis
# it could not parse next to CJK text, escaping the markers to keep them literal.
_ESCAPED_STRONG = re.compile(r"\\\*\\\*(\S(?:(?!\\\*)[^\n])*?(?<=\S))\\\*\\\*")


def escaped_strong(state: StateInline, silent: bool) -> bool:
    """``\\*\\*text\\*\\*`` with a CJK character next to a marker, inside or outside: the
    text, as the strong emphasis the translation meant."""
    m = _ESCAPED_STRONG.match(state.src, state.pos)
    if m is None:
        return False
    inner = m.group(1)
    around = (
        state.src[m.start() - 1 : m.start()],
        inner[0],
        inner[-1],
        state.src[m.end() : m.end() + 1],
    )
    if not any(ch and is_cjk(ch) for ch in around):
        return False
    if not silent:
        old_end, state.pos, state.posMax = state.posMax, m.start(1), m.end(1)
        state.md.inline.tokenize(state)
        state.posMax = old_end
    state.pos = m.end()
    return True
