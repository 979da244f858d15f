"""Zip packages (Word ``.docx``, Excel ``.xlsx``) checked entry by entry before a parser opens
them, from the zip's directory and each XML part's prolog only: nothing is unpacked.

* **Size**: all entries together unpack to at most ``MAX_UNPACKED_BYTES`` (python-docx holds
  every part in memory and parses its XML into a tree about ten times its size: a 16 MiB
  ``document.xml`` peaks at 186 MB).
* **Ratio**: an entry over 1 MiB unpacks to at most ``MAX_RATIO`` times its packed size (a zip
  bomb reaches deflate's 1,032:1; Office XML packs 5-30:1).
* **No DTD**: no XML part declares one (Office Open XML parts never do; a DTD is how entity
  expansion and external entities get in). The prolog is read with lxml's hardened settings,
  as ``align.readers.segments.parse_xml`` reads XLIFF and TBX.

zipfile never unpacks more than an entry's declared size (and checks its CRC), so the
declared sizes bound what the parsers can get.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path
from typing import IO

from lxml import etree

from align.errors import InputError

#: All entries of a package together unpack to at most this.
MAX_UNPACKED_BYTES = 64 * 2**20
#: An entry over ``_RATIO_FROM`` unpacks to at most this many times its packed size.
MAX_RATIO = 200
_RATIO_FROM = 2**20


def check_package(
    data: bytes, path: Path, kind: str, max_unpacked: int = MAX_UNPACKED_BYTES
) -> None:
    """Refuse the zip package ``data`` (a ``kind``: "Word file", "workbook") that unpacks to
    more than ``max_unpacked`` bytes, holds an entry packed tighter than ``MAX_RATIO`` or an XML
    part declaring a DTD: one line naming the entry. A zip that cannot be opened is left to the
    parser, which says it is damaged."""
    try:
        package = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return
    with package:
        entries = package.infolist()
        total = sum(e.file_size for e in entries)
        if total > max_unpacked:
            raise InputError(
                f"{path}: this {kind} unpacks to {total / 2**20:,.1f} MiB, over the "
                f"{max_unpacked // 2**20} MiB glossalign opens (a zip bomb?)"
            )
        for entry in entries:
            if entry.file_size > _RATIO_FROM and entry.file_size > MAX_RATIO * entry.compress_size:
                ratio = entry.file_size / max(entry.compress_size, 1)
                raise InputError(
                    f"{path}: entry {entry.filename!r} of this {kind} unpacks {ratio:,.0f} times "
                    f"its packed size, over the {MAX_RATIO}:1 glossalign opens (a zip bomb?)"
                )
        for entry in entries:
            if not entry.is_dir() and _declares_dtd(package, entry):
                raise InputError(
                    f"{path}: entry {entry.filename!r} of this {kind} declares a DTD, which "
                    "Office files never do; re-save it from Word, Excel or LibreOffice"
                )


def _declares_dtd(package: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """Whether the XML part ``entry`` has a DOCTYPE (parsed up to its root element; an entry
    that is not XML, or is damaged, is the parser's to report)."""
    try:
        with package.open(entry) as stream:
            head = stream.read(4).lstrip(b"\xef\xbb\xbf \t\r\n")
            if not head.startswith((b"<", b"\xff\xfe", b"\xfe\xff")):
                return False
        with package.open(entry) as stream:
            return _doctype(stream)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError):
        return False  # encrypted, an unknown compression, damaged: the parser will say


def _doctype(stream: IO[bytes]) -> bool:
    """Fed in small pieces up to the root element's start, so that an error later in the part
    (an entity expanded in the text) cannot hide its prolog; an error before the root (libxml2
    refuses an entity bomb while it reads the DTD) counts as a DTD when the text had one."""
    parser = etree.XMLPullParser(
        events=("start",), resolve_entities=False, load_dtd=False, no_network=True,
        huge_tree=False,
    )  # fmt: skip
    prolog = bytearray()
    try:
        while piece := stream.read(256):
            prolog += piece
            parser.feed(piece)
            for _, element in parser.read_events():
                info = element.getroottree().docinfo
                return bool(info.doctype or info.internalDTD is not None)
    except etree.XMLSyntaxError:
        return b"<!DOCTYPE" in prolog
    return False
