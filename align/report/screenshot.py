"""PNG screenshots of HTML pages with a headless Chromium (Debian's ``chromium``), offline.

The browser runs with every background service off (networking, component and extension
updates, sync, metrics, default apps, crash reports, safe browsing), host names resolve to
nothing but localhost, and any other request goes to a closed loopback proxy port: a page
loads only its own ``file:`` or loopback URL. The report page adds a CSP that allows no
network request at all.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from align.errors import InputError
from align.output import atomic_write_bytes, check_output

#: Flags for a headless Chromium that makes no connection beyond loopback, run as root.
BROWSER_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-breakpad",
    "--disable-client-side-phishing-detection",
    "--disable-domain-reliability",
    "--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication,"
    "CertificateTransparencyComponentUpdater,SafeBrowsing,InterestFeedContentSuggestions",
    "--metrics-recording-only",
    "--no-pings",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    # Other requests go to a closed port (loopback bypasses a proxy, so the review editor's
    # 127.0.0.1 URL still loads).
    "--proxy-server=http://127.0.0.1:9",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
)


def find_chromium() -> str | None:
    """The Chromium executable on PATH (``chromium``, ``chromium-browser``), else None."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """The Chromium executable, or an InputError saying how to get one."""
    browser = find_chromium()
    if browser is None:
        raise InputError("chromium not found; install it (apt-get install chromium)")
    return browser


def chromium_command(browser: str, tmp: Path, size: tuple[int, int], url: str) -> list[str]:
    """The command that loads ``url`` in a ``size`` window and writes ``tmp/shot.png``, with
    its profile in ``tmp``."""
    return [
        browser, "--headless", *BROWSER_FLAGS, f"--user-data-dir={tmp / 'profile'}",
        f"--window-size={size[0]},{size[1]}", "--virtual-time-budget=5000",
        f"--screenshot={tmp / 'shot.png'}", url,
    ]  # fmt: skip


def _shot(returncode: int, tmp: Path, stderr: str, what: str) -> bytes:
    """The PNG Chromium wrote into ``tmp``, or the InputError its exit says."""
    out = tmp / "shot.png"
    if returncode != 0 or not out.is_file():
        detail = (stderr.strip().splitlines() or ["no output"])[-1]
        raise InputError(f"chromium could not screenshot {what}: {detail}")
    return out.read_bytes()


def capture(url: str, what: str, *, size: tuple[int, int], timeout: float = 120.0) -> bytes:
    """PNG bytes of ``url`` (a ``file:`` or loopback URL) in a ``size`` window, JavaScript on.
    ``what`` names the page in errors. InputError when Chromium is missing or fails."""
    browser = require_chromium()
    with tempfile.TemporaryDirectory(prefix="glossalign-chromium-") as tmp:
        command = chromium_command(browser, Path(tmp), size, url)
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise InputError(f"chromium took over {timeout:g} s to screenshot {what}") from None
        except OSError as exc:
            raise InputError(f"cannot run {browser}: {exc.strerror}") from None
        return _shot(result.returncode, Path(tmp), result.stderr, what)


def screenshot_bytes(html: bytes, *, size: tuple[int, int] = (1400, 2000)) -> bytes:
    """PNG bytes of a page given as its HTML (loaded from a private temporary file)."""
    with tempfile.TemporaryDirectory(prefix="glossalign-report-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_bytes(html)
        return capture(page.as_uri(), "the report page", size=size)


def screenshot(page: Path, png: Path, *, size: tuple[int, int] = (1400, 2000)) -> None:
    """Load ``page`` (an HTML file) and write a ``size`` PNG of it to ``png`` (atomically)."""
    check_output(png)
    if not page.is_file():
        raise InputError(f"{page}: no such file")
    atomic_write_bytes(png, capture(page.resolve().as_uri(), str(page), size=size))


def screenshot_html(html: str, png: Path) -> None:
    """``screenshot`` of a page given as text."""
    check_output(png)
    atomic_write_bytes(png, screenshot_bytes(html.encode("utf-8")))


class _PageServer(ThreadingHTTPServer):
    """Serves one page on 127.0.0.1 at a secret path, once it is given; a request made before
    waits for it."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _PageHandler)
        self.path = "/" + secrets.token_urlsafe(16)
        self.page: bytes | None = None
        self.given, self.served = threading.Event(), threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{self.path}"


class _PageHandler(BaseHTTPRequestHandler):
    server: _PageServer

    def do_GET(self) -> None:
        if self.path != self.server.path:
            self.send_error(404)
            return
        self.server.given.wait()
        page = self.server.page
        if page is None:  # the job stopped before the page was made
            self.send_error(503)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)
        self.server.served.set()

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged."""


class PendingShot:
    """A screenshot (``pending_screenshot``) waiting for its page: ``give`` it the HTML, then
    ``png`` waits for the picture."""

    def __init__(self, server: _PageServer, proc: subprocess.Popen[bytes], tmp: Path) -> None:
        self._server, self._proc, self._tmp = server, proc, tmp

    def give(self, html: bytes) -> None:
        self._server.page = html
        self._server.given.set()

    def png(self, what: str, timeout: float = 120.0) -> bytes:
        """The PNG of the page given; InputError when Chromium fails or takes over ``timeout``
        seconds from now (``what`` names the page)."""
        try:
            returncode = self._proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise InputError(f"chromium took over {timeout:g} s to screenshot {what}") from None
        if returncode == 0 and not self._server.served.is_set():
            raise InputError(f"chromium could not screenshot {what}: it never loaded the page")
        stderr = (self._tmp / "chromium.log").read_text("utf-8", "replace")
        return _shot(returncode, self._tmp, stderr, what)


@contextmanager
def pending_screenshot(*, size: tuple[int, int] = (1400, 2000)) -> Iterator[PendingShot]:
    """A screenshot started before its page is made: Chromium starts at once, so that its
    start-up (about a second) overlaps the caller's work, and asks a private loopback URL for
    the page, whose answer waits until it is given (``PendingShot``). The picture is the one
    ``screenshot_bytes`` takes of the same HTML. Leaving the block stops Chromium if it still
    runs (its whole process group) and removes its files. InputError when Chromium is missing
    or cannot start."""
    browser = require_chromium()
    with (
        tempfile.TemporaryDirectory(prefix="glossalign-chromium-") as name,
        _PageServer() as server,
    ):
        tmp = Path(name)
        # polled often: leaving the block waits for the poll
        serve = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
        serve.start()
        try:
            with open(tmp / "chromium.log", "wb") as log:
                proc = subprocess.Popen(
                    chromium_command(browser, tmp, size, server.url), stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
                )  # fmt: skip
        except OSError as exc:
            server.shutdown()
            raise InputError(f"cannot run {browser}: {exc.strerror}") from None
        try:
            yield PendingShot(server, proc, tmp)
        finally:
            server.given.set()  # a request still waiting is answered (503)
            _stop_group(proc)
            server.shutdown()


def group_running(pgid: int) -> bool:
    """Whether a process of group ``pgid`` still runs. Zombies do not count: where PID 1 does
    not reap orphans (containers), a killed helper stays a zombie for good, and a zombie
    holds no file open."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        if int(fields[2]) == pgid and fields[0] != "Z":  # state, ppid, pgrp
            return True
    return False


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the browser's whole process group (its helpers outlive a browser that exited on
    its own) and wait, a few seconds at most, until none of it runs, so that its folder can
    be removed."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 5
    while group_running(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
