"""The pipeline every front end calls: documents -> sentences -> alignment -> review -> files.

``align_texts`` aligns two segmented documents in either mode and returns an ``Alignment``;
``align_documents`` reads and segments two files first (``read_side``: each side in its
declared language, ``align.languages``), as its ``DocumentOptions`` say;
``review`` checks an alignment against a glossary, matching its terms once per bead;
``run_job`` is the ``glossalign run`` job: align, check, write every output.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from align import io
from align.beads import Alignment, Lang, Mode
from align.encoders import Encoder
from align.errors import InputError
from align.formats import Format, render
from align.io import Encoding
from align.output import check_outputs, write_outputs
from align.progress import Progress
from align.readers import (
    DocFormat,
    ReadOptions,
    code_summary,
    document_sentences,
    document_text,
    paragraphed,
    read_document,
)
from align.readers.document import DEFAULTS as DEFAULT_READING
from align.stretches import unaligned_summary
from align.timings import Timings
from align.tmclean import DEFAULT_UNITS, TmFilter
from glossary.checks import Review, check_alignment, find_terms, summarize
from glossary.model import Glossary

if TYPE_CHECKING:
    from align.report.screenshot import PendingShot
    from glossary.io import GlossaryOptions

Split = Literal["auto", "lines"]

#: The seeds job (``glossalign run`` without options): the files shipped in the checkout.
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

#: What ``run_job`` writes besides the findings and the page: format and suffix.
JOB_FORMATS: tuple[tuple[Format, str], ...] = (
    ("beads", ".align"),
    ("tsv", ".tsv"),
    ("jsonl", ".jsonl"),
    ("tmx", ".tmx"),
)


@contextlib.contextmanager
def blas_threads() -> Iterator[None]:
    """One BLAS thread for the aligner's numeric work, unless the user set
    ``OPENBLAS_NUM_THREADS`` or ``OMP_NUM_THREADS``: its matrix products are small, and on 2
    busy cores OpenBLAS threads made a warm mac-dev ``bench`` 4x slower (25-38 s against 6-9 s).
    Scoped, so nothing leaks into the caller's process."""
    if any(v in os.environ for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")):
        yield
        return
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


def align_texts(
    src: Sequence[str],
    tgt: Sequence[str],
    encoder: Encoder,
    *,
    mode: Mode = "monotonic",
    src_lang: Lang,
    tgt_lang: Lang,
    threshold: float | None = None,
    progress: Progress | None = None,
    timings: Timings | None = None,
) -> Alignment:
    """Align two segmented documents: beads in order (``monotonic``) or paraphrase links.

    ``threshold``: the paraphrase link cut (default ``align.paraphrase.DEFAULT_THRESHOLD``);
    it applies to ``mode="paraphrase"`` only. ``timings``: where the monotonic aligner
    records its stages (``align.timings``)."""
    _check_threshold(mode, threshold)
    check_size(len(src), len(tgt))
    with blas_threads():
        if mode == "paraphrase":
            from align.paraphrase import DEFAULT_THRESHOLD, align_paraphrase

            cut = DEFAULT_THRESHOLD if threshold is None else threshold
            return align_paraphrase(
                src, tgt, encoder, src_lang=src_lang, tgt_lang=tgt_lang, threshold=cut
            )
        from align.aligner import align_sentences

        beads = align_sentences(
            list(src), list(tgt), encoder, src_lang=src_lang, tgt_lang=tgt_lang,
            progress=progress, timings=timings,
        )  # fmt: skip
    return Alignment(tuple(src), tuple(tgt), tuple(beads), src_lang, tgt_lang)


#: Sentences (both sides together) one alignment may hold: memory grows with them, about
#: 40 KB a sentence (Bible 006, 42,687 + 30,000 lines: 2.83 GB peak; synthetic 16,000 +
#: 16,000: 1.66 GB), so this keeps a run under 4 GiB. Longer works are aligned in parts
#: (chapters) with ``glossalign batch``.
MAX_SENTENCES = 80_000


def check_size(n: int, m: int) -> None:
    """Refuse an alignment over ``MAX_SENTENCES`` before any work, with the way around it."""
    if n + m > MAX_SENTENCES:
        raise InputError(
            f"{n:,} + {m:,} sentences are over the {MAX_SENTENCES:,} one alignment holds "
            f"(memory grows with them, up to about 4 GiB); {io.DOCUMENTS.fix}"
        )


def check_document_size(path: Path) -> None:
    """Refuse a document file over ``align.io.MAX_DOCUMENT_BYTES`` before reading it."""
    io.check_size(path, io.DOCUMENTS)


def _check_threshold(mode: Mode, threshold: float | None) -> None:
    if threshold is not None and mode != "paraphrase":
        raise InputError("--threshold applies to --mode paraphrase only")


@dataclass(frozen=True, slots=True)
class DocumentOptions:
    """How two documents are read and aligned (``--split``, ``--from``, ``--encoding``,
    ``--mode``, ``--threshold``, ``--src-lang``, ``--tgt-lang``, ``--code``, ``--html``).
    ``fmt``: see ``align.readers.read_document``; ``encoding``: as ``align.io.decode_text``,
    the library default detects it, the command line's is UTF-8; ``threshold``: see
    ``align_texts``, given with another mode it is an InputError; ``src_lang``/``tgt_lang``:
    the sides' declared BCP 47 tags (checked here), None for Chinese source and English
    target (``align.languages``); ``reading``: how code blocks and web pages are read."""

    split: Split = "auto"
    fmt: DocFormat = "auto"
    encoding: Encoding = "auto"
    mode: Mode = "monotonic"
    threshold: float | None = None
    src_lang: str | None = None
    tgt_lang: str | None = None
    reading: ReadOptions = DEFAULT_READING

    def __post_init__(self) -> None:
        from align.languages import check_tag

        _check_threshold(self.mode, self.threshold)
        for tag, option in ((self.src_lang, "--src-lang"), (self.tgt_lang, "--tgt-lang")):
            if tag is not None:
                check_tag(tag, option)


@dataclass(frozen=True, slots=True)
class Side:
    """One document read for alignment: its sentences, the language whose rules read it, its
    BCP 47 tag (as declared, else ``align.languages.default_tag``), a warning when its text
    looks like the other language (``align.languages.content_warning``), the line about its
    code blocks left out (``align.readers.code_summary``) and the paragraph of each sentence
    (``align.readers.paragraphed``; None with ``split="lines"``)."""

    sentences: tuple[str, ...]
    lang: Lang
    tag: str
    warning: str | None = None
    code: str | None = None
    paragraphs: tuple[int, ...] | None = None


def read_side(path: Path, options: DocumentOptions, side: Literal[0, 1]) -> Side:
    """Read and segment the source (``side`` 0) or target (1) document in the language the
    options declare for it; the text decides nothing but the warning and an undeclared
    Chinese side's tag (zh-TW for Traditional characters)."""
    from align.languages import content_warning, default_tag, side_lang

    declared = (options.src_lang, options.tgt_lang)[side]
    lang = side_lang(declared, side)
    doc = read_document(path, options.fmt, options.encoding, options.reading)
    text = document_text(doc)
    tag = declared or default_tag(lang, text)
    if options.split == "lines":
        sentences, paragraphs = tuple(document_sentences(doc, "lines", lang)), None
    else:
        sentences, paragraphs = paragraphed(doc, lang)
    warning = content_warning(path.name, tag, lang, text)
    return Side(sentences, lang, tag, warning, code_summary(doc, options.reading), paragraphs)


def align_documents(
    source: Path,
    target: Path,
    encoder: Encoder,
    *,
    options: DocumentOptions = DocumentOptions(),
    progress: Progress | None = None,
    timings: Timings | None = None,
    on_warning: Callable[[str], None] | None = None,
    log: Callable[[str], None] | None = None,
) -> Alignment:
    """Read, segment and align two documents as ``options`` say (see ``align_texts``); the
    alignment carries the sides' tags, ``on_warning`` gets each side's content warning
    (``read_side``) and ``log`` a line per document whose code blocks were left out."""
    check_document_size(source)
    check_document_size(target)
    src, tgt = read_side(source, options, 0), read_side(target, options, 1)
    for callback, lines in ((on_warning, (src.warning, tgt.warning)), (log, (src.code, tgt.code))):
        for line in lines:
            if line is not None and callback is not None:
                callback(line)
    alignment = align_texts(
        src.sentences, tgt.sentences, encoder, mode=options.mode, src_lang=src.lang,
        tgt_lang=tgt.lang, threshold=options.threshold, progress=progress, timings=timings,
    )  # fmt: skip
    return replace(alignment, tags=(src.tag, tgt.tag))


def review(alignment: Alignment, glossary: Glossary | None) -> Review:
    """The glossary's findings on ``alignment`` and the terms found in each bead (for the
    report); without a glossary, an empty review."""
    if glossary is None:
        return Review(None)
    from glossary.matching import TermMatcher

    matcher = TermMatcher(glossary)
    terms = find_terms(alignment, matcher)
    findings = check_alignment(alignment, glossary, matcher, terms)
    return Review(glossary, tuple(findings), tuple(terms))


def seed_inputs(
    source: Path | None, target: Path | None, glossary: Path | None, *, with_glossary: bool = True
) -> tuple[Path, Path, Path | None]:
    """The ``run`` job's inputs: the ones given, the checkout's seeds for the others (shown
    relative to the working directory when inside it); no glossary unless ``with_glossary``.
    Missing seeds are an InputError."""
    here = Path.cwd()
    seeds = SEEDS.relative_to(here) if SEEDS.is_relative_to(here) else SEEDS
    chosen = (
        source or seeds / "letter.zh.txt",
        target or seeds / "letter.en.txt",
        (glossary or seeds / "glossary.csv") if with_glossary else None,
    )
    for given, path in zip((source, target, glossary), chosen, strict=True):
        if given is None and path is not None and not path.is_file():
            raise InputError(
                f"{path}: no such file; the default inputs of `glossalign run` are the seeds of "
                "a glossalign checkout: give SOURCE, TARGET and --glossary"
            )
    return chosen


def job_summary(
    alignment: Alignment, checked: Review, low_confidence: float, seconds: float
) -> str:
    """The one line ``glossalign run`` prints about a finished job."""
    low = sum(1 for b in alignment.beads if not b.score >= low_confidence)
    kinds = ", ".join(f"{n} {k}" for k, n in summarize(checked.findings).items() if n) or "none"
    return (
        f"{len(alignment.src)} source and {len(alignment.tgt)} target sentences, "
        f"{len(alignment.beads)} beads, {low} below {low_confidence:g} confidence; "
        f"glossary findings: {kinds if checked.glossary is not None else 'no glossary given'} "
        f"({seconds:.1f} s)"
    )


def run_job(
    source: Path,
    target: Path,
    glossary: Path | None,
    out: Path,
    encoder: Encoder,
    *,
    options: DocumentOptions = DocumentOptions(),
    low_confidence: float = 0.5,
    units: TmFilter = DEFAULT_UNITS,
    progress: Progress | None = None,
    log: Callable[[str], None] | None = None,
    on_review: Callable[[Review], None] | None = None,
    glossary_options: GlossaryOptions | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> list[Path]:
    """Align ``source`` to ``target``, check the glossary and write every output into ``out``,
    named after the source file (letter.zh.txt -> letter.*): .align, .tsv, .jsonl, .tmx,
    .glossary.csv and .glossary.xlsx (with a glossary), .html and, when Chromium is installed,
    a .png of the page. ``options``: how the documents are read and aligned; ``units``: which
    beads the TMX keeps (``align.tmclean``). Outputs are checked before the work and written
    as a set: all of them or none. Returns the paths written, in that order; ``log`` gets the
    lines about code blocks left out, the one-line summary, then the unaligned stretches
    (``align.stretches``), and ``on_review`` the glossary check (for the caller's exit
    status); ``glossary_options``: how the glossary is read (``--glossary-encoding``,
    ``--src-lang``…); ``on_warning`` gets the documents' language warnings (``read_side``)."""
    from align.report.screenshot import pending_screenshot
    from glossary.io import read_glossary

    started = time.perf_counter()
    paths = _job_paths(source, glossary is not None, out)
    # a bad glossary fails first
    terms = None if glossary is None else read_glossary(glossary, glossary_options)
    with contextlib.ExitStack() as stack:
        # Chromium starts now: its start-up overlaps the alignment (align.report.screenshot)
        shot = stack.enter_context(pending_screenshot()) if paths[-1].suffix == ".png" else None
        alignment = align_documents(
            source, target, encoder, options=options, progress=progress, log=log,
            on_warning=on_warning,
        )  # fmt: skip
        checked = review(alignment, terms)
        inputs = (source, target, glossary)
        data = _job_data(alignment, checked, inputs, low_confidence, units, shot)
    write_outputs(list(zip(paths, data, strict=True)))
    if log is not None:
        log(job_summary(alignment, checked, low_confidence, time.perf_counter() - started))
        for line in unaligned_summary(alignment):
            log(line)
    if on_review is not None:
        on_review(checked)
    return paths


def _job_paths(source: Path, with_glossary: bool, out: Path) -> list[Path]:
    """The ``run`` job's output paths, checked before any work (``align.output``)."""
    from align.report.screenshot import find_chromium

    stem = out / output_stem(source)
    suffixes = [suffix for _, suffix in JOB_FORMATS]
    suffixes += [".glossary.csv", ".glossary.xlsx"] * with_glossary + [".html"]
    suffixes += [".png"] * bool(find_chromium())
    paths = [stem.with_name(stem.name + suffix) for suffix in suffixes]
    if (out.exists() and not out.is_dir()) or str(out) == "-":
        raise InputError(f"{out}: not a directory; give a folder for the outputs")
    check_outputs(paths)
    return paths


def _job_data(
    alignment: Alignment,
    checked: Review,
    inputs: tuple[Path, Path, Path | None],
    low_confidence: float,
    units: TmFilter,
    shot: PendingShot | None,
) -> list[bytes]:
    """The ``run`` job's outputs in ``_job_paths`` order: the page is made first and given to
    ``shot`` (whose PNG comes last), which renders it while the others are made."""
    from align.report.html import render_report
    from glossary.io import findings_xlsx, format_findings

    source, target, glossary = inputs
    documents = [("source", str(source)), ("target", str(target))]
    if glossary is not None:
        documents.append(("glossary", str(glossary)))
    page = render_report(
        alignment, checked, title=f"{source.name} \u2194 {target.name}", documents=documents,
        low_confidence=low_confidence,
    ).encode("utf-8")  # fmt: skip
    if shot is not None:
        shot.give(page)
    texts: list[str | bytes] = [render(alignment, f, units=units) for f, _ in JOB_FORMATS]
    if glossary is not None:
        texts += [format_findings(checked.findings, "csv"), findings_xlsx(checked.findings)]
    data = [t if isinstance(t, bytes) else t.encode("utf-8") for t in texts] + [page]
    if shot is not None:
        data.append(shot.png("the report page"))
    return data


def output_stem(source: Path) -> str:
    """The name ``run`` gives its outputs: the source's name up to its first dot, leading dots
    skipped (letter.zh.txt -> letter, .hidden.zh.txt -> hidden); "output" when nothing is left
    or the source is standard input (``-``)."""
    return source.name.lstrip(".").split(".")[0].removeprefix("-") or "output"


def render_review(
    alignment: Path,
    glossary: Path | None,
    *,
    title: str | None,
    low_confidence: float,
    glossary_options: GlossaryOptions | None = None,
) -> str:
    """The review page of an alignment file (``glossalign report``), checked against
    ``glossary`` when given."""
    from align.formats import read_any_alignment
    from align.report.html import render_report
    from glossary.io import read_glossary

    aligned = read_any_alignment(alignment)
    documents = [("alignment", str(alignment))]
    checked = review(
        aligned, None if glossary is None else read_glossary(glossary, glossary_options)
    )
    if glossary is not None:
        documents.append(("glossary", str(glossary)))
    return render_report(
        aligned, checked, title=title or f"Alignment review: {alignment.name}",
        documents=documents, low_confidence=low_confidence,
    )  # fmt: skip


def write_report(page: str, output: Path | None, screenshot: Path | None) -> None:
    """Write the report ``page`` to ``output`` (stdout when None) and its PNG to
    ``screenshot``: both or neither. Chromium and both paths are checked before the work."""
    from align.report.screenshot import screenshot_bytes

    data = page.encode("utf-8")
    outputs = [(output or Path("-"), data)]  # "-": stdout, written with the set
    if screenshot is not None:
        outputs.append((screenshot, screenshot_bytes(data)))
    write_outputs(outputs)


def check_report_outputs(output: Path | None, screenshot: Path | None) -> None:
    """What ``write_report`` will need, checked before the page is built."""
    from align.report.screenshot import require_chromium

    if screenshot is not None:
        if str(screenshot) == "-":
            raise InputError(
                "--screenshot -: a PNG is binary, not for standard output; give a file"
            )
        require_chromium()
    check_outputs([p for p in (output, screenshot) if p is not None])
