"""``glossalign review``: the alignment editor served to the translator's browser.

``realign`` re-aligns around confirmed beads, ``session`` holds the edits, ``app`` is the
Starlette application, ``server`` runs it on uvicorn, ``cli`` is the typer command.
"""
