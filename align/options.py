"""Command-line options shared by several commands: declared once, reused by every command
(align, bench, run, and later review and batch)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from align.io import Encoding
from align.pipeline import Split

LangOption = Annotated[
    Literal["auto", "en", "zh"],
    typer.Option("--lang", help="Language of the text; auto: decided by the share of CJK letters."),
]
EncodingOption = Annotated[
    Encoding,
    typer.Option(
        "--encoding",
        help="Input encoding; auto: detected (UTF-8, UTF-16, else the more plausible of "
        "GB18030 and Big5). A byte-order mark always decides.",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="File to write atomically (default: stdout)."),
]
SplitOption = Annotated[
    Split,
    typer.Option(
        "--split",
        help="auto: run the segmenter; lines: one sentence a line as given (blank lines "
        "skipped: id k is the k-th non-blank line, from 0).",
    ),
]
EncoderOption = Annotated[
    str,
    typer.Option(
        "--encoder",
        "-e",
        help="use-m3, e5-small-q4, st:NAME_OR_PATH (a sentence-transformers model; offline "
        "unless HF_HUB_OFFLINE=0) or default.",
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Neither read nor write the embedding cache (default: user cache dir, or "
        "$GLOSSALIGN_CACHE_DIR).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
LowConfidenceOption = Annotated[
    float,
    typer.Option("--low-confidence", min=0.0, max=1.0, help="Flag beads scoring below this."),
]
