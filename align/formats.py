"""Alignment file formats: writers (pure, ``Alignment -> str``) and the reader of TSV/JSONL.

Every format has one record per bead, in bead order, with the bead's ids (zero-based), its
score (rounded to 3 decimals; NaN is ``nan`` in TSV, ``null`` in JSONL) and its two texts
(each side's sentences joined with ``join_sentences``).

* ``beads``: ``[0,1]:[2]:0.873``, ids and score only.
* ``tsv``: header ``src_ids, tgt_ids, score, src_text, tgt_text``; ids as ``0,1`` (empty for an
  insertion or deletion); fields holding a tab, newline or quote are double-quoted (RFC 4180).
* ``jsonl``: the same fields with ids as lists, plus ``src_sents``/``tgt_sents``: the
  per-sentence texts, so a JSONL file restores the exact sentence lists.
* ``tmx``: TMX 1.4, one ``<tu>`` per bead whose sides are both non-empty, the score in
  ``<prop type="x-glossalign-score">``; characters that XML 1.0 forbids are dropped.

``read_alignment`` rebuilds an ``Alignment`` from TSV or JSONL (see ``align.records``):
``alignment.src_text(bead)`` and ``tgt_text(bead)`` give back each bead's texts exactly, which
is what the glossary check and the HTML report use. ``read_any_alignment`` also takes the
translators' bilingual files (XLIFF, SDLXLIFF, TMX, PO: ``align.readers.bilingual``); every
command that reads an alignment goes through it.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, get_args

from align import __version__
from align.beads import (
    Alignment,
    Bead,
    Lang,
    check_bounds,
    format_beads,
    parse_beads,
)
from align.errors import InputError
from align.io import read_text
from align.records import Row, assemble
from align.segment import sentence_texts

Format = Literal["beads", "tsv", "jsonl", "tmx"]
FORMATS: tuple[Format, ...] = get_args(Format)
TSV_COLUMNS = ("src_ids", "tgt_ids", "score", "src_text", "tgt_text")
TMX_LANGS: dict[Lang, str] = {"zh": "zh-CN", "en": "en"}
_SUFFIXES: dict[str, Format] = {".align": "beads", ".tsv": "tsv", ".jsonl": "jsonl", ".tmx": "tmx"}
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def format_for_path(path: Path) -> Format | None:
    """The format a file name asks for by its extension (``.align``, ``.tsv``, ...), if any."""
    return _SUFFIXES.get(path.suffix.lower())


def render(alignment: Alignment, fmt: Format) -> str:
    writers: dict[Format, Callable[[Alignment], str]] = {
        "beads": to_beads,
        "tsv": to_tsv,
        "jsonl": to_jsonl,
        "tmx": to_tmx,
    }
    return writers[fmt](alignment)


def _score(score: float) -> float | None:
    return None if math.isnan(score) else round(score, 3)


def _ids_text(ids: Sequence[int]) -> str:
    return ",".join(map(str, ids))


# ------------------------------------------------------------------------------------ writers


def to_beads(alignment: Alignment) -> str:
    return format_beads(alignment.beads, with_score=True)


def to_tsv(alignment: Alignment) -> str:
    """One row per bead; in paraphrase mode then one row per unlinked sentence of each side,
    with the other side and the score empty."""
    import polars as pl

    beads = alignment.beads
    unlinked = _unlinked(alignment) if alignment.mode == "paraphrase" else ()
    columns = {
        "src_ids": [_ids_text(b.src) for b in beads] + [_ids_text(b.src) for b in unlinked],
        "tgt_ids": [_ids_text(b.tgt) for b in beads] + [_ids_text(b.tgt) for b in unlinked],
        "score": [f"{b.score:.3f}" for b in beads] + [""] * len(unlinked),
        "src_text": [alignment.src_text(b) for b in (*beads, *unlinked)],
        "tgt_text": [alignment.tgt_text(b) for b in (*beads, *unlinked)],
    }
    # An empty value as null, which polars writes as an empty field (not as "").
    frame = pl.DataFrame(
        {name: [v or None for v in values] for name, values in columns.items()},
        schema=dict.fromkeys(TSV_COLUMNS, pl.String),
    )
    return frame.write_csv(separator="\t")


def _unlinked(alignment: Alignment) -> tuple[Bead, ...]:
    """A one-sided bead for each sentence of either side that no bead holds."""
    src = {i for b in alignment.beads for i in b.src}
    tgt = {j for b in alignment.beads for j in b.tgt}
    return tuple(Bead((i,), ()) for i in range(len(alignment.src)) if i not in src) + tuple(
        Bead((), (j,)) for j in range(len(alignment.tgt)) if j not in tgt
    )


def to_jsonl(alignment: Alignment) -> str:
    lines = []
    for b in alignment.beads:
        record = {
            "src_ids": list(b.src),
            "tgt_ids": list(b.tgt),
            "score": _score(b.score),
            "src_text": alignment.src_text(b),
            "tgt_text": alignment.tgt_text(b),
            "src_sents": [alignment.src[i] for i in b.src],
            "tgt_sents": [alignment.tgt[j] for j in b.tgt],
        }
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


def _xml_text(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def to_tmx(alignment: Alignment) -> str:
    src_lang, tgt_lang = TMX_LANGS[alignment.src_lang], TMX_LANGS[alignment.tgt_lang]
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
    for b in alignment.beads:
        src, tgt = _xml_text(alignment.src_text(b)), _xml_text(alignment.tgt_text(b))
        if not (b.src and b.tgt and src.strip() and tgt.strip()):
            continue
        tu = ET.SubElement(body, "tu")
        score = _score(b.score)
        ET.SubElement(tu, "prop", type="x-glossalign-score").text = (
            "nan" if score is None else f"{score:.3f}"
        )
        ET.SubElement(tu, "prop", type="x-glossalign-src-ids").text = _ids_text(b.src)
        ET.SubElement(tu, "prop", type="x-glossalign-tgt-ids").text = _ids_text(b.tgt)
        for lang, text in ((src_lang, src), (tgt_lang, tgt)):
            tuv = ET.SubElement(tu, "tuv", {"xml:lang": lang})
            ET.SubElement(tuv, "seg").text = text
    ET.indent(tmx, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tmx, encoding="unicode") + "\n"


# ------------------------------------------------------------------------------------- reader


def read_alignment(path: Path) -> Alignment:
    """Read a TSV or JSONL alignment (by extension ``.tsv``/``.jsonl``, else by content)."""
    text = read_text(path)
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
    return assemble(rows)


def read_any_alignment(path: Path) -> Alignment:
    """An alignment file as the user has it: a bilingual CAT file by its suffix
    (``BILINGUAL_SUFFIXES``: .xlf, .xliff, .sdlxliff, .tmx, .po...), our TSV or JSONL by theirs;
    any other name by its content (XML: XLIFF or TMX, else TSV or JSONL)."""
    from align.readers.bilingual import BILINGUAL_SUFFIXES, read_bilingual

    suffix = path.suffix.lower()
    if suffix in BILINGUAL_SUFFIXES:
        return read_bilingual(path)
    if format_for_path(path) is None and path.is_file() and _starts_xml(path):
        return read_bilingual(path)
    return read_alignment(path)


def _starts_xml(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            head = f.read(64)
    except OSError:
        return False  # read_alignment names the file and the reason
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _parse_ids(field: str, where: str, column: str) -> tuple[int, ...]:
    parts = [p.strip() for p in field.split(",")] if field.strip() else []
    if not all(p.isdigit() for p in parts):
        raise InputError(f"{where}: {column} {field!r} is not a list like 0,1 (or empty)")
    return tuple(int(p) for p in parts)


def _parse_score(field: str, where: str) -> float:
    try:
        return float(field)
    except ValueError:
        raise InputError(f"{where}: score {field!r} is not a number") from None


def _read_tsv(text: str, path: Path) -> list[Row]:
    reader = csv.reader(io.StringIO(text), delimiter="\t", quotechar='"', strict=True)
    rows: list[Row] = []
    try:
        header = next(reader)
        # A trailing status column (glossalign review's saved files) is read past.
        if tuple(header) not in (TSV_COLUMNS, (*TSV_COLUMNS, "status")):
            raise InputError(
                f"{path}:1: TSV header must be {chr(9).join(TSV_COLUMNS)!r} "
                f"(tab-separated), found {chr(9).join(header)[:80]!r}"
            )
        line = reader.line_num  # the last line read so far: a row starts on the next one
        for fields in reader:
            where, line = f"{path}:{line + 1}", reader.line_num
            if not fields:
                continue
            if len(fields) != len(header):
                raise InputError(
                    f"{where}: expected {len(header)} tab-separated fields, found "
                    f"{len(fields)}; quote fields that contain tabs or newlines"
                )
            # An empty score marks a paraphrase-mode row listing an unlinked sentence.
            linked = bool(fields[2])
            bead = Bead(
                _parse_ids(fields[0], where, "src_ids"),
                _parse_ids(fields[1], where, "tgt_ids"),
                _parse_score(fields[2], where) if linked else math.nan,
            )
            rows.append(Row(bead, fields[3], fields[4], linked=linked))
    except csv.Error as exc:
        raise InputError(f"{path}:{reader.line_num}: malformed TSV ({exc})") from None
    except StopIteration:
        pass
    return rows


def _json_field(record: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = record.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InputError(f"{where}: field {key!r} must be a {kind.__name__}, got {value!r:.60}")
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


def _read_jsonl(text: str, path: Path) -> list[Row]:
    rows = []
    # "\n" only: JSON strings may hold U+2028 and other characters str.splitlines breaks at.
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not valid JSON ({exc.msg}); one object per line") from None
        if not isinstance(record, dict):
            raise InputError(f"{where}: expected a JSON object per line")
        src, tgt = _json_ids(record, "src_ids", where), _json_ids(record, "tgt_ids", where)
        raw_score = record.get("score")
        if raw_score is not None and (
            not isinstance(raw_score, int | float) or isinstance(raw_score, bool)
        ):
            raise InputError(f"{where}: score must be a number or null")
        score = math.nan if raw_score is None else float(raw_score)
        rows.append(
            Row(
                Bead(src, tgt, score),
                _json_field(record, "src_text", str, where),
                _json_field(record, "tgt_text", str, where),
                _json_sents(record, "src_sents", len(src), where),
                _json_sents(record, "tgt_sents", len(tgt), where),
            )
        )
    return rows


def load_alignment(
    alignment: Path | None, source: Path | None, target: Path | None, beads: Path | None
) -> Alignment:
    """An alignment file from ``glossalign align``, or two texts and a beads file."""
    if alignment is not None:
        if source or target or beads:
            raise InputError("give either ALIGNMENT or --source/--target/--beads, not both")
        return read_any_alignment(alignment)
    if not (source and target and beads):
        raise InputError("give an ALIGNMENT file, or all of --source, --target and --beads")
    src = tuple(sentence_texts(read_text(source), "zh"))
    tgt = tuple(sentence_texts(read_text(target), "en"))
    parsed = parse_beads(read_text(beads), beads)
    check_bounds(parsed, len(src), len(tgt), beads)
    return Alignment(src, tgt, tuple(parsed))
