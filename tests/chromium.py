"""What the real-browser tests share: Debian's headless Chromium, driven by Playwright.

Playwright's pip wheel brings the driver; the browser is the system's /usr/bin/chromium
(``make setup`` installs it), never one downloaded by ``playwright install``. A module that
drives it sets ``pytestmark = NEEDS_CHROMIUM`` and takes the ``browser`` fixture of
``tests/conftest.py`` (pytest puts ``tests/`` on the path for the import).
"""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
NEEDS_CHROMIUM = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="no /usr/bin/chromium: `make setup` installs it (as root)"
    ),
]
