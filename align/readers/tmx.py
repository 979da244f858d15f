"""TMX 1.4 (any tool), read with lxml (hardened, see ``align.readers.segments``).

Every ``<tu>`` is a segment, id its ``tuid`` or its 1-based position. The source language is
the header's ``srclang`` (or, when that is ``*all*`` or absent, the first ``<tuv>``'s), the
target language the first other one whose primary subtag differs (``zh-CN`` then ``en-US``;
a ``zh-TW`` variant beside ``zh-CN`` is not a target). A ``<tu>`` without a ``<tuv>`` in the
target language is untranslated. Inline codes read as markers: ``<ph>``, ``<ut>`` ``{x}``,
``<bpt>``/``<ept>`` and ``<it>`` ``{i}``/``{/i}``; ``<hi>`` keeps its text
(align.readers.inline). Our own TMX (``align.formats.to_tmx``) carries each bead's sentence
ids and score in ``x-glossalign-*`` props, which are read back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from align.beads import parse_ids, parse_score
from align.errors import InputError
from align.readers.inline import Kind, inline_text
from align.readers.segments import Pair, Parsed, local

if TYPE_CHECKING:
    from lxml import etree

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_INLINE: dict[str, Kind] = {
    "ph": "code", "ut": "code", "bpt": "open", "ept": "close", "it": "isolated",
}  # fmt: skip


def _lang(tuv: etree._Element) -> str:
    # TMX 1.1 wrote lang="..." where 1.4 has xml:lang.
    return (tuv.get(_XML_LANG) or tuv.get("lang") or "").strip()


def _primary(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()


def read_tmx(root: etree._Element, path: Path) -> Parsed:
    header = next((e for e in root if local(e) == "header"), None)
    body = next((e for e in root if local(e) == "body"), None)
    if body is None:
        raise InputError(f"{path}: TMX without a <body>; nothing to read")
    units = [e for e in body if local(e) == "tu"]
    langs = [_lang(tuv) for tu in units for tuv in tu if local(tuv) == "tuv"]
    src_lang = "" if header is None else header.get("srclang", "")
    if not src_lang or src_lang.lower() == "*all*":
        src_lang = next(iter(langs), "")
    tgt_lang = next((c for c in langs if _primary(c) != _primary(src_lang)), "")
    if not tgt_lang and len({c.lower() for c in langs}) > 1:
        raise InputError(
            f"{path}: all its languages ({', '.join(sorted(set(langs)))}) are variants of one; "
            "glossalign checks Chinese-English files"
        )
    pairs = tuple(_pair(tu, n, src_lang, tgt_lang, path) for n, tu in enumerate(units, 1))
    return Parsed(src_lang, tgt_lang, pairs)


def _segment(tu: etree._Element, lang: str) -> etree._Element | None:
    """The ``<seg>`` in ``lang``, else in a variant of it (a header's ``zh`` for ``zh-CN``)."""
    tuvs = [(_lang(tuv).lower(), tuv) for tuv in tu if local(tuv) == "tuv"]
    exact = [tuv for code, tuv in tuvs if code == lang.lower()]
    variant = [tuv for code, tuv in tuvs if lang and _primary(code) == _primary(lang)]
    for tuv in exact[:1] or variant[:1]:
        return next((seg for seg in tuv if local(seg) == "seg"), None)
    return None


def _pair(tu: etree._Element, n: int, src_lang: str, tgt_lang: str, path: Path) -> Pair:
    props = {p.get("type"): (p.text or "").strip() for p in tu if local(p) == "prop"}
    src, tgt = (inline_text(_segment(tu, lang), _INLINE) for lang in (src_lang, tgt_lang))
    unit = tu.get("tuid") or str(n)
    if "x-glossalign-src-ids" not in props or "x-glossalign-tgt-ids" not in props:
        return Pair(unit, src, tgt)
    where = f"{path}:{tu.sourceline}"
    # Ids of at most 12 digits and a finite score, as every alignment file (align.beads).
    src_ids, tgt_ids = (parse_ids(props[f"x-glossalign-{side}-ids"]) for side in ("src", "tgt"))
    score = parse_score(props.get("x-glossalign-score", "nan"))
    if src_ids is None or tgt_ids is None or score is None:
        raise InputError(f"{where}: x-glossalign-* props must be ids like 0,1 and a score")
    return Pair(unit, src, tgt, src_ids, tgt_ids, score)
