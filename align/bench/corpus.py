"""A gold corpus on disk: ``zh/NNN.txt`` and ``en/NNN.txt`` (one sentence a line) and
``gold/NNN.align`` (beads), as in mac-dev and the Bible set. One walker for every benchmark,
the training and the ablation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from align.beads import Bead, Lang, check_bounds, parse_beads
from align.errors import InputError
from align.io import non_blank_lines, read_text


@dataclass(frozen=True, slots=True)
class CorpusDocument:
    """One document of a corpus: its name (``NNN``) and its three files."""

    name: str
    zh: Path
    en: Path
    gold: Path


def corpus_documents(data_dir: Path, names: Sequence[str] | None = None) -> list[CorpusDocument]:
    """Every ``zh/NNN.txt`` with its ``en/NNN.txt`` and ``gold/NNN.align`` (only ``names``,
    when given), in name order. A missing counterpart is an InputError."""
    sources = sorted((data_dir / "zh").glob("*.txt"))
    if not sources:
        raise InputError(
            f"{data_dir}: no zh/*.txt; expected zh/NNN.txt, en/NNN.txt and gold/NNN.align"
        )
    documents = []
    for src in sources:
        if names and src.stem not in names:
            continue
        tgt, gold = data_dir / "en" / src.name, data_dir / "gold" / f"{src.stem}.align"
        for needed in (tgt, gold):
            if not needed.is_file():
                raise InputError(f"{needed}: missing (counterpart of {src})")
        documents.append(CorpusDocument(src.stem, src, tgt, gold))
    return documents


def read_lines(path: Path) -> list[str]:
    """A one-sentence-a-line file's sentences (blank lines skipped)."""
    return non_blank_lines(read_text(path))


def read_gold(doc: CorpusDocument, n_zh: int, n_en: int, *, any_order: bool = True) -> list[Bead]:
    """The document's gold beads as (zh ids, en ids), checked against the sentence counts.
    Beads out of order (a translator's reordering) are scored as they are, with a warning;
    ``any_order=False`` refuses them (training needs a monotonic gold path)."""
    beads = parse_beads(read_text(doc.gold), doc.gold, any_order=any_order)
    gold = oriented(beads, n_zh, n_en)
    check_bounds(gold, n_zh, n_en, doc.gold)
    return gold


def oriented(gold: list[Bead], n_src: int, n_tgt: int) -> list[Bead]:
    """Gold beads as (source ids, target ids). Some gold files (the Bible set) list the English
    ids first: one whose last ids match the documents only the other way round is swapped."""

    def ends(beads: list[Bead]) -> tuple[int, int]:
        last_src = max((i for b in beads for i in b.src), default=-1)
        last_tgt = max((j for b in beads for j in b.tgt), default=-1)
        return last_src + 1, last_tgt + 1

    sizes = (n_src, n_tgt)
    if ends(gold) != sizes and ends(gold)[::-1] == sizes:
        return [Bead(b.tgt, b.src, b.score) for b in gold]
    return gold


def sentence_files(data_dir: Path) -> dict[Lang, list[Path]]:
    """The gold segmentation files, ``en/*.txt`` and ``zh/*.txt`` (one sentence a line), per
    language present."""
    if not data_dir.is_dir():
        raise InputError(f"{data_dir}: no such directory")
    known: tuple[Lang, ...] = ("en", "zh")
    langs = [lang for lang in known if (data_dir / lang).is_dir()]
    if not langs:
        raise InputError(
            f"{data_dir}: no en/ or zh/ subdirectory; "
            "expected en/NNN.txt and zh/NNN.txt with one gold sentence a line"
        )
    files = {}
    for lang in langs:
        files[lang] = sorted((data_dir / lang).glob("*.txt"))
        if not files[lang]:
            raise InputError(f"{data_dir / lang}: no .txt files")
    return files
