"""The resume manifest (``batch.json`` in the output folder): for each finished pair, the key
of what produced it and the SHA-256 of every file written, plus its figures for the summary.

A pair's key hashes the bytes of both documents and of the glossary, the model's cache id
(name and version), the glossalign version and every setting that changes the outputs. A pair
is up to date when its key matches and each of its files is still there, unchanged; anything
else (new inputs, another model, a deleted or edited output) redoes that pair only.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from align import __version__
from align.batch.inputs import Pair
from align.batch.job import PairResult, Settings, TermUse
from align.errors import InputError
from align.io import atomic_write_text, read_bytes
from align.tmclean import UnitCounts

MANIFEST = "batch.json"


def file_digest(path: Path) -> str:
    return hashlib.sha256(read_bytes(path)).hexdigest()


def pair_key(pair: Pair, settings: Settings, glossary_digest: str | None, model: str) -> str:
    """The content hash that decides whether ``pair``'s outputs are up to date."""
    changing = dataclasses.asdict(settings)
    changing.update(changing.pop("document"))  # flat: the keys of the runs before it was nested
    del changing["cache"]  # cached vectors are the model's own
    identity = {
        "glossalign": __version__,
        "source": file_digest(pair.source),
        "target": file_digest(pair.target),
        "glossary": glossary_digest,
        "model": model,
        "settings": changing,
    }
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Record:
    """A finished pair: its key, its files (name -> SHA-256) and its figures (``outputs``
    empty: the texts are in the files)."""

    key: str
    files: dict[str, str]
    result: PairResult


class Manifest:
    """The records of ``out/batch.json``; ``save`` rewrites it atomically."""

    def __init__(self, out: Path, records: dict[str, Record]) -> None:
        self.path = out / MANIFEST
        self.records = records

    @classmethod
    def load(cls, out: Path) -> Manifest:
        path = out / MANIFEST
        if not path.is_file():
            return cls(out, {})
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            records = {name: _record(raw) for name, raw in data["pairs"].items()}
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"{path}: not a batch manifest ({exc}); delete it to redo every pair"
            ) from None
        return cls(out, records)

    def up_to_date(self, name: str, key: str) -> bool:
        record = self.records.get(name)
        if record is None or record.key != key:
            return False
        folder = self.path.parent
        return all(
            (folder / file).is_file() and file_digest(folder / file) == digest
            for file, digest in record.files.items()
        )

    def add(self, key: str, files: dict[str, str], result: PairResult) -> None:
        self.records[result.name] = Record(key, files, dataclasses.replace(result, outputs=()))
        self.save()

    def save(self) -> None:
        pairs = {name: dataclasses.asdict(r) for name, r in sorted(self.records.items())}
        text = json.dumps({"glossalign": __version__, "pairs": pairs}, indent=1, ensure_ascii=False)
        atomic_write_text(self.path, text + "\n")


def _record(raw: dict) -> Record:
    fields = dict(raw["result"])
    fields["outputs"] = ()
    fields["uses"] = tuple(TermUse(**use) for use in fields["uses"])
    # Records of earlier versions lack these: their key differs anyway, so the pair is redone.
    fields["units"] = UnitCounts(**fields.get("units", {}))
    fields["warnings"] = tuple(fields.get("warnings", ()))
    return Record(str(raw["key"]), dict(raw["files"]), PairResult(**fields))
