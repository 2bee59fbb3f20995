"""What a user typed, taken apart: the words to rank by, the phrases to find."""

from __future__ import annotations

from dataclasses import dataclass

from innovasjon_faq.search.normalize import fold, split_phrases, tokens
from innovasjon_faq.search.stem import related, stem

# Match qualities, best first; also the base of a term's score (see engine).
EXACT, STEM, COMPOUND, TYPO = 4, 3, 2, 1

_STOP_WORDS = """
    og i på å er det som en et ei til for med av at de den har vi jeg du kan om
    ikke seg så men da fra var skal vil hva hvordan hvem hvis dere sin sitt sine
    meg oss mer under ut vår våre min mitt mine deg dem der her nå når noe
    også eller enn bli blir ble være vært hos inn opp over etter før
"""
STOP_WORDS = frozenset(fold(word) for word in _STOP_WORDS.split())


@dataclass(frozen=True)
class Term:
    """One word to rank by, folded, with its stem."""

    word: str
    stem: str
    stop: bool


@dataclass(frozen=True)
class Query:
    """A parsed query.

    `terms` rank the entries: the words that are not stop words, or all the
    words when there are only stop words (`stop_only`). `loose` are the words
    typed outside quotes (these are highlighted wherever they match); each of
    `phrases` must stand word after word in a field of an entry."""

    terms: tuple[Term, ...]
    loose: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    stop_only: bool


def parse(text: str) -> Query:
    """Split a query into terms and phrases."""
    loose_texts, phrase_texts = split_phrases(text)
    loose = [t.folded for piece in loose_texts for t in tokens(piece)]
    phrases: list[tuple[str, ...]] = []
    for piece in phrase_texts:
        phrase = tuple(t.folded for t in tokens(piece) if not t.joined)
        if len(phrase) > 1:
            phrases.append(phrase)
        else:
            loose.extend(t.folded for t in tokens(piece))
    every = list(dict.fromkeys(loose + [w for phrase in phrases for w in phrase]))
    content = [w for w in every if w not in STOP_WORDS]
    terms = tuple(Term(w, stem(w), w in STOP_WORDS) for w in (content or every))
    return Query(terms, frozenset(loose), tuple(dict.fromkeys(phrases)), not content)


def same_word(folded: str, word: str) -> bool:
    """Whether a folded word of the text is `word` or a form of it (for phrases)."""
    return folded == word or related(stem(folded), stem(word))
