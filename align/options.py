"""The command line's vocabulary: every option or argument that more than one command takes is
declared here once, so a name, a short flag or a help text is the same wherever it appears.

Exit codes, for every command: 0 done; 1 bad input (one line on stderr, nothing written);
2 usage error (an unknown option, a missing argument); 3 glossary findings were written
(``--fail-on-findings``, the default of every command that checks a glossary).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal, TypeVar

import typer

from align.beads import Mode
from align.errors import InputError, fail
from align.io import Encoding
from align.languages import check_tag
from align.pipeline import Split
from align.readers import DocFormat
from align.readers.document import CodeMode, HtmlMode

F = TypeVar("F", bound=str)

#: Exit status of a command whose glossary check found something.
EXIT_FINDINGS = 3


def example(command: str) -> str:
    """A command's ``--help`` epilog: one example line, never rewrapped (click's ``\\b``). The
    docs' command reference shows it and tests/test_readme_commands.py runs it."""
    return f"\b\nExample: {command}"


SourceArgument = Annotated[Path, typer.Argument(metavar="SOURCE", help="The Chinese original.")]
TargetArgument = Annotated[Path, typer.Argument(metavar="TARGET", help="The English translation.")]


def unit_interval(
    ctx: typer.Context, param: typer.CallbackParam, value: float | None
) -> float | None:
    """Option callback: a number from 0 to 1, else one error line and exit 1 (click's own
    range check prints a usage box, exits 2 and lets ``nan`` through)."""
    if value is not None and not 0.0 <= value <= 1.0:
        raise fail(f"{param.opts[0]} {value:g}: give a number from 0 to 1")
    return value


def whole_number(low: int, high: int) -> Callable[[typer.Context, typer.CallbackParam, int], int]:
    """Option callback: a whole number from ``low`` to ``high`` (or no value: the default),
    else one error line and exit 1. Every option that sizes work has such an upper bound."""

    def check(ctx: typer.Context, param: typer.CallbackParam, value: int) -> int:
        if value is not None and not low <= value <= high:
            raise fail(f"{param.opts[0]} {value}: give a whole number from {low:,} to {high:,}")
        return value

    return check


#: Encoder (``--workers`` of align, run) or Dask worker processes (batch): each loads a model.
MAX_WORKERS = 16


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


