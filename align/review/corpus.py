"""A corpus in the editor: ``glossalign review OUT/`` on the output folder of ``glossalign
batch`` lists its pairs, worst first, and opens one at a time.

The list comes from the folder's ``batch.json`` (each pair's beads, share of low-score beads
and glossary findings) and from each pair's session file (``pairs/NAME.review.json``: how many
beads are confirmed, edited, unreviewed). A pair opens from ``pairs/NAME.jsonl`` (exact
sentences) or else ``pairs/NAME.tsv``; it saves into ``pairs/NAME.*``, its session file beside
them. A pair is named by its name only, one of those listed: no path from a request ever
reaches the filesystem, and every file read or written is under the output folder.

``reviewed`` tells ``glossalign batch`` which pairs a translator has confirmed beads of: it
keeps them as saved (``--force`` aligns them again).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from align.errors import InputError
from align.io import atomic_write_text
from align.review.documents import read_alignment_file
from align.review.edits import EditError
from align.review.realign import Realigner
from align.review.session import Paths, Session
from glossary.model import Glossary

PAIRS = "pairs"
MANIFEST = "batch.json"
SERVER_FILE = "review.json"  # the corpus editor's port and token, for a restart
_OPENED = (".jsonl", ".tsv")


def is_corpus(path: Path) -> bool:
    """Whether ``path`` is a ``glossalign batch`` output folder."""
    return path.is_dir() and (path / PAIRS).is_dir() and (path / MANIFEST).is_file()


def session_counts(path: Path) -> dict[str, int] | None:
    """Confirmed, edited and unreviewed beads in a session file, or None (none, unreadable)."""
    try:
        beads = json.loads(path.read_text(encoding="utf-8"))["beads"]
        flags = [b[3] for b in beads]
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    return {
        "confirmed": flags.count("confirmed"),
        "edited": flags.count("edited"),
        "unreviewed": flags.count(""),
    }


def reviewed(out: Path, name: str) -> bool:
    """Whether a translator confirmed or edited beads of pair ``name`` in the editor."""
    counts = session_counts(out / PAIRS / f"{name}.review.json")
    return bool(counts and (counts["confirmed"] or counts["edited"]))


@dataclass(frozen=True, slots=True)
class PairRow:
    name: str
    beads: int
    low_share: float
    findings: int
    counts: dict[str, int] | None

    def record(self) -> dict[str, Any]:
        return {
            "name": self.name, "beads": self.beads, "low_share": round(self.low_share, 3),
            "findings": self.findings, "counts": self.counts,
        }  # fmt: skip


class Corpus:
    """The pairs of a batch output folder and the one open in the editor."""

    def __init__(
        self, out: Path, realigner: Realigner, glossary: Glossary | None, terms: Path | None
    ) -> None:
        self.out, self.realigner, self.glossary, self.terms = out, realigner, glossary, terms
        self.sessions: dict[str, Session] = {}
        self.current: Session | None = None
        self.name = ""
        self.server_file = out / SERVER_FILE
        self.server = _read_server(self.server_file)
        self.restored = self.foreign = False

    def rows(self) -> list[PairRow]:
        """Every pair with an alignment to open, worst first (as ``summary.csv``: the share
        of low-score beads, then the findings, then the name)."""
        from align.batch.resume import Manifest

        records = Manifest.load(self.out).records
        rows = []
        for name in self.names():
            result = records[name].result if name in records else None
            beads, low = (result.beads, result.low) if result else (0, 0)
            rows.append(
                PairRow(
                    name, beads, low / beads if beads else 0.0,
                    result.findings if result else 0,
                    session_counts(self.out / PAIRS / f"{name}.review.json"),
                )
            )  # fmt: skip
        return sorted(rows, key=lambda r: (-r.low_share, -r.findings, r.name))

    def names(self) -> list[str]:
        """The pairs that have an alignment file under ``pairs/``."""
        folder = self.out / PAIRS
        return sorted({p.stem for p in folder.iterdir() if p.suffix in _OPENED and p.is_file()})

    def open(self, name: str) -> Session:
        """The session of pair ``name`` (one of ``names``), opened once and kept."""
        if name not in self.names():
            raise EditError(f"no pair {name!r} in {self.out}")
        if name not in self.sessions:
            stem = self.out / PAIRS / name
            source = next(
                stem.with_name(name + s) for s in _OPENED if stem.with_name(name + s).is_file()
            )
            if not source.resolve().is_relative_to(self.out.resolve()):
                raise EditError(f"{source} is not under {self.out}")
            paths = Paths(stem, stem.with_name(name + ".ignore.json"), self.terms)
            alignment = read_alignment_file(source)
            self.sessions[name] = Session(alignment, paths, self.realigner, self.glossary)
        self.current, self.name = self.sessions[name], name
        return self.current

    def remember_server(self, port: int, token: str) -> None:
        self.server = (port, token)
        atomic_write_text(self.server_file, json.dumps({"port": port, "token": token}) + "\n")


def _read_server(path: Path) -> tuple[int, str] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return int(data["port"]), str(data["token"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def open_corpus(
    out: Path, realigner: Realigner, glossary: Glossary | None, terms: Path | None
) -> Corpus:
    """The corpus of the batch output folder ``out`` (InputError when it has no pair)."""
    corpus = Corpus(out, realigner, glossary, terms)
    if not corpus.names():
        raise InputError(
            f"{out}: no pairs/NAME.tsv or .jsonl to review; run glossalign batch first"
        )
    return corpus
