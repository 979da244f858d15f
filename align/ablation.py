"""What each signal adds: leave-one-document-out F1 with feature groups switched off.

``python -m align.ablation DATA_DIR`` prints a Markdown table (slow: one training per row and
document).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from align.aligner import AlignConfig
from align.evaluate import Scores
from align.train import TRAIN_CONFIG, Document, cross_validate

MARGIN = ("margin", "margin_multi")
MEMBERS = ("min_member", "member_multi", "split_cos", "marks_diff", "skip_local")
LEXICAL = ("lex_src", "lex_tgt", "lex_both")
LENGTH = ("len_dev", "len_multi")
CLAUSES = ("clause_src", "clause_tgt")

# Each row adds one signal group to the row above it.
ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cosine + bead-type priors", MARGIN + MEMBERS + LEXICAL + LENGTH + CLAUSES),
    ("+ length ratio (per-document)", MARGIN + MEMBERS + LEXICAL + CLAUSES),
    ("+ margin against neighbours", MEMBERS + LEXICAL + CLAUSES),
    ("+ bead structure (every member matches, best split, marks, skips)", LEXICAL + CLAUSES),
    ("+ lexical evidence (CC-CEDICT, numbers, names, document lexicon)", CLAUSES),
    ("+ clause cuts (a 1-n bead's single sentence cut where its parts match)", ()),
)


def ablate(docs: Sequence[Document], config: AlignConfig) -> list[tuple[str, Scores]]:
    """One leave-one-out run per row of ``ROWS``."""
    return [
        (name, cross_validate(docs, replace(config, disabled_features=off))[0])
        for name, off in ROWS
    ]


def table(rows: Sequence[tuple[str, Scores]]) -> str:
    lines = ["| signals | strict F1 | lax F1 |", "| --- | ---: | ---: |"]
    lines += [f"| {name} | {s.f1_strict:.4f} | {s.f1_lax:.4f} |" for name, s in rows]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    import sys

    from align.train import prepare_from_args

    args = list(sys.argv[1:] if argv is None else argv)
    config = TRAIN_CONFIG
    docs = prepare_from_args(
        args, "usage: python -m align.ablation DATA_DIR (a folder with zh/, en/, gold/)", config
    )
    print(table(ablate(docs, config)), end="")


if __name__ == "__main__":
    main()
