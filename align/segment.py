"""Sentence segmentation of English and Chinese text, keeping each sentence's span in the input.

Layout rules (both languages):

* Paragraphs are blocks separated by blank lines; a sentence never crosses a paragraph.
* Inside a paragraph a single line break ends a sentence when the line ends with sentence-final
  punctuation (one-sentence-a-line files); otherwise it is read as a hard wrap of running
  prose and the sentence goes on, except that these lines always stand alone: a heading
  (``# Title``), a list or footnote item (``- x``, ``* x``, ``+ x``, ``1. x``, ``1) x``,
  ``(a) x``, ``[1]: x``, ``一、x``, ``（一）x``), and a short unpunctuated line (a title: under
  60 % of the block's longest line). A heading is one sentence; an item is split further at
  its sentence ends (never after its marker), and an indented line after it wraps it.
* A quotation inside a longer sentence (no final stop before its closing mark, and the sentence
  goes on after it) is never split: ``says, “I quit. Bye”, and left`` is one sentence.

The sentence-end rules of each language are given at ``_en_boundaries`` and ``_zh_boundaries``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from align.beads import Lang

LangOption = Literal["auto", "en", "zh"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``text == input[start:end]``, without surrounding whitespace.

    ``paragraph`` is the zero-based index of the blank-line separated block it belongs to.
    """

    text: str
    paragraph: int
    start: int
    end: int


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


def detect_lang(text: str) -> Lang:
    """``"zh"`` when CJK characters make up at least 20 % of the letters, else ``"en"``.

    A Chinese character carries about as much as a whole English word, so Chinese text with
    plenty of embedded Latin words still comes out as ``"zh"``.
    """
    letters = sum(ch.isalpha() for ch in text)
    cjk = len(_CJK.findall(text))
    return "zh" if letters and cjk / letters >= 0.2 else "en"


def segment(text: str, lang: LangOption = "auto") -> list[Sentence]:
    """Split ``text`` into sentences whose spans cover all its non-whitespace, in order.

    ``lang="auto"`` applies the rules of ``detect_lang(text)``; see the module docstring.
    """
    language: Lang = detect_lang(text) if lang == "auto" else lang
    sentences = []
    for paragraph, (start, end) in enumerate(_paragraphs(text)):
        for s, e in _block_spans(text, start, end, language):
            sentences.append(Sentence(text[s:e], paragraph, s, e))
    return sentences


_LINE_BREAK = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]\s*")  # str.splitlines' breaks


def one_line(text: str) -> str:
    """Replace the line breaks inside a sentence by a space (by nothing between CJK characters)."""

    def join(m: re.Match[str]) -> str:
        before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
        return "" if _CJK.match(before) and _CJK.match(after) else " "

    return _LINE_BREAK.sub(join, text)


# ---------------------------------------------------------------- layout: paragraphs and lines

_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")
_HEADING = re.compile(r"[^\S\n]*#{1,6}[^\S\n]")
_ITEM = re.compile(
    r"""[^\S\n]*(?:
        [-*+•·▪][^\S\n]                               # bullets
      | (?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})\)[^\S\n]   # 1) a) iv)
      | \((?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})\)[^\S\n] # (1) (a) (iv)
      | \d{1,3}\.[^\S\n]                             # 1.
      | \d{1,3}[.．、](?=[\u4e00-\u9fff])             # 1.第一条  1、
      | \[[^\]\s]{1,8}\][:：][^\S\n]?                 # [1]: footnote
      | [一二三四五六七八九十]{1,3}、                  # 一、
      | （[一二三四五六七八九十\d]{1,3}）               # （一）
    )""",
    re.VERBOSE,
)
_LINE_END = re.compile(r"[.!?。！？；…][\"'”’»)\]}」』）》〉】］｝]*(?:\[\d{1,3}\])*[^\S\n]*$")
_CONTINUES = re.compile(r"[,，、:：;；\-–—(（\[]\s*$")


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Spans ``(start, end)`` of the non-blank blocks separated by blank lines."""
    pos = 0
    for m in _BLANK_LINES.finditer(text):
        if text[pos : m.start()].strip():
            yield pos, m.start()
        pos = m.end()
    if text[pos:].strip():
        yield pos, len(text)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the lines in ``text[start:end]`` (without their newline)."""
    spans = []
    for m in re.finditer(r"[^\n]+", text[start:end]):
        if m.group().strip():
            spans.append((start + m.start(), start + m.end()))
    return spans


