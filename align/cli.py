"""The `glossalign` command line: argument parsing, console output, error reporting."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from align import __version__
from align.beads import Alignment, Mode
from align.errors import InputError, errors
from align.formats import Format
from align.io import (
    Encoding,
    atomic_write_text,
    emit,
    non_blank_lines,
    read_text,
)

if TYPE_CHECKING:
    from align.beads import Bead
    from align.encoders import Encoder, Progress
    from align.evaluate import Scores
    from glossary.checks import Finding
    from glossary.matching import TermMatcher
    from glossary.model import Glossary

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
    _limit_blas_threads()


def _limit_blas_threads() -> None:
    """One BLAS thread unless the user set OPENBLAS_NUM_THREADS or OMP_NUM_THREADS: the
    aligner's matrix products are small, and on 2 busy cores OpenBLAS threads made a warm
    mac-dev `bench` 4x slower (25-38 s against 6-9 s)."""
    if any(v in os.environ for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")):
        return
    os.environ["OPENBLAS_NUM_THREADS"] = "1"  # read when numpy first loads OpenBLAS
    if "numpy" in sys.modules:  # already loaded (e.g. under tests): limit the live pool
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")


# Commands are registered below, one section per feature.

# --- shared options: declare once, reuse in every command -----------------------------------

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

# --- segment, bench-segment: sentence segmentation (issue 2) --------------------------------


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
    import json

    from align.segment import one_line, segment

    sentences = segment(read_text(file, encoding), lang)
    if fmt == "jsonl":
        rows = [
            json.dumps(
                {"id": i, "paragraph": s.paragraph, "start": s.start, "end": s.end, "text": s.text},
                ensure_ascii=False,
            )
            for i, s in enumerate(sentences)
        ]
    else:
        rows = [one_line(s.text) for s in sentences]
    emit("".join(row + "\n" for row in rows), output)


@app.command()
@errors
def bench_segment(
    data_dir: Annotated[
        Path, typer.Argument(help="Directory with en/*.txt and zh/*.txt, one gold sentence a line.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Sentence-boundary precision, recall and F1 of the segmenter against gold files."""
    import json

    from align.beads import Lang
    from align.segbench import Score, format_report, report_dict, score_document, total

    if not data_dir.is_dir():
        raise InputError(f"{data_dir}: no such directory")
    known: tuple[Lang, ...] = ("en", "zh")
    langs = [lang for lang in known if (data_dir / lang).is_dir()]
    if not langs:
        raise InputError(
            f"{data_dir}: no en/ or zh/ subdirectory; "
            "expected en/NNN.txt and zh/NNN.txt with one gold sentence a line"
        )
    by_lang: dict[str, Score] = {}
    docs: dict[str, int] = {}
    for lang in langs:
        files = sorted((data_dir / lang).glob("*.txt"))
        if not files:
            raise InputError(f"{data_dir / lang}: no .txt files")
        scores = []
        for f in files:
            gold = non_blank_lines(read_text(f))
            scores.append(score_document(gold, lang))
        by_lang[lang] = total(scores)
        docs[lang] = len(files)
    if as_json:
        typer.echo(json.dumps(report_dict(by_lang, docs), ensure_ascii=False))
    else:
        typer.echo(format_report(by_lang, docs), nl=False)


# --- align, evaluate, bench: embedding alignment (issue 3) ----------------------------------

Split = Literal["auto", "lines"]
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


def _sentences(text: str, split: Split) -> list[str]:
    """The sentences to align: the non-blank lines, or the segmenter's sentences on one line."""
    if split == "lines":
        return non_blank_lines(text)
    from align.segment import sentence_texts

    return sentence_texts(text)


