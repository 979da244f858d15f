"""Hypothesis strategies the glossary round-trip tests share.

Imported by ``tests/test_glossary_io.py`` and ``tests/test_glossary_tbx.py`` (pytest puts
``tests/`` on the path).
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from glossary.model import Entry


def glossary_terms(tidy: Callable[[str], str]) -> st.SearchStrategy[str]:
    """Short terms, ``tidy``'d as the format reads them back, never empty; no ``|`` (it
    separates the terms of a cell), surrogates or control characters."""
    return (
        st.text(
            st.characters(
                codec="utf-8", blacklist_characters="|", blacklist_categories=("Cs", "Cc")
            ),
            min_size=1,
            max_size=8,
        )
        .map(tidy)
        .filter(bool)
    )


def glossary_entries(
    term: st.SearchStrategy[str],
    text: st.SearchStrategy[str],
    note: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Entry]:
    """Entries of every case and status: their terms from ``term``, the definition and subject
    from ``text``, the note from ``note`` (``text`` if None)."""
    return st.builds(
        Entry,
        sources=st.lists(term, min_size=1, max_size=2, unique=True).map(tuple),
        target=term,
        variants=st.lists(term, max_size=2, unique=True).map(tuple),
        forbidden=st.lists(term, max_size=2, unique=True).map(tuple),
        case=st.sampled_from(["sensitive", "insensitive"]),
        status=st.sampled_from([None, "preferred", "admitted", "deprecated", "proposed"]),
        note=text if note is None else note,
        definition=text,
        subject=text,
    )
