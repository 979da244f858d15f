"""Sentence encoders: a protocol, the bundled multilingual models, sentence-transformers."""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Encoder(Protocol):
    """Maps texts to float32, L2-normalised rows: ``encode(texts) -> (len(texts), dim)``."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...
