"""The document pairs of a corpus, found without a hand-written list, in name order.

* A folder, walked recursively: each document's language comes from a mark in its name or in
  one of its folders (``align.batch.marks``: ``guide.zh.md``, ``guide_en.md``,
  ``handler.html.zh-cn.utf8``, ``zh/guide/index.md`` with ``en/guide/index.md``,
  ``zh_CN/…`` with ``en/…``); the files whose paths are the same once the mark and the
  extensions are removed are a pair, named by that path (``guide/index``). A file without a
  mark pairs with a marked file of the other language (``README.md`` with ``README.zh-CN.md``).
* Two roots (``--src-root``, ``--tgt-root``): the Chinese and the English trees, e.g. a
  Docusaurus ``i18n/zh-Hans/docusaurus-plugin-content-docs/current/`` and ``docs/``, paired by
  relative path; a root inside the other is left out of it.
* ``--pattern`` (``align.batch.pattern``): two path templates sharing ``{name}``.
* A manifest CSV with columns ``source,target[,name]`` (header optional; relative paths are
  relative to the manifest's folder; the name defaults to the source file's name up to its
  first dot).

Every file that does not end up in a pair is listed (``Unpaired``) with the reason: not a
document, hidden, no language mark, no counterpart, or one of several files claiming the same
pair (a warning: none of them is aligned). A corpus where nothing pairs is an InputError.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from align.batch.pairing import Pair, Pairing, group
from align.batch.walk import root_pairs, walk_documents
from align.errors import InputError
from align.io import read_text

__all__ = ["Layout", "Pair", "Pairing", "find_pairs", "manifest_pairs"]

_NAME_PART = re.compile(r"^[^/\\\x00-\x1f.][^/\\\x00-\x1f]*$")


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the pairs are: ``corpus`` (a folder or a manifest CSV), or the two roots; with
    ``pattern``, the templates that pair the files under ``corpus``; ``skip``: a folder not to
    walk (the output folder)."""

    corpus: Path | None = None
    src_root: Path | None = None
    tgt_root: Path | None = None
    pattern: str | None = None
    skip: Path | None = None


def find_pairs(layout: Layout) -> Pairing:
    """The pairs of ``layout``; InputError when nothing pairs (or a path is missing)."""
    corpus = layout.corpus
    if (layout.src_root is None) != (layout.tgt_root is None):
        raise InputError("give both --src-root and --tgt-root, or neither")
    if layout.src_root is not None and layout.tgt_root is not None:
        if corpus is not None or layout.pattern is not None:
            raise InputError("give INPUT or --src-root/--tgt-root, not both")
        pairing = root_pairs(layout.src_root, layout.tgt_root, layout.skip)
        where = f"{layout.src_root} and {layout.tgt_root}"
    elif corpus is None:
        raise InputError("give INPUT (a folder or a CSV of pairs), or --src-root and --tgt-root")
    elif corpus.is_file():
        if layout.pattern is not None:
            raise InputError(f"--pattern applies to a folder, not to the file {corpus}")
        pairing, where = Pairing(tuple(manifest_pairs(corpus))), str(corpus)
    elif not corpus.is_dir():
        raise InputError(f"{corpus}: no such file or folder; give a folder of pairs or a CSV")
    elif layout.pattern is not None:
        from align.batch.pattern import pattern_documents

        pairing = group(pattern_documents(corpus, layout.pattern, layout.skip))
        where = str(corpus)
    else:
        pairing, where = group(walk_documents(corpus, layout.skip)), str(corpus)
    if not pairing.pairs:
        raise InputError(_nothing_pairs(where, pairing))
    return Pairing(_checked(pairing.pairs, where), pairing.unpaired, pairing.warnings)


def _nothing_pairs(where: str, pairing: Pairing) -> str:
    found = f"; {pairing.unpaired_line().split(', listed')[0]}" if pairing.unpaired else ""
    return (
        f"{where}: no document pairs{found}; expected NAME.zh.EXT with NAME.en.EXT, zh/ and "
        "en/ folders, --src-root with --tgt-root, --pattern, or a CSV of source,target[,name]"
    )


def _checked(pairs: Sequence[Pair], where: str) -> tuple[Pair, ...]:
    seen: dict[str, Pair] = {}
    for pair in pairs:
        if not all(_NAME_PART.match(part) for part in pair.name.split("/")):
            raise InputError(f"{where}: {pair.name!r} cannot name output files; rename it")
        if pair.name in seen:
            raise InputError(
                f"{where}: two pairs named {pair.name!r} ({seen[pair.name].source} and "
                f"{pair.source}); give them distinct names"
            )
        seen[pair.name] = pair
    return tuple(sorted(pairs, key=lambda p: p.name))


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
