"""Where sentences end, by the rules of each script: English (Latin script) and Chinese.

``sentence_ends`` runs both rule sets over a block and keeps each candidate end by the script
it belongs to, so that an English notice in a Chinese page, or a Chinese phrase in an English
one, is split by its own rules. A run of Chinese stops (``。！？``) is Chinese; a run of
half-width or shared stops (``. ! ? … ...``) belongs to the script of the character before it
(closing quotes and brackets skipped): Latin after a Latin letter or before a Latin word
(``北京. Then``), else Chinese after a Chinese character, and after digits or symbols the
declared language ``lang``.

Semicolons (``;`` and ``；``) never end a sentence: on the mac-dev gold a Chinese ``；`` ends
12 sentences and sits inside 17 (not splitting there raises the Chinese boundary F1 from 0.985
to 0.987), an English ``;`` ends 1 and sits inside 92; on documents, splitting at ``；`` left
orphan segments (``以及``, ``或``) that the English side never has.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from align.scripts import CJK_CHAR, CJK_LETTER, Script, script_of

# ---------------------------------------------------------------- English


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_OPENERS = "\"'“‘([{«"
_CLOSERS_ONLY = "”’)]}»」』）》〉】］｝"
_EN_END = re.compile(
    r"(?P<punct>(?:\.(?: \.){2,}|\.\.\.|…|[.!?])+|[—–](?=[\"'”’]))"
    r"(?P<tail>(?:[\"'”’»)\]}]|\[\d{1,3}\])*)(?=\s|$)"
)
# Never end a sentence: titles before a name and Latin abbreviations inside one.
_TITLES = _wordset(
    "mr mrs ms messrs mme mlle dr prof st mt ft gen col lt capt cpl sgt adm gov sen rep pres "
    "rev fr hon e.g i.e eg ie cf vs viz approx ca esp"
)
# Never end a sentence before a number: "No. 5", "p. 12", "Jan. 6".
_NUMBERED = _wordset(
    "no nos vol vols p pp fig figs art ch chap sec op nr jan feb mar apr jun jul aug sep sept "
    "oct nov dec"
)
# Ambiguous (often also sentence-final): end only before a word that typically starts a sentence.
_MAYBE = _wordset("inc ltd co corp jr sr bros al dept univ")
_NEXT_WORD = re.compile(r"[\"'“‘(\[{«]*([^\s\"'”’.,;:!?)\]]*)")
_PREV_WORD = re.compile(r"[^\s\"'“‘(\[{«（「『《【]*$")
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_STARTERS = _wordset(
    "the a an it its he she we they i you this that these those there here his her our their "
    "my your but and or so if in on at as for from by to with when while then after before "
    "since however although though yet what who why how where one no not all some many most "
    "each every both also now today tomorrow yesterday tonight meanwhile still thus"
)


def _en_boundaries(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """English sentence ends in ``text[start:end]``: ``(run, end)`` offsets into ``text`` of the
    stops that end a sentence and of the end of that sentence.

    A sentence ends after a run of ``. ! ? … ...`` plus any closing quotes, brackets and
    footnote markers (``nothing.[5]``) that follow it, when whitespace comes next and then
    something that can start a sentence (not a lowercase letter, not a closing bracket), or
    a line break. A full stop does not end a sentence after a title (Mr., Dr., St.), e.g./i.e.,
    a number abbreviation before a number (No. 5), or, unless a typical sentence-starting word
    follows, after an initial (J. R. R. Tolkien), an acronym (U.S.) or Inc./Ltd./Jr.
    An ellipsis ends a sentence only before a capital letter or a line break.
    """
    chunk = text[start:end]
    for m in _EN_END.finditer(chunk):
        if _en_boundary(chunk, m):
            yield start + m.start(), start + m.end()


def _en_boundary(text: str, m: re.Match[str]) -> bool:
    j = m.end()
    while j < len(text) and text[j].isspace():
        j += 1
    if j == len(text):
        return False
    if text[j] in _CLOSERS_ONLY:
        return False
    newline = "\n" in text[m.end() : j]
    word = _NEXT_WORD.match(text, j)
    nxt = word.group(1) if word else ""
    punct, tail = m.group("punct"), m.group("tail")
    if punct == "." and not tail:
        prev = _PREV_WORD.search(text, max(0, m.start() - 40), m.start())
        before = prev.group() if prev else ""
        low = before.lower()
        if low in _TITLES:
            return False
        if low in _NUMBERED and nxt[:1].isdigit():
            return False
        maybe = (
            low in _MAYBE or _ACRONYM.fullmatch(before) or (len(before) == 1 and before.isupper())
        )
        if maybe and nxt.lower() not in _STARTERS:
            return False
    if newline:
        return True
    first = nxt[:1]
    if punct in ("—", "–"):  # broken-off speech ends only where another quotation starts
        return bool(tail) and text[j] in _OPENERS and first.isupper()
    if punct != "." and not punct.strip(". …"):  # an ellipsis; "I... I" is hesitation
        return first.isupper() and nxt != "I"
    return not first.islower()


# ---------------------------------------------------------------- Chinese

_ZH_STOP = "。！？!?"
_ZH_END = re.compile(
    r"(?:[。！？!?]|…+|⋯+|\.{3,})+"  # the terminal run
    r"(?:[ \t\u3000]*(?:…+|⋯+))?"  # a trailing ellipsis: "。 ……"
    r"(?:[ \t\u3000]*(?:[”’」』）》〉】〕］｝]|…+|⋯+)|[\"')\]]|[。！？!?])*"  # closers etc.
    r"(?:\[\d{1,3}\])*"  # footnote markers
)
_QUOTE_OPEN = "“「『"
_QUOTE_CLOSE = "”」』"
_CONTINUATION = "，、,：:"


def _zh_boundaries(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Chinese sentence ends in ``text[start:end]``, as ``_en_boundaries``.

    A sentence ends after a run of 。！？!? or an ellipsis (…… ⋯ ...), together with the
    closing quotes and brackets (」』”’）》, also after a space) and footnote markers that
    follow, unless the next character continues the clause (，、：). Half-width ! ? count
    only after a Chinese character or a closing bracket. A sentence ends inside a quotation
    when another sentence follows in it, and after the closing quote whatever follows,
    speech tags included (“走吧！”他说。 is two sentences, as in the mac-dev gold). A bare
    ellipsis (no stop or closing quote with it) ends a sentence only outside quotation
    marks and not after a comma: inside dialogue it marks hesitation (“我……我记不起了。”).
    """
    chunk = text[start:end]
    depth = 0  # open quotation marks before the current match
    pos = 0
    for m in _ZH_END.finditer(chunk):
        between = chunk[pos : m.start()]
        depth = max(0, depth + sum(between.count(c) for c in _QUOTE_OPEN))
        depth = max(0, depth - sum(between.count(c) for c in _QUOTE_CLOSE))
        if _zh_boundary(chunk, m, inside_quote=depth > 0):
            yield start + m.start(), start + m.end()
        depth = max(0, depth - sum(m.group().count(c) for c in _QUOTE_CLOSE))
        pos = m.end()