def _align_files(
    source: Path,
    target: Path,
    split: Split,
    encoder: Encoder,
    encoding: Encoding,
    progress: Progress,
    mode: Mode = "monotonic",
    threshold: float | None = None,
) -> Alignment:
    from align.aligner import align_sentences
    from align.segment import detect_lang

    texts = read_text(source, encoding), read_text(target, encoding)
    src, tgt = (_sentences(t, split) for t in texts)
    src_lang, tgt_lang = (detect_lang(t) for t in texts)
    if mode == "paraphrase":
        from align.paraphrase import DEFAULT_THRESHOLD, align_paraphrase

        cut = DEFAULT_THRESHOLD if threshold is None else threshold
        return align_paraphrase(
            src, tgt, encoder, src_lang=src_lang, tgt_lang=tgt_lang, threshold=cut
        )
    beads = align_sentences(
        src, tgt, encoder, src_lang=src_lang, tgt_lang=tgt_lang, progress=progress
    )
    return Alignment(tuple(src), tuple(tgt), tuple(beads), src_lang, tgt_lang)


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
    from align.progress import stderr_progress

    if threshold is not None and mode != "paraphrase":
        raise InputError("--threshold applies to --mode paraphrase only")
    chosen = fmt or (format_for_path(output) if output else None) or "beads"
    with stderr_progress() as progress:
        model = load_encoder(encoder, cache=not no_cache, progress=progress)
        alignment = _align_files(
            source, target, split, model, encoding, progress, mode, threshold
        )
    emit(render(alignment, chosen), output)


def _align_files_in(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    files = {p.name: p for p in sorted(folder.glob("*.align"))}
    if not files:
        raise InputError(f"{folder}: no .align files")
    return files


def _bead_pairs(gold: Path, test: Path) -> list[tuple[list[Bead], list[Bead]]]:
    """(gold, test) bead lists: one file pair, or two folders paired by file name."""
    from align.beads import parse_beads

    for path in (gold, test):
        if not path.exists():
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
    return [(parse_beads(read_text(g), g), parse_beads(read_text(t), t)) for g, t in names]


def _scores_table(scores: Scores) -> str:
    rows = [
        ("strict", scores.p_strict, scores.r_strict, scores.f1_strict),
        ("lax", scores.p_lax, scores.r_lax, scores.f1_lax),
    ]
    lines = [f"{'':8}{'precision':>10}{'recall':>10}{'F1':>10}"]
    lines += [f"{name:8}{p:>10.4f}{r:>10.4f}{f:>10.4f}" for name, p, r, f in rows]
    return "\n".join(lines) + "\n"


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

    from align.evaluate import score_alignments

    pairs = _bead_pairs(gold, test)
    scores = score_alignments(pairs)
    if as_json:
        typer.echo(json.dumps({"documents": len(pairs), **dataclasses.asdict(scores)}))
    else:
        typer.echo(f"{len(pairs)} document(s)\n{_scores_table(scores)}", nl=False)


@app.command()
@errors
def bench(
    data_dir: Annotated[
        Path, typer.Argument(help="Folder with zh/NNN.txt, en/NNN.txt, gold/NNN.align.")
    ],
    encoder: EncoderOption = "default",
    no_cache: NoCacheOption = False,
    as_json: JsonOption = False,
) -> None:
    """Align every zh/NNN.txt to en/NNN.txt (--split lines), score against gold/NNN.align."""
    import dataclasses
    import json
    import time

    from align.beads import check_bounds, parse_beads
    from align.encoders import load_encoder
    from align.evaluate import score_alignments
    from align.progress import stderr_progress

    sources = sorted((data_dir / "zh").glob("*.txt"))
    if not sources:
        raise InputError(
            f"{data_dir}: no zh/*.txt; expected zh/NNN.txt, en/NNN.txt and gold/NNN.align"
        )
    documents = []
    for src in sources:
        tgt, gold = data_dir / "en" / src.name, data_dir / "gold" / f"{src.stem}.align"
        for needed in (tgt, gold):
            if not needed.is_file():
                raise InputError(f"{needed}: missing (counterpart of {src})")
        documents.append((src, tgt, gold))
    start = time.perf_counter()
    pairs, per_document, n_src, n_tgt = [], {}, 0, 0
    with stderr_progress() as progress:
        model = load_encoder(encoder, cache=not no_cache, progress=progress)
        for k, (src, tgt, gold) in enumerate(documents):
            progress("documents", k, len(documents))
            alignment = _align_files(src, tgt, "lines", model, "utf-8", progress)
            gold_beads = _oriented(parse_beads(read_text(gold), gold), alignment)
            check_bounds(gold_beads, len(alignment.src), len(alignment.tgt), gold)
            pairs.append((gold_beads, list(alignment.beads)))
            per_document[src.stem] = score_alignments([pairs[-1]]).f1_strict
            n_src, n_tgt = n_src + len(alignment.src), n_tgt + len(alignment.tgt)
        progress("documents", len(documents), len(documents))
    seconds = time.perf_counter() - start
    scores = score_alignments(pairs)
    result = {
        "documents": len(documents),
        "src_sentences": n_src,
        "tgt_sentences": n_tgt,
        **{k: round(v, 4) for k, v in dataclasses.asdict(scores).items()},
        "seconds": round(seconds, 2),
        "sentences_per_second": round((n_src + n_tgt) / seconds, 1),
        "texts_encoded": model.texts_encoded,
        "encoder": model.name,
        "f1_strict_per_document": {k: round(v, 4) for k, v in per_document.items()},
    }
    if as_json:
        typer.echo(json.dumps(result))
        return
    typer.echo(
        f"{len(documents)} documents, {n_src} + {n_tgt} sentences, encoder {model.name}\n"
        f"{_scores_table(scores)}"
        f"{seconds:.1f} s wall, {result['sentences_per_second']} sentences/s, "
        f"{model.texts_encoded} texts encoded"
    )


def _oriented(gold: list[Bead], alignment: Alignment) -> list[Bead]:
    """Gold beads as (zh ids, en ids). Some gold files (the Bible set) list the English ids
    first: one whose last ids match the documents only the other way round is swapped."""
    from align.beads import Bead

    def ends(beads: list[Bead]) -> tuple[int, int]:
        last_src = max((i for b in beads for i in b.src), default=-1)
        last_tgt = max((j for b in beads for j in b.tgt), default=-1)
        return last_src + 1, last_tgt + 1

    sizes = (len(alignment.src), len(alignment.tgt))
    if ends(gold) != sizes and ends(gold)[::-1] == sizes:
        return [Bead(b.tgt, b.src, b.score) for b in gold]
    return gold


def _read_glossary(path: Path | None) -> Glossary | None:
    from glossary.io import read_glossary

    return None if path is None else read_glossary(path)


def _glossary_findings(
    alignment: Alignment, terms: Glossary | None
) -> tuple[list[Finding], TermMatcher | None]:
    """The glossary's findings on ``alignment`` and its matcher (for highlighting), if given."""
    if terms is None:
        return [], None
    from glossary.checks import check_alignment
    from glossary.matching import TermMatcher

    matcher = TermMatcher(terms)
    return check_alignment(alignment, terms, matcher), matcher


# --- report: the HTML review page (issue 6) -------------------------------------------------


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
    low_confidence: Annotated[
        float,
        typer.Option("--low-confidence", min=0.0, max=1.0, help="Flag beads scoring below this."),
    ] = 0.5,
    title: Annotated[str | None, typer.Option("--title", help="Page title.")] = None,
) -> None:
    """Write one self-contained HTML page to review an alignment and its glossary findings."""
    import tempfile

    from align.formats import read_alignment
    from align.report import render_report
    from align.screenshot import screenshot as take_screenshot

    aligned = read_alignment(alignment)
    documents = [("alignment", str(alignment))]
    findings, matcher = _glossary_findings(aligned, _read_glossary(glossary))
    if glossary is not None:
        documents.append(("glossary", str(glossary)))
    page = render_report(
        aligned,
        findings,
        matcher,
        title=title or f"Alignment review: {alignment.name}",
        documents=documents,
        low_confidence=low_confidence,
    )
    emit(page, output)
    if screenshot is not None:
        if output is not None:
            take_screenshot(output, screenshot)
        else:
            with tempfile.TemporaryDirectory(prefix="glossalign-report-") as tmp:
                html_file = Path(tmp) / "report.html"
                html_file.write_text(page, encoding="utf-8")
                take_screenshot(html_file, screenshot)


