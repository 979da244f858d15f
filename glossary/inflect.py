"""English inflection of glossary renderings: the forms a term may take in running text.

Rules are deliberately generous (both ``desysoped`` and ``desysopped`` are produced): a form
only ever matches a word that is spelled like an inflection of the term itself.
"""

from __future__ import annotations

import functools

_VOWELS = frozenset("aeiou")
_SIBILANT_ENDS = ("s", "x", "z", "ch", "sh")


@functools.cache
def word_forms(word: str) -> frozenset[str]:
    """Plural/3rd person, past and -ing forms of one word (case kept, suffixes lowercase).

    ``ban`` → bans, banned, banning; ``desysop`` → desysops, desysoped, desysopped,
    desysoping, desysopping; ``policy`` → policies, policied; ``lock`` → locks, locked.
    All-caps acronyms and words ending in a digit only take ``s`` (``WMCs``, ``G13s``).
    """
    forms = {word}
    if not word or word[-1].isdigit() or (word.upper() == word and len(word) > 1):
        return frozenset({word, word + "s"})
    low = word.lower()
    last = low[-1]
    if low.endswith(_SIBILANT_ENDS) or last == "o":
        forms.add(word + "es")
    if last == "y" and len(low) > 1 and low[-2] not in _VOWELS:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    else:
        forms.add(word + "s")
    if last == "e":
        forms |= {word + "d", word[:-1] + "ing"}
    else:
        forms |= {word + "ed", word + "ing"}
    if (
        len(low) >= 3
        and last not in _VOWELS
        and last not in "wxy"
        and low[-2] in _VOWELS
        and low[-3] not in _VOWELS
    ):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return frozenset(forms)


def term_forms(term: str) -> frozenset[str]:
    """Forms of a (multiword) term: the head, its last word, is inflected.

    ``global ban`` → global bans, global banned, …; ``sockpuppet`` → sockpuppets.
    """
    cut = len(term.rstrip())
    start = cut
    while start > 0 and term[start - 1].isalnum():
        start -= 1
    head, stem = term[start:cut], term[:start]
    if not head:
        return frozenset({term})
    return frozenset(stem + form for form in word_forms(head))
