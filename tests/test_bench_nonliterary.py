"""align.bench.nonliterary: 1-1 sentence pairs joined into n-m beads, gold kept exact."""

from __future__ import annotations

import random
import re

from align.beads import check_beads
from align.bench.nonliterary import join_en, join_zh, joined


def test_joined_sentences_read_as_one() -> None:
    assert join_zh(["他来了。", "“你好！”", "我们走吧。"]) == "他来了，“你好”，我们走吧。"
    assert join_en(["He came.", "The rain stopped.", "I left."]) == (
        "He came; the rain stopped; I left."
    )
    assert join_en(["Yes.", "I know Paris."]) == "Yes; I know Paris."


def test_the_gold_covers_every_line_in_order_with_joined_beads() -> None:
    pairs = [(f"中文{k}。", f"English {k}.") for k in range(200)]
    zh, en, gold = joined(pairs, random.Random(0))
    assert check_beads(gold, "gold", list(range(len(gold)))) == "monotonic"
    assert sum(len(b.src) for b in gold) == len(zh) and sum(len(b.tgt) for b in gold) == len(en)
    shapes = {(len(b.src), len(b.tgt)) for b in gold}
    assert {(1, 1), (1, 2), (2, 1), (1, 3)} <= shapes <= {(1, 1), (1, 2), (2, 1), (1, 3), (3, 1)}
    for bead in gold:  # every original pair is in its bead, joined or not
        zh_text, en_text = "".join(zh[i] for i in bead.src), " ".join(en[j] for j in bead.tgt)
        assert re.findall(r"\d+", zh_text) == re.findall(r"\d+", en_text)
