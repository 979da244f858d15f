"""Word fields: which field results are text of the document and which are Word's own
(a table of contents, page numbers, cross-reference numbers).

A field is either simple (``w:fldSimple w:instr="PAGE"`` around its result runs) or complex:
``w:fldChar begin``, the instruction in ``w:instrText`` runs, ``w:fldChar separate``, the
result runs, ``w:fldChar end``; complex fields nest and may run over paragraphs (a table of
contents does). ``DROPPED`` fields give no text; a ``REF`` (cross-reference) gives its result
only when that is words, not a paragraph number (``\\n``, ``\\r``, ``\\w`` switches, or a
result without letters such as ``3.1.1``); every other field (``HYPERLINK``, ``MERGEFIELD``,
…) gives its result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

#: Fields whose result Word computes: tables of contents and indexes, page and section
#: numbers, page and note references, sequence and list numbers.
DROPPED = frozenset(
    "TOC TOA INDEX PAGE NUMPAGES SECTIONPAGES SECTION PAGEREF NOTEREF SEQ LISTNUM AUTONUM "  # noqa: SIM905
    "AUTONUMLGL AUTONUMOUT NUMWORDS NUMCHARS".split()
)
FLDCHAR, INSTR, SIMPLE = qn("w:fldChar"), qn("w:instrText"), qn("w:fldSimple")
_TYPE, _INSTR_ATTR = qn("w:fldCharType"), qn("w:instr")
_NUMBER_SWITCH = re.compile(r"\\[nrw]\b")


def _name(instruction: str) -> str:
    words = instruction.split()
    return words[0].upper() if words else ""


def simple_field_dropped(el: etree._Element) -> bool:
    """Whether a ``w:fldSimple`` element's result is left out (a ``REF`` is judged by
    ``Fields``' rules on its text)."""
    instruction = el.get(_INSTR_ATTR, "")
    if _name(instruction) == "REF":
        return not _ref_is_text(instruction, "".join(el.itertext()))
    return _name(instruction) in DROPPED


def _ref_is_text(instruction: str, result: str) -> bool:
    return not _NUMBER_SWITCH.search(instruction) and any(ch.isalpha() for ch in result)


@dataclass
class _Field:
    instruction: str = ""
    result: bool = False  # past the separator
    held: list[str] = field(default_factory=list)  # a REF's result, given out at its end


@dataclass
class Fields:
    """The complex fields open at a point of a story, outermost first."""

    open: list[_Field] = field(default_factory=list)

    def run(self, run: etree._Element, text: str) -> str:
        """The text of ``run`` as the document shows it: updates the open fields with the
        run's field characters and instruction, and gives its text unless a field hides it
        (a held ``REF`` result comes out at the field's end)."""
        out = []
        for child in run:
            if child.tag == FLDCHAR:
                out.append(self._char(child.get(_TYPE, "")))
            elif child.tag == INSTR and self.open and not self.open[-1].result:
                self.open[-1].instruction += child.text or ""
        if any(f.result and _name(f.instruction) in DROPPED for f in self.open):
            return "".join(out)
        if any(not f.result for f in self.open):  # an instruction's runs are no text
            return "".join(out)
        held = next((f for f in reversed(self.open) if _name(f.instruction) == "REF"), None)
        if held is not None:
            held.held.append(text)
            return "".join(out)
        return "".join(out) + text

    def _char(self, kind: str) -> str:
        if kind == "begin":
            self.open.append(_Field())
        elif kind == "separate" and self.open:
            self.open[-1].result = True
        elif kind == "end" and self.open:
            done = self.open.pop()
            result = "".join(done.held)
            if _name(done.instruction) == "REF" and _ref_is_text(done.instruction, result):
                return result if not self.open else self._hand_up(result)
        return ""

    def _hand_up(self, text: str) -> str:
        """A REF's text inside another field: shown if that field shows its result."""
        return "" if any(_name(f.instruction) in DROPPED for f in self.open) else text