def _zh_boundary(text: str, m: re.Match[str], inside_quote: bool) -> bool:
    j = m.end()
    while j < len(text) and text[j].isspace():
        j += 1
    if j == len(text) or text[j] in _CONTINUATION:
        return False
    run = m.group()
    stops = [ch for ch in run if ch in _ZH_STOP]
    if stops and all(ch in "!?" for ch in stops):
        before = text[m.start() - 1 : m.start()]
        if not (CJK_LETTER.match(before) or before in _CLOSERS_ONLY):
            return False
    bare = not stops and not any(ch in _CLOSERS_ONLY for ch in run)
    before = text[m.start() - 1 : m.start()]
    after_comma = before in _CONTINUATION  # "罪，……不然"
    # "https://.../x", "1...9": between two characters of a word, as English reads it
    glued = bool(before) and j == m.end()
    glued = glued and not any(c.isspace() or CJK_CHAR.match(c) for c in (before, text[j]))
    return not (bare and (inside_quote or after_comma or glued))


def sentence_ends(text: str, start: int, end: int, lang: Script) -> set[int]:
    """Offsets (into ``text``) where a sentence of ``text[start:end]`` ends, by the rules of the
    script of each candidate (see the module docstring)."""
    ends = {e for run, e in _en_boundaries(text, start, end) if _script(text, run, e, lang) == "en"}
    for run, e in _zh_boundaries(text, start, end):
        chinese_stop = any(CJK_CHAR.match(ch) for ch in text[run:e] if ch in _ZH_STOP)
        if chinese_stop or _script(text, run, e, lang) == "zh":
            ends.add(e)
    return ends


def _script(text: str, run: int, end: int, lang: Script) -> Script:
    """The script a run of stops at ``text[run:end]`` belongs to (see the module docstring)."""
    k = run - 1
    while k >= 0 and text[k] in _CLOSERS_ONLY + "\"'":
        k -= 1
    before = script_of(text[k]) if k >= 0 else None
    if before == "en":
        return "en"
    j = end
    while j < len(text) and text[j].isspace():
        j += 1
    return "en" if j < len(text) and script_of(text[j]) == "en" else before or lang
