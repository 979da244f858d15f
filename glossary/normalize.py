"""Length-preserving text normalisation, so that offsets in normalised text are offsets in
the original text.

Chinese: every character is mapped on its own to Simplified (OpenCC ``t2s``, then the Taiwan
and Hong Kong variant tables ``tw2s``/``hk2s``), full-width forms to half-width (NFKC) and
lowercased; a mapping that would change the length is not applied. English: curly quotes and
apostrophes become straight ones, Unicode hyphens become ``-``, full-width forms half-width.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\uff07": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\uff02": '"',
    "\u2010": "-", "\u2011": "-", "\u00ad": "-", "\uff0d": "-", "\u3000": " ",
}  # fmt: skip

#: A word for the English matcher: a run of letters and digits.
WORD = re.compile(r"[^\W_]+")


def _one_char(char: str) -> str:
    """NFKC of one character, when that stays one character (full-width → half-width)."""
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


class _ZhTable(dict[int, str]):
    """A ``str.translate`` table filled on demand, one OpenCC lookup per distinct character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        out = char
        if code >= 0x2E80:  # CJK and full-width blocks; ASCII and Latin are left to _one_char
            for converter in _converters():
                converted = converter.convert(char)
                if len(converted) == 1 and converted != char:
                    out = converted
                    break
        out = _one_char(out)
        lowered = out.lower()
        out = lowered if len(lowered) == 1 else out
        self[code] = out
        return out


class _EnTable(dict[int, str]):
    def __missing__(self, code: int) -> str:
        char = chr(code)
        out = _QUOTES.get(char) or (_one_char(char) if 0xFF01 <= code <= 0xFF5E else char)
        self[code] = out
        return out


@functools.cache
def _converters() -> tuple[Any, ...]:
    import opencc

    return tuple(opencc.OpenCC(name) for name in ("t2s", "tw2s", "hk2s"))


_ZH = _ZhTable()
_EN = _EnTable()


def normalize_zh(text: str) -> str:
    """Simplified, half-width, lowercase; ``len(normalize_zh(t)) == len(t)``."""
    return text.translate(_ZH)


def normalize_en(text: str) -> str:
    """Straight quotes, ASCII hyphens, half-width; ``len(normalize_en(t)) == len(t)``."""
    return text.translate(_EN)


def compact(text: str) -> str:
    """The matching key of an English term or span: lowercase letters and digits only, so
    ``edit-a-thon``, ``edit a thon`` and ``Editathon`` share the key ``editathon``."""
    return "".join(WORD.findall(normalize_en(text))).lower()
