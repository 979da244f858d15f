"""Inline codes of bilingual files (XLIFF, SDLXLIFF, TMX) as readable markers in the text.

A code reads as its own text where the file gives one (XLIFF 2 ``disp``, else ``equiv``;
XLIFF 1.2 ``equiv-text``; ``dispStart``/``dispEnd`` of a ``<pc>``), else as a marker with the
code's id: ``{1}`` for a standalone code (``<x/>``, ``<ph/>``, TMX ``<ph>``, ``<ut>``) or the
start of a formatting span (``<bpt>``, ``<bx/>``, ``<sc/>``, ``<it pos="open">``, the start
tag of ``<g>``/``<pc>``), ``{/1}`` for its end (``<ept>``, ``<ex/>``, ``<ec/>``, the end tag).
The id is the one that pairs start and end (``rid``, ``startRef``, TMX ``i``/``x``, else
``id``), else the code's position among the segment's codes (1, 2…); ``<cp hex="0007"/>``
reads ``{U+0007}``. A code's content (native code such as ``&lt;br/&gt;``) is never read.
Annotations (``<mrk>``, ``<sm/>``/``<em/>``, TMX ``<hi>``) leave no marker: their text reads
as it is; a tracked deletion (SDLXLIFF ``<mrk mtype="x-sdl-deleted">``) is dropped. Markers
are text like any other, so findings' offsets count them; a term split by a code
(``全域{1}封禁{/1}``) is not matched as one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from align.readers.segments import local
from align.segment import one_line

if TYPE_CHECKING:
    from lxml import etree

#: ``code``: standalone; ``open``/``close``: a span's start/end given as separate codes;
#: ``isolated``: ``<it>``, open or close by its ``pos``; ``span``: an element around text;
#: ``drop``: an annotation boundary, nothing.
Kind = Literal["code", "open", "close", "isolated", "span", "drop"]
_ID_ATTRIBUTES = ("rid", "startRef", "i", "x", "id")


def inline_text(element: etree._Element | None, kinds: Mapping[str, Kind]) -> str:
    """The text of a segment element on one line, stripped, its codes as markers (``kinds``:
    how each inline element reads, by local name)."""
    if element is None:
        return ""
    parts: list[str] = []
    _collect(element, kinds, parts, [0])
    return one_line("".join(parts)).strip()


def _collect(
    element: etree._Element, kinds: Mapping[str, Kind], parts: list[str], count: list[int]
) -> None:
    parts.append(element.text or "")
    for child in element:
        name = local(child)
        kind = kinds.get(name)
        if kind == "isolated":
            kind = "close" if child.get("pos") in ("close", "end") else "open"
        if kind in ("code", "open", "close"):
            parts.append(_marker(child, name, kind, _ident(child, count)))
        elif kind == "span":
            ident = _ident(child, count)
            parts.append(_marker(child, name, "open", ident))
            _collect(child, kinds, parts, count)
            parts.append(_marker(child, name, "close", ident))
        elif kind is None and name and child.get("mtype") != "x-sdl-deleted":
            _collect(child, kinds, parts, count)
        parts.append(child.tail or "")  # comments and processing instructions keep their tail


def _ident(code: etree._Element, count: list[int]) -> str:
    """The id pairing a code's start and end, else its number among the segment's codes."""
    count[0] += 1
    return next((str(code.get(a)) for a in _ID_ATTRIBUTES if code.get(a)), str(count[0]))


def _marker(code: etree._Element, name: str, kind: Kind, ident: str) -> str:
    """The code's own text, else ``{id}`` / ``{/id}``."""
    if name == "cp" and code.get("hex"):
        return f"{{U+{code.get('hex')}}}"
    edge = "End" if kind == "close" else "Start"
    for attribute in (f"disp{edge}", f"equiv{edge}", "disp", "equiv", "equiv-text"):
        own = code.get(attribute)
        if own:
            return own
    return f"{{/{ident}}}" if kind == "close" else f"{{{ident}}}"