# --- bench-paraphrase: the shuffled benchmark of paraphrase mode (issue 7) ------------------


@app.command()
@errors
def bench_paraphrase(
    data_dir: Annotated[
        Path, typer.Argument(help="Directory with zh/NNN.txt, en/NNN.txt and gold/NNN.align.")
    ],
    seed: Annotated[
        int, typer.Option("--seed", help="Shuffle seed (document d uses seed + d).")
    ] = 0,
    threshold: Annotated[
        float | None,
        typer.Option("--threshold", min=0.0, max=1.0, help="Link score cut (default: 0.5)."),
    ] = None,
    keep: Annotated[
        float,
        typer.Option(
            "--keep",
            min=0.0,
            max=1.0,
            help="Keep each English block with this probability: below 1, a sparse retelling.",
        ),
    ] = 1.0,
    encoder: EncoderOption = "default",
    no_cache: NoCacheOption = False,
    as_json: JsonOption = False,
) -> None:
    """Paraphrase links on mac-dev with the English shuffled in blocks of 3-8 sentences:
    precision and recall (over gold sentence pairs) at the threshold and over thresholds."""
    import dataclasses
    import json

    from align.encoders import load_encoder
    from align.paraphrase import DEFAULT_THRESHOLD
    from align.shuffle import format_bench, run_bench

    cut = DEFAULT_THRESHOLD if threshold is None else threshold
    result = run_bench(data_dir, load_encoder(encoder, cache=not no_cache), seed, cut, keep)
    if as_json:
        typer.echo(json.dumps(dataclasses.asdict(result)))
    else:
        typer.echo(format_bench(result), nl=False)


