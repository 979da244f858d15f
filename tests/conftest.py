"""Test-wide set-up: the embedding cache lives in a temp folder, never the user's cache; the
stored tables in pytest's cache folder; the real-browser tests' Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from chromium import CHROMIUM

from align.report.screenshot import BROWSER_FLAGS

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(autouse=True, scope="session")
def _private_embedding_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # Session-wide, so real-model tests share embeddings; tests that need a cold cache set
    # GLOSSALIGN_CACHE_DIR themselves.
    old = os.environ.get("GLOSSALIGN_CACHE_DIR")
    os.environ["GLOSSALIGN_CACHE_DIR"] = str(tmp_path_factory.mktemp("embedding-cache"))
    yield
    if old is None:
        del os.environ["GLOSSALIGN_CACHE_DIR"]
    else:
        os.environ["GLOSSALIGN_CACHE_DIR"] = old


@pytest.fixture(autouse=True, scope="session")
def _shared_tables(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    # The stored lexicon and model tables (align.tables) depend only on the installed packages:
    # built once into pytest's cache folder, shared by every session and xdist worker (tests
    # that check where tables go unset it); a session of their own without the cache plugin.
    cache = getattr(pytestconfig, "cache", None)
    folder = cache.mkdir("glossalign-tables") if cache else tmp_path_factory.mktemp("tables")
    old = os.environ.get("GLOSSALIGN_TABLES_DIR")
    os.environ["GLOSSALIGN_TABLES_DIR"] = str(folder)
    yield
    if old is None:
        del os.environ["GLOSSALIGN_TABLES_DIR"]
    else:
        os.environ["GLOSSALIGN_TABLES_DIR"] = old


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """The system's Chromium, offline as the screenshots run it (one a module; the modules
    that take it skip where it is absent: ``chromium.NEEDS_CHROMIUM``)."""
    from playwright.sync_api import sync_playwright  # only the browser tests pay its import

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(BROWSER_FLAGS))
        yield browser
        browser.close()
