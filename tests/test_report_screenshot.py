"""align.report.screenshot: a screenshot started before its page is made (``run``) takes the
picture the plain one does, and leaves no browser and no files behind, whatever happens."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from chromium import NEEDS_CHROMIUM

from align.errors import InputError
from align.report import screenshot as shots
from align.report.screenshot import pending_screenshot, screenshot_bytes

pytestmark = NEEDS_CHROMIUM

PAGE = b"""<!doctype html><meta charset="utf-8"><title>t</title>
<body style="background:#fff"><h1 style="color:#c00">\xe4\xb8\xad\xe6\x96\x87 report</h1>
<script>document.body.append("made by script")</script></body>"""


@pytest.fixture
def own_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of the test's own, where the browser's files go."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_the_page_given_late_is_pictured_as_the_plain_screenshot_does(own_tmp: Path) -> None:
    with pending_screenshot(size=(400, 300)) as shot:
        shot.give(PAGE)
        png = shot.png("the page")
    assert png.startswith(b"\x89PNG") and png == screenshot_bytes(PAGE, size=(400, 300))
    assert not list(own_tmp.iterdir())


def test_leaving_before_the_page_stops_the_browser_and_removes_its_files(own_tmp: Path) -> None:
    with pytest.raises(InputError, match="no such document"), pending_screenshot() as shot:
        group = shot._proc.pid  # the browser leads a session of its own
        url = shot._server.url
        raise InputError("no such document")  # the alignment failed
    assert not shots.group_running(group)
    assert not list(own_tmp.iterdir())
    with pytest.raises(urllib.error.URLError):  # the page server is gone too
        urllib.request.urlopen(url, timeout=5)


def test_the_page_is_served_at_its_secret_path_only(own_tmp: Path) -> None:
    with pending_screenshot() as shot:
        root = shot._server.url.rsplit("/", 1)[0]
        with pytest.raises(urllib.error.HTTPError, match="404"):
            urllib.request.urlopen(root + "/report.html", timeout=5)
        shot.give(PAGE)
        assert urllib.request.urlopen(shot._server.url, timeout=5).read() == PAGE
        shot.png("the page")


def test_a_browser_that_never_loads_the_page_is_an_error(
    own_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = shots.chromium_command
    monkeypatch.setattr(shots, "chromium_command",
                        lambda b, t, s, url: command(b, t, s, "about:blank"))  # fmt: skip
    with pending_screenshot() as shot:
        shot.give(PAGE)
        with pytest.raises(InputError, match="screenshot the page: it never loaded the page"):
            shot.png("the page")


def test_run_pictures_the_page_it_writes_and_stops_the_browser_on_bad_input(
    tmp_path: Path, own_tmp: Path
) -> None:
    from test_pipeline import HashEncoder

    from align.pipeline import run_job

    zh, en = tmp_path / "doc.zh.txt", tmp_path / "doc.en.txt"
    zh.write_text("管理员说。天气好。\n", encoding="utf-8")
    en.write_text("The sysop said. Nice weather.\n", encoding="utf-8")
    written = run_job(zh, en, None, tmp_path / "out", HashEncoder())
    html, png = written[-2:]
    assert png.suffix == ".png" and png.read_bytes() == screenshot_bytes(html.read_bytes())
    missing = tmp_path / "missing.en.txt"  # read after the browser started
    with pytest.raises(InputError, match=r"missing\.en\.txt"):
        run_job(zh, missing, None, tmp_path / "again", HashEncoder())
    assert not (tmp_path / "again").exists()
    assert not list(own_tmp.glob("glossalign-chromium-*"))  # removed once the browser stopped


def test_a_group_of_zombies_no_longer_runs() -> None:
    """Where PID 1 reaps nothing, killed helpers stay zombies; they hold no files."""
    proc = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True
    )
    try:
        assert shots.group_running(proc.pid)
        os.killpg(proc.pid, signal.SIGKILL)
        stat = Path(f"/proc/{proc.pid}/stat")
        while stat.read_text().rsplit(")", 1)[1].split()[0] != "Z":
            pass  # not reaped: a zombie, which os.killpg(group, 0) still finds
        os.killpg(proc.pid, 0)
        assert not shots.group_running(proc.pid)
    finally:
        proc.kill()
        proc.wait()
