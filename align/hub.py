"""The Hugging Face hub stays offline while a model loads, unless the user opts in."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

_OFFLINE_VARS = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


@contextlib.contextmanager
def hub_offline() -> Iterator[bool]:
    """Hugging Face offline mode while a model loads, unless the user opted in to downloads
    with ``HF_HUB_OFFLINE=0`` (or false/no/off); yields whether offline. Scoped: the variables
    (read when ``huggingface_hub`` is imported, so set before it) and the flag of an already
    imported ``huggingface_hub`` are restored afterwards."""
    if os.environ.get("HF_HUB_OFFLINE", "1").lower() in ("0", "false", "no", "off"):
        yield False
        return
    saved = {name: os.environ.get(name) for name in _OFFLINE_VARS}
    os.environ.update(dict.fromkeys(_OFFLINE_VARS, "1"))
    hub = sys.modules.get("huggingface_hub.constants")
    flag = getattr(hub, "HF_HUB_OFFLINE", None)
    if hub is not None:
        setattr(hub, "HF_HUB_OFFLINE", True)  # noqa: B010 (a module found at run time)
    try:
        yield True
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if hub is not None:
            setattr(hub, "HF_HUB_OFFLINE", flag)  # noqa: B010
