"""bench-partial: partial and padded documents, built from each gold chapter (issue 15).

Each chapter of a ``zh/NNN.txt``, ``en/NNN.txt``, ``gold/NNN.align`` folder is aligned as it is
(``clean``) and in four perturbed copies whose removed or added sentences become one-sided gold
beads: ``tail`` (the Chinese keeps only its first 40 % of beads), ``head`` (the English loses
its first 35 %), ``gap`` (the Chinese loses 25 % of the beads from about the middle) and
``splice`` (25 English sentences of the next chapter inserted about the middle). Where the
middle cuts fall and which sentences are spliced in are drawn from ``seed``.

Run as ``python -m align.bench.partial DATA_DIR [--json] [--seed N] [--encoder NAME]``.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from align.aligner import align_sentences
from align.beads import Bead
from align.bench.corpus import corpus_documents, read_gold, read_lines
from align.encoders import Encoder
from align.evaluate import Scores, one_sided_scores, score_alignments
from align.io import InputError
from align.pipeline import blas_threads

Kind = Literal["clean", "tail", "head", "gap", "splice"]
KINDS: tuple[Kind, ...] = ("clean", "tail", "head", "gap", "splice")
SPLICED = 25  # English sentences spliced in
# The acceptance: each perturbation within this of the clean strict F1, and one-sided
# beads found with this precision and recall.
MAX_DROP = 0.03
MIN_ONE_SIDED = 0.9


@dataclass(frozen=True, slots=True)
class Case:
    """One (perturbed) chapter: its sentences and gold beads (Chinese ids first)."""

    name: str
    kind: Kind
    src: tuple[str, ...]
    tgt: tuple[str, ...]
    gold: tuple[Bead, ...]


@dataclass(frozen=True, slots=True)
class KindScore:
    """Scores of every chapter's copy of one kind: strict/lax (``Scores``, precision over all
    output beads, recall over beads with both sides), and precision and recall of the one-sided
    beads (per sentence, over all one-sided gold and output beads)."""

    kind: Kind
    scores: Scores
    one_sided_p: float
    one_sided_r: float
    one_sided_gold: int


@dataclass(frozen=True, slots=True)
class PartialBench:
    documents: int
    seed: int
    kinds: tuple[KindScore, ...]
    seconds: float

    def score(self, kind: Kind) -> KindScore:
        return next(k for k in self.kinds if k.kind == kind)

    def drops(self) -> dict[str, float]:
        """Clean strict F1 less each perturbation's."""
        clean = self.score("clean").scores.f1_strict
        return {k.kind: clean - k.scores.f1_strict for k in self.kinds if k.kind != "clean"}

    def targets_met(self) -> bool:
        perturbed = [k for k in self.kinds if k.kind != "clean"]
        return all(d <= MAX_DROP for d in self.drops().values()) and all(
            min(k.one_sided_p, k.one_sided_r) >= MIN_ONE_SIDED for k in perturbed
        )


