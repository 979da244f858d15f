"""What ``glossalign batch`` writes: each pair's files (as they arrive, atomically) and the
merged TMX of the corpus (duplicates written once), after checking, before any work, that
every one of them can be written.

Layout of the output folder: ``pairs/NAME.align``, ``.tsv``, ``.tmx`` (and ``.jsonl``, and
``.glossary.csv`` with a glossary; a name may hold folders: ``pairs/guide/index.tmx``),
``corpus.tmx``, ``summary.csv``, ``summary.xlsx``, ``summary.html``, ``consistency.csv`` and
``consistency.xlsx`` (with a glossary) and the resume manifest ``batch.json``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from align.batch.job import SUFFIXES, PairResult
from align.batch.resume import MANIFEST
from align.errors import InputError
from align.io import atomic_write_text, read_bytes
from align.output import check_outputs

PAIRS = "pairs"
CORPUS_TMX = "corpus.tmx"
SUMMARY_CSV, SUMMARY_HTML, CONSISTENCY_CSV = "summary.csv", "summary.html", "consistency.csv"
SUMMARY_XLSX, CONSISTENCY_XLSX = "summary.xlsx", "consistency.xlsx"
CORPUS_FILES = (CORPUS_TMX, SUMMARY_CSV, SUMMARY_XLSX, SUMMARY_HTML, MANIFEST)
DOCUMENT_PROP, COUNT_PROP, DOCUMENTS_PROP = "x-glossalign-document", "x-count", "x-documents"


def check_out_folder(out: Path) -> None:
    """``out`` can hold the outputs: a folder (or a path whose nearest existing ancestor is
    one) where a file can be created; a temporary probe file is made and removed."""
    folder = next((p for p in (out, *out.parents) if os.path.lexists(p)), Path("."))
    if not folder.is_dir():
        what = "is a file" if folder == out else f"lies under the file {folder}"
        raise InputError(f"-o {out}: {what}; give a folder for the outputs")
    try:
        fd, probe = tempfile.mkstemp(prefix=".glossalign-probe-", dir=folder)
    except OSError as exc:
        raise InputError(
            f"-o {out}: cannot write in {folder} ({exc.strerror}); give a writable folder"
        ) from None
    os.close(fd)
    os.unlink(probe)


def check_pair_outputs(
    out: Path, names: Sequence[str], suffixes: Sequence[str], consistency: bool
) -> None:
    """Every path the run will write (each pair's files and the corpus files) is writable as
    far as can be told without writing: no folder in the way, no file where a folder must be
    (``align.output.check_outputs``); then each folder that already exists is probed."""
    paths = [out / PAIRS / f"{name}{suffix}" for name in names for suffix in suffixes]
    paths += [
        out / name for name in CORPUS_FILES + (CONSISTENCY_CSV, CONSISTENCY_XLSX) * consistency
    ]
    check_outputs(paths)
    for folder in sorted({p.parent for p in paths if p.parent.is_dir()}):
        check_out_folder(folder)


def write_pair(out: Path, result: PairResult) -> dict[str, str]:
    """Write the pair's files under ``out/pairs`` atomically; their names (relative to
    ``out``) and SHA-256."""
    files = {}
    for suffix, text in result.outputs:
        relative = f"{PAIRS}/{result.name}{suffix}"
        atomic_write_text(out / relative, text)
        files[relative] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return files


@dataclass(frozen=True, slots=True)
class CorpusTmx:
    """The merged TMX (``""`` when no pair has one) and, per document, its units left out as
    duplicates of an earlier one."""

    text: str
    duplicates: Counter[str]


def merged_tmx(out: Path, names: Sequence[str]) -> CorpusTmx:
    """One TMX of every pair's ``pairs/NAME.tmx`` in name order, each ``tu`` carrying the
    document's name in ``<prop type="x-glossalign-document">``; the header is the first's.
    Units with the same two texts are written once, at their first occurrence, with
    ``<prop type="x-count">`` (how many there were) and ``<prop type="x-documents">`` (the
    documents they came from, comma-separated)."""
    from lxml import etree

    from align.readers.segments import parse_xml
    from align.tmclean import merge_duplicates

    header, units = None, []
    for name in names:
        path = out / PAIRS / f"{name}{SUFFIXES['tmx']}"
        root = parse_xml(read_bytes(path), path)
        header = header if header is not None else root
        for tu in root.iterfind("body/tu"):
            src, tgt = (tuv.findtext("seg") or "" for tuv in tu.iterfind("tuv"))
            units.append((name, tu, src, tgt))
    if header is None:
        return CorpusTmx("", Counter())
    merged = etree.Element("tmx", version=header.get("version", "1.4"))
    merged.append(header.find("header"))
    body = etree.SubElement(merged, "body")
    kept, duplicates = merge_duplicates([(name, src, tgt) for name, _, src, tgt in units])
    for unit in kept:
        name, tu = units[unit.index][:2]
        props = [(DOCUMENT_PROP, name)]
        if unit.count > 1:
            props += [(COUNT_PROP, str(unit.count)), (DOCUMENTS_PROP, ", ".join(unit.documents))]
        for at, (kind, text) in enumerate(props):
            prop = etree.Element("prop", type=kind)
            prop.text = text
            tu.insert(at, prop)
        body.append(tu)
    etree.indent(merged, space=" ")
    text = etree.tostring(merged, encoding="unicode")
    return CorpusTmx('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n", duplicates)
