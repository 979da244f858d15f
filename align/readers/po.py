"""Gettext PO (and POT), read with translate-toolkit's ``pypo`` (escapes, multi-line strings,
``msgctxt``, plural forms) after we decode it with the charset its header declares
(``align.io.decode_bytes``: translate-toolkit 3.20 reads a GBK file as Latin-1 mojibake or
fails on it).

Every entry except the header and obsolete (``#~``) ones, in file order; fuzzy entries are
read as written. An entry is one segment, id its ``msgctxt`` or ``line N`` (the line of its
``msgid``). With plural forms each ``msgstr[k]`` is a segment ``<id>[k]`` paired with
``msgid`` (k = 0) or ``msgid_plural``; when there are fewer ``msgstr`` than source forms (a
Chinese translation has one), the last ``msgstr`` pairs with the remaining source form, so
both English forms are checked. The target language is the header's ``Language``; PO does
not name its source language, which is then told from the text.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from align.errors import InputError
from align.io import decode_bytes
from align.readers.segments import Pair, Parsed
from align.segment import one_line

_MSGID_LINE = re.compile(rb"msgid\s")
_CHARSET = re.compile(rb"charset=\s*([-\w.:]+)")


def read_po(data: bytes, path: Path) -> Parsed:
    from translate.storage import pypo
    from translate.storage.poparser import PoParseError

    try:
        store = pypo.pofile(_utf8(data, path))
    except PoParseError as exc:
        raise InputError(f"{path}: not a PO file ({exc})") from None
    # The msgid lines, one per entry that is not obsolete, header included (in order).
    lines = [n for n, line in enumerate(data.split(b"\n"), 1) if _MSGID_LINE.match(line)]
    entries = [u for u in store.units if not u.isobsolete()]
    if len(lines) != len(entries):
        lines = [0] * len(entries)  # an unusual layout: ids fall back to entry numbers
    pairs: list[Pair] = []
    for n, (unit, line) in enumerate(zip(entries, lines, strict=True), 1):
        if unit.isheader():
            continue
        name = unit.getcontext() or (f"line {line}" if line else f"entry {n}")
        pairs.extend(_pairs(unit, name))
    return Parsed("", store.gettargetlanguage() or "", tuple(pairs))


def _utf8(data: bytes, path: Path) -> bytes:
    """The PO file in UTF-8, its header saying so (lines unchanged): decoded with the header's
    charset, or detected when it names none (``CHARSET``, a template's placeholder)."""
    found = _CHARSET.search(data)
    declared = found[1].decode("ascii") if found else "CHARSET"
    encoding = "auto" if declared.upper() == "CHARSET" else declared
    try:
        codecs.lookup("utf-8" if encoding == "auto" else encoding)
    except LookupError:
        raise InputError(f"{path}: unknown charset {declared!r} in the PO header") from None
    text = decode_bytes(data, path, encoding)
    if found:
        text = text.replace(found[0].decode("ascii"), "charset=UTF-8", 1)
    return text.encode("utf-8")


def _forms(text: Any) -> list[str]:
    # translate-toolkit gives a plural entry's strings as a multistring, others as str.
    return [one_line(str(s)).strip() for s in getattr(text, "strings", [text])]


def _pairs(unit: Any, name: str) -> list[Pair]:
    sources, targets = _forms(unit.source), _forms(unit.target) or [""]
    if not unit.hasplural():
        return [Pair(name, sources[0], targets[0])]
    count = max(len(sources), len(targets))
    return [
        Pair(f"{name}[{k}]", sources[min(k, len(sources) - 1)], targets[min(k, len(targets) - 1)])
        for k in range(count)
    ]
