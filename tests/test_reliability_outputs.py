"""Issue 27, outputs: a block device is never written (``/dev/loop0``, a device node, a link
to one); ``report -o X --screenshot Y`` writes both or neither, also when the second is a full
device or stdout is full."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from reliability import ALIGNMENT_TSV, Case, run_in_process, run_subprocess

from align.errors import InputError
from align.output import check_output, check_writable
from align.report.screenshot import find_chromium

LOOP = Path("/dev/loop0")
BLOCK = "a block device (a disk); glossalign writes files, character devices and FIFOs only"


def _block_node(folder: Path) -> None:
    """``folder/blk``: a block device node (major 7, loop0), made when we may (root)."""
    try:
        os.mknod(folder / "blk", stat.S_IFBLK | 0o600, os.makedev(7, 0))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a block device node here ({exc.strerror})")


def _link_to_block_node(folder: Path) -> None:
    _block_node(folder)
    (folder / "link").symlink_to(folder / "blk")


def _has_loop() -> bool:
    return LOOP.exists() and stat.S_ISBLK(LOOP.stat().st_mode)


CASES = [
    Case("segment -o a block device node", ("segment", "{d}/a.txt", "-o", "{d}/blk"), 1,
         f"blk: {BLOCK}", {"a.txt": "你好。"}, setup=_block_node),
    Case("segment -o a link to a block device node", ("segment", "{d}/a.txt", "-o",
         "{d}/link"), 1, f"link: {BLOCK}", {"a.txt": "你好。"},
         setup=_link_to_block_node),
    Case("report -o a block device node", ("report", "{d}/a.tsv", "-o", "{d}/blk"), 1,
         f"blk: {BLOCK}", {"a.tsv": ALIGNMENT_TSV}, setup=_block_node),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_cli_case(case: Case, tmp_path: Path) -> None:
    run_in_process(case, tmp_path)


@pytest.mark.skipif(not _has_loop(), reason="no /dev/loop0 block device here")
def test_dev_loop0_is_refused(tmp_path: Path) -> None:
    """The issue's case: it was written into, exit 0."""
    case = Case("segment -o /dev/loop0", ("segment", "{d}/a.txt", "-o", str(LOOP)), 1,
                f"/dev/loop0: {BLOCK}", {"a.txt": "你好。"})  # fmt: skip
    run_in_process(case, tmp_path)


def _stat(mode: int) -> os.stat_result:
    return os.stat_result((mode, 0, 0, 1, 0, 0, 0, 0, 0, 0))


@pytest.mark.parametrize(
    ("mode", "expected"),
    [(stat.S_IFREG, True), (stat.S_IFCHR, False), (stat.S_IFIFO, False),
     (stat.S_IFBLK, "a block device"), (stat.S_IFSOCK, "a socket"),
     (stat.S_IFDIR, "is a directory")],
)  # fmt: skip
def test_what_may_be_written_by_its_stat(mode: int, expected: bool | str) -> None:
    if isinstance(expected, bool):
        assert check_writable(Path("x"), _stat(mode | 0o644)) is expected
    else:
        with pytest.raises(InputError, match=expected):
            check_writable(Path("x"), _stat(mode | 0o644))


def test_character_devices_and_stdout_stay_writable() -> None:
    assert check_output(Path("/dev/null")).stream
    assert check_output(Path("/dev/stdout")).stream
    assert check_output(Path("-")).stream


needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="needs chromium")


@pytest.mark.slow
@needs_chromium
def test_report_with_a_screenshot_on_a_full_device_writes_neither(tmp_path: Path) -> None:
    """The issue's case: the screenshot failed and r.html was left written."""
    case = Case("report -o r.html --screenshot /dev/full", ("report", "{d}/a.tsv", "-o",
                "{d}/r.html", "--screenshot", "/dev/full"), 1,
                "/dev/full: cannot write (No space left on device)",
                {"a.tsv": ALIGNMENT_TSV})  # fmt: skip
    run_in_process(case, tmp_path)


@pytest.mark.slow
@needs_chromium
def test_report_to_a_full_stdout_writes_no_screenshot(tmp_path: Path) -> None:
    case = Case("report --screenshot r.png > /dev/full", ("report", "{d}/a.tsv", "--screenshot",
                "{d}/r.png"), 1, "stdout: cannot write (No space left on device)",
                {"a.tsv": ALIGNMENT_TSV})  # fmt: skip
    with open("/dev/full", "wb") as full:
        run_subprocess(case, tmp_path, stdout=full.fileno())
