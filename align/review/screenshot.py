"""A PNG of the editor: the review server in a thread, Debian's headless Chromium on its URL
(as ``align.report.screenshot`` does for the report page)."""

from __future__ import annotations

import threading
from pathlib import Path

from align.output import atomic_write_bytes, check_output
from align.report.screenshot import capture, require_chromium
from align.review.server import make_server
from align.review.session import Session


def screenshot_editor(
    session: Session, png: Path, *, size: tuple[int, int] = (1400, 1000), timeout: float = 120.0
) -> None:
    """Serve ``session`` on a free port, load the editor in headless Chromium and write a
    ``size`` PNG of it to ``png`` (atomically). InputError when Chromium is missing or fails."""
    require_chromium()
    check_output(png)
    server, sock, url = make_server(session, 0)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        shot = capture(url, "the editor", size=size, timeout=timeout)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
    atomic_write_bytes(png, shot)
