"""Embedding cache: hits and misses, sharing between runs and processes, bad locations."""

from __future__ import annotations

import hashlib
import multiprocessing
from pathlib import Path

import numpy as np
import pytest

from align.cache import EmbeddingCache, db_file_name, default_cache_dir, text_key
from align.encoders import CachedEncoder
from align.errors import InputError


class FakeEncoder:
    """Deterministic 8-dim vectors from the text's hash; records every text it encodes."""

    name = "fake"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.seen += texts
        return np.stack([vector(t) for t in texts]) if texts else np.zeros((0, 8), np.float32)


def vector(text: str) -> np.ndarray:
    raw = np.frombuffer(hashlib.sha256(text.encode()).digest()[:8], dtype=np.uint8)
    v = raw.astype(np.float32) + 1
    return v / np.linalg.norm(v)


def test_second_run_encodes_nothing(tmp_path: Path) -> None:
    texts = ["一", "two", "three", "two"]
    first = CachedEncoder(FakeEncoder(), EmbeddingCache(tmp_path))
    out1 = first.encode(texts)
    assert first.texts_encoded == 3  # "two" once
    inner = FakeEncoder()
    second = CachedEncoder(inner, EmbeddingCache(tmp_path))
    out2 = second.encode(texts)
    assert second.texts_encoded == 0 and inner.seen == []
    np.testing.assert_array_equal(out1, out2)
    np.testing.assert_allclose(out2, np.stack([vector(t) for t in texts]))


def test_only_misses_are_encoded(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    CachedEncoder(FakeEncoder(), cache).encode(["a", "b"])
    inner = FakeEncoder()
    encoder = CachedEncoder(inner, cache)
    out = encoder.encode(["b", "c", "a", "c"])
    assert inner.seen == ["c"] and encoder.texts_encoded == 1
    np.testing.assert_allclose(out, np.stack([vector(t) for t in ["b", "c", "a", "c"]]))


def test_encoders_do_not_share_entries(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    CachedEncoder(FakeEncoder(), cache).encode(["x"])
    other = FakeEncoder()
    other.name = "st:/models/other model"
    encoder = CachedEncoder(other, cache)
    encoder.encode(["x"])
    assert encoder.texts_encoded == 1
    assert sorted(p.name for p in tmp_path.glob("*.sqlite")) == sorted(
        ["fake.sqlite", db_file_name(other.name)]
    )


def test_db_file_names_are_safe_and_distinct() -> None:
    assert db_file_name("use-m3") == "use-m3.sqlite"
    a, b = db_file_name("st:/a/b model"), db_file_name("st:/a/b-model")
    assert a != b and "/" not in a and " " not in a


def test_empty_input_gives_zero_rows(tmp_path: Path) -> None:
    assert CachedEncoder(FakeEncoder(), EmbeddingCache(tmp_path)).encode([]).shape == (0, 8)


def _writer(directory: str, texts: list[str]) -> None:
    encoder = CachedEncoder(FakeEncoder(), EmbeddingCache(Path(directory)))
    for start in range(0, len(texts), 50):
        encoder.encode(texts[start : start + 50])


def test_two_processes_sharing_a_cache_do_not_corrupt_it(tmp_path: Path) -> None:
    texts = [f"sentence {i}" for i in range(600)]
    ctx = multiprocessing.get_context("fork")
    workers = [
        ctx.Process(target=_writer, args=(str(tmp_path), texts)),
        ctx.Process(target=_writer, args=(str(tmp_path), texts[::-1])),
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    inner = FakeEncoder()
    out = CachedEncoder(inner, EmbeddingCache(tmp_path)).encode(texts)
    assert inner.seen == []
    np.testing.assert_allclose(out, np.stack([vector(t) for t in texts]))


def test_cache_dir_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLOSSALIGN_CACHE_DIR", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv("GLOSSALIGN_CACHE_DIR")
    assert default_cache_dir().parts[-2:] == ("glossalign", "embeddings")


def test_unusable_cache_location_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(InputError, match="--no-cache"):
        CachedEncoder(FakeEncoder(), EmbeddingCache(blocker / "cache")).encode(["a"])


def test_vectors_of_a_replaced_model_are_encoded_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = EmbeddingCache(tmp_path)
    CachedEncoder(FakeEncoder(), cache).encode(["old"])
    wider = FakeEncoder()
    wider.encode = lambda texts: np.ones((len(texts), 16), np.float32) / 4  # type: ignore[method-assign]
    encoder = CachedEncoder(wider, cache)
    assert encoder.encode(["old", "new"]).shape == (2, 16)
    assert encoder.texts_encoded == 2  # "new", then the stale "old"
    assert "1 cached vector(s) have the wrong dimension" in capsys.readouterr().err
    assert cache.get("fake", [text_key("old")])[text_key("old")].shape == (16,)


def test_a_cache_id_keeps_versions_of_one_encoder_apart(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    CachedEncoder(FakeEncoder(), cache, "fake@1").encode(["x"])
    newer = CachedEncoder(FakeEncoder(), cache, "fake@2")
    newer.encode(["x"])
    assert newer.texts_encoded == 1 and newer.name == "fake"
    again = CachedEncoder(FakeEncoder(), cache, "fake@1")
    again.encode(["x"])
    assert again.texts_encoded == 0
