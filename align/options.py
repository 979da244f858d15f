"""Command-line options shared by several commands: declared once, reused by every command
(align, bench, run, and later review and batch)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal

import typer

from align.errors import fail
from align.io import Encoding
from align.pipeline import Split


def unit_interval(
    ctx: typer.Context, param: typer.CallbackParam, value: float | None
) -> float | None:
    """Option callback: a number from 0 to 1, else one error line and exit 1 (click's own
    range check prints a usage box, exits 2 and lets ``nan`` through)."""
    if value is not None and not 0.0 <= value <= 1.0:
        raise fail(f"{param.opts[0]} {value:g}: give a number from 0 to 1")
    return value


def _glossary_parser(fix: str) -> Callable[[str], Path]:
    def parse(raw: str) -> Path:
        # Path("") is the current folder: say what is wrong instead of "is a directory".
        if not raw.strip():
            raise fail(f"--glossary is empty: give a glossary file (CSV, TSV, xlsx or TBX){fix}")
        return Path(raw)

    return parse


#: Option parsers of ``--glossary``: an empty name is one error line.
glossary_path = _glossary_parser("")
run_glossary_path = _glossary_parser(", or --no-glossary to check none")

LangOption = Annotated[
    Literal["auto", "en", "zh"],
    typer.Option("--lang", help="Language of the text; auto: decided by the share of CJK letters."),
]
EncodingOption = Annotated[
    Encoding,
    typer.Option(
        "--encoding", help="Input encoding; auto: UTF-8, else GB18030, else Big5 (BOM tolerated)."
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
    typer.Option(
        "--low-confidence", callback=unit_interval, help="Flag beads scoring below this (0-1)."
    ),
]
ThresholdOption = Annotated[
    float | None,
    typer.Option(
        "--threshold",
        callback=unit_interval,
        help="Paraphrase mode: keep links scoring at least this (0-1, default 0.5; higher is "
        "more precise, lower finds more).",
    ),
]
