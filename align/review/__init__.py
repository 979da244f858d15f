"""``glossalign review``: the alignment editor served to the translator's browser.

``edits``, ``links`` and ``resegment`` are the edits (pure, ``State`` -> ``State``), ``ops``
names them for the page; ``realign`` re-aligns around the fixed beads, ``jobs`` does it in
the background; ``session`` holds the history and the files (``sessionfile``, ``outputs``,
``terms``, ``ignores``); ``corpus`` opens the pairs of a batch output folder; ``app`` is the
Starlette application, ``view`` what the page sees, ``server`` runs it on uvicorn,
``documents`` reads what it opens, ``cli`` is the typer command.
"""
