"""Which encoding a text file is in, and what it looks like when it is in none we read.

glossalign reads the encodings that hold Chinese: UTF-8, UTF-16 and UTF-32 (with a byte-order
mark, or UTF-16/32 without one when the text is plausible), GB18030 (a superset of GBK and
GB2312) and Big5; English in any of them is ASCII. A byte-order mark always decides.

``--encoding auto`` asks charset-normalizer first and checks its answer with ours: a Japanese
(Shift-JIS, EUC-JP) or Korean (EUC-KR) verdict stands only when the text read that way has the
script's marks (kana; Hangul words with Korean endings), and a Chinese one only when the text
is plausible Chinese (``plausibility``). charset-normalizer alone misjudges short and mixed
texts (measured: ``你好，世界。`` in GB18030 and a mostly English line naming 基金会 in
GB18030 as Korean), our plausibility alone reads Korean EUC-KR as GB18030 mojibake (both
encodings use the same byte ranges).
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass

#: The legacy and wide codecs ``detect_encoding`` weighs when a file is not UTF-8.
_CANDIDATES = ("gb18030", "big5", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
#: Bytes ``foreign`` reads as Japanese or Korean.
_SAMPLE_BYTES = 256 * 1024
#: At least this share of NUL characters is no text (``too_many_nuls``).
MAX_NUL_SHARE = 0.1
#: Characters ``plausibility`` scores: enough for a verdict, bounded on big files.
_SAMPLE_CHARS = 200_000
#: Below this share of common characters a decoding is mojibake (measured: the seeds letter in
#: Big5 read as GB18030 scores 0.47, read as Big5 0.995; the letter in GB18030 0.98).
_PLAUSIBLE = 0.75
#: charset-normalizer's names of the codecs we read, as ours.
_OURS = {
    "utf_8": "utf-8", "ascii": "utf-8", "gb18030": "gb18030", "gbk": "gb18030",
    "gb2312": "gb18030", "big5": "big5", "cp950": "big5", "big5hkscs": "big5",
}  # fmt: skip
_NAMES = {
    "utf-8": "UTF-8", "gb18030": "GB18030", "big5": "Big5", "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16", "utf-32-le": "UTF-32", "utf-32-be": "UTF-32",
}  # fmt: skip
_READ = "UTF-8, UTF-16, UTF-32, GB18030, Big5"
_KANA = re.compile(r"[\u3041-\u30ff]")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
#: Endings of Korean words (particles and verb endings): most Korean words end in one, the
#: Hangul that Chinese GB18030 bytes read as EUC-KR make rarely do (measured: Python's
#: euc_kr test text 0.59; 1,500 chunks of the Bible in GB18030 read as EUC-KR at most 0.25 on
#: 10 characters, 0.04 on 100).
_KOREAN_ENDINGS = frozenset("는은이가을를의에로고다서도와과한하게지면며던된할인니요")


def bom_codec(data: bytes) -> str | None:
    """The codec a byte-order mark names (UTF-32 first: its LE mark starts like UTF-16's)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"  # the codec reads the BOM and drops it
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def detect_encoding(data: bytes) -> str | None:
    """The codec of a text file, or None when no encoding we read fits: a BOM, else UTF-8
    when it decodes (NUL characters under ``MAX_NUL_SHARE``), else the most plausible reading
    as GB18030, Big5 or UTF-16/32 without BOM (``plausibility``; UTF-16/32 only when
    charset-normalizer sees it or NUL bytes fall where its ASCII would put them), unless the
    bytes are Japanese or Korean text (``foreign``). Shared by the text readers, the
    alignment files and the glossary tables."""
    bom = bom_codec(data)
    if bom:
        return bom
    try:
        if not too_many_nuls(data.decode("utf-8")):
            return "utf-8"
    except UnicodeDecodeError:
        if foreign(data):
            return None
    scored = []
    for codec in _CANDIDATES:
        if codec.startswith("utf-") and not _wide_evidence(data, codec):
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        scored.append((plausibility(text[:_SAMPLE_CHARS]), codec))
    best = max(scored, default=None, key=lambda s: s[0])  # ties keep the earlier codec
    return best[1] if best is not None and best[0] >= _PLAUSIBLE else None


def too_many_nuls(text: str) -> bool:
    """Whether NUL characters are ``MAX_NUL_SHARE`` of ``text`` or more: binary data, or
    UTF-16/32 read as UTF-8 (a stray NUL in a text is left to the checks of its cells)."""
    return text.count("\x00") >= MAX_NUL_SHARE * len(text) > 0


def _wide_evidence(data: bytes, codec: str) -> bool:
    """Whether UTF-16/32 without BOM may be ``codec``: charset-normalizer reads it so, or the
    NUL bytes of the first 64 KiB sit where ASCII characters in ``codec`` put them (the high
    bytes of each code unit), more than twice as often as elsewhere."""
    if codec.replace("-", "_") in _guess(data).codecs:
        return True
    head = data[:65536]
    width = 4 if codec.startswith("utf-32") else 2
    nuls = [head[k::width].count(0) for k in range(width)]
    high = nuls[1:] if codec.endswith("le") else nuls[:-1]
    low = nuls[0] if codec.endswith("le") else nuls[-1]
    return min(high) > 0 and min(high) > 2 * low


def plausibility(text: str) -> float:
    """Share of characters that are printable ASCII or white space, common CJK ideographs
    (U+4E00-U+9FA5), CJK or general punctuation or full-width forms: a wrong legacy decoding
    yields kana, Cyrillic, box drawing, rare ideographs or control characters instead."""
    common = sum(
        (c.isascii() and (c.isprintable() or c in "\t\n\r"))
        or "\u4e00" <= c <= "\u9fa5"
        or "\u3000" <= c <= "\u303f"
        or "\u2010" <= c <= "\u2027"
        or "\uff00" <= c <= "\uffef"
        for c in text
    )
    return common / max(len(text), 1)


def foreign(data: bytes) -> str | None:
    """``"Japanese text in Shift-JIS"``, ``"Korean text in EUC-KR"``… when ``data`` read as
    Shift-JIS, EUC-JP, EUC-KR or what charset-normalizer takes it for has the marks of
    Japanese (kana) or Korean (Hangul words with Korean endings)."""
    readings = [("Japanese", "cp932"), ("Japanese", "euc_jp"), ("Korean", "cp949")]
    guess = _guess(data).best
    if guess is not None and guess[1] in ("Japanese", "Korean"):
        readings.insert(0, (guess[1], guess[0]))
    for language, codec in readings:
        try:
            text = codecs.getincrementaldecoder(codec)().decode(data[:_SAMPLE_BYTES])
        except (UnicodeDecodeError, LookupError):
            continue
        if _korean(text) if language == "Korean" else _japanese(text):
            return f"{language} text in {_legacy_name(codec)}"
    return None


def describe(data: bytes) -> str:
    """``it looks like …; <the fix>`` for bytes that no encoding we read fits."""
    found = foreign(data)
    if found:
        return f"it looks like {found}; glossalign reads Chinese and English"
    guess = _guess(data).best
    if guess is None or guess[0] in _OURS:
        return "it looks like binary data, not text"
    codec, language, _ = guess
    shown = _legacy_name(codec) + (f" ({language})" if language != "Unknown" else "")
    # A few bytes fit many 8-bit code pages: name one only with some text to go by.
    if len(data) < 64:
        return f"no encoding glossalign reads fits it ({_READ}); re-save it as UTF-8"
    return (
        f"it looks like text in {shown} or a similar encoding; re-save it as UTF-8 "
        f"(glossalign reads {_READ})"
    )


def name(codec: str) -> str:
    """How a message names ``codec`` (``GB18030``, ``UTF-16``…)."""
    return _NAMES.get(codec, codec)


def wide_without_bom(codec: str | None) -> str | None:
    """The ``--encoding`` to pass for a UTF-16 file without byte-order mark (``utf-16le``),
    None for any other codec (UTF-32 without BOM: ``auto``)."""
    if codec is None or not codec.startswith("utf-16-"):
        return None
    return codec.replace("utf-16-", "utf-16")


@dataclass(frozen=True, slots=True)
class _Guess:
    """charset-normalizer's readings of some bytes: the best (codec, language, text) and
    every codec it found plausible."""

    best: tuple[str, str, str] | None
    codecs: frozenset[str]


@functools.lru_cache(maxsize=1)  # detect_encoding, foreign and describe ask about one file
def _guess(data: bytes) -> _Guess:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    reading = None if best is None else (best.encoding, best.language, str(best))
    return _Guess(reading, frozenset(m.encoding for m in matches))


def _share(found: list[str], text: str) -> float:
    """``found`` characters as a share of the non-ASCII characters of ``text``."""
    return len(found) / max(sum(not c.isascii() for c in text), 1)


def _japanese(text: str) -> bool:
    kana = _KANA.findall(text)  # three at least: a few Big5 ideographs read as EUC-JP are kana
    return len(kana) >= 3 and _share(kana, text) >= 0.1


def _korean(text: str) -> bool:
    words = _HANGUL_WORD.findall(text)
    if _share(list("".join(words)), text) < 0.5 or len(words) < 3:
        return False
    return sum(w[-1] in _KOREAN_ENDINGS for w in words) / len(words) >= 0.4


def _legacy_name(codec: str) -> str:
    return {
        "cp932": "Shift-JIS", "shift_jis": "Shift-JIS", "shift_jis_2004": "Shift-JIS",
        "shift_jisx0213": "Shift-JIS", "euc_jp": "EUC-JP", "euc_jis_2004": "EUC-JP",
        "euc_jisx0213": "EUC-JP", "cp949": "EUC-KR", "euc_kr": "EUC-KR", "johab": "Johab",
        "iso2022_jp": "ISO-2022-JP", "iso2022_kr": "ISO-2022-KR",
    }.get(codec, codec.replace("_", "-").upper().replace("CP", "Windows-"))  # fmt: skip
