"""Walking a corpus folder: every file in path order, the documents among them with the
language side and key their marks give (``align.batch.marks``), or the side their root gives.

Hidden files and folders (not entered) and files that are not documents come back as
``Unpaired``, so that nothing is left out silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path, PurePosixPath

from align.batch.marks import marked, plain_key
from align.batch.pairing import Found, Pairing, Unpaired, group
from align.errors import InputError


@cache
def doc_suffixes() -> frozenset[str]:
    """The extensions of documents: every reader's, plus the HTML and Markdown variants docs
    sites write (``.xhtml``, ``.mdx``) and ``.text``."""
    from align.readers import readers

    return frozenset(s for r in readers().values() for s in r.suffixes) | {
        ".xhtml", ".mdx", ".text",
    }  # fmt: skip


def is_document(path: Path) -> bool:
    """A file with a document extension anywhere in its name (``a.html.en``), or none."""
    suffixes = [s.lower() for s in PurePosixPath(path.name.lstrip(".")).suffixes]
    return not suffixes or any(s in doc_suffixes() for s in suffixes)


def walk(root: Path, skip: Path | None) -> Iterator[Path | Unpaired]:
    """Every file under ``root`` in path order, recursively; hidden files and folders (not
    entered) and non-documents come as ``Unpaired``; ``skip`` is not entered."""
    skipped = {os.path.realpath(skip)} if skip is not None else set()
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        for name in sorted(dirs):
            if name.startswith("."):
                yield Unpaired(here / name, "hidden", "a hidden folder is not walked")
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and os.path.realpath(here / d) not in skipped
        )
        for name in sorted(files):
            path = here / name
            if name.startswith("."):
                yield Unpaired(path, "hidden")
            elif not is_document(path):
                yield Unpaired(path, "not a document", f"{path.suffix} is not read")
            else:
                yield path


def walk_documents(corpus: Path, skip: Path | None) -> Iterator[Found | Unpaired]:
    """The documents under ``corpus`` with the side and key their marks give."""
    for item in walk(corpus, skip):
        if isinstance(item, Unpaired):
            yield item
            continue
        mark = marked(PurePosixPath(item.relative_to(corpus).as_posix()), doc_suffixes())
        yield Found(item, mark.side, mark.key, mark.tag)


def root_pairs(src_root: Path, tgt_root: Path, skip: Path | None) -> Pairing:
    """The Chinese tree under ``src_root`` and the English one under ``tgt_root``, paired by
    relative path without extensions; a root nested in the other is not walked twice."""
    for root in (src_root, tgt_root):
        if not root.is_dir():
            raise InputError(f"{root}: no such folder; give the root of each language's tree")
    found: list[Found | Unpaired] = []
    for side, root, other in (("zh", src_root, tgt_root), ("en", tgt_root, src_root)):
        inner = other if _inside(other, root) else skip
        for item in walk(root, inner):
            if isinstance(item, Unpaired):
                found.append(item)
                continue
            # The root says the language: marks are not read (an en/zh-TW/ stays a folder).
            key = plain_key(PurePosixPath(item.relative_to(root).as_posix()), doc_suffixes())
            found.append(Found(item, "zh" if side == "zh" else "en", key))
    return group(found)


def _inside(path: Path, root: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root)) and (
        os.path.realpath(path) != os.path.realpath(root)
    )
