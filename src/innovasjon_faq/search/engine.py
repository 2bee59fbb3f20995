"""Ranking entries for a query.

Every query word (a `Term`) is matched against the collection at four
qualities: the word itself (EXACT), another form of it (STEM, see
`stem.related`), the word inside a longer word (COMPOUND: `strategi` in
`innovasjonsstrategi`, or its stem: `flok` of `floker` in `samfunnsflokene`),
and, only for a word of MIN_TYPO letters or more that matches nothing as a
word or a form, a vocabulary word within a small edit distance (TYPO).

An entry's score for a term is `idf * (quality + saturation)`: the best
quality of its matches, plus a BM25 saturation in [0, 1) of its term
frequency, weighted by field (keywords > question > answer, `store.FIELD_WEIGHTS`)
and by quality. So a better match always wins for one word, and among equal
matches the BM25 part decides. The idf and the length normalisation use fixed
reference values, not the collection's size and mean length: an entry's score
depends only on that entry and on the entries that match, so adding an entry
that does not match never reorders the others. Scores are rounded before
sorting and ties go to the lower id, so results are the same from any Store.

The engine asks only the `Store` protocol, so an on-disk store gives the same
results as the in-memory one.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search.query import (
    COMPOUND,
    EXACT,
    STEM,
    STOP_WORDS,
    TYPO,
    Query,
    Term,
    parse,
)
from innovasjon_faq.search.snippet import make_snippet, marks, phrase_runs
from innovasjon_faq.search.stem import MIN_STEM_PREFIX, related, shorter_relatives, stem
from innovasjon_faq.search.store import FIELD_WEIGHTS, FIELDS, MemoryStore, Store
from innovasjon_faq.search.vocabulary import Vocabulary

# How much one occurrence of each quality adds to the term frequency.
TF_FACTOR = {EXACT: 1.0, STEM: 0.8, COMPOUND: 0.5, TYPO: 0.4}
MIN_COMPOUND = 4  # a word (or stem) must be this long to count inside a longer word
MAX_COMPOUNDS = 500  # at most this many longer words per term (common stems in huge collections)
MIN_TYPO = 5  # a word must be this long to match despite a typo
K1, B = 1.2, 0.75
REFERENCE_LENGTH = 100.0  # the weighted length at which BM25 neither rewards nor penalises
REFERENCE_SIZE = 100.0  # the collection size the idf is scaled to
QUESTION = FIELDS.index("question")
# An entry whose question has exactly the words of the query (in any order and
# spelling) gets this much more per term, which lifts it above every entry
# that merely contains those words: the own question always finds its entry.
QUESTION_BONUS = 1.0
SCORE_DIGITS = 9  # scores are rounded to this many digits before ranking
SUGGEST_RATIO = 70  # how alike (rapidfuzz fuzz.ratio, 0-100) a suggested word must be


@dataclass(frozen=True)
class Hit:
    """One ranked result, with the spans of the matched words in the question
    and in the snippet (offsets into `entry.question` and `snippet`)."""

    entry: Entry
    score: float
    snippet: str
    question_spans: tuple[tuple[int, int], ...] = ()
    snippet_spans: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The stable JSON shape of one row of `faq search --json`."""
        return {
            "id": self.entry.id,
            "slug": self.entry.slug,
            "question": self.entry.question,
            "score": round(self.score, 4),
            "snippet": self.snippet,
        }


@dataclass(frozen=True)
class Match:
    """How one term meets the collection: the stems of its forms, and the
    longer words and misspelt words it stands for."""

    term: Term
    stems: frozenset[str]
    compounds: frozenset[str]
    typos: frozenset[str]

    def quality(self, folded: str) -> int:
        """The quality with which a folded word of the text matches; 0 if not."""
        if folded == self.term.word:
            return EXACT
        if stem(folded) in self.stems:
            return STEM
        if folded in self.compounds:
            return COMPOUND
        if folded in self.typos:
            return TYPO
        return 0