def _cut(
    beads: Sequence[Bead], lo: int, hi: int, side: Literal["src", "tgt"]
) -> tuple[list[Bead], set[int]]:
    """Remove ``side``'s sentences of beads ``lo .. hi-1``: their other side becomes one-sided
    beads, later ids on ``side`` close up. Returns the new beads (in order) and the removed ids."""
    removed = {k for b in beads[lo:hi] for k in getattr(b, side)}
    top = max((k for b in beads for k in getattr(b, side)), default=-1) + 1
    new_id = np.cumsum([k not in removed for k in range(top)]) - 1

    def keep(ids: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(int(new_id[k]) for k in ids)

    out: list[Bead] = []
    for k, b in enumerate(beads):
        if lo <= k < hi:
            other = b.tgt if side == "src" else b.src
            out += [Bead((), (j,)) if side == "src" else Bead((j,), ()) for j in other]
        elif side == "src":
            out.append(Bead(keep(b.src), b.tgt))
        else:
            out.append(Bead(b.src, keep(b.tgt)))
    return out, removed


def _without(texts: Sequence[str], removed: set[int]) -> tuple[str, ...]:
    return tuple(t for k, t in enumerate(texts) if k not in removed)


def _splice(case: Case, at: int, foreign: Sequence[str]) -> Case:
    """``foreign`` target sentences inserted before bead ``at``, as one-sided gold beads."""
    beads = case.gold
    j0 = min((j for b in beads[at:] for j in b.tgt), default=len(case.tgt))
    shift = len(foreign)
    moved = [Bead(b.src, tuple(j + shift if j >= j0 else j for j in b.tgt)) for b in beads]
    added = [Bead((), (j0 + k,)) for k in range(shift)]
    tgt = (*case.tgt[:j0], *foreign, *case.tgt[j0:])
    return Case(case.name, "splice", case.src, tgt, (*moved[:at], *added, *moved[at:]))


def perturb(clean: Case, kind: Kind, rng: np.random.Generator, foreign: Sequence[str]) -> Case:
    """The ``kind`` copy of a clean chapter (``foreign``: the sentences a splice draws from)."""
    beads, n = list(clean.gold), len(clean.gold)
    middle = round(n * rng.uniform(0.4, 0.6))
    if kind == "clean":
        return clean
    if kind == "splice":
        start = int(rng.integers(0, max(len(foreign) - SPLICED, 0) + 1))
        return _splice(clean, middle, foreign[start : start + SPLICED])
    gap = round(0.25 * n)
    lo, hi, side = {
        "tail": (round(0.4 * n), n, "src"),
        "head": (0, round(0.35 * n), "tgt"),
        "gap": (middle - gap // 2, middle - gap // 2 + gap, "src"),
    }[kind]
    gold, removed = _cut(beads, lo, hi, side)  # type: ignore[arg-type]
    src = _without(clean.src, removed) if side == "src" else clean.src
    tgt = _without(clean.tgt, removed) if side == "tgt" else clean.tgt
    return Case(clean.name, kind, src, tgt, tuple(gold))


def read_chapters(data_dir: Path) -> list[Case]:
    """Every chapter of ``data_dir`` (``align.bench.corpus``) as a clean case, gold oriented
    Chinese first; a missing or malformed file is an ``InputError``."""
    chapters = []
    for doc in corpus_documents(data_dir):
        src, tgt = read_lines(doc.zh), read_lines(doc.en)
        gold = read_gold(doc, len(src), len(tgt))
        chapters.append(Case(doc.name, "clean", tuple(src), tuple(tgt), tuple(gold)))
    return chapters


def build_cases(chapters: Sequence[Case], seed: int) -> list[Case]:
    """Every chapter in every kind; a splice takes its sentences from the next chapter (its own
    second half when there is only one)."""
    cases = []
    for k, chapter in enumerate(chapters):
        rng = np.random.default_rng([seed, k])
        other = chapters[(k + 1) % len(chapters)]
        foreign = other.tgt if other is not chapter else chapter.tgt[len(chapter.tgt) // 2 :]
        cases += [perturb(chapter, kind, rng, foreign) for kind in KINDS]
    return cases


def score_cases(cases: Sequence[Case], outputs: Sequence[Sequence[Bead]]) -> tuple[KindScore, ...]:
    """Score each kind over its cases' ``outputs`` (one bead list a case, in order)."""
    out = []
    for kind in KINDS:
        pairs = [
            (list(c.gold), list(o)) for c, o in zip(cases, outputs, strict=True) if c.kind == kind
        ]
        if pairs:
            p, r, gold = one_sided_scores(pairs)
            out.append(KindScore(kind, score_alignments(pairs), p, r, gold))
    return tuple(out)


def run_partial_bench(
    data_dir: Path, encoder: Encoder, seed: int = 0, chapters: Sequence[Case] | None = None
) -> PartialBench:
    """Align every case of ``data_dir`` (``build_cases``; ``chapters``: its chapters, when
    already read) and score each kind."""
    start = time.perf_counter()
    chapters = read_chapters(data_dir) if chapters is None else chapters
    cases = build_cases(chapters, seed)
    with blas_threads():  # as align_texts: small products, busy cores
        outputs = [
            align_sentences(list(c.src), list(c.tgt), encoder, src_lang="zh", tgt_lang="en")
            for c in cases
        ]
    kinds = score_cases(cases, outputs)
    return PartialBench(len(chapters), seed, kinds, time.perf_counter() - start)


def report_dict(result: PartialBench) -> dict[str, object]:
    """The result as plain JSON data, figures rounded to 4 places."""
    data = dataclasses.asdict(result)
    data["drops"] = result.drops()
    data["targets_met"] = result.targets_met()
    return json.loads(json.dumps(data), parse_float=lambda x: round(float(x), 4))


def format_bench(result: PartialBench) -> str:
    """A table: strict P/R/F1, drop from clean, one-sided P/R, per kind."""
    drops = result.drops()
    lines = [
        f"{result.documents} chapters, seed {result.seed}, {result.seconds:.1f} s",
        f"{'kind':<8}{'P':>8}{'R':>8}{'F1':>8}{'drop':>8}{'1s-P':>8}{'1s-R':>8}{'1s-gold':>9}",
    ]
    for k in result.kinds:
        s = k.scores
        drop = f"{drops[k.kind]:8.4f}" if k.kind in drops else f"{'':8}"
        lines.append(
            f"{k.kind:<8}{s.p_strict:8.4f}{s.r_strict:8.4f}{s.f1_strict:8.4f}{drop}"
            f"{k.one_sided_p:8.4f}{k.one_sided_r:8.4f}{k.one_sided_gold:9d}"
        )
    lines.append(f"targets met: {'yes' if result.targets_met() else 'no'}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m align.bench.partial DATA_DIR [--json] [--seed N] [--encoder NAME]``."""
    import argparse
    import sys

    from align.encoders import load_encoder

    parser = argparse.ArgumentParser(prog="python -m align.bench.partial")
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--encoder", default="default")
    args = parser.parse_args(argv)
    try:
        chapters = read_chapters(args.data_dir)  # bad input fails before the model loads
        model = load_encoder(args.encoder)
        result = run_partial_bench(args.data_dir, model, args.seed, chapters)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(json.dumps(report_dict(result)) if args.json else format_bench(result), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
