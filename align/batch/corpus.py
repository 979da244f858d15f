"""A corpus run from start to end: find the pairs, skip the up-to-date ones, run the rest on
Dask writing each pair's files as it arrives, then write the corpus outputs.

This is what ``glossalign batch`` calls; the command only parses options and prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from align.batch.inputs import Pair, find_pairs
from align.batch.job import PairResult, Settings
from align.batch.outputs import PairStatus
from align.batch.progress import CorpusProgress, corpus_progress
from align.batch.resume import Manifest, file_digest, pair_key
from align.errors import InputError
from align.io import atomic_write_bytes, atomic_write_text

if TYPE_CHECKING:
    from glossary.io import GlossaryOptions
    from glossary.model import Glossary

SUMMARY_CSV, SUMMARY_HTML, CONSISTENCY_CSV = "summary.csv", "summary.html", "consistency.csv"
SUMMARY_XLSX, CONSISTENCY_XLSX = "summary.xlsx", "consistency.xlsx"
Log = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BatchReport:
    """Every pair's status in name order and the corpus files written."""

    pairs: tuple[PairStatus, ...]
    written: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class Cluster:
    """Where to run: ``scheduler`` (an address) or a local cluster of ``workers``."""

    workers: int | None = None
    scheduler: str | None = None


def run_batch(
    corpus: Path,
    out: Path,
    settings: Settings,
    *,
    glossary: Path | None = None,
    cluster: Cluster = Cluster(),
    log: Log = lambda line: None,
    glossary_options: GlossaryOptions | None = None,
    force: bool = False,
) -> BatchReport:
    """Align every pair of ``corpus`` into ``out`` (layout: ``align.batch.outputs``); pairs
    whose outputs are up to date are skipped, failed ones reported with their reason.
    ``glossary_options``: how the glossary is read (glossary.io.GlossaryOptions). A pair a
    translator reviewed in ``glossalign review OUT/`` is kept as saved unless ``force``."""
    from align.batch.job import model_id
    from align.encoders import load_encoder
    from align.review.corpus import reviewed

    pairs = find_pairs(corpus)
    terms = None
    if glossary is not None:
        from glossary.io import read_glossary

        terms = read_glossary(glossary, glossary_options)  # a bad glossary fails before any work
    # The model's name and version, without loading it (models load on first encode).
    model = model_id(load_encoder(settings.encoder, cache=False))
    digest = file_digest(glossary) if glossary else None
    if digest and glossary_options:  # not the defaults: other languages, other findings
        digest += f" {glossary_options}"
    manifest = Manifest.load(out)
    statuses: dict[str, PairStatus] = {}
    keys: dict[str, str] = {}
    for pair in pairs:
        try:
            keys[pair.name] = pair_key(pair, settings, digest, model)
        except InputError as exc:  # unreadable: reported like any failed pair
            statuses[pair.name] = PairStatus(pair, "failed", error=str(exc))
            continue
        kept = not force and pair.name in manifest.records and reviewed(out, pair.name)
        if kept or manifest.up_to_date(pair.name, keys[pair.name]):
            statuses[pair.name] = PairStatus(pair, "skipped", manifest.records[pair.name].result)
            if kept:
                log(
                    f"{pair.name}: reviewed in glossalign review, kept as saved (--force aligns it)"
                )
    todo = [p for p in pairs if p.name not in statuses]
    log(f"{len(pairs)} pairs: {len(pairs) - len(todo)} up to date (skipped), {len(todo)} to align")
    if todo:
        with corpus_progress(len(todo)) as progress:
            sink = _Sink(out, manifest, keys, statuses, progress)
            _run(todo, settings, terms, cluster, sink)
    report = [statuses[p.name] for p in pairs]
    return BatchReport(tuple(report), tuple(write_corpus(out, report, terms)))


def _run(
    todo: Sequence[Pair], settings: Settings, terms: Glossary | None, cluster: Cluster, sink: _Sink
) -> None:
    from align.batch.runner import dask_client, run_pairs

    with dask_client(cluster.workers, cluster.scheduler) as client:
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


def write_corpus(out: Path, report: Sequence[PairStatus], terms: Glossary | None) -> list[Path]:
    """The merged TMX (of the pairs aligned now or before), the summaries and, with a
    glossary, the corpus-wide term consistency; the paths written."""
    from align.batch import outputs

    names = [row.pair.name for row in report if row.result is not None]
    files: dict[str, str | bytes] = {
        outputs.CORPUS_TMX: outputs.merged_tmx(out, names),
        SUMMARY_CSV: outputs.summary_csv(report), SUMMARY_XLSX: outputs.summary_xlsx(report),
    }  # fmt: skip
    files[SUMMARY_HTML] = outputs.summary_html(report, f"glossalign batch: {out.resolve().name}")
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
    return written
