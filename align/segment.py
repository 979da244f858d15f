"""Sentence segmentation of English and Chinese text, keeping each sentence's span in the input.

Layout rules (both languages):

* Paragraphs are blocks separated by blank lines; a sentence never crosses a paragraph. A line
  of nothing visible (spaces, NBSP, zero-width characters, a byte-order mark) is blank, and
  such characters never start or end a sentence.
* Inside a paragraph a single line break ends a sentence when the line ends with sentence-final
  punctuation (one-sentence-a-line files); otherwise it is read as a hard wrap of running
  prose and the sentence goes on, except that these lines always stand alone: a heading
  (``# Title``), a list or footnote item (``- x``, ``* x``, ``+ x``, ``1. x``, ``1) x``,
  ``(a) x``, ``[1]: x``, ``一、x``, ``（一）x``), and a short unpunctuated line (a title: under
  60 % of the block's longest line). A heading or a title is one sentence; an item is split
  further at its sentence ends (never after its marker), and an indented line after it wraps it.
* No sentence ends inside a quotation or bracket that the sentence goes on after
  (``align.quotes``): ``says, “I quit. Bye”, and left`` and ``使用「！」是合理的语境`` are
  one sentence each.
* A piece that is only a conjunction (``以及``, ``或``, ``and``, ``or``...) is never a sentence:
  it joins the next sentence of its paragraph, or the one before when it comes last.

Where a sentence ends is decided by the rules of the script at that point
(``align.sentence_ends``): English abbreviations, decimals, URLs and file names in a Chinese
page are read by the English rules, a Chinese sentence in an English page by the Chinese ones.
``lang`` decides only where neither script does (after digits and symbols).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from align.beads import Lang
from align.languages import detect_lang
from align.quotes import embedded
from align.scripts import CJK_LETTER, INVISIBLE, is_blank, trim
from align.sentence_ends import sentence_ends

LangOption = Literal["auto", "en", "zh"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``text == input[start:end]``, without surrounding whitespace or
    invisible characters.

    ``paragraph`` is the zero-based index of the blank-line separated block it belongs to.
    """

    text: str
    paragraph: int
    start: int
    end: int


def segment(text: str, lang: LangOption = "auto", *, heading: bool = False) -> list[Sentence]:
    """Split ``text`` into sentences whose spans cover all its visible characters, in order.

    ``lang="auto"`` takes ``detect_lang(text)`` where no script decides; ``heading``: the text
    is a heading, one sentence a paragraph. See the module docstring.
    """
    language: Lang = detect_lang(text) if lang == "auto" else lang
    sentences = []
    for paragraph, (start, end) in enumerate(_paragraphs(text)):
        if heading:
            spans = _strip_pieces(text, [start, end])
        else:
            spans = _merge_conjunctions(text, _block_spans(text, start, end, language))
        for s, e in spans:
            sentences.append(Sentence(text[s:e], paragraph, s, e))
    return sentences


_LINE_BREAK = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]\s*")  # str.splitlines' breaks


def one_line(text: str) -> str:
    """Replace the line breaks inside a sentence by a space (by nothing between CJK characters)."""

    def join(m: re.Match[str]) -> str:
        before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
        return "" if CJK_LETTER.match(before) and CJK_LETTER.match(after) else " "

    return _LINE_BREAK.sub(join, text)


# ---------------------------------------------------------------- layout: paragraphs and lines

_BLANK_LINES = re.compile(f"\\n(?:(?:[^\\S\\n]|[{INVISIBLE}])*\\n)+")
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
_LINE_END = re.compile(r"[.!?。！？…][\"'”’»)\]}」』）》〉】］｝]*(?:\[\d{1,3}\])*[^\S\n]*$")
_CONTINUES = re.compile(r"[,，、:：;；\-–—(（\[]\s*$")


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Spans ``(start, end)`` of the non-blank blocks separated by blank lines."""
    pos = 0
    for m in _BLANK_LINES.finditer(text):
        if not is_blank(text[pos : m.start()]):
            yield pos, m.start()
        pos = m.end()
    if not is_blank(text[pos:]):
        yield pos, len(text)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the lines in ``text[start:end]`` (without their newline)."""
    spans = []
    for m in re.finditer(r"[^\n]+", text[start:end]):
        if not is_blank(m.group()):
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
        if kind == "heading" or short:  # one sentence
            cuts.update((s, e))
            banned.append((s, e))
        elif kind == "item":
            cuts.add(s)
            if not wrapped:
                cuts.add(e)
            marker = _ITEM.match(line)
            banned.append((s, s + (marker.end() if marker else 0)))
        if not last and kinds[k + 1] != "text":
            cuts.add(e)
    # a quotation bans the end after its closing mark too: the sentence goes on there
    banned.extend((lo, hi + 2) for lo, hi in embedded(text, start, end, lang))
    blocked = bytearray(end - start + 1)  # 1 where no sentence may end; linear in the block
    for lo, hi in banned:
        blocked[lo + 1 - start : hi - start] = b"\1" * max(0, hi - lo - 1)
    cuts.update(b for b in sentence_ends(text, start, end, lang) if not blocked[b - start])
    cuts.update((start, end))
    return _strip_pieces(text, sorted(cuts))


def _strip_pieces(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """The visible pieces between consecutive cuts, trimmed of whitespace and invisibles."""
    spans = []
    for a, b in itertools.pairwise(cuts):
        s, e = trim(text[a:b])
        if s < e:
            spans.append((a + s, a + e))
    return spans


_PUNCT = r"[\s,，、:：;；.。…\-–—]*"
_CONJUNCTION = re.compile(
    rf"{_PUNCT}(?:[-*+•]\s*)?(?:以及|及|及其|或|或者|或是|和|与|并|并且|而且|且|但|但是|还有|"
    rf"and|or|nor|but|plus|and/or|as\s+well\s+as){_PUNCT}",
    re.IGNORECASE,
)


def conjunction_only(text: str) -> bool:
    """Whether ``text`` is only a conjunction (``以及``, ``或``, ``and``...), which is never a
    sentence of its own."""
    return _CONJUNCTION.fullmatch(text) is not None


def _merge_conjunctions(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with each conjunction-only piece joined to the next piece (the one before
    when it comes last): a conjunction never stands alone as a sentence."""
    merged: list[tuple[int, int]] = []
    pending: int | None = None  # start of conjunctions waiting for the next piece
    for s, e in spans:
        start = s if pending is None else pending
        if conjunction_only(text[s:e]):
            pending = start
            continue
        merged.append((start, e))
        pending = None
    if pending is not None:
        if merged:
            merged[-1] = (merged[-1][0], spans[-1][1])
        else:
            merged.append((pending, spans[-1][1]))
    return merged


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
