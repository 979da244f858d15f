"""Language marks in file and folder names, as translated documentation lays them out.

A mark is a language tag for Chinese or English: ``zh`` or ``en``, optionally with a script or
region subtag joined by ``-`` or ``_`` (``zh-CN``, ``zh_CN``, ``zh-Hans``, ``zh-Hant``,
``zh-TW``, ``zh-HK``, ``zh-Hans-CN``, ``en-US``, ``en-GB``…), in any case; ``cn`` is taken as
Chinese too (``README.cn.md``). It is found, in this order:

* a dot-separated part of the name after the first: ``guide.zh.md``, ``guide.zh-CN.md``,
  ``handler.html.zh-cn.utf8``, ``handler.html.en``;
* the end of the name before its extensions, after ``_`` or ``-``: ``guide_zh.md``,
  ``guide-en.md``, ``guide_zh_CN.md``;
* a whole folder name: ``zh/guide.md``, ``zh_CN/guide.html``, ``i18n/zh-Hans/…``.

Removing the mark gives the document's key (``guide``): the files of one key are the pair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

Side = Literal["zh", "en"]

_SUBTAG = r"(?:[-_](?:[a-z]{4}|[a-z]{2}|\d{3}))"
_TAG = re.compile(rf"(?P<lang>zh|cn|en){_SUBTAG}{{0,2}}", re.IGNORECASE)
_NAME_END = re.compile(rf"^(?P<key>.+?)[-_](?P<tag>(?:zh|cn|en){_SUBTAG}{{0,2}})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Marked:
    """A file's language (``None``: no mark), the mark as written, and its key: the relative
    path without the mark and the document extensions (``guide/index``)."""

    side: Side | None
    tag: str
    key: str


def side_of(tag: str) -> Side | None:
    """The side a language tag names (``zh-Hant`` -> zh, ``en_GB`` -> en), else None."""
    match = _TAG.fullmatch(tag)
    if match is None:
        return None
    return "en" if match["lang"].lower() == "en" else "zh"


def marked(relative: PurePosixPath, doc_suffixes: frozenset[str]) -> Marked:
    """The mark and key of ``relative`` (a file's path under the corpus root); the key drops
    the trailing ``doc_suffixes`` (``.md``, ``.html``…) and a charset part (``.utf8``)."""
    folders, name = list(relative.parts[:-1]), relative.name
    parts = name.split(".")
    for k in range(1, len(parts)):
        side = side_of(parts[k])
        if side is not None:
            return Marked(side, parts[k], _key(folders, ".".join(parts[:k]), doc_suffixes))
    stem = _strip(name, doc_suffixes)
    end = _NAME_END.match(stem)
    if end is not None:
        return Marked(side_of(end["tag"]), end["tag"], _key(folders, end["key"], doc_suffixes))
    for k in range(len(folders) - 1, -1, -1):
        side = side_of(folders[k])
        if side is not None:
            return Marked(side, folders[k], _key(folders[:k] + folders[k + 1 :], stem, ()))
    return Marked(None, "", _key(folders, stem, ()))


def plain_key(relative: PurePosixPath, doc_suffixes: frozenset[str]) -> str:
    """The key of a file whose language is known: its path without document extensions."""
    return _key(list(relative.parts[:-1]), relative.name, doc_suffixes)


def _key(folders: list[str], name: str, doc_suffixes: frozenset[str] | tuple[()]) -> str:
    return "/".join([*folders, _strip(name, doc_suffixes) if doc_suffixes else name])


def _strip(name: str, doc_suffixes: frozenset[str]) -> str:
    """``name`` without its trailing document extensions and charset parts
    (``a.html.utf8`` -> ``a``; ``v1.2`` stays)."""
    while "." in name.lstrip("."):
        head, _, last = name.rpartition(".")
        if f".{last.lower()}" not in doc_suffixes and last.lower() not in _CHARSETS:
            break
        name = head
    return name


_CHARSETS = frozenset({"utf8", "utf-8", "gb2312", "gbk", "gb18030", "big5"})
