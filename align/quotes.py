"""Quotations and brackets inside a sentence, where no sentence may end (``align.segment``).

Marks: ``“”`` ``‘’`` ``「」`` ``『』`` ``《》`` and parentheses of both widths ``()`` ``（）`` are
paired by nesting; a straight ``"`` pairs with the next one; a ``’`` between two letters is an
apostrophe (``don’t``). A pair is *embedded* -- the sentence goes on through it -- when the text
after its closing mark goes on (see ``goes_on``) and either

* no sentence-final stop precedes its closing mark (``says, “I quit. Bye”, and left``), or
* it is quoted inside running text and holds one sentence at most: its opening mark follows a
  word, not the start of the sentence or the ``：`` ``，`` ``:`` ``,`` that introduce speech, and
  its only stops are at its end (``使用「！」是合理的语境``, ``他读了《红楼梦。》又读了别的``;
  but ``刘老老道“这倒也不然。……”`` is a speech of several sentences, split as usual), or
* it is a title ``《…》``, which is never a sentence of its own,

or when it closes its block, on one line, with no stop before its closing mark: the block is
one sentence that ends with the quotation (``例如 “我应该能查看资料。我不应该…资料”``,
``(Note: … priority. When … bound)``), not several sentences of speech.

So a quotation ends a sentence only when the quoted sentence ends the whole sentence: dialogue
(``他说：“好。”然后走了。``, ``“走吧！”他说。``: two sentences each, as in the mac-dev gold) or a
bracketed sentence of its own (``（完。）再见。``).
"""

from __future__ import annotations

import re

from align.scripts import Script, script_of

PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "(": ")", "（": "）"}
_OPENER_OF = {close: open_ for open_, close in PAIRS.items()}
#: Sentence-final stops: a quotation ending with one may end a sentence.
FINAL = ".!?。！？…"
#: What introduces a quotation that may be a sentence of its own: speech after a colon or comma.
_INTRODUCES = ":：,，—"
_CLOSING = "”’」』》)）\"'"
_MARK = re.compile("[" + re.escape("".join(PAIRS) + "".join(PAIRS.values())) + '"]')
_GOES_ON_EN = re.compile(r"[,;:)]|[a-z]")
_STOPS_AND_OPENERS = '。！？；!?;“「『《"'


def _next_char(text: str, pos: int, end: int) -> str:
    """The first character of ``text[pos:end]`` that is not a space, ``"\n"`` at its end: a
    line break or the end closes the block."""
    while pos < end and text[pos] in " \t\u3000":
        pos += 1
    return text[pos] if pos < end else "\n"


def goes_on(text: str, pos: int, end: int, lang: Script) -> bool:
    """Whether the sentence goes on at ``text[pos:end]`` (spaces skipped, not line breaks): a
    comma, semicolon, colon, closing parenthesis or lowercase word (Latin); any Chinese
    character or punctuation but a stop or a new quotation (Chinese); other characters
    (digits, symbols) by the rule of ``lang``."""
    ch = _next_char(text, pos, end)
    if ch == "\n":
        return False
    if (script_of(ch) or lang) == "zh":
        return ch not in _STOPS_AND_OPENERS
    return _GOES_ON_EN.match(ch) is not None


def pairs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(open, close)`` offsets of the paired marks in ``text[start:end]``, in closing order."""
    pairs = []
    stack: list[int] = []
    straight: int | None = None
    for m in _MARK.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if ch == "’" and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha():
            continue  # an apostrophe
        if ch in PAIRS:
            stack.append(i)
        elif ch in _OPENER_OF:
            opener = _OPENER_OF[ch]
            depth = next((d for d in range(len(stack) - 1, -1, -1) if text[stack[d]] == opener), -1)
            if depth >= 0:
                pairs.append((stack[depth], i))
                del stack[depth:]
        elif ch == '"':
            if straight is None:
                straight = i
            else:
                pairs.append((straight, i))
                straight = None
    return pairs


def _inline(text: str, start: int, opening: int) -> bool:
    """Whether the quotation opening at ``opening`` follows a word of its sentence: not the
    start of the text, a stop, a closing mark or what introduces speech."""
    k = opening - 1
    while k >= start and text[k].isspace():
        k -= 1
    return k >= start and text[k] not in _INTRODUCES + FINAL + _CLOSING


def embedded(text: str, start: int, end: int, lang: Script) -> list[tuple[int, int]]:
    """The embedded quotations and brackets of ``text[start:end]`` (see the module docstring)
    as ``(open, close)`` offsets of their marks."""
    spans = []
    for opening, closing in pairs(text, start, end):
        quoted = text[opening + 1 : closing].rstrip(_CLOSING + " \t\n")  # nested quotes
        if not goes_on(text, closing + 1, end, lang):
            if (
                quoted
                and quoted[-1] not in FINAL
                and "\n" not in quoted  # straight quotes of speech pair across lines by chance
                and _next_char(text, closing + 1, end) == "\n"  # it closes its block
            ):
                spans.append((opening, closing))
            continue
        one_sentence = not any(c in FINAL for c in quoted.rstrip(FINAL))
        inline = _inline(text, start, opening) and one_sentence
        if not quoted or quoted[-1] not in FINAL or text[opening] == "《" or inline:
            spans.append((opening, closing))
    return spans
