"""Gold files as published: beads a translator's reordering made cross are scored as they are
by ``bench``, ``bench-partial`` and ``evaluate`` (one warning a file naming the first), while
alignments read as input keep their strict order check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.beads import parse_beads
from align.cli import app
from align.errors import InputError

CROSSING = Path(__file__).parent / "data" / "crossing"
GOLD = CROSSING / "gold" / "001.align"
# A monotonic reading of the crossing pair: one 2-2 bead where the gold has two crossing 1-1.
TEST = "[0]:[0,1]\n[1]:[2]\n[2]:[3]\n[3]:[4]\n[4,5]:[5,6]\n[6]:[7]\n"
runner = CliRunner()


def warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if "warning" in line]


def test_a_crossing_gold_file_is_read_as_it_is_with_one_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    beads = parse_beads(GOLD.read_text("utf-8"), GOLD, any_order=True)
    assert [(b.src, b.tgt) for b in beads][4:6] == [((4,), (6,)), ((5,), (5,))]
    (line,) = capsys.readouterr().err.splitlines()
    assert f"{GOLD}:5: bead [4]:[6] crosses the beads before it" in line


def test_alignments_read_as_input_keep_the_strict_order_check() -> None:
    with pytest.raises(InputError, match=r"001.align:5: bead \[4\]:\[6\] is out of order"):
        parse_beads(GOLD.read_text("utf-8"), GOLD)


def test_evaluate_scores_a_crossing_gold_and_refuses_a_crossing_test(tmp_path: Path) -> None:
    test = tmp_path / "test.align"
    test.write_text(TEST)
    result = runner.invoke(app, ["evaluate", str(GOLD), str(test), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    # 5 of the 6 test beads are gold beads, 5 of the 7 gold beads found; lax everything.
    assert scores["p_strict"] == pytest.approx(5 / 6) and scores["r_strict"] == pytest.approx(5 / 7)
    assert scores["f1_lax"] == 1.0
    assert len(warnings(result.stderr)) == 1 and "001.align:5: bead [4]:[6]" in result.stderr
    swapped = runner.invoke(app, ["evaluate", str(test), str(GOLD)])
    assert swapped.exit_code == 1 and "is out of order" in swapped.stderr


@pytest.mark.slow
def test_bench_scores_a_folder_whose_gold_crosses(tmp_path: Path) -> None:
    result = runner.invoke(app, ["bench", str(CROSSING), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["documents"] == 1 and 0.5 < scores["f1_strict"] < 1.0
    (line,) = warnings(result.stderr)
    assert "001.align:5: bead [4]:[6] crosses the beads before it" in line


@pytest.mark.slow
def test_bench_partial_scores_a_folder_whose_gold_crosses(tmp_path: Path) -> None:
    shutil.copytree(CROSSING, tmp_path / "c")
    for name in ("002", "003"):  # splice takes sentences of the next chapter
        for sub, suffix in (("zh", "txt"), ("en", "txt"), ("gold", "align")):
            shutil.copy(CROSSING / sub / f"001.{suffix}", tmp_path / "c" / sub / f"{name}.{suffix}")
    result = runner.invoke(app, ["bench-partial", str(tmp_path / "c"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)
    assert len(warnings(result.stderr)) == 3  # one a gold file
