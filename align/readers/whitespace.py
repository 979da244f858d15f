"""White space as a browser shows it: a run of spaces and line breaks is one space, and a line
break between two wide (CJK) characters, punctuation included, is nothing (CSS Text 3, segment
break transformation). HTML text and Markdown's soft line breaks are joined by these rules."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space: a no-break space is text
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def collapse(text: str) -> str:
    """``text`` with every run of HTML white space shown as it would be (see the module)."""
    return _SPACE.sub(_space, text)


def join_lines(text: str) -> str:
    """``text`` on one line: each line break, with the spaces around it, shown as a space or
    as nothing between two wide characters; other white space kept."""
    return _LINE_BREAK.sub(_space, text)


def _space(m: re.Match[str]) -> str:
    before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
    if "\n" in m.group() and _wide(before) and _wide(after):
        return ""
    return " "


def _wide(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch) in ("W", "F") and not _HANGUL.match(ch)
