"""Issue 27, bounded reads and zip packages: every reader stops at its documented limit
whatever the source (a file, a FIFO that never ends, /dev/zero, /dev/urandom, standard input)
and checks a .docx or .xlsx package entry by entry before parsing it (1 GiB zip bombs, entity
bombs, DTDs). Each case runs as a real process: one line, exit 1, nothing written, under
1.5 GB of memory and a time bound (``reliability.run_measured``)."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from reliability import ALIGNMENT_TSV, Case, docx, run_measured, shared_strings, xlsx

from align.errors import InputError
from align.package import check_package

pytestmark = pytest.mark.slow  # a process per case, about 2 s each


def _endless_fifo(folder: Path) -> None:
    """``folder/fifo``, written to until its reader goes away."""
    os.mkfifo(folder / "fifo")

    def write() -> None:
        try:
            with open(folder / "fifo", "wb") as fifo:
                while True:
                    fifo.write(b"\xe4\xbd\xa0\xe5\xa5\xbd\xe3\x80\x82" * 8192)
        except OSError:
            pass  # the reader closed it

    threading.Thread(target=write, daemon=True).start()


@functools.cache
def _bomb(kind: str) -> Path:
    """A 1 GiB zip bomb of ``kind`` (docx, xlsx), built once per session (about 7 s)."""
    folder = tempfile.mkdtemp(prefix="glossalign-bomb-")
    atexit.register(shutil.rmtree, folder, True)
    path = Path(folder) / f"bomb.{kind}"
    path.write_bytes(docx(pad_mib=1024) if kind == "docx" else xlsx(pad_mib=1024))
    return path


def _copy_bomb(kind: str, name: str) -> Callable[[Path], object]:
    return lambda d: shutil.copy(_bomb(kind), d / name)


DOC = "more than the 16 MiB one document may have; split it"
ALIGN = "more than the 16 MiB one alignment file may have; split the documents"
GLOSS = "more than the 8 MiB one glossary may have; keep the terms this job needs"
TSV = {"a.tsv": ALIGNMENT_TSV}
LAUGHS = "".join(
    f'<!ENTITY {chr(98 + i)} "{f"&{chr(97 + i)};" * 10}">' for i in range(9)
)  # &j; is 10^9 a's
CASES = [
    # (case, standard input: a path to open, or None)
    (Case("segment /dev/zero", ("segment", "/dev/zero"), 1, f"/dev/zero: {DOC}"), None),
    (Case("segment /dev/urandom", ("segment", "/dev/urandom"), 1, f"/dev/urandom: {DOC}"), None),
    (Case("segment an endless FIFO", ("segment", "{d}/fifo"), 1, f"fifo: {DOC}",
          setup=_endless_fifo), None),
    (Case("segment - < /dev/zero", ("segment", "-"), 1, f"-: {DOC}"), "/dev/zero"),
    (Case("segment a 20 MiB file", ("segment", "{d}/big.txt"), 1,
          "big.txt: 20.0 MiB, over the 16 MiB one document may have",
          setup=lambda d: (d / "big.txt").write_bytes(b"a. " * (20 * 2**20 // 3))), None),
    (Case("align /dev/zero", ("align", "/dev/zero", "{seeds}/letter.en.txt", "--no-cache"), 1,
          f"/dev/zero: {DOC}"), None),
    (Case("align an endless FIFO", ("align", "{seeds}/letter.zh.txt", "{d}/fifo",
          "--no-cache"), 1, f"fifo: {DOC}", setup=_endless_fifo), None),
    (Case("run /dev/urandom", ("run", "/dev/urandom", "{seeds}/letter.en.txt", "-o", "{d}/out",
          "--no-cache"), 1, f"/dev/urandom: {DOC}"), None),
    (Case("review /dev/zero", ("review", "/dev/zero", "{seeds}/letter.en.txt", "--no-open"), 1,
          f"/dev/zero: {DOC}"), None),
    (Case("review /dev/urandom as an alignment", ("review", "/dev/urandom", "--no-open"), 1,
          f"/dev/urandom: {ALIGN}"), None),
    (Case("report /dev/zero", ("report", "/dev/zero"), 1, f"/dev/zero: {ALIGN}"), None),
    (Case("report an endless FIFO", ("report", "{d}/fifo"), 1, f"fifo: {ALIGN}",
          setup=_endless_fifo), None),
    (Case("evaluate /dev/urandom", ("evaluate", "{seeds}/letter.gold.align", "/dev/urandom"), 1,
          f"/dev/urandom: {ALIGN}"), None),
    (Case("glossary lint /dev/zero", ("glossary", "lint", "/dev/zero"), 1, f"/dev/zero: {GLOSS}"),
     None),
    (Case("glossary lint - < /dev/urandom", ("glossary", "lint", "-"), 1, f"-: {GLOSS}"),
     "/dev/urandom"),
    (Case("glossary check -g /dev/zero", ("glossary", "check", "-g", "/dev/zero", "{d}/a.tsv"),
          1, f"/dev/zero: {GLOSS}", TSV), None),
    (Case("glossary check an endless FIFO", ("glossary", "check", "-g", "{seeds}/glossary.csv",
          "{d}/fifo"), 1, f"fifo: {ALIGN}", setup=_endless_fifo), None),
    (Case("segment a 1 GiB .docx bomb", ("segment", "{d}/b.docx"), 1,
          "b.docx: this Word file unpacks to 1,024.", setup=_copy_bomb("docx", "b.docx")), None),
    (Case("align a 1 GiB .docx bomb", ("align", "{d}/b.docx", "{seeds}/letter.en.txt",
          "--no-cache"), 1, "over the 64 MiB glossalign opens (a zip bomb?)",
          setup=_copy_bomb("docx", "b.docx")), None),
    (Case("glossary lint a 1 GiB .xlsx bomb", ("glossary", "lint", "{d}/g.xlsx"), 1,
          "g.xlsx: this workbook unpacks to 1,024.", setup=_copy_bomb("xlsx", "g.xlsx")), None),
    (Case("glossary check -g a 1 GiB .xlsx bomb", ("glossary", "check", "-g", "{d}/g.xlsx",
          "{d}/a.tsv"), 1, "over the 16 MiB glossalign opens", TSV,
          setup=_copy_bomb("xlsx", "g.xlsx")), None),
    (Case("report -g a 1 GiB .xlsx bomb", ("report", "{d}/a.tsv", "-g", "{d}/g.xlsx", "-o",
          "{d}/r.html"), 1, "over the 16 MiB glossalign opens", TSV,
          setup=_copy_bomb("xlsx", "g.xlsx")), None),
    (Case("xlsx packed 1,000:1 under the size limit", ("glossary", "lint", "{d}/g.xlsx"), 1,
          "entry 'xl/media/padding.xml' of this workbook unpacks 1,0",
          {"g.xlsx": xlsx(pad_mib=10)}), None),
    (Case("xlsx billion laughs in sharedStrings", ("glossary", "lint", "{d}/g.xlsx"), 1,
          "entry 'xl/sharedStrings.xml' of this workbook declares a DTD",
          {"g.xlsx": xlsx(shared_strings(["source", "target", "&j;", "x"],
           f'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">{LAUGHS}]>'))}), None),
    (Case("xlsx entity in sharedStrings", ("glossary", "lint", "{d}/g.xlsx"), 1,
          "declares a DTD, which Office files never do",
          {"g.xlsx": xlsx(shared_strings(["source", "target", "&e;", "x"],
           '<!DOCTYPE sst [<!ENTITY e SYSTEM "file:///etc/passwd">]>'))}), None),
    (Case("xlsx undefined entity in sharedStrings", ("glossary", "lint", "{d}/g.xlsx"), 1,
          "g.xlsx: not a readable .xlsx workbook (undefined entity",
          {"g.xlsx": xlsx(shared_strings(["source", "target", "&xxe;", "x"]))}), None),
    (Case("docx with an external entity", ("segment", "{d}/e.docx"), 1,
          "entry 'word/document.xml' of this Word file declares a DTD",
          {"e.docx": docx(lambda xml: xml.replace("?>", '?><!DOCTYPE w:document [<!ENTITY x '
                                                  'SYSTEM "file:///etc/passwd">]>', 1))}), None),
]  # fmt: skip


@pytest.mark.parametrize(("case", "stdin"), CASES, ids=lambda c: getattr(c, "id", ""))
def test_hostile_input(case: Case, stdin: str | None, tmp_path: Path) -> None:
    if stdin is None:
        run_measured(case, tmp_path)
        return
    fd = os.open(stdin, os.O_RDONLY)
    try:
        run_measured(case, tmp_path, stdin=fd)
    finally:
        os.close(fd)


def test_a_valid_package_passes_and_a_damaged_one_is_left_to_the_parser() -> None:
    check_package(xlsx(), Path("g.xlsx"), "workbook")
    check_package(docx(), Path("d.docx"), "Word file")
    check_package(b"PK\x03\x04 not really a zip", Path("g.xlsx"), "workbook")
    with pytest.raises(InputError, match="declares a DTD"):
        check_package(xlsx(shared_strings(["a"], "<!DOCTYPE sst>")), Path("g.xlsx"), "workbook")
