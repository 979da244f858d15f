"""A PNG of the editor for the README: the review server in a thread, Debian's headless
Chromium on its URL (as ``align.report.screenshot`` does for the report page)."""

from __future__ import annotations

import subprocess
import tempfile
import threading
from pathlib import Path

from align.errors import InputError
from align.io import atomic_write_bytes
from align.report.screenshot import BROWSER_FLAGS, find_chromium
from align.review.server import make_server
from align.review.session import Session


def screenshot_editor(
    session: Session, png: Path, *, size: tuple[int, int] = (1400, 1000), timeout: float = 120.0
) -> None:
    """Serve ``session`` on a free port, load the editor in headless Chromium and write a
    ``size`` PNG of it to ``png`` (atomically). InputError when Chromium is missing or fails."""
    browser = find_chromium()
    if browser is None:
        raise InputError("chromium not found; install it (apt-get install chromium)")
    server, sock, url = make_server(session, 0)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        with tempfile.TemporaryDirectory(prefix="glossalign-review-") as tmp:
            out = Path(tmp) / "shot.png"
            command = [
                browser, "--headless", *BROWSER_FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}",
                f"--window-size={size[0]},{size[1]}", "--virtual-time-budget=5000",
                f"--screenshot={out}", url,
            ]  # fmt: skip
            try:
                result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                raise InputError(f"chromium took over {timeout:g} s to load the editor") from None
            if result.returncode != 0 or not out.is_file():
                detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
                raise InputError(f"chromium could not screenshot the editor: {detail}")
            atomic_write_bytes(png, out.read_bytes())
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
