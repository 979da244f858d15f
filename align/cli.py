"""The `glossalign` command line: options -> ``align.pipeline`` -> console output.

Commands parse their options, call one pipeline (or benchmark) function and print; errors are
InputError, reported on one line by ``align.errors.errors``. Shared options live in
``align.options``; the benchmark commands in ``align.bench.cli``, the glossary commands in
``glossary.cli``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from align import __version__
from align.batch.cli import batch_command
from align.beads import Mode
from align.bench.cli import register as register_bench
from align.errors import errors
from align.formats import Format
from align.io import emit, read_text
from align.options import (
    EncoderOption,
    EncodingOption,
    JsonOption,
    LangOption,
    LowConfidenceOption,
    NoCacheOption,
    OutputOption,
    SplitOption,
)
from align.review.cli import review_command
from glossary.cli import glossary_app

app = typer.Typer(
    name="glossalign",
    help="Align Chinese-English translations and check them against a glossary.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"glossalign {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Align Chinese-English translations and check them against a glossary."""


@app.command("segment")
@errors
def segment_command(
    file: Annotated[Path, typer.Argument(help="Text file to split into sentences.")],
    lang: LangOption = "auto",
    fmt: Annotated[
        Literal["lines", "jsonl"],
        typer.Option(
            "--format",
            help="lines: one sentence a line; jsonl: {id, paragraph, start, end, text} a line.",
        ),
    ] = "lines",
    encoding: EncodingOption = "utf-8",
    output: OutputOption = None,
) -> None:
    """Split a text into sentences (start/end: character offsets into the decoded text)."""
    from align.segment import format_sentences, segment

    emit(format_sentences(segment(read_text(file, encoding), lang), fmt), output)


@app.command("align")
@errors
def align_command(
    source: Annotated[Path, typer.Argument(help="The Chinese original.")],
    target: Annotated[Path, typer.Argument(help="The English translation.")],
    split: SplitOption = "auto",
    encoder: EncoderOption = "default",
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            help="beads: [0,1]:[2]:0.873; tsv; jsonl; tmx (TMX 1.4). Default: from the "
            "--output extension (.align, .tsv, .jsonl, .tmx), else beads.",
        ),
    ] = None,
    output: OutputOption = None,
    no_cache: NoCacheOption = False,
    encoding: EncodingOption = "utf-8",
    mode: Annotated[
        Mode,
        typer.Option(
            "--mode",
            help="monotonic: beads in order, every sentence once; paraphrase: links between "
            "single sentences (one bead each) in any order, many-to-one allowed, sentences "
            "may stay unlinked.",
        ),
    ] = "monotonic",
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            min=0.0,
            max=1.0,
            help="Paraphrase mode: keep links scoring at least this (default 0.5; higher is "
            "more precise, lower finds more).",
        ),
    ] = None,
) -> None:
    """Align a source text with its translation: sentence ids (from 0) and a score per bead."""
    from align.encoders import load_encoder
    from align.formats import format_for_path, render
    from align.pipeline import align_documents
    from align.progress import stderr_progress

    chosen = fmt or (format_for_path(output) if output else None) or "beads"
    with stderr_progress() as progress:
        model = load_encoder(encoder, cache=not no_cache, progress=progress)
        alignment = align_documents(
            source, target, model, split=split, encoding=encoding, mode=mode,
            threshold=threshold, progress=progress,
        )  # fmt: skip
    emit(render(alignment, chosen), output)


@app.command()
@errors
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold .align file, or a folder of NNN.align.")],
    test: Annotated[Path, typer.Argument(help="Test .align file, or a folder of NNN.align.")],
    as_json: JsonOption = False,
) -> None:
    """Strict and lax precision, recall and F1 of TEST beads against GOLD (micro-averaged)."""
    import dataclasses
    import json

    from align.evaluate import read_bead_pairs, score_alignments, scores_table

    pairs = read_bead_pairs(gold, test)
    scores = score_alignments(pairs)
    if as_json:
        typer.echo(json.dumps({"documents": len(pairs), **dataclasses.asdict(scores)}))
    else:
        typer.echo(f"{len(pairs)} document(s)\n{scores_table(scores)}", nl=False)


@app.command()
@errors
def report(
    alignment: Annotated[Path, typer.Argument(help="Alignment written by `glossalign align`.")],
    glossary: Annotated[
        Path | None,
        typer.Option("--glossary", "-g", help="Check the translation and highlight its terms."),
    ] = None,
    output: OutputOption = None,
    screenshot: Annotated[
        Path | None,
        typer.Option("--screenshot", help="Also write a PNG screenshot (needs chromium)."),
    ] = None,
    low_confidence: LowConfidenceOption = 0.5,
    title: Annotated[str | None, typer.Option("--title", help="Page title.")] = None,
) -> None:
    """Write one self-contained HTML page to review an alignment and its glossary findings."""
    from align.pipeline import render_review
    from align.report.screenshot import screenshot as take_screenshot
    from align.report.screenshot import screenshot_html

    page = render_review(alignment, glossary, title=title, low_confidence=low_confidence)
    emit(page, output)
    if screenshot is not None and output is not None:
        take_screenshot(output, screenshot)
    elif screenshot is not None:
        screenshot_html(page, screenshot)


@app.command()
@errors
def run(
    source: Annotated[
        Path | None,
        typer.Option("--source", help="The Chinese original [default: seeds/letter.zh.txt]."),
    ] = None,
    target: Annotated[
        Path | None,
        typer.Option("--target", help="The English translation [default: seeds/letter.en.txt]."),
    ] = None,
    glossary: Annotated[
        Path | None,
        typer.Option(
            "--glossary", "-g", help="Glossary CSV or TBX to check [default: seeds/glossary.csv]."
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for every output.")] = Path("output"),
    encoder: EncoderOption = "default",
    no_cache: NoCacheOption = False,
    low_confidence: LowConfidenceOption = 0.5,
) -> None:
    """Align SOURCE to TARGET, check the glossary, write alignment, findings and review page.

    Outputs, named after the source file (letter.zh.txt -> letter.*): .align, .tsv, .tmx,
    .glossary.csv, .html and, when Chromium is installed, a .png screenshot of the page.
    Without --source/--target/--glossary: the seeds of the glossalign checkout.
    """
    from align.encoders import load_encoder
    from align.pipeline import run_job, seed_inputs
    from align.progress import stderr_progress

    source, target, glossary = seed_inputs(source, target, glossary)
    summary: list[str] = []
    with stderr_progress() as progress:
        model = load_encoder(encoder, cache=not no_cache, progress=progress)
        written = run_job(
            source, target, glossary, out, model, low_confidence=low_confidence,
            progress=progress, log=summary.append,
        )  # fmt: skip
    for line in summary + [f"  {path}" for path in written]:
        typer.echo(line)


register_bench(app)
app.add_typer(glossary_app, name="glossary")
app.command("review")(review_command)
app.command("batch")(batch_command)