def _line_kind(line: str) -> Literal["heading", "item", "text"]:
    if _HEADING.match(line):
        return "heading"
    return "item" if _ITEM.match(line) else "text"


def _block_spans(text: str, start: int, end: int, lang: Lang) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph ``text[start:end]``: layout cuts plus language rules."""
    lines = _lines(text, start, end)
    longest = max(len(text[s:e].strip()) for s, e in lines)
    cuts: set[int] = set()
    banned: list[tuple[int, int]] = []  # open intervals where no sentence may end
    kinds = [_line_kind(text[s:e]) for s, e in lines]
    for k, (s, e) in enumerate(lines):
        line, kind = text[s:e], kinds[k]
        last = k == len(lines) - 1
        short = (
            not last
            and len(line.strip()) < 0.6 * longest
            and not _LINE_END.search(line)
            and not _CONTINUES.search(line)
        )
        # an indented plain line after a list item wraps that item
        wrapped = not last and kinds[k + 1] == "text" and text[lines[k + 1][0]].isspace()
        if kind == "heading" or short:
            cuts.update((s, e))
        elif kind == "item":
            cuts.add(s)
            if not wrapped:
                cuts.add(e)
        if not last and kinds[k + 1] != "text":
            cuts.add(e)
        if kind == "heading":
            banned.append((s, e))
        elif kind == "item":
            marker = _ITEM.match(line)
            banned.append((s, s + (marker.end() if marker else 0)))
    banned.extend(_embedded_quotes(text, start, end, lang))
    finder = _en_boundaries if lang == "en" else _zh_boundaries
    blocked = bytearray(end - start + 1)  # 1 where no sentence may end; linear in the block
    for lo, hi in banned:
        blocked[lo + 1 - start : hi - start] = b"\1" * max(0, hi - lo - 1)
    cuts.update(b for b in finder(text, start, end) if not blocked[b - start])
    cuts.update((start, end))
    return _strip_pieces(text, sorted(cuts))


_QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』"}
_FINAL = ".!?。！？；…"
_GOES_ON = {
    "en": re.compile(r"[^\S\n]*(?:[,;:)]|[a-z])"),
    "zh": re.compile(r"[^\S\n]*[^\s。！？；!?;“「『\"]"),
}


def _embedded_quotes(text: str, start: int, end: int, lang: Lang) -> list[tuple[int, int]]:
    """Quotations inside a longer sentence, as ``(open, close)`` offsets of their marks.

    A quotation is embedded when no sentence-final punctuation precedes its closing mark and
    the text after it goes on (English: a comma, semicolon or lowercase word; Chinese: any
    character but a stop or a new quotation). Stops inside it do not end the sentence:
    ``says, “I don’t want to join. I like it”, did anyone`` is one sentence.
    """
    spans = []
    stack: list[int] = []
    straight: int | None = None
    closes = set(_QUOTE_PAIRS.values())
    for i in range(start, end):
        ch = text[i]
        pair: tuple[int, int] | None = None
        if ch in _QUOTE_PAIRS:
            stack.append(i)
        elif ch in closes and stack:
            pair = (stack.pop(), i)
        elif ch == '"':
            pair, straight = ((straight, i), None) if straight is not None else (None, i)
        if pair is None:
            continue
        quoted = text[pair[0] + 1 : i].rstrip(_CLOSERS_ONLY + "\"' \t\n")  # nested quotes
        if quoted and quoted[-1] not in _FINAL and _GOES_ON[lang].match(text, i + 1, end):
            spans.append(pair)
    return spans


def _strip_pieces(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """The non-empty pieces between consecutive cuts, trimmed of whitespace."""
    spans = []
    for a, b in itertools.pairwise(cuts):
        piece = text[a:b]
        stripped = piece.strip()
        if stripped:
            s = a + len(piece) - len(piece.lstrip())
            spans.append((s, s + len(stripped)))
    return spans


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
    "rev fr hon e.g i.e cf vs viz approx ca esp"
)
# Never end a sentence before a number: "No. 5", "p. 12", "Jan. 6".
_NUMBERED = _wordset(
    "no nos vol vols p pp fig figs art ch chap sec op nr jan feb mar apr jun jul aug sep sept "
    "oct nov dec"
)
# Ambiguous (often also sentence-final): end only before a word that typically starts a sentence.
_MAYBE = _wordset("inc ltd co corp jr sr bros al dept univ")
_NEXT_WORD = re.compile(r"[\"'“‘(\[{«]*([^\s\"'”’.,;:!?)\]]*)")
_PREV_WORD = re.compile(r"[^\s\"'“‘(\[{«]*$")
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_STARTERS = _wordset(
    "the a an it its he she we they i you this that these those there here his her our their "
    "my your but and or so if in on at as for from by to with when while then after before "
    "since however although though yet what who why how where one no not all some many most "
    "each every both also now today tomorrow yesterday tonight meanwhile still thus"
)


def _en_boundaries(text: str, start: int, end: int) -> Iterator[int]:
    """Ends of English sentences in ``text[start:end]`` (offsets into ``text``).

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
            yield start + m.end()


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

