import pytest

from glossary.inflect import term_forms, word_forms


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("desysop", {"desysops", "desysopped", "desysoped", "desysopping"}),
        ("ban", {"bans", "banned", "banning"}),
        ("lock", {"locks", "locked", "locking"}),
        ("policy", {"policies"}),
        ("address", {"addresses"}),
        ("canvass", {"canvasses", "canvassed", "canvassing"}),
        ("WMC", {"WMCs"}),
        ("G13", {"G13s"}),
    ],
)
def test_word_forms(word: str, forms: set[str]) -> None:
    assert forms | {word} <= word_forms(word)


def test_acronyms_only_take_s() -> None:
    assert word_forms("IPBE") == {"IPBE", "IPBEs"}


def test_multiword_terms_inflect_the_head() -> None:
    forms = term_forms("global ban")
    assert {"global ban", "global bans", "global banned"} <= forms
    assert "globals ban" not in forms
    assert "sockpuppets" in term_forms("sockpuppet")
