"""Lexical evidence a translator uses: dictionary glosses, numbers, names, Latin tokens, marks.

Each Chinese sentence becomes a list of *units* (jieba words and marks), each with the set of
English token forms that would attest it: CC-CEDICT glosses, the pinyin of names (陈清扬 →
``chen``, ``qingyang``), the value of numbers (三十 → ``30``), Latin tokens as written, and
``?``/``"`` for question and quotation marks. An English sentence becomes its set of normalised
tokens. CC-CEDICT, jieba and the stemmer come from ``align.lexicon``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from align.beads import Lang
from align.dp import Band
from align.encoders import MAX_TEXT_CHARS
from align.lexicon import (
    EN_NUMBERS,
    EN_STOP,
    HAN_WORD,
    ZH_FUNCTION_CHARS,
    cedict_glosses,
    jieba_cut,
    pinyin_forms,
    stem,
)
from align.scoring import LexPairs

_ZH_DIGIT = {c: k for k, c in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0}
_ZH_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_ZH_NUM = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+|[0-9０-９]+")
_EN_TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*|\d+(?:[.,]\d+)*|[?\"“”]")
_LATIN = re.compile(r"[A-Za-z][A-Za-z'-]*|\d+")
_QUOTES = frozenset('“”「」『』"')


_OPENING_QUOTE = re.compile(r"(?:^|(?<=[\s(\[—–-]))['\"‘“]|[“「『]")


def marks(sentences: Sequence[str]) -> np.ndarray:
    """Question marks, exclamation marks and opening quotes per sentence, any language: (n, 3).

    Quote styles differ (“…” and 「…」 in Chinese; '…', ‘…’ or "…" in English); what counts is
    where a quotation opens.
    """
    out = np.zeros((len(sentences), 3), np.float32)
    for k, s in enumerate(sentences):
        out[k] = (
            s.count("?") + s.count("？"),
            s.count("!") + s.count("！"),
            len(_OPENING_QUOTE.findall(s)),
        )
    return out


def zh_number(text: str) -> int | None:
    """Value of a Chinese or Arabic numeral: 三十 → 30, 二十五 → 25, 一九六七 → 1967."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    if all(c in _ZH_DIGIT for c in text):  # digit by digit, as in years
        return int("".join(str(_ZH_DIGIT[c]) for c in text))
    total = section = digit = 0
    for c in text:
        if c in _ZH_DIGIT:
            digit = _ZH_DIGIT[c]
        elif c in ("万", "亿"):
            total += (section + digit) * _ZH_UNIT[c]
            section = digit = 0
        elif c in _ZH_UNIT:
            section += (digit or 1) * _ZH_UNIT[c]
            digit = 0
        else:
            return None
    return total + section + digit


def english_tokens(sentence: str) -> frozenset[str]:
    """Normalised token forms: stems, number values (thirty → 30), ``?`` and ``"``."""
    out: set[str] = set()
    for tok in _EN_TOKEN.findall(sentence):
        if tok in "“”":
            out.add('"')
        elif tok[0].isdigit():
            out.add(tok.replace(",", ""))
        else:
            parts = tok.split("-")
            if (
                len(parts) == 2
                and parts[0].lower() in EN_NUMBERS
                and parts[1].lower() in EN_NUMBERS
            ):
                out.add(str(int(EN_NUMBERS[parts[0].lower()]) + int(EN_NUMBERS[parts[1].lower()])))
            out.update(stem(p) for p in parts)
    return frozenset(out)


def content(tokens: frozenset[str]) -> frozenset[str]:
    """Tokens that carry meaning (the denominator of target coverage)."""
    return frozenset(
        t for t in tokens if t not in EN_STOP and (len(t) > 2 or t[0].isdigit() or t in '?"')
    )


Lexicon = dict[str, frozenset[str]]


def chinese_words(sentence: str) -> list[str]:
    """The jieba words of a Chinese sentence, blanks dropped."""
    return [w for w in (w.strip() for w in jieba_cut(sentence)) if w]


def chinese_units(sentence: str, learned: Lexicon | None = None) -> list[frozenset[str]]:
    """One set of attesting English forms per meaningful unit of a Chinese sentence.

    ``learned``: extra forms per word, such as a document's own renderings (``learn_lexicon``).
    """
    return word_units(chinese_words(sentence), learned)


def word_units(words: Sequence[str], learned: Lexicon | None = None) -> list[frozenset[str]]:
    """``chinese_units`` of a sentence already cut into ``words`` (``chinese_words``)."""
    cedict = cedict_glosses()
    learned = learned or {}
    units: list[frozenset[str]] = []
    for word in words:
        if word in ("？", "?"):
            units.append(frozenset({"?"}))
        elif word in _QUOTES:
            units.append(frozenset({'"'}))
        elif _ZH_NUM.fullmatch(word) and (value := zh_number(word)) is not None:
            units.append(frozenset({str(value)}))
        elif _LATIN.fullmatch(word):
            units.append(frozenset({stem(word)}))
        elif HAN_WORD.match(word) and word not in ZH_FUNCTION_CHARS:
            forms = cedict.get(word, frozenset()) | learned.get(word, frozenset())
            if len(word) >= 2:
                forms = forms | pinyin_forms(word)
            if forms and not (len(word) == 1 and len(forms) > 12):  # drop vague single characters
                units.append(forms)
    return units


@dataclass(frozen=True, slots=True)
class _Sentences:
    units: list[list[frozenset[str]]]
    glosses: list[frozenset[str]]
    tokens: list[frozenset[str]]
    content: list[frozenset[str]]


