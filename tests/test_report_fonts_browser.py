"""The review-page screenshot draws Chinese glyphs, not empty boxes: Chromium needs a CJK font
(`make setup` installs fonts-noto-cjk with it). Without one, every Chinese character is drawn
as the same "missing glyph" box as a code point no font has, so the two screenshots match."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.beads import Alignment, Bead
from align.report.html import render_report
from align.report.screenshot import find_chromium, screenshot

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        find_chromium() is None, reason="no chromium: `make setup` installs it (as root)"
    ),
]

CHINESE = "管理员说明了情况"
#: Unassigned code points (Greek block gaps): no font has a glyph for them.
MISSING = ("\u0378", "\u0379")


def _shot(tmp_path: Path, name: str, ideographs: str) -> bytes:
    """A screenshot of a one-bead review page whose Chinese side is ``ideographs``."""
    alignment = Alignment(
        (f"{ideographs}。",), ("The administrator explained.",), (Bead((0,), (0,), 0.9),)
    )
    page = tmp_path / f"{name}.html"
    page.write_text(render_report(alignment, title="fonts"), encoding="utf-8")
    png = tmp_path / f"{name}.png"
    screenshot(page, png)  # the size `run` uses: the bead is on it
    return png.read_bytes()


def test_chinese_is_drawn_with_real_glyphs(tmp_path: Path) -> None:
    boxes = [_shot(tmp_path, f"box{i}", c * len(CHINESE)) for i, c in enumerate(MISSING)]
    # the check can fail: two different missing characters draw the same boxes
    assert boxes[0] == boxes[1]
    chinese = _shot(tmp_path, "chinese", CHINESE)
    assert chinese != boxes[0], (
        "Chinese is drawn as missing-glyph boxes: install a CJK font (apt-get install "
        "fonts-noto-cjk; `fc-list :lang=zh` lists those installed)"
    )
