"""The languages of the two sides: declared BCP 47 tags, not guessed from the text.

The source side is Chinese and the target English unless the user declares otherwise
(``--src-lang`` / ``--tgt-lang``, any valid BCP 47 tag: ``zh-CN``, ``zh-TW``, ``zh-Hant``,
``en``, ``en-GB``...). A declared tag is written as given into every output that carries a
language (TMX ``srclang`` and ``xml:lang``, TBX, the report). An undeclared Chinese side is
tagged by its script: ``zh-TW`` when it is written in Traditional characters, else ``zh-CN``;
an undeclared English side is ``en``.

The text never changes a side's tag nor the rules it is segmented and aligned by: detection
only warns when the content disagrees with the declaration (a Chinese page that is mostly
English: untranslated?), see ``content_warning``.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from align.beads import Alignment, Lang
from align.errors import InputError
from align.scripts import CJK_LETTER

#: The language each side is read as when nothing is declared.
DEFAULT_LANGS: tuple[Lang, Lang] = ("zh", "en")
_EXAMPLES = "e.g. zh-CN, zh-TW, zh-Hant, en, en-GB"
#: The share of Chinese characters among the letters from which a text counts as Chinese: a
#: character carries about as much as a whole English word.
_CJK_SHARE = 0.2
_LETTER = re.compile(r"[^\W\d_]")  # letters (and a few numerals such as ²): str.isalpha, fast


def check_tag(tag: str, option: str = "language") -> str:
    """``tag`` when it is a valid BCP 47 language tag (written with hyphens, as TMX and TBX
    need), else an InputError naming ``option`` and showing valid tags."""
    import langcodes

    if "_" in tag or not langcodes.tag_is_valid(tag):
        fix = f"write {tag.replace('_', '-')!r}" if "_" in tag else _EXAMPLES
        raise InputError(f"{option} {tag!r}: not a BCP 47 language tag; {fix}")
    return tag


def lang_of(tag: str) -> Lang:
    """The rules a side with BCP 47 ``tag`` is read by: ``zh`` for a language written in Han
    characters (zh, zh-Hant, yue, cmn...), ``en`` (Latin-script rules) for any other."""
    import langcodes

    script = langcodes.Language.get(tag).maximize().script
    return "zh" if script in ("Hans", "Hant") else "en"


def side_lang(tag: str | None, side: int) -> Lang:
    """The language of side 0 (source) or 1 (target) with the declared ``tag``, if any."""
    return DEFAULT_LANGS[side] if tag is None else lang_of(tag)


def default_tag(lang: Lang, text: str) -> str:
    """The tag of an undeclared side read as ``lang``: ``zh-TW`` for Chinese in Traditional
    characters, ``zh-CN`` for other Chinese, ``en`` for English."""
    if lang == "en":
        return "en"
    return "zh-TW" if is_traditional(text) else "zh-CN"


def side_tags(alignment: Alignment) -> tuple[str, str]:
    """The BCP 47 tags of an alignment's two sides: as declared or found when it was made
    (``alignment.tags``), else each side's ``default_tag``."""
    if alignment.tags is not None:
        return alignment.tags
    return (
        default_tag(alignment.src_lang, "".join(alignment.src)),
        default_tag(alignment.tgt_lang, "".join(alignment.tgt)),
    )


def is_traditional(text: str) -> bool:
    """Whether ``text`` holds more Traditional-only than Simplified-only characters (those
    OpenCC's t2s, resp. s2t, conversion changes)."""
    to_simplified, to_traditional = _opencc()
    traditional = sum(a != b for a, b in zip(text, to_simplified.convert(text), strict=False))
    simplified = sum(a != b for a, b in zip(text, to_traditional.convert(text), strict=False))
    return traditional > simplified


@functools.cache
def _opencc() -> tuple[Any, Any]:
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


def cjk_share(text: str) -> float:
    """The share of Chinese (and Japanese) characters among the letters of ``text`` (0 when
    it has none)."""
    letters = len(_LETTER.findall(text))
    return len(CJK_LETTER.findall(text)) / letters if letters else 0.0


def detect_lang(text: str) -> Lang:
    """``"zh"`` when Chinese characters make up at least 20 % of the letters, else ``"en"``:
    for ``glossalign segment`` without ``--lang``, and for warnings, never for a side's tag."""
    return "zh" if cjk_share(text) >= _CJK_SHARE else "en"


def content_warning(name: str, tag: str, lang: Lang, text: str) -> str | None:
    """One line when the text of a side declared ``tag`` (read as ``lang``) looks like the
    other language (``zh-CN side of quickreference.html is 82 % Latin script: untranslated
    page?``), else None. Text without letters warns of nothing."""
    if not any(ch.isalpha() for ch in text) or detect_lang(text) == lang:
        return None
    share = cjk_share(text)
    if lang == "zh":
        return (
            f"{tag} side of {name} is {round(100 * (1 - share))} % Latin script: untranslated page?"
        )
    return (
        f"{tag} side of {name} is {round(100 * share)} % Chinese script: source and target swapped?"
    )
