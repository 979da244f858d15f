"""Test-wide set-up: the embedding cache lives in a temp folder, never the user's cache."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


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
