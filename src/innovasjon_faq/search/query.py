"""What a user typed, taken apart: the words to rank by, the phrases to find."""

from __future__ import annotations

from innovasjon_faq.search import analysis
from innovasjon_faq.search.normalize import PHRASE_QUOTES, split_phrases
from innovasjon_faq.search.stem import related
from innovasjon_faq.value import Value

# Match qualities, best first (also what highlighting shows).
EXACT, STEM, COMPOUND, TYPO = 4, 3, 2, 1

_STOP_WORDS = """
    og i på å er det som en et ei til for med av at de den har vi jeg du kan om
    ikke seg så men da fra var skal vil hva hvordan hvem hvor hvorfor hvilken
    hvilket hvilke hvis dere sin sitt sine
    meg oss mer under ut vår våre min mitt mine deg dem der her nå når noe
    også eller enn bli blir ble være vært hos inn opp over etter før
"""
STOP_WORDS = frozenset(analysis.words(_STOP_WORDS))


class Term(Value):
    """One word to rank by, folded, with its stem."""

    __slots__ = ("stem", "stop", "word")

    def __init__(self, word: str, stem: str, stop: bool) -> None:
        self.word = word
        self.stem = stem
        self.stop = stop


class Query(Value):
    """A parsed query.

    `terms` rank the entries: the words that are not stop words, or all the
    words when there are only stop words (`stop_only`). `loose` are the words
    typed outside quotes (these are highlighted wherever they match); each of
    `phrases` must stand word after word in a text of an entry."""

    __slots__ = ("loose", "phrases", "stop_only", "terms")

    def __init__(
        self,
        terms: tuple[Term, ...],
        loose: frozenset[str],
        phrases: tuple[tuple[str, ...], ...],
        stop_only: bool,
    ) -> None:
        self.terms = terms
        self.loose = loose
        self.phrases = phrases
        self.stop_only = stop_only


def _loose_words(text: str) -> list[str]:
    """The words of loose query text, and the joined form of each hyphenated one."""
    prepared = analysis.prepare(text)
    return analysis.words(prepared) + analysis.words(analysis.joined(prepared))


def parse(text: str) -> Query:
    """Split a query into terms and phrases."""
    loose_texts, phrase_texts = split_phrases(text)
    loose = [word for piece in loose_texts for word in _loose_words(piece)]
    phrases: list[tuple[str, ...]] = []
    for piece in phrase_texts:
        phrase = tuple(analysis.words(piece))
        if len(phrase) > 1:
            phrases.append(phrase)
        else:
            loose.extend(_loose_words(piece))
    every = list(dict.fromkeys(loose + [w for phrase in phrases for w in phrase]))
    content = [w for w in every if w not in STOP_WORDS]
    terms = tuple(Term(w, analysis.stem_of(w), w in STOP_WORDS) for w in (content or every))
    return Query(terms, frozenset(loose), tuple(dict.fromkeys(phrases)), not content)


def question_terms(text: str, prepared: str, joined: str) -> list[str]:
    """The words a query of `text` would rank by (`parse(text).terms`'s), from
    its prepared text and joined words (`analysis.prepare`, `analysis.joined`)
    when it has no quotes: a build asks for every question, and `parse` costs
    five times as much."""
    if any(quote in text for quote in PHRASE_QUOTES):
        return [term.word for term in parse(text).terms]
    every = list(
        dict.fromkeys(analysis.analyse_prepared(prepared) + analysis.analyse_prepared(joined))
    )
    content = [w for w in every if w not in STOP_WORDS]
    return content or every


def same_word(folded: str, word: str) -> bool:
    """Whether a folded word of the text is `word` or a form of it (for phrases)."""
    return folded == word or related(analysis.stem_of(folded), analysis.stem_of(word))