class SearchEngine:
    """Ranks the entries of a collection (or of any Store) for a query."""

    def __init__(self, collection: Collection | None = None, *, store: Store | None = None) -> None:
        if store is None:
            if collection is None:
                raise TypeError("SearchEngine needs a collection or a store")
            store = MemoryStore(collection)
        self.store = store
        self._vocabulary: Vocabulary | None = None

    @property
    def vocabulary(self) -> Vocabulary:
        """The store's vocabulary, indexed for scans on first use."""
        if self._vocabulary is None:
            self._vocabulary = Vocabulary(self.store.vocabulary())
        return self._vocabulary

    # -- matching ----------------------------------------------------------------

    def _stems(self, term: Term) -> set[str]:
        """The stems of the forms of `term` that occur in the collection."""
        store = self.store
        found = {term.stem}
        if len(term.stem) < MIN_STEM_PREFIX:
            return found
        found.update(s for s in shorter_relatives(term.stem) if store.stem_postings(s))
        for other in self.vocabulary.starting_with(term.stem):
            other_stem = stem(other)
            if related(term.stem, other_stem):
                found.add(other_stem)
        return found

    def _compounds(self, term: Term, stems: set[str]) -> list[str]:
        """Longer words that contain the term (anywhere) or its stem (not at the start)."""
        word, word_stem = term.word, term.stem
        if len(word) < MIN_COMPOUND:
            return []
        found = set(self.vocabulary.containing(word))
        if len(word_stem) >= MIN_COMPOUND and word_stem != word:
            found.update(self.vocabulary.containing(word_stem, inside=True))
        found.discard(word)
        return sorted(other for other in found if stem(other) not in stems)[:MAX_COMPOUNDS]

    def _typos(self, term: Term, exclude: Iterable[str]) -> list[str]:
        """Vocabulary words within a small edit distance of the term."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        word = term.word
        distance = 1 if len(word) < 8 else 2
        choices = self.vocabulary.of_length(len(word) - distance, len(word) + distance)
        close = process.extract(
            word, choices, scorer=OSA.distance, score_cutoff=distance, limit=None
        )
        skip = set(exclude)
        return sorted(
            other
            for other, _, _ in close
            if len(other) >= MIN_TYPO and other not in skip and other not in STOP_WORDS
        )

    def _match(
        self, term: Term, stop_only: bool
    ) -> tuple[Match, dict[int, dict[tuple[int, int], int]]]:
        """The term's Match, and per document the occurrences by (quality, field)."""
        store = self.store
        counts: dict[int, dict[tuple[int, int], int]] = defaultdict(lambda: defaultdict(int))
        exact: dict[tuple[int, int], int] = {}
        for doc, field, count in store.word_postings(term.word):
            exact[doc, field] = count
            counts[doc][EXACT, field] += count
        stems = self._stems(term)
        for word_stem in sorted(stems):
            for doc, field, count in store.stem_postings(word_stem):
                extra = count - exact.get((doc, field), 0) if word_stem == term.stem else count
                if extra > 0:
                    counts[doc][STEM, field] += extra
        compounds: list[str] = []
        typos: list[str] = []
        if not stop_only:
            compounds = self._compounds(term, stems)
            if not counts and len(term.word) >= MIN_TYPO:
                typos = self._typos(term, compounds)
        for quality, others in ((COMPOUND, compounds), (TYPO, typos)):
            for other in others:
                for doc, field, count in store.word_postings(other):
                    counts[doc][quality, field] += count
        match = Match(term, frozenset(stems), frozenset(compounds), frozenset(typos))
        return match, counts

    # -- ranking -------------------------------------------------------------------

    def _score(self, query: Query) -> tuple[list[Match], dict[int, float]]:
        store = self.store
        matches: list[Match] = []
        scores: dict[int, float] = defaultdict(float)
        in_question: dict[int, int] = defaultdict(int)  # terms found as such in the question
        total_idf = 0.0
        for term in query.terms:
            match, counts = self._match(term, query.stop_only)
            matches.append(match)
            idf = math.log(1 + REFERENCE_SIZE / (len(counts) + 0.5))
            total_idf += idf
            for doc in sorted(counts):
                by_kind = counts[doc]
                in_question[doc] += (EXACT, QUESTION) in by_kind
                best = max(quality for quality, _ in by_kind)
                tf = sum(
                    FIELD_WEIGHTS[field] * TF_FACTOR[quality] * count
                    for (quality, field), count in sorted(by_kind.items())
                )
                norm = K1 * (1 - B + B * store.doc_length(doc) / REFERENCE_LENGTH)
                scores[doc] += idf * (best + tf / (tf + norm))
        words = {term.word for term in query.terms}
        for doc, found in in_question.items():
            if found == len(words) and _question_words(store.entry(doc)) == words:
                scores[doc] += total_idf * QUESTION_BONUS
        return matches, {doc: round(score, SCORE_DIGITS) for doc, score in scores.items()}

    def _ranked(self, scores: dict[int, float]) -> Iterable[int]:
        """Documents best first; equal scores in order of entry id."""
        order = sorted(scores, key=lambda doc: (-scores[doc], doc))
        start = 0
        while start < len(order):
            end = start
            while end < len(order) and scores[order[end]] == scores[order[start]]:
                end += 1
            yield from sorted(order[start:end], key=lambda doc: self.store.entry(doc).id)
            start = end

    def search(self, query: str, limit: int | None = None) -> list[Hit]:
        """Entries matching `query`, best first; ties broken by id."""
        parsed = parse(query)
        if not parsed.terms:
            return []
        matches, scores = self._score(parsed)
        hits: list[Hit] = []
        for doc in self._ranked(scores):
            if limit is not None and len(hits) >= limit:
                break
            entry = self.store.entry(doc)
            if all(has_phrase(entry, phrase) for phrase in parsed.phrases):
                hits.append(self._hit(scores[doc], entry, parsed, matches))
        return hits

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """Words of the collection close to the words of `query`, as the text
        spells them (for "Did you mean …"); the closest first."""
        from rapidfuzz import fuzz, process

        vocabulary = self.vocabulary
        best: dict[str, float] = {}
        for term in parse(query).terms:
            size = len(term.word)
            if size < 3 or term.word in vocabulary:
                continue  # too short to guess from, or a word the collection knows
            # A ratio of SUGGEST_RATIO or more needs a length within these bounds.
            shortest = math.ceil(size * SUGGEST_RATIO / (200 - SUGGEST_RATIO))
            longest = math.floor(size * (200 - SUGGEST_RATIO) / SUGGEST_RATIO)
            close = process.extract(
                term.word,
                vocabulary.of_length(shortest, longest),
                scorer=fuzz.ratio,
                score_cutoff=SUGGEST_RATIO,
                limit=limit + 3,
            )
            for other, score, _ in close:
                if other != term.word and other not in STOP_WORDS:
                    best[other] = max(score, best.get(other, 0.0))
        ordered = sorted(best, key=lambda word: (-best[word], word))
        out: list[str] = []
        stems: list[str] = []
        for word in ordered:
            if any(related(stem(word), seen) for seen in stems):
                continue  # one form of a word is enough
            stems.append(stem(word))
            label = self.store.surface(word)
            out.append(label if label.isupper() else label.lower())
        return out[:limit]

    # -- presentation ----------------------------------------------------------------

    def _hit(self, score: float, entry: Entry, query: Query, matches: list[Match]) -> Hit:
        highlighted = [m for m in matches if m.term.word in query.loose or query.stop_only]

        def quality(folded: str) -> int:
            return max((m.quality(folded) for m in highlighted), default=0)

        question = marks(entry.question, quality, query.phrases)
        answer = marks(entry.answer, quality, query.phrases)
        snippet, spans = make_snippet(entry.answer, answer)
        return Hit(entry, score, snippet, tuple((m.start, m.end) for m in question), spans)


def has_phrase(entry: Entry, phrase: Sequence[str]) -> bool:
    """Whether the words of `phrase` stand one after another in a field of `entry`."""
    texts = (*entry.keywords, entry.question, entry.answer)
    return any(phrase_runs(text, phrase) for text in texts)


def _question_words(entry: Entry) -> set[str]:
    return {term.word for term in parse(entry.question).terms}