def language_tag(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """Option callback: a valid BCP 47 tag (``align.languages.check_tag``), else one error
    line and exit 1."""
    try:
        return None if value is None else check_tag(value, param.opts[0])
    except InputError as exc:
        raise fail(str(exc)) from None


SrcLangOption = Annotated[
    str | None,
    typer.Option(
        "--src-lang",
        metavar="BCP47",
        callback=language_tag,
        help="Language of the source (zh-CN, zh-TW, zh-Hant, en...): written as given into the "
        "TMX and TBX, and picks the language of a multilingual termbase [default: Chinese, "
        "zh-TW for Traditional characters, else zh-CN; a termbase's zh one].",
        show_default=False,
    ),
]
TgtLangOption = Annotated[
    str | None,
    typer.Option(
        "--tgt-lang",
        metavar="BCP47",
        callback=language_tag,
        help="Language of the translation (en, en-GB, zh-CN...): as --src-lang [default: en; a "
        "termbase's en one].",
        show_default=False,
    ),
]
LangOption = Annotated[
    Literal["auto", "en", "zh"],
    typer.Option("--lang", help="Language of the text; auto: decided by the share of CJK letters."),
]
EncodingOption = Annotated[
    Encoding,
    typer.Option(
        "--encoding",
        help="Encoding of the documents (default utf-8); auto: detected (UTF-8, else the most "
        "plausible of GB18030, Big5 and UTF-16/32 without BOM; Japanese and Korean legacy "
        "files are refused). A byte-order mark always decides.",
    ),
]
GlossaryEncodingOption = Annotated[
    Encoding,
    typer.Option(
        "--glossary-encoding",
        help="Encoding of a CSV/TSV glossary (default auto: a BOM, else UTF-8, else the more "
        "plausible of GB18030 and Big5; Excel's Unicode text is UTF-16). The delimiter is "
        "told from the content.",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="File to write atomically (default: stdout)."),
]
OutputDirOption = Annotated[
    Path,
    typer.Option("--output", "-o", help="Folder for every output (created when missing)."),
]
GlossaryOption = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        "-g",
        parser=glossary_path,
        help="Glossary (CSV, TSV, TBX or XLSX): check the translation.",
    ),
]
SplitOption = Annotated[
    Split,
    typer.Option(
        "--split",
        help="auto: run the segmenter; lines: one sentence a line as given (blank lines "
        "skipped: id k is the k-th non-blank line, from 0).",
    ),
]
ModeOption = Annotated[
    Mode,
    typer.Option(
        "--mode",
        help="monotonic: beads in order, every sentence once; paraphrase: links between "
        "single sentences (one bead each) in any order, many-to-one allowed, sentences "
        "may stay unlinked.",
    ),
]
EncoderOption = Annotated[
    str,
    typer.Option(
        "--encoder",
        "-e",
        help="use-m3, e5-small-q4, st:NAME_OR_PATH (a sentence-transformers model, needs "
        "glossalign[st]; offline unless HF_HUB_OFFLINE=0) or default.",
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
WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        callback=whole_number(1, MAX_WORKERS),
        help=f"Encoder processes for one document, each loading the model once (default 1, at "
        f"most {MAX_WORKERS}); the alignment is the same for any number.",
    ),
]
FromOption = Annotated[
    DocFormat,
    typer.Option(
        "--from",
        help="Format of the documents: auto goes by extension (.md/.markdown/.mdx markdown, "
        ".html/.htm/.xhtml html, .docx docx, .txt text), else by content (an HTML doctype or "
        "root element, a Word package), else plain text; text, markdown, html or docx reads "
        "every document given as that format.",
    ),
]
CodeOption = Annotated[
    CodeMode,
    typer.Option(
        "--code",
        help="Code blocks of Markdown and HTML: drop gives them no sentences; comments keeps "
        "their comment lines (#, //, /* */, <!-- -->, --) as sentences.",
    ),
]
HtmlOption = Annotated[
    HtmlMode,
    typer.Option(
        "--html",
        help="Web pages: main reads the page's content without its navigation, headers, "
        "footers, sidebars and permalink marks; all reads every visible text.",
    ),
]
ReportFormat = Literal["text", "json"]
ReportFormatOption = Annotated[
    ReportFormat,
    typer.Option("--format", "-f", help="text: a table to read; json: one JSON object."),
]
#: ``--json``, the old spelling of ``--format json``: still accepted, unlisted.
JsonOption = Annotated[bool, typer.Option("--json", hidden=True, help="Same as --format json.")]
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
MinScoreOption = Annotated[
    float,
    typer.Option(
        "--min-score",
        callback=unit_interval,
        help="TMX output only: keep the units scoring at least this (0-1) as written in the "
        "file (3 decimals: 0.950 passes 0.95), so that a CAT tool gets only confident ones. "
        "One-sided beads are never units.",
    ),
]
KeepIdenticalOption = Annotated[
    bool,
    typer.Option(
        "--keep-identical",
        help="TMX output only: also keep the units whose two sides are the same text (case, "
        "width, spaces and punctuation aside) or hold no words (numbers, code, paths).",
    ),
]
FailOnFindingsOption = Annotated[
    bool,
    typer.Option(
        "--fail-on-findings/--no-fail-on-findings",
        help=f"Exit with code {EXIT_FINDINGS} when the glossary check finds anything (the "
        "outputs are written either way).",
    ),
]


def output_format(given: F | None, output: Path | None, suffixes: dict[str, F], default: F) -> F:
    """``--format`` when given, else the format the ``-o`` file's extension names (``.xlsx``,
    ``.json``…), else ``default``; xlsx, a binary format, needs ``-o`` (one error line)."""
    chosen = given or (suffixes.get(output.suffix.lower()) if output else None) or default
    if chosen == "xlsx" and output is None:
        from align.workbook import xlsx_needs_a_file

        raise InputError(xlsx_needs_a_file())
    return chosen


def report_format(fmt: ReportFormat, as_json: bool) -> ReportFormat:
    """``--format``, or json when the hidden ``--json`` is given."""
    return "json" if as_json else fmt


def exit_for_findings(findings: int, fail_on_findings: bool) -> None:
    """The exit rule shared by every command that checks a glossary."""
    if findings and fail_on_findings:
        raise typer.Exit(EXIT_FINDINGS)


# `run`: both documents or neither (the seeds letter), a glossary by default with the seeds.
RunSourceArgument = Annotated[
    Path | None,
    typer.Argument(
        metavar="SOURCE",
        help="The Chinese original [default: the seeds letter, seeds/letter.zh.txt, found "
        "from any working directory].",
        show_default=False,
    ),
]
RunTargetArgument = Annotated[
    Path | None,
    typer.Argument(
        metavar="TARGET",
        help="The English translation [default: seeds/letter.en.txt].",
        show_default=False,
    ),
]
RunGlossaryOption = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        "-g",
        parser=run_glossary_path,
        help="Glossary (CSV, TSV, TBX or XLSX) to check [default with the seeds letter: "
        "seeds/glossary.csv].",
    ),
]
NoGlossaryOption = Annotated[
    bool, typer.Option("--no-glossary", help="Check no glossary (no .glossary.csv).")
]
