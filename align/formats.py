"""Alignment file formats: writers (pure, ``Alignment -> str``) and the reader of TSV/JSONL.

Every format has one record per bead with the bead's ids (zero-based), its score (rounded to
3 decimals; NaN is ``nan`` in TSV, ``null`` in JSONL) and its two texts (each side's sentences
joined with ``join_sentences``). The bead file lists the beads in order; TSV and JSONL list the
beads with both sides in order, then the one-sided beads (sentences with no counterpart, the
score the probability of that) in order, so that the first rows are a clean bitext; reading
puts every bead back in its place.

* ``beads``: ``[0,1]:[2]:0.873``, ids and score only.
* ``tsv``: header ``src_ids, tgt_ids, score, src_text, tgt_text``; ids as ``0,1`` (empty on the
  side of a one-sided bead); fields holding a tab, newline or quote are double-quoted (RFC 4180).
* ``jsonl``: the same fields with ids as lists, plus ``src_sents``/``tgt_sents``: the
  per-sentence texts, so a JSONL file restores the exact sentence lists.
* ``tmx``: TMX 1.4, one ``<tu>`` per bead whose sides are both non-empty, hold words and differ
  (``align.tmclean``; optionally only those scoring at least ``min_score``), the score in
  ``<prop type="x-glossalign-score">``; characters that XML 1.0 forbids are dropped. One-sided
  beads are never units.

Crossing beads (``Bead.crossing``: a link a translator made out of order, such as a swapped
footnote; ``glossalign review`` makes them) are listed at their source position, and the
other beads take the remaining ids in order. The bead file marks them ``[101]:[100]:1.000:
crossing``; TSV, JSONL and TMX carry a status (``bead_status``: a last ``status`` column, a
``status`` field, ``<prop type="x-glossalign-status">``) that is ``crossing`` for them, and the
TSV and JSONL readers read it back.

``read_alignment`` rebuilds an ``Alignment`` from TSV or JSONL: ``alignment.src_text(bead)``
and ``tgt_text(bead)`` give back each bead's texts exactly, which is what the glossary check
and the HTML report use. Sentence lists: exact from JSONL; from TSV (bead texts only) a
multi-sentence side is re-split with the segmenter when it finds the right number of
sentences, otherwise split arbitrarily so that the join still reproduces the bead's text.
A sentence in no bead reads back as ``""``. Languages are detected from the texts; the mode
is ``monotonic`` when the beads cover consecutive ids in order, else ``paraphrase``.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, get_args

from align import __version__
from align.beads import (
    CROSSING,
    Alignment,
    Bead,
    check_beads,
    check_bounds,
    format_beads,
    parse_beads,
    parse_ids,
    parse_score,
)
from align.csvsafe import format_table, read_table_rows
from align.errors import InputError, shorten
from align.io import (
    ALIGNMENTS,
    DOCUMENTS,
    Encoding,
    decode_bytes,
    is_stdin,
    read_bytes,
    read_text,
    require_text,
)  # fmt: skip
from align.languages import side_tags
from align.records import Row, assemble
from align.segment import sentence_texts
from align.tmclean import DEFAULT_UNITS, Reason, TmFilter, UnitCounts, written_score

Format = Literal["beads", "tsv", "jsonl", "tmx"]
FORMATS: tuple[Format, ...] = get_args(Format)
TSV_COLUMNS = ("src_ids", "tgt_ids", "score", "src_text", "tgt_text")
STATUS = "status"
STATUS_PROP = "x-glossalign-status"
_SUFFIXES: dict[str, Format] = {".align": "beads", ".tsv": "tsv", ".jsonl": "jsonl", ".tmx": "tmx"}
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def format_for_path(path: Path) -> Format | None:
    """The format a file name asks for by its extension (``.align``, ``.tsv``, ...), if any."""
    return _SUFFIXES.get(path.suffix.lower())


def render(
    alignment: Alignment,
    fmt: Format,
    *,
    units: TmFilter = DEFAULT_UNITS,
    status: Sequence[str] | None = None,
) -> str:
    """``alignment`` in ``fmt``; ``units`` applies to TMX only (see ``to_tmx``); ``status``: a
    review status per bead (bead order), see ``bead_status``."""
    if fmt == "tmx":
        return to_tmx(alignment, units, status)
    if fmt == "beads":
        return to_beads(alignment)
    writers: dict[Format, Callable[[Alignment, Sequence[str] | None], str]] = {
        "tsv": to_tsv,
        "jsonl": to_jsonl,
    }
    return writers[fmt](alignment, status)


def bead_status(alignment: Alignment, status: Sequence[str] | None) -> list[str] | None:
    """The ``status`` of each bead as the files carry it: ``glossalign review``'s status
    (``confirmed``, ``edited`` or empty) and ``crossing`` for a crossing bead (a link out of
    order, always confirmed); None when there is neither, and the files have no status."""
    if status is None and not any(b.crossing for b in alignment.beads):
        return None
    given = status if status is not None else [""] * len(alignment.beads)
    return [CROSSING if b.crossing else s for b, s in zip(alignment.beads, given, strict=True)]


def _ids_text(ids: Sequence[int]) -> str:
    return ",".join(map(str, ids))


# ------------------------------------------------------------------------------------ writers


def to_beads(alignment: Alignment) -> str:
    return format_beads(alignment.beads, with_score=True)


def listing_order(beads: Sequence[Bead]) -> list[int]:
    """The positions of the beads with both sides, then of the one-sided ones, each in order:
    how TSV and JSONL list the beads (``align.records.in_place`` puts them back in place)."""
    return sorted(range(len(beads)), key=lambda k: not (beads[k].src and beads[k].tgt))


def to_tsv(alignment: Alignment, status: Sequence[str] | None = None) -> str:
    """One row per bead (``listing_order``); in paraphrase mode then one row per unlinked
    sentence of each side, with the other side and the score empty. Spreadsheet-safe
    (align.csvsafe): a cell holding a tab, line break or quote mark is quoted, a formula lead
    escaped with ``'``. A last ``status`` column when there are statuses (``bead_status``)."""
    order = listing_order(alignment.beads)
    beads = [alignment.beads[k] for k in order]
    unlinked = _unlinked(alignment) if alignment.mode == "paraphrase" else ()
    rows = [
        [
            _ids_text(b.src),
            _ids_text(b.tgt),
            f"{b.score:.3f}" if k < len(beads) else "",
            alignment.src_text(b),
            alignment.tgt_text(b),
        ]
        for k, b in enumerate((*beads, *unlinked))
    ]
    flags = bead_status(alignment, status)
    if flags is None:
        return format_table(TSV_COLUMNS, rows, "\t", bom=False, quote=True)
    rows = [[*row, flags[order[i]] if i < len(order) else ""] for i, row in enumerate(rows)]
    return format_table((*TSV_COLUMNS, STATUS), rows, "\t", bom=False, quote=True)