# --- run: the main job (issue 4) ------------------------------------------------------------

SEEDS = Path("seeds")


@app.command()
@errors
def run(
    source: Annotated[
        Path, typer.Option("--source", help="The Chinese original.")
    ] = SEEDS / "letter.zh.txt",
    target: Annotated[
        Path, typer.Option("--target", help="The English translation.")
    ] = SEEDS / "letter.en.txt",
    glossary: Annotated[
        Path | None, typer.Option("--glossary", "-g", help="Glossary CSV or TBX to check.")
    ] = SEEDS / "glossary.csv",
    out: Annotated[Path, typer.Option("--out", help="Folder for every output.")] = Path("output"),
    encoder: EncoderOption = "default",
    no_cache: NoCacheOption = False,
    low_confidence: Annotated[
        float, typer.Option("--low-confidence", min=0.0, max=1.0, help="Flag beads below this.")
    ] = 0.5,
) -> None:
    """Align SOURCE to TARGET, check the glossary, write alignment, findings and review page.

    Outputs, named after the source file (letter.zh.txt -> letter.*): .align, .tsv, .tmx,
    .glossary.csv, .html and, when Chromium is installed, a .png screenshot of the page.
    """
    import time

    from align.encoders import load_encoder
    from align.formats import render
    from align.progress import stderr_progress
    from align.report import render_report
    from align.screenshot import find_chromium
    from align.screenshot import screenshot as take_screenshot
    from glossary.checks import summarize

    started = time.perf_counter()
    stem = out / source.name.split(".")[0]
    terms = _read_glossary(glossary)  # before aligning: a bad glossary must not cost a run
    model = load_encoder(encoder, cache=not no_cache)
    with stderr_progress() as progress:
        alignment = _align_files(source, target, "auto", model, "utf-8", progress)
    written = []
    outputs: tuple[tuple[Format, str], ...] = (
        ("beads", ".align"),
        ("tsv", ".tsv"),
        ("tmx", ".tmx"),
    )
    for fmt, suffix in outputs:
        path = stem.with_suffix(suffix)
        atomic_write_text(path, render(alignment, fmt))
        written.append(path)
    findings, matcher = _glossary_findings(alignment, terms)
    if glossary is not None:
        from glossary.io import format_findings

        path = stem.with_suffix(".glossary.csv")
        atomic_write_text(path, format_findings(findings, "csv"))
        written.append(path)
    documents = [("source", str(source)), ("target", str(target))]
    if glossary is not None:
        documents.append(("glossary", str(glossary)))
    page = stem.with_suffix(".html")
    atomic_write_text(
        page,
        render_report(
            alignment,
            findings,
            matcher,
            title=f"{source.name} \u2194 {target.name}",
            documents=documents,
            low_confidence=low_confidence,
        ),
    )
    written.append(page)
    if find_chromium():
        take_screenshot(page, stem.with_suffix(".png"))
        written.append(stem.with_suffix(".png"))
    low = sum(1 for b in alignment.beads if not b.score >= low_confidence)
    kinds = ", ".join(f"{n} {k}" for k, n in summarize(findings).items() if n) or "none"
    typer.echo(
        f"{len(alignment.src)} source and {len(alignment.tgt)} target sentences, "
        f"{len(alignment.beads)} beads, {low} below {low_confidence:g} confidence; "
        f"glossary findings: {kinds if glossary is not None else 'no glossary given'} "
        f"({time.perf_counter() - started:.1f} s)"
    )
    for path in written:
        typer.echo(f"  {path}")


# --- glossary: lint, export, check, extract (issue 5) ---------------------------------------

from glossary.cli import glossary_app  # noqa: E402

app.add_typer(glossary_app, name="glossary")
