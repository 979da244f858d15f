"""A corpus run from start to end: find the pairs, skip the up-to-date ones, run the rest on
Dask writing each pair's files as it arrives, then write the corpus outputs.

This is what ``glossalign batch`` calls; the command only parses options and prints.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from align.batch.inputs import Layout, Pair, find_pairs
from align.batch.job import FINDINGS_SUFFIX, SUFFIXES, PairResult, Settings
from align.batch.outputs import (
    CONSISTENCY_CSV,
    CONSISTENCY_XLSX,
    SUMMARY_CSV,
    SUMMARY_HTML,
    SUMMARY_XLSX,
    check_out_folder,
    check_pair_outputs,
)
from align.batch.pairing import Unpaired
from align.batch.progress import CorpusProgress, corpus_progress
from align.batch.resume import Manifest, file_digest, pair_key
from align.batch.summary import PairStatus
from align.errors import InputError
from align.io import atomic_write_bytes, atomic_write_text

if TYPE_CHECKING:
    from glossary.io import GlossaryOptions
    from glossary.model import Glossary

Log = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BatchReport:
    """Every pair's status in name order, the files left unpaired and the corpus files
    written."""

    pairs: tuple[PairStatus, ...]
    written: tuple[Path, ...]
    unpaired: tuple[Unpaired, ...] = ()


@dataclass(frozen=True, slots=True)
class Cluster:
    """Where to run: ``scheduler`` (an address; else ``$DASK_SCHEDULER_ADDRESS``) answering
    within ``timeout`` seconds, or a local cluster of ``workers``."""

    workers: int | None = None
    scheduler: str | None = None
    timeout: float = 10.0


def run_batch(
    layout: Layout,
    out: Path,
    settings: Settings,
    *,
    glossary: Path | None = None,
    cluster: Cluster = Cluster(),
    log: Log = lambda line: None,
    glossary_options: GlossaryOptions | None = None,
    warn: Log | None = None,
    force: bool = False,
) -> BatchReport:
    """Align every pair of ``layout`` into ``out`` (layout: ``align.batch.outputs``); pairs
    whose outputs are up to date are skipped, failed ones reported with their reason. The
    output folder, every output path and the scheduler's address are checked before any
    work; the scheduler is reached before any pair is aligned. ``glossary_options``: how the
    glossary is read (glossary.io.GlossaryOptions); ``log`` gets informational lines, ``warn``
    (default: ``log``) the warnings and the files left unpaired. A pair a translator reviewed
    in ``glossalign review OUT/`` is kept as saved unless ``force``."""
    from align.batch.job import model_id
    from align.batch.runner import check_scheduler, scheduler_address
    from align.encoders import load_encoder
    from align.review.corpus import reviewed

    check_out_folder(out)
    address = scheduler_address(cluster.scheduler)
    pairing = find_pairs(dataclasses.replace(layout, skip=out))
    for warning in pairing.warnings:
        (warn or log)(f"glossalign: warning: {warning}")
    if pairing.unpaired:
        (warn or log)(pairing.unpaired_line())
    pairs = pairing.pairs
    suffixes = [SUFFIXES[f] for f in settings.formats] + [FINDINGS_SUFFIX] * bool(glossary)
    check_pair_outputs(out, [p.name for p in pairs], suffixes, glossary is not None)
    if address is not None:
        check_scheduler(address, cluster.timeout)
    cluster = dataclasses.replace(cluster, scheduler=address)
    terms, digest = _read_terms(glossary, glossary_options)  # a bad one fails before any work
    # The model's name and version, without loading it (models load on first encode).
    model = model_id(load_encoder(settings.encoder, cache=False))
    manifest = Manifest.load(out)
    kept = set() if force else {p.name for p in pairs if p.name in manifest.records}
    kept = {name for name in kept if reviewed(out, name)}
    statuses, keys = _known(
        pairs, manifest, lambda pair: pair_key(pair, settings, digest, model), kept
    )
    for name in sorted(kept & statuses.keys()):
        log(f"{name}: reviewed in glossalign review, kept as saved (--force aligns it)")
    todo = [p for p in pairs if p.name not in statuses]
    log(f"{len(pairs)} pairs: {len(pairs) - len(todo)} up to date (skipped), {len(todo)} to align")
    if todo:
        with corpus_progress(len(todo)) as progress:
            sink = _Sink(out, manifest, keys, statuses, progress)
            _run(todo, settings, terms, cluster, sink)
    report = [statuses[p.name] for p in pairs]
    statuses_now, written = write_corpus(out, report, terms, pairing.unpaired)
    return BatchReport(tuple(statuses_now), tuple(written), pairing.unpaired)


def _read_terms(
    glossary: Path | None, options: GlossaryOptions | None
) -> tuple[Glossary | None, str | None]:
    """The glossary and what of it decides a pair's resume key: its bytes' digest, and the
    options that read it when they are not the defaults (other languages, other findings)."""
    if glossary is None:
        return None, None
    from glossary.io import GlossaryOptions, read_glossary

    terms = read_glossary(glossary, options)
    digest = file_digest(glossary)
    if options not in (None, GlossaryOptions()):
        digest += f" {options}"
    return terms, digest


def _known(
    pairs: Sequence[Pair],
    manifest: Manifest,
    key: Callable[[Pair], str],
    kept: set[str],
) -> tuple[dict[str, PairStatus], dict[str, str]]:
    """The pairs whose fate is known before any work (failed: unreadable; skipped: up to date
    in the manifest, or ``kept`` as a translator saved it) and every readable pair's resume
    key."""
    statuses: dict[str, PairStatus] = {}
    keys: dict[str, str] = {}
    for pair in pairs:
        try:
            keys[pair.name] = key(pair)
        except InputError as exc:  # unreadable: reported like any failed pair
            statuses[pair.name] = PairStatus(pair, "failed", error=str(exc))
            continue
        if pair.name in kept or manifest.up_to_date(pair.name, keys[pair.name]):
            statuses[pair.name] = PairStatus(pair, "skipped", manifest.records[pair.name].result)
    return statuses, keys


def _run(
    todo: Sequence[Pair], settings: Settings, terms: Glossary | None, cluster: Cluster, sink: _Sink
) -> None:
    from align.batch.runner import dask_client, run_pairs

    with dask_client(cluster.workers, cluster.scheduler, cluster.timeout) as client:
        run_pairs(client, todo, settings, terms, sink.done, sink.failed)


class _Sink:
    """Takes each pair's result as it arrives: writes its files, then its manifest record (so
    an interrupted run keeps every pair finished so far, whole)."""

    def __init__(
        self,
        out: Path,
        manifest: Manifest,
        keys: dict[str, str],
        statuses: dict[str, PairStatus],
        progress: CorpusProgress,
    ) -> None:
        self.out, self.manifest, self.keys = out, manifest, keys
        self.statuses, self.progress = statuses, progress

    def done(self, pair: Pair, result: PairResult) -> None:
        from align.batch.outputs import write_pair

        files = write_pair(self.out, result)
        self.manifest.add(self.keys[pair.name], files, result)
        self.statuses[pair.name] = PairStatus(pair, "aligned", result)
        self.progress(result.src_sentences + result.tgt_sentences)

    def failed(self, pair: Pair, reason: str) -> None:
        if self.manifest.records.pop(pair.name, None) is not None:
            self.manifest.save()  # its old outputs are no longer up to date
        self.statuses[pair.name] = PairStatus(pair, "failed", error=reason)
        self.progress(0)


def write_corpus(
    out: Path,
    report: Sequence[PairStatus],
    terms: Glossary | None,
    unpaired: Sequence[Unpaired] = (),
) -> tuple[list[PairStatus], list[Path]]:
    """The merged TMX (of the pairs aligned now or before), the summaries and, with a
    glossary, the corpus-wide term consistency; the pairs' statuses with their duplicate
    counts, and the paths written."""
    from align.batch.outputs import CORPUS_TMX, merged_tmx
    from align.batch.summary import summary_csv, summary_html, summary_xlsx

    names = [row.pair.name for row in report if row.result is not None]
    corpus = merged_tmx(out, names)
    rows = [dataclasses.replace(r, duplicates=corpus.duplicates[r.pair.name]) for r in report]
    files: dict[str, str | bytes] = {
        CORPUS_TMX: corpus.text, SUMMARY_CSV: summary_csv(rows, unpaired),
        SUMMARY_XLSX: summary_xlsx(rows, unpaired),
    }  # fmt: skip
    files[SUMMARY_HTML] = summary_html(rows, f"glossalign batch: {out.resolve().name}", unpaired)
    if terms is not None:
        from align.batch import consistency

        uses = ((row.pair.name, row.result.uses) for row in report if row.result is not None)
        found = consistency.corpus_inconsistencies(uses, terms)
        files[CONSISTENCY_CSV] = consistency.consistency_csv(found)
        files[CONSISTENCY_XLSX] = consistency.consistency_xlsx(found)
    written = []
    for name, data in files.items():
        if isinstance(data, bytes):
            atomic_write_bytes(out / name, data)
        else:
            atomic_write_text(out / name, data)
        written.append(out / name)
    return rows, written
