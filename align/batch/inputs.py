"""The document pairs of a corpus: from a folder or a manifest CSV, in name order.

* a folder of ``NAME.zh.EXT`` and ``NAME.en.EXT`` files (any format the readers accept);
* the bench layout: ``zh/NNN.txt`` and ``en/NNN.txt`` (any suffix, matched by file name);
* a manifest CSV with columns ``source,target[,name]`` (header optional; relative paths are
  relative to the manifest's folder; the name defaults to the source file's name up to its
  first dot).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from align.errors import InputError
from align.io import read_text

_PAIRED = re.compile(r"^(?P<name>.+)\.(?P<lang>zh|en)\.[^.]+$", re.IGNORECASE)
_NAME = re.compile(r"^[^/\\\x00-\x1f]+$")


@dataclass(frozen=True, slots=True)
class Pair:
    """One document and its translation; ``name`` names the outputs (``NAME.align``, ...)."""

    name: str
    source: Path
    target: Path


def find_pairs(corpus: Path) -> tuple[Pair, ...]:
    """The pairs under ``corpus`` (a folder or a manifest CSV), sorted by name. No pair, a
    document without its counterpart or two pairs with one name are InputErrors."""
    if corpus.is_file():
        pairs = manifest_pairs(corpus)
    elif not corpus.is_dir():
        raise InputError(f"{corpus}: no such file or folder; give a folder of pairs or a CSV")
    elif (corpus / "zh").is_dir() and (corpus / "en").is_dir():
        pairs = bench_pairs(corpus)
    else:
        pairs = folder_pairs(corpus)
    if not pairs:
        raise InputError(
            f"{corpus}: no document pairs; expected NAME.zh.EXT with NAME.en.EXT, zh/ and en/ "
            "folders, or a CSV of source,target[,name]"
        )
    return _checked(pairs, corpus)


def _checked(pairs: list[Pair], corpus: Path) -> tuple[Pair, ...]:
    seen: dict[str, Pair] = {}
    for pair in pairs:
        if not _NAME.match(pair.name) or pair.name.startswith("."):
            raise InputError(f"{corpus}: {pair.name!r} cannot name output files; rename it")
        if pair.name in seen:
            raise InputError(
                f"{corpus}: two pairs named {pair.name!r} ({seen[pair.name].source} and "
                f"{pair.source}); give them distinct names"
            )
        seen[pair.name] = pair
    return tuple(sorted(pairs, key=lambda p: p.name))


def bench_pairs(corpus: Path) -> list[Pair]:
    """``zh/X`` with ``en/X``; a file on one side only is an InputError."""
    zh = {p.name: p for p in (corpus / "zh").iterdir() if p.is_file() and not _hidden(p)}
    en = {p.name: p for p in (corpus / "en").iterdir() if p.is_file() and not _hidden(p)}
    for lone in sorted(zh.keys() ^ en.keys()):
        have, missing = ("zh", "en") if lone in zh else ("en", "zh")
        raise InputError(f"{corpus / have / lone}: no counterpart {corpus / missing / lone}")
    return [Pair(name.split(".")[0], zh[name], en[name]) for name in zh]


def folder_pairs(corpus: Path) -> list[Pair]:
    """``NAME.zh.EXT`` with ``NAME.en.EXT`` (the extensions may differ)."""
    sides: dict[str, dict[str, Path]] = {}
    for path in sorted(corpus.iterdir()):
        match = _PAIRED.match(path.name)
        if match and path.is_file():
            side = sides.setdefault(match["name"], {})
            lang = match["lang"].lower()
            if lang in side:
                raise InputError(f"{path}: a second {lang} file for {match['name']!r}")
            side[lang] = path
    for name, side in sides.items():
        if len(side) == 1:
            (lang, path), other = next(iter(side.items())), "en" if "zh" in side else "zh"
            raise InputError(f"{path}: no counterpart {name}.{other}.* in {corpus}")
    return [Pair(name, side["zh"], side["en"]) for name, side in sides.items()]


def manifest_pairs(manifest: Path) -> list[Pair]:
    """The rows of a ``source,target[,name]`` CSV (a header row naming them is skipped)."""
    rows = list(csv.reader(read_text(manifest, "auto").splitlines()))
    base, pairs = manifest.parent, []
    for line, row in enumerate(rows, 1):
        cells = [c.strip() for c in row]
        if not any(cells) or (line == 1 and cells[0].lower() == "source"):
            continue
        if len(cells) not in (2, 3) or not all(cells):
            raise InputError(
                f"{manifest}:{line}: expected source,target[,name]; got {len(cells)} cells"
            )
        source, target = base / cells[0], base / cells[1]
        for path in (source, target):
            if not path.is_file():
                raise InputError(f"{manifest}:{line}: {path}: no such file")
        name = cells[2] if len(cells) == 3 else source.name.split(".")[0]
        pairs.append(Pair(name, source, target))
    return pairs


def _hidden(path: Path) -> bool:
    return path.name.startswith(".")