def _unlinked(alignment: Alignment) -> tuple[Bead, ...]:
    """A one-sided bead for each sentence of either side that no bead holds."""
    src = {i for b in alignment.beads for i in b.src}
    tgt = {j for b in alignment.beads for j in b.tgt}
    return tuple(Bead((i,), ()) for i in range(len(alignment.src)) if i not in src) + tuple(
        Bead((), (j,)) for j in range(len(alignment.tgt)) if j not in tgt
    )


def to_jsonl(alignment: Alignment, status: Sequence[str] | None = None) -> str:
    """One JSON object per bead (``listing_order``), with a ``status`` field when there are
    statuses (``bead_status``)."""
    lines = []
    flags = bead_status(alignment, status)
    for k in listing_order(alignment.beads):
        b = alignment.beads[k]
        record: dict[str, Any] = {
            "src_ids": list(b.src),
            "tgt_ids": list(b.tgt),
            "score": written_score(b.score),
            "src_text": alignment.src_text(b),
            "tgt_text": alignment.tgt_text(b),
            "src_sents": [alignment.src[i] for i in b.src],
            "tgt_sents": [alignment.tgt[j] for j in b.tgt],
        }
        if flags is not None:
            record[STATUS] = flags[k]
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (NUL, most C0 controls, U+FFFE/FFFF)."""
    return _XML_ILLEGAL.sub("", text)


def tmx_units(
    alignment: Alignment, units: TmFilter = DEFAULT_UNITS
) -> tuple[list[tuple[Bead, str, str]], UnitCounts]:
    """The beads a TMX holds as units, with their XML-safe texts, and the counts written and
    left out by reason (``align.tmclean``; in paraphrase mode every unlinked sentence counts
    as one-sided)."""
    kept: list[tuple[Bead, str, str]] = []
    reasons: list[Reason] = []
    for b in alignment.beads:
        src, tgt = xml_text(alignment.src_text(b)), xml_text(alignment.tgt_text(b))
        reason = units.reason(src, tgt, written_score(b.score)) if b.src and b.tgt else "one-sided"
        if reason is None:
            kept.append((b, src, tgt))
        else:
            reasons.append(reason)
    unlinked = _unlinked(alignment) if alignment.mode == "paraphrase" else ()
    reasons += ["one-sided"] * len(unlinked)
    return kept, UnitCounts.of(len(kept), reasons)


def to_tmx(
    alignment: Alignment, units: TmFilter = DEFAULT_UNITS, status: Sequence[str] | None = None
) -> str:
    """One ``<tu>`` per bead that ``tmx_units`` keeps: text on both sides (one-sided beads,
    which say a sentence has no counterpart, are never translation units), a score as written
    of at least ``units.min_score`` (a bead without a score, NaN, only when it is 0), and,
    unless ``units.keep_identical``, words on both sides that differ. Languages: the sides'
    BCP 47 tags (``align.languages.side_tags``) in ``srclang`` and each ``<tuv xml:lang>``.
    A unit with a status (``bead_status``) carries it in ``<prop type="x-glossalign-status">``."""
    flags = bead_status(alignment, status)
    flag_of = {} if flags is None else dict(zip(alignment.beads, flags, strict=True))
    src_lang, tgt_lang = side_tags(alignment)
    tmx = ET.Element("tmx", version="1.4")
    ET.SubElement(
        tmx,
        "header",
        {
            "creationtool": "glossalign",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "glossalign",
            "adminlang": "en",
            "srclang": src_lang,
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(tmx, "body")
    for b, src, tgt in tmx_units(alignment, units)[0]:
        tu = ET.SubElement(body, "tu")
        score = written_score(b.score)
        ET.SubElement(tu, "prop", type="x-glossalign-score").text = (
            "nan" if score is None else f"{score:.3f}"
        )
        if flag_of.get(b):
            ET.SubElement(tu, "prop", type=STATUS_PROP).text = flag_of[b]
        ET.SubElement(tu, "prop", type="x-glossalign-src-ids").text = _ids_text(b.src)
        ET.SubElement(tu, "prop", type="x-glossalign-tgt-ids").text = _ids_text(b.tgt)
        for lang, text in ((src_lang, src), (tgt_lang, tgt)):
            tuv = ET.SubElement(tu, "tuv", {"xml:lang": lang})
            ET.SubElement(tuv, "seg").text = text
    ET.indent(tmx, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tmx, encoding="unicode") + "\n"


# ------------------------------------------------------------------------------------- reader


def read_alignment(path: Path) -> Alignment:
    """Read a TSV or JSONL alignment (by extension ``.tsv``/``.jsonl``, else by content),
    validated as a whole before anything is built (see ``align.records.assemble``)."""
    text = _file_text(path)
    fmt = format_for_path(path)
    if fmt is None:
        first = text.lstrip()
        fmt = "jsonl" if first.startswith("{") else "tsv" if first.startswith("src_ids") else None
    if fmt == "tsv":
        rows = _read_tsv(text, path)
    elif fmt == "jsonl":
        rows = _read_jsonl(text, path)
    else:
        raise InputError(
            f"{path}: not a TSV or JSONL alignment, nor XLIFF, SDLXLIFF, TMX or PO (a .align "
            "bead file has ids only): write one with glossalign align --format tsv, or "
            "give the texts with --source/--target/--beads"
        )
    return assemble(rows, path, len(text))


def read_any_alignment(path: Path) -> Alignment:
    """An alignment file as the user has it: a bilingual CAT file by its suffix
    (``BILINGUAL_SUFFIXES``: .xlf, .xliff, .sdlxliff, .tmx, .po...), our TSV or JSONL by theirs;
    any other name by its content (XML: XLIFF or TMX, else TSV or JSONL)."""
    from align.readers.bilingual import BILINGUAL_SUFFIXES, read_bilingual

    suffix = path.suffix.lower()
    if suffix in BILINGUAL_SUFFIXES:
        return read_bilingual(path)
    if format_for_path(path) is None and _starts_xml(path):
        return read_bilingual(path)
    return read_alignment(path)


def _starts_xml(path: Path) -> bool:
    if is_stdin(path):
        head = read_bytes(path, limit=ALIGNMENTS)[:64]  # read once, kept for the reader
    elif not path.is_file():
        return False  # read_alignment names the file and the reason
    else:
        try:
            with path.open("rb") as f:
                head = f.read(64)
        except OSError:
            return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _file_text(path: Path) -> str:
    """An alignment file's text (``align.io.decode_bytes`` with ``auto``: ours are UTF-8, a
    spreadsheet may have saved GB18030 or UTF-16), line ends as written: a CR inside a quoted
    TSV cell is text."""
    return require_text(decode_bytes(read_bytes(path, limit=ALIGNMENTS), path, "auto"), path)


def _parse_ids(field: str, where: str, column: str) -> tuple[int, ...]:
    ids = parse_ids(field)
    if ids is None:
        raise InputError(
            f"{where}: {column} {shorten(field, 40)!r} is not a list of sentence ids like 0,1 "
            "(or empty)"
        )
    return ids


def _read_tsv(text: str, path: Path) -> list[Row]:
    table = read_table_rows(text, path, "\t", quote=True)
    if not table:
        return []
    header = table[0][1]
    # A trailing status column (glossalign review's saved files): only "crossing" is kept.
    if tuple(header) not in (TSV_COLUMNS, (*TSV_COLUMNS, "status")):
        raise InputError(
            f"{path}:1: TSV header must be {chr(9).join(TSV_COLUMNS)!r} "
            f"(tab-separated), found {shorten(chr(9).join(header), 80)!r}"
        )
    rows: list[Row] = []
    for line, fields in table[1:]:
        where = f"{path}:{line}"
        if not fields:
            continue
        if len(fields) != len(header):
            raise InputError(
                f"{where}: expected {len(header)} tab-separated fields, found "
                f"{len(fields)}; quote fields that contain tabs or newlines"
            )
        # An empty score marks a paraphrase-mode row listing an unlinked sentence.
        linked = bool(fields[2])
        score = parse_score(fields[2]) if linked else math.nan
        if score is None:
            raise InputError(
                f"{where}: score {shorten(fields[2], 30)!r} is not a finite number (or nan)"
            )
        crossing = len(fields) > len(TSV_COLUMNS) and fields[-1] == CROSSING
        bead = Bead(
            _parse_ids(fields[0], where, "src_ids"),
            _parse_ids(fields[1], where, "tgt_ids"),
            score,
            crossing,
        )
        rows.append(Row(bead, line, (fields[3], fields[4]), linked=linked))
    return rows


def _json_field(record: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = record.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InputError(
            f"{where}: field {key!r} must be a {kind.__name__}, got {shorten(repr(value))}"
        )
    return value


def _json_ids(record: dict[str, Any], key: str, where: str) -> tuple[int, ...]:
    ids = _json_field(record, key, list, where)
    if not all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in ids):
        raise InputError(f"{where}: {key} must be a list of non-negative integers")
    return tuple(ids)


def _json_sents(record: dict[str, Any], key: str, n: int, where: str) -> list[str] | None:
    sents = record.get(key)
    if sents is None:
        return None
    if not isinstance(sents, list) or len(sents) != n or not all(isinstance(s, str) for s in sents):
        raise InputError(f"{where}: {key} must be a list of {n} strings, one per id")
    return sents


def _json_score(record: dict[str, Any], where: str) -> float:
    raw = record.get("score")
    if raw is None:
        return math.nan
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        score = float(raw) if abs(raw) < 1e300 or isinstance(raw, float) else math.inf
        if not math.isinf(score):
            return score
    raise InputError(
        f"{where}: score must be a finite number or null, got {shorten(repr(raw), 30)}"
    )


def _json_float(text: str) -> float:
    """A JSON number with a fraction or exponent: at most 64 characters, as a TSV score."""
    if len(text) > 64:
        raise ValueError(f"a number of {len(text):,} characters")
    return float(text)


def _json_record(line: str, where: str) -> dict[str, Any]:
    try:
        record = json.loads(line, parse_float=_json_float)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg}); one object per line") from None
    except (RecursionError, ValueError) as exc:  # nested too deep; an integer too long
        reason = (
            "nested too deeply" if isinstance(exc, RecursionError)
            else "a number of more than 4,300 digits" if "integer string" in str(exc)
            else shorten(str(exc))
        )  # fmt: skip
        raise InputError(f"{where}: not a usable JSON record ({reason})") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object per line")
    return record


def _read_jsonl(text: str, path: Path) -> list[Row]:
    rows = []
    # "\n" only: JSON strings may hold U+2028 and other characters str.splitlines breaks at.
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        record = _json_record(line, where)
        src, tgt = _json_ids(record, "src_ids", where), _json_ids(record, "tgt_ids", where)
        score = _json_score(record, where)
        texts = (
            _json_field(record, "src_text", str, where),
            _json_field(record, "tgt_text", str, where),
        )
        sents = (
            _json_sents(record, "src_sents", len(src), where),
            _json_sents(record, "tgt_sents", len(tgt), where),
        )
        crossing = record.get(STATUS) == CROSSING
        rows.append(Row(Bead(src, tgt, score, crossing), lineno, texts, sents))
    return rows


def load_alignment(
    alignment: Path | None,
    source: Path | None,
    target: Path | None,
    beads: Path | None,
    *,
    encoding: Encoding = "utf-8",
) -> Alignment:
    """An alignment file from ``glossalign align``, or two texts (in ``encoding``) and a
    beads file."""
    if alignment is not None:
        if source or target or beads:
            raise InputError("give either ALIGNMENT or --source/--target/--beads, not both")
        return read_any_alignment(alignment)
    if not (source and target and beads):
        raise InputError("give an ALIGNMENT file, or all of --source, --target and --beads")
    src = tuple(sentence_texts(read_text(source, encoding, limit=DOCUMENTS), "zh"))
    tgt = tuple(sentence_texts(read_text(target, encoding, limit=DOCUMENTS), "en"))
    parsed = parse_beads(read_text(beads, limit=ALIGNMENTS), beads)
    check_bounds(parsed, len(src), len(tgt), beads)
    mode = check_beads(parsed, beads, range(1, len(parsed) + 1))  # validated: lines unneeded
    return Alignment(src, tgt, tuple(parsed), mode=mode)
