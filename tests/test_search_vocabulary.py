"""Scans of the vocabulary: by prefix, by part, by length."""

from __future__ import annotations

import pytest

from innovasjon_faq.search.vocabulary import Vocabulary

WORDS = sorted(["flok", "floker", "samfunnsflokene", "plan", "planverk", "toppledelsen", "a"])


def test_membership_is_exact() -> None:
    vocabulary = Vocabulary(WORDS)
    assert "plan" in vocabulary
    assert "pla" not in vocabulary
    assert "zzz" not in vocabulary
    assert 3 not in vocabulary


def test_words_starting_with_a_prefix() -> None:
    assert Vocabulary(WORDS).starting_with("plan") == ["plan", "planverk"]
    assert Vocabulary(WORDS).starting_with("x") == []


def test_words_containing_a_part_anywhere_or_inside_only() -> None:
    vocabulary = Vocabulary(WORDS)
    assert list(vocabulary.containing("flok")) == ["flok", "floker", "samfunnsflokene"]
    assert list(vocabulary.containing("flok", inside=True)) == ["samfunnsflokene"]
    assert list(vocabulary.containing("e")) == [
        "floker",
        "planverk",
        "samfunnsflokene",
        "toppledelsen",
    ]
    assert list(vocabulary.containing("qq")) == []


def test_words_of_a_length() -> None:
    vocabulary = Vocabulary(WORDS)
    assert vocabulary.of_length(4, 6) == ["flok", "plan", "floker"]
    assert vocabulary.of_length(-3, 1) == ["a"]
    assert Vocabulary([]).of_length(1, 9) == []


def test_the_joined_text_scans_like_the_words() -> None:
    for words in (WORDS, [], ["", "a"]):
        text = Vocabulary(text="\n".join(words))
        listed = Vocabulary(words)
        assert list(text.words) == list(listed.words)
        for part in ("flok", "e", "plan", "a", "qq", ""):
            assert text.starting_with(part) == listed.starting_with(part)
            if part:
                assert list(text.containing(part)) == list(listed.containing(part))
                inside = list(text.containing(part, inside=True))
                assert inside == list(listed.containing(part, inside=True))
        assert text.of_length(0, 20) == listed.of_length(0, 20)


def test_a_vocabulary_needs_words_or_text() -> None:
    with pytest.raises(TypeError):
        Vocabulary()
