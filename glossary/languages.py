"""Which language of a termbase is the source and which the target.

A TBX language section, or a column of a multilingual table headed by a language code, is the
source when its code is ``--src-lang`` or a more specific tag of it (``zh`` takes ``zh-CN``
and ``zh-Hant``; ``zh-TW`` takes ``zh-TW`` only); without ``--src-lang``, every ``zh…`` code
is. The target likewise, ``--tgt-lang`` or every ``en…`` code. A termbase holding neither is
refused by name ("termbase has en, es; none is Chinese: use --src-lang") instead of every
entry being skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from align.errors import InputError

Role = Literal["source", "target"]
_LANG_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
_DEFAULT: dict[Role, str] = {"source": "zh", "target": "en"}
_NAME: dict[Role, str] = {"source": "Chinese", "target": "English"}
OPTION: dict[Role, str] = {"source": "--src-lang", "target": "--tgt-lang"}


def is_lang_code(text: str) -> bool:
    """``text`` has the shape of a BCP 47 tag (``zh``, ``zh-Hant-TW``, ``en_US``)."""
    return _LANG_CODE.fullmatch(text.strip()) is not None


def canonical_lang(code: str) -> str:
    """BCP 47 letter case: ``zh_tw`` → ``zh-TW``, ``ZH-hant`` → ``zh-Hant``, ``EN`` → ``en``."""
    primary, *rest = code.strip().replace("_", "-").split("-")
    subtags = [s.upper() if len(s) == 2 else s.title() if len(s) == 4 else s for s in rest]
    return "-".join([primary.lower(), *subtags])


def is_role(code: str, role: Role, wanted: str | None = None) -> bool:
    """``code`` is the ``role``'s language: ``wanted`` (or zh / en) itself or a subtag of it."""
    if not is_lang_code(code):
        return False
    have = canonical_lang(code).lower()
    want = canonical_lang(wanted or _DEFAULT[role]).lower()
    return have == want or have.startswith(want + "-")


def missing_language(
    path: Path, found: Iterable[str], role: Role, wanted: str | None
) -> InputError:
    """The error of a termbase without the ``role``'s language, naming the ones it holds."""
    held = ", ".join(sorted({canonical_lang(c) for c in found if c.strip()})) or "no language"
    what = wanted or _NAME[role]
    return InputError(f"{path}: termbase has {held}; none is {what}: use {OPTION[role]}")