_ZH_STOP = "。！？；!?;"
_ZH_END = re.compile(
    r"(?:[。！？；!?;]|…+|⋯+|\.{3,})+"  # the terminal run
    r"(?:[ \t\u3000]*(?:…+|⋯+))?"  # a trailing ellipsis: "。 ……"
    r"(?:[ \t\u3000]*(?:[”’」』）》〉】〕］｝]|…+|⋯+)|[\"')\]]|[。！？；!?;])*"  # closers etc.
    r"(?:\[\d{1,3}\])*"  # footnote markers
)
_QUOTE_OPEN = "“「『"
_QUOTE_CLOSE = "”」』"
_CONTINUATION = "，、,：:"


def _zh_boundaries(text: str, start: int, end: int) -> Iterator[int]:
    """Ends of Chinese sentences in ``text[start:end]`` (offsets into ``text``).

    A sentence ends after a run of 。！？；!?; or an ellipsis (…… ⋯ ...), together with the
    closing quotes and brackets (」』”’）》, also after a space) and footnote markers that
    follow, unless the next character continues the clause (，、：). Half-width ! ? ; count
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
        depth = max(0, depth + sum(c in _QUOTE_OPEN for c in between))
        depth = max(0, depth - sum(c in _QUOTE_CLOSE for c in between))
        if _zh_boundary(chunk, m, inside_quote=depth > 0):
            yield start + m.end()
        depth = max(0, depth - sum(c in _QUOTE_CLOSE for c in m.group()))
        pos = m.end()


def _zh_boundary(text: str, m: re.Match[str], inside_quote: bool) -> bool:
    j = m.end()
    while j < len(text) and text[j].isspace():
        j += 1
    if j == len(text) or text[j] in _CONTINUATION:
        return False
    run = m.group()
    stops = [ch for ch in run if ch in _ZH_STOP]
    if stops and all(ch in "!?;" for ch in stops):
        before = text[m.start() - 1 : m.start()]
        if not (_CJK.match(before) or before in _CLOSERS_ONLY):
            return False
    bare = not stops and not any(ch in _CLOSERS_ONLY for ch in run)
    after_comma = text[m.start() - 1 : m.start()] in _CONTINUATION  # "罪，……不然"
    return not (bare and (inside_quote or after_comma))


def sentence_texts(text: str, lang: LangOption = "auto") -> list[str]:
    """The sentences of ``text``, each on one line: what ``glossalign align`` aligns and
    ``glossalign segment`` prints, so bead ids from either point at the same sentences."""
    return [one_line(s.text) for s in segment(text, lang)]


def format_sentences(sentences: Sequence[Sentence], fmt: Literal["lines", "jsonl"]) -> str:
    """``glossalign segment``'s output: one sentence a line, or one JSON object a line
    ``{id, paragraph, start, end, text}``."""
    import json

    if fmt == "jsonl":
        rows = [
            json.dumps(
                {"id": i, "paragraph": s.paragraph, "start": s.start, "end": s.end, "text": s.text},
                ensure_ascii=False,
            )
            for i, s in enumerate(sentences)
        ]
    else:
        rows = [one_line(s.text) for s in sentences]
    return "".join(row + "\n" for row in rows)
