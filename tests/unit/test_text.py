"""Text helpers: plural counts, edit distance, chat shorthand."""

from __future__ import annotations

import pytest

from assistant.text import expand_shorthand


def test_a_count_takes_the_number_its_noun_needs():
    from assistant.answering import _matching_papers
    from assistant.text import counted

    assert counted(1, "paper") == "1 paper"
    assert counted(0, "paper") == "0 papers"
    assert counted(12, "paper") == "12 papers"
    assert _matching_papers(1, scoped=False) == "paper matches"
    assert _matching_papers(3, scoped=False) == "papers match"
    assert _matching_papers(1, scoped=True) == "of the papers you asked about matches"


def test_two_swapped_letters_are_one_edit():
    from assistant.text import edit_distance

    assert edit_distance("serach", "search", 1) == 1
    assert edit_distance("rstarmaht", "rstarmath", 1) == 1
    assert edit_distance("kitten", "sitting", 3) == 3
    assert edit_distance("abcdef", "badcfe", 2) == 3  # past the limit: limit + 1


@pytest.mark.parametrize(("typed", "read"), [
    ("tl;dr of FooNet pls", "summary of FooNet please"),
    ("whats the avg score w/o RL?", "what is the average score without RL?"),
    ("FooNet w/ trees, btw", "FooNet with trees,"),
    # inside a name or a compound it is no shorthand
    ("AVG-Net and U-Net", "AVG-Net and U-Net"),
])
def test_chat_shorthand_is_read_as_the_words_it_stands_for(typed, read):
    assert expand_shorthand(typed) == read


def test_a_paper_noun_takes_its_plural():
    from assistant.text import plural

    assert [plural(n) for n in ("paper", "study", "survey", "thesis")][:3] == \
        ["papers", "studies", "surveys"]


def test_a_family_name_is_found_in_the_versions_written_after_it():
    from assistant.text import with_families

    words = with_families(["qwen2", "5", "math", "7b", "aime24", "gsm8k", "r1"])
    assert {"qwen", "aime", "gsm"} <= words
    assert "r" not in words  # too short to be a family's name


def test_a_month_or_a_weekday_is_capitalised_by_convention_not_a_name():
    from assistant.text import is_specific
    assert not is_specific("October") and not is_specific("Oct.") and not is_specific("Monday")
    assert is_specific("SuperGLUE") and is_specific("Vega") and is_specific("2022")


def test_compound_parts_are_the_words_joined_inside_a_name():
    from assistant.text import compound_parts

    assert compound_parts("AfricanFaceSet-5M and AsianFaceSet-3M") >= {"african", "asian"}
    assert compound_parts("LoRA and GPT-4o") == set()  # "Lo", "RA": pieces, not words
    assert compound_parts("plain words only") == set()
