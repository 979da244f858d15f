"""Stored tables read as tries (``marisa_trie``) in place: lookups touch only the pages of the
words looked up, and a table maps in microseconds where a dict of it took a second to load."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal, TypeVar

import numpy as np

T = TypeVar("T")
_MISSING = object()


class MappedTrie:
    """A ``marisa_trie`` trie (``kind``) read in place from ``part``, a stored table's bytes,
    which it keeps alive: the trie itself holds no reference to the memory it reads."""

    def __init__(self, kind: Literal["Trie", "BytesTrie"], part: np.ndarray) -> None:
        import marisa_trie

        self.part = part
        self.trie: Any = getattr(marisa_trie, kind)().map(part.data)


def trie_part(trie: Any) -> np.ndarray:
    """A built ``marisa_trie`` trie as a table part (``MappedTrie`` reads it back)."""
    return np.frombuffer(trie.tobytes(), np.uint8)


class TrieMap(Mapping[str, T]):
    """A read-only mapping over a stored ``BytesTrie``: each value is decoded from its bytes on
    first lookup and kept."""

    def __init__(self, part: np.ndarray, decode: Callable[[bytes], T]) -> None:
        self._mapped = MappedTrie("BytesTrie", part)
        self._decode, self._memo = decode, dict[str, T]()

    def get(self, key: str, default: Any = None) -> Any:
        found = self._memo.get(key)
        if found is None:
            raw = self._mapped.trie.get(key)
            if not raw:
                return default
            found = self._memo[key] = self._decode(raw[0])
        return found

    def __getitem__(self, key: str) -> T:
        found = self.get(key, _MISSING)
        if found is _MISSING:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._mapped.trie

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapped.trie.keys())

    def __len__(self) -> int:
        return len(self._mapped.trie)


class TrieCounts(Mapping[str, int]):
    """Numbers by key over a stored ``Trie`` and an array by key id; 0 for a key not there (as
    a ``Counter``)."""

    def __init__(self, part: np.ndarray, counts: np.ndarray) -> None:
        self._mapped, self._counts = MappedTrie("Trie", part), counts

    def __getitem__(self, key: str) -> int:
        at = self._mapped.trie.get(key)
        return 0 if at is None else int(self._counts[at])

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapped.trie.keys())

    def __len__(self) -> int:
        return len(self._mapped.trie)
