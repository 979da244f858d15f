"""The edits the page may ask for, by name: the function and its arguments, checked.

Each entry maps an op name to the pure edit (``State`` -> ``State``), its arguments (name ->
converter, in order) and, for the edits that change sentences, the sentence whose
neighbourhood is aligned again afterwards (``Session``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from align.review import edits, links, resegment
from align.review.edits import EditError, State

Convert = Callable[[Any], Any]


def _side(value: Any) -> edits.Side:
    if value not in ("src", "tgt"):
        raise ValueError(value)
    return value


def _direction(value: Any) -> edits.Direction:
    if value not in ("prev", "next"):
        raise ValueError(value)
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or abs(value) > 10**9:
        raise TypeError(value)
    return value


def _score(value: Any) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError(value)
    return float(value)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


@dataclass(frozen=True, slots=True)
class Op:
    func: Callable[..., State]
    args: dict[str, Convert]
    resegments: bool = False  # re-align around the sentence it changed


OPS: dict[str, Op] = {
    "confirm": Op(lambda s, k: edits.set_confirmed(s, k, True), {"bead": _int}),
    "unconfirm": Op(lambda s, k: edits.set_confirmed(s, k, False), {"bead": _int}),
    "confirm_range": Op(edits.confirm_range, {"first": _int, "last": _int}),
    "confirm_above": Op(edits.confirm_above, {"score": _score}),
    "merge": Op(edits.merge, {"bead": _int}),
    "split": Op(edits.split, {"bead": _int, "src_cut": _int, "tgt_cut": _int}),
    "move": Op(edits.move, {"bead": _int, "side": _side, "direction": _direction}),
    "unalign": Op(edits.unalign, {"bead": _int, "side": _side, "sentence": _int}),
    "link": Op(links.link, {"src": _int, "tgt": _int}),
    "unlink": Op(links.unlink, {"bead": _int}),
    "edit": Op(resegment.edit_text, {"side": _side, "sentence": _int, "text": _str}),
    "split_sentence": Op(
        resegment.split_sentence,
        {"side": _side, "sentence": _int, "text": _str, "at": _int},
        resegments=True,
    ),
    "join_sentence": Op(
        resegment.join_sentence, {"side": _side, "sentence": _int}, resegments=True
    ),
}


def arguments(name: str, args: Mapping[str, Any]) -> tuple[Op, list[Any]]:
    """The op ``name`` and its converted arguments; EditError naming what it needs. An
    ``edit`` without ``side`` edits the English, as earlier pages asked."""
    if name not in OPS:
        raise EditError(f"unknown edit {name!r}")
    op = OPS[name]
    if name == "edit" and "side" not in args:
        args = {**args, "side": "tgt"}
    try:
        return op, [kind(args[arg]) for arg, kind in op.args.items()]
    except (KeyError, TypeError, ValueError):
        raise EditError(f"{name} needs {', '.join(op.args)}") from None
