"""PNG screenshots of HTML pages with a headless Chromium (Debian's ``chromium``)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from align.errors import InputError
from align.io import atomic_write_bytes

#: Flags for a headless Chromium on a closed network, run as root; without the
#: background-networking ones it keeps trying connections that are refused.
BROWSER_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
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


def screenshot(
    page: Path,
    png: Path,
    *,
    size: tuple[int, int] = (1400, 2000),
    chromium: str | None = None,
    timeout: float = 120.0,
) -> None:
    """Load ``page`` (an HTML file) with JavaScript on and write a ``size`` PNG of it to ``png``.

    The PNG is written atomically. Raises InputError when Chromium is missing or fails.
    """
    browser = chromium or find_chromium()
    if browser is None:
        raise InputError("chromium not found; install it (apt-get install chromium)")
    if not page.is_file():
        raise InputError(f"{page}: no such file")
    with tempfile.TemporaryDirectory(prefix="glossalign-chromium-") as tmp:
        out = Path(tmp) / "shot.png"
        command = [
            browser,
            "--headless",
            *BROWSER_FLAGS,
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--window-size={size[0]},{size[1]}",
            "--virtual-time-budget=5000",
            f"--screenshot={out}",
            page.resolve().as_uri(),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise InputError(f"chromium took over {timeout:g} s to screenshot {page}") from None
        except OSError as exc:
            raise InputError(f"cannot run {browser}: {exc.strerror}") from None
        if result.returncode != 0 or not out.is_file():
            detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
            raise InputError(f"chromium could not screenshot {page}: {detail}")
        atomic_write_bytes(png, out.read_bytes())


def screenshot_html(html: str, png: Path) -> None:
    """``screenshot`` of a page given as text (written to a temporary file first)."""
    with tempfile.TemporaryDirectory(prefix="glossalign-report-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        screenshot(page, png)
