"""Bilingual CAT-tool files as an ``Alignment``: XLIFF 1.2 (with memoQ/SDLXLIFF/Okapi
``<seg-source>`` segments), XLIFF 2.x, TMX 1.4 and gettext PO.

Every segment with a non-empty source, in document order, is one bead (``bead`` = its
zero-based position), holding one sentence a side; ``Alignment.units[k]`` is the file's own
id of bead ``k`` (XLIFF ``unit/mid``, TMX ``tuid`` or position, PO ``msgctxt`` or
``line N``). Language codes come from the file (``zh-CN``, ``zh-Hant``, ``en-US``...; told
from the text where the file names none) and the result is oriented Chinese → English: an
English → Chinese file has its sides swapped. A segment whose translation is empty keeps its
bead with no sentence on that side (``untranslated`` lists them). Our own TMX
(``align.formats.to_tmx``) reads back with its sentence ids and scores, like a TSV
(``align.records.assemble``). ``align.formats.read_any_alignment`` sends these files here.

Inline codes read as markers, ``{1}`` and ``{/1}`` or the code's own text (never U+FFFC): see
``align.readers.inline``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from align.beads import Alignment, Bead, Lang
from align.errors import InputError
from align.readers.segments import Pair, Parsed, local, parse_xml, read_bytes
from align.records import assemble_alignment
from align.segment import detect_lang

#: File names ``read_bilingual`` is meant for; anything else is read as XLIFF or TMX by its
#: root element.
BILINGUAL_SUFFIXES = (".xlf", ".xliff", ".sdlxliff", ".mqxliff", ".tmx", ".po", ".pot")


def read_bilingual(path: Path) -> Alignment:
    """The segments of an XLIFF, SDLXLIFF, TMX or PO file as a Chinese → English alignment."""
    data = read_bytes(path)
    parsed = _parse(data, path)
    pairs = [p for p in parsed.pairs if p.src]
    if not pairs:
        raise InputError(f"{path}: no segment with source text; nothing to check")
    src_lang = _lang(parsed.src_lang, (p.src for p in pairs), path)
    tgt_lang = _lang(parsed.tgt_lang, (p.tgt for p in pairs), path)
    # Told from text, an all-empty target reads as English: only a stated or written one counts.
    if src_lang == tgt_lang and (parsed.tgt_lang or any(p.tgt for p in pairs)):
        codes = " → ".join(
            code or "told from the text" for code in (parsed.src_lang, parsed.tgt_lang)
        )
        raise InputError(
            f"{path}: source and target are both {'Chinese' if src_lang == 'zh' else 'English'} "
            f"({codes}); glossalign checks Chinese-English files"
        )
    if src_lang == "en":
        pairs = [Pair(p.unit, p.tgt, p.src, p.tgt_ids, p.src_ids, p.score) for p in pairs]
    units = tuple(p.unit for p in pairs)
    if all(p.src_ids is not None and p.tgt_ids is not None for p in pairs):
        return replace(_with_ids(pairs, path, len(data)), units=units)
    return _one_sentence_each(pairs, units)


def untranslated(alignment: Alignment) -> frozenset[int]:
    """The beads of a bilingual file whose translation is empty (one side has no sentence).

    Empty for an alignment that is not from a bilingual file (``units`` empty), where a
    one-sided bead is an insertion or deletion, not an untranslated segment."""
    if not alignment.units:
        return frozenset()
    return frozenset(k for k, b in enumerate(alignment.beads) if not (b.src and b.tgt))


def _parse(data: bytes, path: Path) -> Parsed:
    if path.suffix.lower() in (".po", ".pot"):
        from align.readers.po import read_po

        return read_po(data, path)
    root = parse_xml(data, path)
    if local(root) == "xliff":
        from align.readers.xliff import read_xliff

        return read_xliff(root, path)
    if local(root) == "tmx":
        from align.readers.tmx import read_tmx

        return read_tmx(root, path)
    raise InputError(
        f"{path}: an XML document <{local(root)}>, not XLIFF or TMX; give an .xlf, .sdlxliff, "
        ".tmx or .po file"
    )


def _lang(code: str, texts: Iterable[str], path: Path) -> Lang:
    """``zh``/``en`` from a language code (any region or script), or from the text if none."""
    primary = code.strip().replace("_", "-").split("-")[0].lower()
    if primary in ("zh", "en"):
        return "zh" if primary == "zh" else "en"
    if primary in ("", "*all*"):
        return detect_lang("".join(texts))
    raise InputError(
        f"{path}: language {code!r}; glossalign checks Chinese-English files (zh-*, en-*)"
    )


def _one_sentence_each(pairs: Sequence[Pair], units: tuple[str, ...]) -> Alignment:
    src: list[str] = []
    tgt: list[str] = []
    beads = []
    for p in pairs:
        src_ids = (len(src),) if p.src else ()
        tgt_ids = (len(tgt),) if p.tgt else ()
        src.extend([p.src] if p.src else [])
        tgt.extend([p.tgt] if p.tgt else [])
        beads.append(Bead(src_ids, tgt_ids, p.score))
    return Alignment(tuple(src), tuple(tgt), tuple(beads), units=units)


def _with_ids(pairs: Sequence[Pair], path: Path, size: int) -> Alignment:
    """Our own TMX: the beads with their sentence ids, sentences restored as from a TSV
    (validated the same way; the TMX leaves out insertions and deletions: ids may skip)."""
    records = [(Bead(p.src_ids or (), p.tgt_ids or (), p.score), p.src, p.tgt) for p in pairs]
    return assemble_alignment(records, path, size, gaps=True)
