"""PNG screenshots of HTML pages with a headless Chromium (Debian's ``chromium``), offline.

The browser runs with every background service off (networking, component and extension
updates, sync, metrics, default apps, crash reports, safe browsing), host names resolve to
nothing but localhost, and any other request goes to a closed loopback proxy port: a page
loads only its own ``file:`` or loopback URL. The report page adds a CSP that allows no
network request at all.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
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


def capture(url: str, what: str, *, size: tuple[int, int], timeout: float = 120.0) -> bytes:
    """PNG bytes of ``url`` (a ``file:`` or loopback URL) in a ``size`` window, JavaScript on.
    ``what`` names the page in errors. InputError when Chromium is missing or fails."""
    browser = require_chromium()
    with tempfile.TemporaryDirectory(prefix="glossalign-chromium-") as tmp:
        out = Path(tmp) / "shot.png"
        command = [
            browser, "--headless", *BROWSER_FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--window-size={size[0]},{size[1]}", "--virtual-time-budget=5000",
            f"--screenshot={out}", url,
        ]  # fmt: skip
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise InputError(f"chromium took over {timeout:g} s to screenshot {what}") from None
        except OSError as exc:
            raise InputError(f"cannot run {browser}: {exc.strerror}") from None
        if result.returncode != 0 or not out.is_file():
            detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
            raise InputError(f"chromium could not screenshot {what}: {detail}")
        return out.read_bytes()


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
