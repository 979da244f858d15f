"""Strict and lax precision, recall and F1 over beads: the Vecalign/Bertalign definition.

Precision is counted over the test beads against the gold: a bead with both sides empty is
dropped; a test bead that is also in the gold is a strict and lax true positive; any other is a
strict false positive, and a lax true positive when its target ids meet the gold targets of one
of its source ids. Recall is the same count with gold and test swapped, after beads with an
empty side (insertions, deletions) are removed from both. Counts are summed over documents
(micro-average); a division by zero gives 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from align.beads import Bead, check_bounds, parse_beads
from align.errors import InputError
from align.io import ALIGNMENTS, is_stdin, read_text

_Key = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Scores:
    p_strict: float
    r_strict: float
    f1_strict: float
    p_lax: float
    r_lax: float
    f1_lax: float


@dataclass(frozen=True, slots=True)
class _Counts:
    tp_strict: int = 0
    fp_strict: int = 0
    tp_lax: int = 0
    fp_lax: int = 0

    def __add__(self, other: _Counts) -> _Counts:
        return _Counts(
            self.tp_strict + other.tp_strict,
            self.fp_strict + other.fp_strict,
            self.tp_lax + other.tp_lax,
            self.fp_lax + other.fp_lax,
        )


def _precision(gold: Sequence[_Key], test: Sequence[_Key]) -> _Counts:
    gold_set = set(gold)
    # Union over gold beads that hold a source id: equivalent to Vecalign's nested loops.
    gold_tgt_of: dict[int, set[int]] = {}
    for src, tgt in gold:
        for i in src:
            gold_tgt_of.setdefault(i, set()).update(tgt)
    tp_s = fp_s = tp_l = fp_l = 0
    for src, tgt in test:
        if not src and not tgt:
            continue
        if (src, tgt) in gold_set:
            tp_s += 1
            tp_l += 1
            continue
        fp_s += 1
        if any(not gold_tgt_of.get(i, set()).isdisjoint(tgt) for i in src):
            tp_l += 1
        else:
            fp_l += 1
    return _Counts(tp_s, fp_s, tp_l, fp_l)


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return _div(2 * p * r, p + r)


def score_alignments(pairs: Sequence[tuple[Sequence[Bead], Sequence[Bead]]]) -> Scores:
    """Micro-averaged scores over ``(gold, test)`` bead lists, one pair per document."""
    pc = rc = _Counts()
    for gold, test in pairs:
        g = [(b.src, b.tgt) for b in gold]
        t = [(b.src, b.tgt) for b in test]
        pc += _precision(g, t)
        rc += _precision([x for x in t if x[0] and x[1]], [x for x in g if x[0] and x[1]])
    p_s = _div(pc.tp_strict, pc.tp_strict + pc.fp_strict)
    p_l = _div(pc.tp_lax, pc.tp_lax + pc.fp_lax)
    r_s = _div(rc.tp_strict, rc.tp_strict + rc.fp_strict)
    r_l = _div(rc.tp_lax, rc.tp_lax + rc.fp_lax)
    return Scores(p_s, r_s, _f1(p_s, r_s), p_l, r_l, _f1(p_l, r_l))


def scores_table(scores: Scores) -> str:
    """Strict and lax precision, recall and F1 as a small fixed-width table."""
    rows = [
        ("strict", scores.p_strict, scores.r_strict, scores.f1_strict),
        ("lax", scores.p_lax, scores.r_lax, scores.f1_lax),
    ]
    lines = [f"{'':8}{'precision':>10}{'recall':>10}{'F1':>10}"]
    lines += [f"{name:8}{p:>10.4f}{r:>10.4f}{f:>10.4f}" for name, p, r, f in rows]
    return "\n".join(lines) + "\n"


def read_bead_pairs(gold: Path, test: Path) -> list[tuple[list[Bead], list[Bead]]]:
    """(gold, test) bead lists: one file pair, or two folders of ``.align`` files paired by
    file name."""
    for path in (gold, test):
        if not (path.exists() or is_stdin(path)):
            raise InputError(f"{path}: no such file or folder")
    if gold.is_dir() != test.is_dir():
        raise InputError(f"{gold}, {test}: give two .align files or two folders of them")
    if not gold.is_dir():
        names = [(gold, test)]
    else:
        gold_files, test_files = _align_files_in(gold), _align_files_in(test)
        for name in sorted(gold_files.keys() ^ test_files.keys()):
            missing = test if name in gold_files else gold
            raise InputError(f"{missing / name}: missing (its counterpart exists); pair every file")
        names = [(gold_files[n], test_files[n]) for n in gold_files]
    pairs = [(read_beads(g, gold=True), read_beads(t)) for g, t in names]
    for (gold_beads, test_beads), (_, test_path) in zip(pairs, names, strict=True):
        check_test_ids(gold_beads, test_beads, test_path)
    return pairs


def check_test_ids(gold: Sequence[Bead], test: Sequence[Bead], name: Path) -> None:
    """Refuse a test bead past the documents the gold describes, when the gold lists every
    sentence of both (a monotonic gold does; a paraphrase gold may leave some out, and then
    nothing is known past its last id)."""
    src = {i for b in gold for i in b.src}
    tgt = {j for b in gold for j in b.tgt}
    if src == set(range(len(src))) and tgt == set(range(len(tgt))):
        check_bounds(test, len(src), len(tgt), name)


def read_beads(path: Path, *, gold: bool = False) -> list[Bead]:
    """The beads of a ``.align`` file, or of a TSV/JSONL alignment (``glossalign align``'s,
    whose ids are the documents' sentences). A bilingual CAT file (XLIFF, TMX, PO) is refused:
    its beads are the translator's segments, not sentence ids a gold can be scored against
    (and a TMX leaves out the insertions and deletions). A ``gold`` ``.align`` file may hold
    beads in any order (one warning names the first out of order); they are scored as any
    other."""
    from align.readers.bilingual import BILINGUAL_SUFFIXES

    suffix = path.suffix.lower()
    if suffix in BILINGUAL_SUFFIXES:
        raise InputError(
            f"{path}: a bilingual {suffix} file has segments, not the documents' sentence ids; "
            "evaluate a .align, .tsv or .jsonl file written by glossalign align"
        )
    text = None if suffix in (".tsv", ".jsonl") else read_text(path, limit=ALIGNMENTS)
    if text is None or (is_stdin(path) and not text.lstrip().startswith("[")):
        from align.formats import read_alignment  # standard input: TSV or JSONL by content

        return list(read_alignment(path).beads)
    return parse_beads(text, path, any_order=gold)


def _align_files_in(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    files = {p.name: p for p in sorted(folder.glob("*.align"))}
    if not files:
        raise InputError(f"{folder}: no .align files")
    return files


def _one_sided(beads: Sequence[Bead]) -> set[tuple[str, int]]:
    """The sentences of the beads with one side empty, as ("src", i) or ("tgt", j)."""
    out = {("src", i) for b in beads if not b.tgt for i in b.src}
    return out | {("tgt", j) for b in beads if not b.src for j in b.tgt}


def one_sided_scores(
    pairs: Sequence[tuple[Sequence[Bead], Sequence[Bead]]],
) -> tuple[float, float, int]:
    """Precision and recall of the sentences left unaligned (in a bead with one side empty),
    micro-averaged over ``(gold, test)`` pairs, and how many gold ones there are."""
    hit = found = total = 0
    for gold, test in pairs:
        g, t = _one_sided(gold), _one_sided(test)
        hit, found, total = hit + len(g & t), found + len(t), total + len(g)
    return _div(hit, found), _div(hit, total), total
