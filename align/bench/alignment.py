"""The alignment benchmark (``glossalign bench``): align every document of a gold corpus
(one sentence a line) and score the beads against the gold."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from align.beads import Bead
from align.bench.corpus import corpus_documents, read_gold
from align.encoders import CountingEncoder
from align.evaluate import Scores, score_alignments, scores_table
from align.pipeline import DocumentOptions, align_documents
from align.progress import Progress, no_progress
from align.timings import Timings


@dataclass(frozen=True, slots=True)
class AlignmentBench:
    """Corpus size, scores (micro-averaged and strict F1 per document), time and encoder."""

    documents: int
    src_sentences: int
    tgt_sentences: int
    scores: Scores
    seconds: float
    texts_encoded: int
    encoder: str
    f1_strict_per_document: dict[str, float]
    dp_seconds: float = 0.0
    feature_seconds: float = 0.0

    @property
    def sentences_per_second(self) -> float:
        return round((self.src_sentences + self.tgt_sentences) / self.seconds, 1)

    @property
    def passes_per_sentence(self) -> float:
        """Texts encoded a sentence of either side (1 when only the sentences were encoded,
        0 when the embedding cache had them all)."""
        return round(self.texts_encoded / max(self.src_sentences + self.tgt_sentences, 1), 3)

    @property
    def dp_feature_share(self) -> float:
        """The share of wall time spent in the DP and the bead features (the rest is mostly
        the encoder)."""
        return round((self.dp_seconds + self.feature_seconds) / max(self.seconds, 1e-9), 3)

    def as_json(self) -> dict[str, Any]:
        """The ``--json`` object: scores and per-document F1 rounded to 4 places."""
        return {
            "documents": self.documents,
            "src_sentences": self.src_sentences,
            "tgt_sentences": self.tgt_sentences,
            **{k: round(v, 4) for k, v in dataclasses.asdict(self.scores).items()},
            "seconds": round(self.seconds, 2),
            "sentences_per_second": self.sentences_per_second,
            "texts_encoded": self.texts_encoded,
            "passes_per_sentence": self.passes_per_sentence,
            "dp_seconds": round(self.dp_seconds, 2),
            "feature_seconds": round(self.feature_seconds, 2),
            "dp_feature_share": self.dp_feature_share,
            "encoder": self.encoder,
            "f1_strict_per_document": {
                k: round(v, 4) for k, v in self.f1_strict_per_document.items()
            },
        }

    def format(self) -> str:
        return (
            f"{self.documents} documents, {self.src_sentences} + {self.tgt_sentences} "
            f"sentences, encoder {self.encoder}\n{scores_table(self.scores)}"
            f"{self.seconds:.1f} s wall, {self.sentences_per_second} sentences/s, "
            f"{self.texts_encoded} texts encoded ({self.passes_per_sentence} a sentence), "
            f"{self.dp_feature_share:.0%} of the time in the DP and features"
        )


def bench_alignment(
    data_dir: Path, encoder: CountingEncoder, progress: Progress = no_progress
) -> AlignmentBench:
    """Align every ``zh/NNN.txt`` to ``en/NNN.txt`` (``--split lines``) and score the beads
    against ``gold/NNN.align``."""
    documents = corpus_documents(data_dir)
    start = time.perf_counter()
    pairs: list[tuple[list[Bead], list[Bead]]] = []
    per_document, n_src, n_tgt = {}, 0, 0
    timings, lines = Timings(), DocumentOptions(split="lines")
    for k, doc in enumerate(documents):
        progress("documents", k, len(documents))
        alignment = align_documents(
            doc.zh, doc.en, encoder, options=lines, progress=progress, timings=timings
        )
        gold = read_gold(doc, len(alignment.src), len(alignment.tgt))
        pairs.append((gold, list(alignment.beads)))
        per_document[doc.name] = score_alignments([pairs[-1]]).f1_strict
        n_src, n_tgt = n_src + len(alignment.src), n_tgt + len(alignment.tgt)
    progress("documents", len(documents), len(documents))
    seconds = time.perf_counter() - start
    return AlignmentBench(
        len(documents), n_src, n_tgt, score_alignments(pairs), seconds,
        encoder.texts_encoded, encoder.name, per_document,
        timings.seconds.get("dp", 0.0), timings.seconds.get("features", 0.0),
    )  # fmt: skip
