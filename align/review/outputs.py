"""What Save writes: the corrected alignment as ``.align``, ``.tsv``, ``.jsonl`` and ``.tmx``,
plus the edited English (one sentence a line) when sentences were edited.

Confirmed and edited beads score 1.0 and carry their status: a ``status`` column in the TSV
and field in the JSONL, a ``<prop type="x-glossalign-status">`` in the TMX. With no status at
all the files are byte for byte what ``align.formats.render`` writes.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from align.formats import Format, listing_order, render
from align.output import write_outputs as write_files
from align.review.edits import State, Status, flagged

STATUS_PROP = "x-glossalign-status"


def tsv_with_status(tsv: str, status: Sequence[Status]) -> str:
    """``tsv`` (one row per bead, ``align.formats.to_tsv``) with a ``status`` column
    (``status``: one per row, in the rows' order)."""
    rows = list(csv.reader(io.StringIO(tsv), delimiter="\t", quotechar='"', strict=True))
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", quotechar='"', lineterminator="\n")
    writer.writerow([*rows[0], "status"])
    for row, flag in zip(rows[1:], status, strict=True):
        writer.writerow([*row, flag])
    return out.getvalue()


def jsonl_with_status(jsonl: str, status: Sequence[Status]) -> str:
    records = [json.loads(line) for line in jsonl.split("\n") if line]
    return "".join(
        json.dumps({**rec, "status": flag}, ensure_ascii=False) + "\n"
        for rec, flag in zip(records, status, strict=True)
    )


def tmx_with_status(tmx: str, state: State) -> str:
    """``tmx`` (our own writer's output) with the status prop on each flagged unit, found by
    its source ids (unique in a monotonic alignment)."""
    by_src = {
        ",".join(map(str, b.src)): s
        for b, s in zip(state.alignment.beads, state.status, strict=True)
        if s
    }
    root = ET.fromstring(tmx)  # our own output: no DTD, no entities
    for tu in root.iter("tu"):
        ids = next(p.text for p in tu.iter("prop") if p.get("type") == "x-glossalign-src-ids")
        flag = by_src.get(ids or "")
        if flag:
            prop = ET.Element("prop", type=STATUS_PROP)
            prop.text = flag
            tu.insert(1, prop)
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render_outputs(state: State, original_tgt: Sequence[str]) -> dict[str, str]:
    """File suffix -> content for every output of ``state``."""
    alignment = flagged(state)
    formats: tuple[tuple[str, Format], ...] = (
        (".align", "beads"), (".tsv", "tsv"), (".jsonl", "jsonl"), (".tmx", "tmx"),
    )  # fmt: skip
    texts = {suffix: render(alignment, fmt) for suffix, fmt in formats}
    if any(state.status):
        listed = [state.status[k] for k in listing_order(alignment.beads)]  # as TSV/JSONL list
        texts[".tsv"] = tsv_with_status(texts[".tsv"], listed)
        texts[".jsonl"] = jsonl_with_status(texts[".jsonl"], listed)
        texts[".tmx"] = tmx_with_status(texts[".tmx"], state)
    if tuple(alignment.tgt) != tuple(original_tgt):
        texts[f".edited.{alignment.tgt_lang}.txt"] = "".join(t + "\n" for t in alignment.tgt)
    return texts


def write_outputs(state: State, original_tgt: Sequence[str], stem: Path) -> list[Path]:
    """Write every output next to ``stem`` (``out/letter`` -> ``out/letter.tsv``): all of
    them or none (``align.output.write_outputs``)."""
    texts = render_outputs(state, original_tgt)
    paths = [stem.with_name(stem.name + suffix) for suffix in texts]
    write_files(list(zip(paths, (t.encode("utf-8") for t in texts.values()), strict=True)))
    return paths