def learn_lexicon(
    zh_words: Sequence[Sequence[str]],
    en_content: Sequence[frozenset[str]],
    pairs: Sequence[tuple[int, int]],
    *,
    min_count: int = 3,
    min_dice: float = 0.5,
) -> Lexicon:
    """A document's own renderings, learned from confident sentence pairs ``(zh_index,
    en_index)``: names a dictionary cannot know (韦小宝 → Trinket, 小玄子 → Misty) and the
    translator's usual words (书房 → library).

    ``zh_words``: each Chinese sentence cut into words (``chinese_words``); ``en_content``: each
    English sentence's content tokens (``content(english_tokens(...))``). Han words of two or
    more characters and alphabetic English tokens are linked competitively by their Dice
    coefficient over the pairs (each word and token at most once, strongest first), keeping
    links seen ``min_count`` times with Dice ≥ ``min_dice``.
    """
    zh_sets = [{w for w in zh_words[i] if len(w) >= 2 and HAN_WORD.match(w)} for i, _ in pairs]
    en_sets = [{t for t in en_content[j] if t.isalpha()} for _, j in pairs]
    n_zh = Counter(w for ws in zh_sets for w in ws)
    n_en = Counter(t for ts in en_sets for t in ts)
    pairs_words = zip(zh_sets, en_sets, strict=True)
    both = Counter((w, t) for ws, ts in pairs_words for w in ws for t in ts)
    scored = sorted(
        ((2 * c / (n_zh[w] + n_en[t]), w, t) for (w, t), c in both.items() if c >= min_count),
        reverse=True,
    )
    used_zh: set[str] = set()
    used_en: set[str] = set()
    out: Lexicon = {}
    for dice, w, t in scored:
        if dice < min_dice:
            break
        if w not in used_zh and t not in used_en:
            used_zh.add(w)
            used_en.add(t)
            out[w] = frozenset({t})
    return out


def _prepare(
    src: Sequence[str], tgt: Sequence[str], src_lang: Lang, pairs: Sequence[tuple[int, int]]
) -> _Sentences:
    # What a model sees of a sentence is evidence enough: a 1 MB "sentence" cut whole by jieba
    # and pypinyin took 55 s.
    zh_side, en_side = (src, tgt) if src_lang == "zh" else (tgt, src)
    zh = [s[:MAX_TEXT_CHARS] for s in zh_side]
    en = [s[:MAX_TEXT_CHARS] for s in en_side]
    if src_lang != "zh":
        pairs = [(j, i) for i, j in pairs]
    words = [chinese_words(s) for s in zh]
    tokens = [english_tokens(s) for s in en]
    contents = [content(t) for t in tokens]
    learned = learn_lexicon(words, contents, pairs) if pairs else None
    units = [word_units(w, learned) for w in words]
    glosses = [frozenset().union(*u) for u in units]
    return _Sentences(units, glosses, tokens, contents)


def lexical_pairs(
    src: Sequence[str],
    tgt: Sequence[str],
    band: Band,
    src_lang: Lang = "zh",
    tgt_lang: Lang = "en",
    *,
    reach: int = 5,
    pairs: Sequence[tuple[int, int]] = (),
) -> LexPairs | None:
    """Hits for every (source, target) sentence pair a bead in ``band`` can join.

    ``reach`` is the largest bead side. ``pairs``: confident (source, target) sentence pairs to
    learn the document's own renderings from (``learn_lexicon``). Returns None unless the pair
    is Chinese-English.
    """
    if {src_lang, tgt_lang} != {"zh", "en"}:
        return None
    data = _prepare(src, tgt, src_lang, pairs)
    n, m = band.n, band.m
    # Source sentence i ends in rows i+1 .. i+reach; its target partners start up to `reach` early.
    rows = np.minimum(np.arange(n)[:, None] + np.arange(1, reach + 1), n)
    lo = np.maximum(band.lo[rows].min(axis=1) - reach, 0)
    width = int(min(m, (band.lo[rows].max(axis=1) + band.width - lo).max()))
    src_hits = np.zeros((n, width), np.float32)
    tgt_hits = np.zeros((n, width), np.float32)
    # Per Chinese sentence: English form -> bit mask of the units it attests, so a pair costs one
    # set intersection and a popcount instead of a test per unit.
    attests: list[dict[str, int]] = []
    for units in data.units:
        index: dict[str, int] = {}
        for k, forms in enumerate(units):
            for form in forms:
                index[form] = index.get(form, 0) | (1 << k)
        attests.append(index)
    for i in range(n):
        for t in range(width):
            j = int(lo[i]) + t
            if j >= m:
                break
            zi, ej = (i, j) if src_lang == "zh" else (j, i)
            mask = 0
            for form in data.tokens[ej] & attests[zi].keys():
                mask |= attests[zi][form]
            src_hits[i, t] = mask.bit_count()
            tgt_hits[i, t] = len(data.content[ej] & data.glosses[zi])
    if src_lang == "zh":
        src_units = np.array([len(u) for u in data.units], np.float32)
        tgt_units = np.array([len(c) for c in data.content], np.float32)
    else:  # English source: its "units" are content tokens, and vice versa
        src_units = np.array([len(c) for c in data.content], np.float32)
        tgt_units = np.array([len(u) for u in data.units], np.float32)
        src_hits, tgt_hits = tgt_hits, src_hits
    return LexPairs(lo, src_hits, tgt_hits, src_units, tgt_units)
