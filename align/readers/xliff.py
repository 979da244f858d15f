"""XLIFF 1.2 (with ``<seg-source>`` segmentation: memoQ, Trados Studio's SDLXLIFF, Okapi) and
XLIFF 2.0/2.1, read with lxml (see ``align.readers.segments`` for the parser's hardening).

XLIFF 1.2: every ``<trans-unit>`` not marked ``translate="no"``, in document order (groups
and files included). When its ``<seg-source>`` holds ``<mrk mtype="seg">`` segments each is a
segment, id ``unit/mid``, paired with the target's ``mrk`` of the same ``mid``; otherwise the
unit is one segment, id ``unit``. XLIFF 2.x: every ``<segment>`` of every ``<unit>``
(``<ignorable>`` skipped), id ``unit/segment-id``, or ``unit`` for the only segment of a unit
whose segment has no id, else ``unit/n`` (1-based). Inline codes read as markers (``{1}``,
``{/1}``, or the code's own text): see ``align.readers.inline``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from align.errors import InputError
from align.readers.inline import Kind, inline_text
from align.readers.segments import Pair, Parsed, local

if TYPE_CHECKING:
    from lxml import etree

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: How inline elements read (align.readers.inline): XLIFF 1.2, then 2.x.
_INLINE_1: dict[str, Kind] = {
    "x": "code", "ph": "code", "bx": "open", "bpt": "open", "ex": "close", "ept": "close",
    "it": "isolated", "g": "span",
}  # fmt: skip
_INLINE_2: dict[str, Kind] = {
    "ph": "code", "cp": "code", "sc": "open", "ec": "close", "pc": "span", "sm": "drop",
    "em": "drop",
}  # fmt: skip


def read_xliff(root: etree._Element, path: Path) -> Parsed:
    """An XLIFF 1.2 or 2.x document (root ``<xliff>``), by its ``version``."""
    version = root.get("version", "")
    if version.startswith("2"):
        return _read_2(root, path)
    if version not in ("1.2", "1.1", "1.0", ""):
        raise InputError(f"{path}: XLIFF version {version!r} is not read; use 1.2 or 2.x")
    return _read_1(root, path)


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element if local(child) == name)


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next(_children(element, name), None)


def _descendants(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (e for e in element.iterdescendants() if local(e) == name)


# ----------------------------------------------------------------------------------- XLIFF 1.2


def _read_1(root: etree._Element, path: Path) -> Parsed:
    files = list(_children(root, "file"))
    if not files:
        raise InputError(f"{path}: XLIFF without a <file> element; nothing to read")
    pairs: list[Pair] = []
    for file in files:
        for unit in _descendants(file, "trans-unit"):
            if unit.get("translate", "yes") != "no":
                pairs.extend(_unit_1(unit, path))
    first = files[0]
    target = next(_descendants(first, "target"), None)
    tgt_lang = first.get("target-language") or ("" if target is None else target.get(_XML_LANG))
    return Parsed(first.get("source-language", ""), tgt_lang or "", tuple(pairs))


def _seg_marks(element: etree._Element | None) -> list[etree._Element]:
    if element is None:
        return []
    return [m for m in _descendants(element, "mrk") if m.get("mtype") == "seg"]


def _unit_1(unit: etree._Element, path: Path) -> list[Pair]:
    uid = unit.get("id")
    if uid is None:
        raise InputError(f"{path}:{unit.sourceline}: <trans-unit> without an id")
    target = _child(unit, "target")
    marks = _seg_marks(_child(unit, "seg-source"))
    if not marks:
        return [Pair(uid, _text_1(_child(unit, "source")), _text_1(target))]
    by_mid = {m.get("mid"): m for m in _seg_marks(target)}
    return [
        Pair(f"{uid}/{m.get('mid')}", _text_1(m), _text_1(by_mid.get(m.get("mid")))) for m in marks
    ]


def _text_1(element: etree._Element | None) -> str:
    return inline_text(element, _INLINE_1)


# ----------------------------------------------------------------------------------- XLIFF 2.x


def _read_2(root: etree._Element, path: Path) -> Parsed:
    from lxml import etree

    pairs: list[Pair] = []
    namespace = etree.QName(root).namespace
    for unit in root.iter(f"{{{namespace}}}unit" if namespace else "unit"):
        uid = unit.get("id")
        if uid is None:
            raise InputError(f"{path}:{unit.sourceline}: <unit> without an id")
        if unit.get("translate", "yes") == "no":
            continue
        segments = list(_children(unit, "segment"))
        for n, segment in enumerate(segments, 1):
            sid = segment.get("id")
            name = f"{uid}/{sid}" if sid else uid if len(segments) == 1 else f"{uid}/{n}"
            pairs.append(
                Pair(name, _text_2(_child(segment, "source")), _text_2(_child(segment, "target")))
            )
    return Parsed(root.get("srcLang", ""), root.get("trgLang", ""), tuple(pairs))


def _text_2(element: etree._Element | None) -> str:
    return inline_text(element, _INLINE_2)
