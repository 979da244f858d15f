"""The pictures of the documentation site (docs/images/), written by the browser tests that
make them, so that they show the pages as they are (docs/development.md). A picture is
rewritten only when its bytes change, so a run that draws the same page leaves git clean."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from align.output import atomic_write_bytes

if TYPE_CHECKING:
    from playwright.sync_api import Page

DOCS_IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"
#: The pictures the pages show, by the test that writes each.
PICTURES = {
    "review-page.png": "test_report_html_browser.py",
    "editor.png": "test_review_browser.py",
    "corpus.png": "test_review_browser_corpus.py",
}


def save(name: str, png: bytes) -> None:
    """Write ``png`` as the documentation's picture ``name`` (one of ``PICTURES``)."""
    assert name in PICTURES, name
    assert png[:8] == b"\x89PNG\r\n\x1a\n", name
    path = DOCS_IMAGES / name
    if not path.is_file() or path.read_bytes() != png:
        atomic_write_bytes(path, png)


def shoot(name: str, page: Page, hide: str) -> None:
    """``save`` a screenshot of ``page`` with the element ``hide`` (a CSS selector: a
    temporary path that differs every run) made invisible for it; the page's CSP forbids an
    injected style sheet, not a style set from script."""
    element = page.locator(hide)
    element.evaluate("e => { e.style.visibility = 'hidden'; }")
    try:
        save(name, page.screenshot())
    finally:
        element.evaluate("e => { e.style.visibility = ''; }")
