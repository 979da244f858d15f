"""Pairs and the files left out of them: documents with a language side and a key are grouped
by key (``group``); the files of one key are a pair.

Per key: one Chinese and one English file are a pair; a file without a language mark pairs
with a marked file of the other language (``README.md`` with ``README.zh-CN.md``); variants of
one language with different marks (``zh`` and ``zh-Hant``) each pair with the other language's
file; several files claiming one side with the same mark (or unmarked files too many) are a
conflict: a warning, and none of them is aligned; a file alone is unpaired (no counterpart,
or no language mark).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from align.batch.marks import Side

UnpairedKind = Literal[
    "not a document", "hidden", "no language mark", "no counterpart", "conflict", "no pattern"
]


@dataclass(frozen=True, slots=True)
class Pair:
    """One document and its translation; ``name`` names the outputs (``NAME.align``, ...)."""

    name: str
    source: Path
    target: Path


@dataclass(frozen=True, slots=True)
class Unpaired:
    """A file (or hidden folder) left out of every pair, and why."""

    path: Path
    kind: UnpairedKind
    detail: str = ""

    @property
    def reason(self) -> str:
        return f"{self.kind}: {self.detail}" if self.detail else self.kind


@dataclass(frozen=True, slots=True)
class Pairing:
    """The pairs in name order, the files left unpaired in path order, and one warning line
    per set of files that claim the same pair."""

    pairs: tuple[Pair, ...]
    unpaired: tuple[Unpaired, ...] = ()
    warnings: tuple[str, ...] = ()

    def unpaired_line(self) -> str:
        """``12 files unpaired (8 no counterpart, 4 not a document)``, or "" when none."""
        if not self.unpaired:
            return ""
        kinds = Counter(u.kind for u in self.unpaired)
        detail = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
        return f"{len(self.unpaired)} files unpaired ({detail}), listed in summary.csv"


@dataclass(frozen=True, slots=True)
class Found:
    """A document under a root: its path, its side (None: no mark), its key and its
    language mark as written (``zh-Hant``; "" when its root or a pattern gave the side)."""

    path: Path
    side: Side | None
    key: str
    tag: str = ""


# ---------------------------------------------------------------------------------- grouping


def group(found: Iterable[Found | Unpaired]) -> Pairing:
    """Pairs from documents with sides and keys (``Found``); every other file is unpaired."""
    unpaired: list[Unpaired] = []
    by_key: dict[str, list[Found]] = defaultdict(list)
    for item in found:
        if isinstance(item, Unpaired):
            unpaired.append(item)
        else:
            by_key[item.key].append(item)
    pairs: list[Pair] = []
    warnings: list[str] = []
    for key in sorted(by_key):
        found_pairs, left, warning = _pairs_of(key, by_key[key])
        pairs += found_pairs
        unpaired += left
        warnings += [warning] if warning else []
    return Pairing(tuple(pairs), tuple(sorted(unpaired, key=lambda u: u.path)), tuple(warnings))


def _pairs_of(key: str, files: list[Found]) -> tuple[list[Pair], list[Unpaired], str]:
    """The pairs of one key, the files left out and a warning when several claim one side.

    Several files of one language with different marks (``letter.zh.txt``,
    ``letter.zh-Hant.txt``) are variants: each pairs with the other language's one file, the
    bare mark (or the first) named ``key``, the others ``key.MARK``."""
    zh = [f for f in files if f.side == "zh"]
    en = [f for f in files if f.side == "en"]
    plain = [f for f in files if f.side is None]
    if len(plain) == 1 and bool(zh) != bool(en):  # an unmarked file is the other language's
        (en if zh else zh).append(plain.pop())
    lone = [Unpaired(f.path, "no language mark", f"{key!r} is paired without it") for f in plain]
    if len(zh) == 1 and len(en) == 1:
        return [Pair(key, zh[0].path, en[0].path)], lone, ""
    if len(zh) > 1 and len(en) == 1 and _variants(zh):
        return [Pair(name, f.path, en[0].path) for name, f in _variants(zh)], lone, ""
    if len(en) > 1 and len(zh) == 1 and _variants(en):
        return [Pair(name, zh[0].path, f.path) for name, f in _variants(en)], lone, ""
    if len(zh) > 1 or len(en) > 1 or (len(plain) > 1 and (zh or en)):
        names = ", ".join(str(f.path) for f in files)
        detail = f"{len(files)} files claim the pair {key!r}"
        warning = f"{detail} ({names}): none is aligned; rename or move the extra ones"
        return [], [Unpaired(f.path, "conflict", detail) for f in files], warning
    if zh or en:
        other = "English" if zh else "Chinese"
        lone += [Unpaired((zh or en)[0].path, "no counterpart", f"no {other} file for {key!r}")]
        return [], lone, ""
    return [], [Unpaired(f.path, "no language mark") for f in plain], ""


def _variants(side: list[Found]) -> list[tuple[str, Found]]:
    """The files of one side named as variants (bare mark or first: the key; the others:
    key.MARK), or [] when two share a mark."""
    tags = [f.tag.lower() for f in side]
    if len(set(tags)) < len(tags):
        return []
    ordered = sorted(side, key=lambda f: (f.tag.lower() not in ("zh", "en"), f.tag.lower()))
    return [(f.key if k == 0 else f"{f.key}.{f.tag}", f) for k, f in enumerate(ordered)]
