"""The script of characters: Chinese (CJK) or Latin, the characters that show nothing, and the
rules of segmenting and joining that follow from them.

Segmentation (``align.segment``) splits each span of text by the rules of its own script, and
``align.beads.join_sentences`` puts a space between sentences only where two Latin-script runs
meet. Neither needs the document's language except where no script decides (digits, symbols).
"""

from __future__ import annotations

import re
from typing import Literal

Script = Literal["zh", "en"]

_IDEOGRAPHS = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
#: Chinese (and Japanese) letters: ideographs and kana.
CJK_LETTER = re.compile(f"[{_IDEOGRAPHS}]")
#: Characters of Chinese script: letters, CJK punctuation (、。「」《》...) and full-width forms
#: (，！？（）...). Curly quotes ``“”‘’`` are shared with English and belong to neither.
CJK_CHAR = re.compile(f"[{_IDEOGRAPHS}\u3000-\u303f\ufe30-\ufe4f\uff00-\uffef]")
#: Characters that show nothing: zero-width space, joiners, word joiner, byte-order mark, soft
#: hyphen, Mongolian vowel separator. A line of these (and spaces) is a blank line.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
#: What ``str.strip`` takes away by default, plus the invisible characters.
_NOTHING = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + INVISIBLE


def is_blank(text: str) -> bool:
    """Whether ``text`` holds nothing visible (whitespace, NBSP, zero-width characters)."""
    return not text.strip(_NOTHING)


def trim(text: str) -> tuple[int, int]:
    """``(start, end)`` of ``text`` without its leading and trailing whitespace and invisible
    characters (``start == end`` when nothing is left)."""
    start = len(text) - len(text.lstrip(_NOTHING))
    return start, max(start, len(text.rstrip(_NOTHING)))


def script_of(ch: str) -> Script | None:
    """``"zh"`` for a character of Chinese script, ``"en"`` for any other letter, None for
    digits, spaces, symbols and shared punctuation."""
    if CJK_CHAR.match(ch):
        return "zh"
    return "en" if ch.isalpha() else None
