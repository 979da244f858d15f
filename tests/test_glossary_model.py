from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.model import Entry, Glossary, default_case, split_cell

term = (
    st.text(st.characters(blacklist_characters="|", blacklist_categories=("Cs", "Cc")), min_size=1)
    .map(str.strip)
    .filter(bool)
)


def test_split_cell_trims_and_drops_empty_parts() -> None:
    assert split_cell(" a | b||c ") == ("a", "b", "c")
    assert split_cell("") == ()


def test_default_case_is_sensitive_for_acronyms_only() -> None:
    assert [default_case(t) for t in ("WMC", "IPBE", "G13", "AffCom", "global ban", "A")] == [
        "sensitive",
        "sensitive",
        "sensitive",
        "insensitive",
        "insensitive",
        "insensitive",
    ]


@settings(deadline=None)
@given(
    st.lists(
        st.builds(
            Entry,
            sources=st.lists(term, min_size=1, max_size=3).map(tuple),
            target=term,
            variants=st.lists(term, max_size=2).map(tuple),
            forbidden=st.lists(term, max_size=2).map(tuple),
            case=st.sampled_from(["sensitive", "insensitive"]),
            status=st.sampled_from([None, "preferred", "admitted", "deprecated", "proposed"]),
            note=st.text(max_size=10),
            row=st.integers(0, 1000),
            definition=st.text(max_size=10),
            subject=st.text(max_size=10),
        ),
        max_size=5,
    )
)
def test_frame_round_trip(entries: list[Entry]) -> None:
    glossary = Glossary(tuple(entries))
    frame = glossary.to_frame()
    assert frame.columns == [
        "source",
        "target",
        "variants",
        "forbidden",
        "case",
        "status",
        "note",
        "definition",
        "subject",
        "row",
    ]
    assert Glossary.from_frame(frame) == glossary
