"""Scans of the vocabulary: by prefix, by part, by length."""

from __future__ import annotations

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
    assert vocabulary.containing("flok") == ["flok", "floker", "samfunnsflokene"]
    assert vocabulary.containing("flok", inside=True) == ["samfunnsflokene"]
    assert vocabulary.containing("e") == ["floker", "planverk", "samfunnsflokene", "toppledelsen"]
    assert vocabulary.containing("qq") == []


def test_words_of_a_length() -> None:
    vocabulary = Vocabulary(WORDS)
    assert vocabulary.of_length(4, 6) == ["flok", "plan", "floker"]
    assert vocabulary.of_length(-3, 1) == ["a"]
    assert Vocabulary([]).of_length(1, 9) == []
