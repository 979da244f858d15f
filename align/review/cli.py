"""The ``glossalign review`` command (wired into ``align.cli`` as
``app.command("review", epilog=EXAMPLE)(review_command)``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from align.errors import errors
from align.options import (
    EncoderOption,
    EncodingOption,
    FromOption,
    GlossaryEncodingOption,
    GlossaryOption,
    SplitOption,
    SrcLangOption,
    TgtLangOption,
    example,
)

#: The --help epilog (the command is declared in align/cli.py).
EXAMPLE = example("glossalign review seeds/letter.zh.txt seeds/letter.en.txt -g seeds/glossary.csv")

PortOption = Annotated[
    int | None,
    typer.Option(
        "--port",
        min=0,
        max=65535,
        help="Port on 127.0.0.1 (default: the session's own, stable across restarts, when "
        "free; 0: any free port).",
    ),
]


@errors
def review_command(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="SOURCE",
            help="The Chinese original, or an alignment to review (TSV, JSONL, XLIFF, "
            "SDLXLIFF, TMX or PO), or the output folder of glossalign batch.",
        ),
    ],
    target: Annotated[
        Path | None,
        typer.Argument(metavar="TARGET", help="The English translation (omit with an alignment)."),
    ] = None,
    glossary: GlossaryOption = None,
    encoder: EncoderOption = "default",
    split: SplitOption = "auto",
    from_: FromOption = "auto",
    port: PortOption = None,
    no_open: Annotated[bool, typer.Option("--no-open", help="Do not open the browser.")] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Folder (or file stem) for the saved alignment and the session file "
            "(default: output/).",
        ),
    ] = None,
    ignore: Annotated[
        Path | None,
        typer.Option(
            "--ignore", help="Ignore list of glossary findings (default: <stem>.ignore.json)."
        ),
    ] = None,
    encoding: EncodingOption = "utf-8",
    glossary_encoding: GlossaryEncodingOption = "auto",
    src_lang: SrcLangOption = None,
    tgt_lang: TgtLangOption = None,
) -> None:
    """Review and correct an alignment in the browser: confirm, merge, split, move sentences,
    re-align around confirmed beads, fix glossary findings, then save.

    Prints the URL (with its access token) on the first line and serves on 127.0.0.1 until
    Ctrl-C; every edit is kept in a session file next to the output.
    """
    try:
        from align.review.server import build_target, serve
        from glossary.io import GlossaryOptions

        session = build_target(
            source, target, glossary=glossary, encoder=encoder, split=split, output=output,
            ignore=ignore, fmt=from_, encoding=encoding,
            glossary_options=GlossaryOptions(glossary_encoding, src_lang, tgt_lang),
            langs=(src_lang, tgt_lang),
        )  # fmt: skip
    except KeyboardInterrupt:
        typer.echo("glossalign: stopped before serving (Ctrl-C)", err=True)
        raise typer.Exit(130) from None
    serve(session, port=port, open_browser=not no_open)
