"""align.batch.inputs: the pairs of a folder, of the bench layout and of a manifest CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.batch.inputs import Pair, find_pairs
from align.errors import InputError


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text\n", encoding="utf-8")


def test_a_folder_pairs_name_zh_with_name_en_whatever_the_extensions(tmp_path: Path) -> None:
    _touch(tmp_path, "b.zh.txt", "b.en.md", "a.zh.docx", "a.en.docx", "README.md", "notes.txt")
    assert find_pairs(tmp_path) == (
        Pair("a", tmp_path / "a.zh.docx", tmp_path / "a.en.docx"),
        Pair("b", tmp_path / "b.zh.txt", tmp_path / "b.en.md"),
    )


def test_the_bench_layout_pairs_same_named_files(tmp_path: Path) -> None:
    _touch(tmp_path, "zh/002.txt", "en/002.txt", "zh/001.txt", "en/001.txt", "gold/001.align")
    assert [(p.name, p.source.parent.name, p.target.parent.name) for p in find_pairs(tmp_path)] == [
        ("001", "zh", "en"),
        ("002", "zh", "en"),
    ]


def test_a_manifest_with_a_header_names_and_relative_paths(tmp_path: Path) -> None:
    _touch(tmp_path, "docs/x.zh.txt", "docs/x.en.txt", "y-zh.txt", "y-en.txt")
    manifest = tmp_path / "pairs.csv"
    manifest.write_text(
        "source,target,name\ndocs/x.zh.txt,docs/x.en.txt,\n"
        f"{tmp_path / 'y-zh.txt'},y-en.txt,chapter y\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"pairs.csv:2: expected source,target\[,name\]"):
        find_pairs(manifest)  # an empty name cell is a mistake, not a default
    manifest.write_text(
        "docs/x.zh.txt,docs/x.en.txt\n"
        f"{tmp_path / 'y-zh.txt'},y-en.txt,chapter y\n",
        encoding="utf-8",
    )  # fmt: skip
    assert find_pairs(manifest) == (
        Pair("chapter y", tmp_path / "y-zh.txt", tmp_path / "y-en.txt"),
        Pair("x", tmp_path / "docs/x.zh.txt", tmp_path / "docs/x.en.txt"),
    )


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (("a.zh.txt",), r"a\.zh\.txt: no counterpart a\.en\.\*"),
        (("zh/1.txt", "en/1.txt", "en/2.txt"), r"en/2\.txt: no counterpart .*zh/2\.txt"),
        (("a.zh.txt", "a.zh.md", "a.en.txt"), r"a second zh file for 'a'"),
        (("README.md",), r"no document pairs"),
    ],
)
def test_incomplete_folders_are_one_clear_error(
    tmp_path: Path, files: tuple[str, ...], message: str
) -> None:
    _touch(tmp_path, *files)
    with pytest.raises(InputError, match=message):
        find_pairs(tmp_path)


def test_two_pairs_with_one_name_and_missing_files_are_errors(tmp_path: Path) -> None:
    _touch(tmp_path, "a/x.zh.txt", "a/x.en.txt", "b/x.zh.txt", "b/x.en.txt")
    manifest = tmp_path / "m.csv"
    manifest.write_text("a/x.zh.txt,a/x.en.txt\nb/x.zh.txt,b/x.en.txt\n", encoding="utf-8")
    with pytest.raises(InputError, match="two pairs named 'x'"):
        find_pairs(manifest)
    manifest.write_text("a/x.zh.txt,a/missing.txt\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"m\.csv:1: .*missing\.txt: no such file"):
        find_pairs(manifest)
    with pytest.raises(InputError, match="no such file or folder"):
        find_pairs(tmp_path / "nowhere")
