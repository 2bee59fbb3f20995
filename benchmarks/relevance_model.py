"""faq's ranking rebuilt in a few lines, with its choices as parameters (issue #12).

The experiments of relevance_diagnosis.py need to score one collection under
many models; the engine has one. So the matching is taken apart once per
query word, with the engine's own pieces (`MemoryStore`, `Vocabulary`,
`parse`, `stem`/`related`, the same scans for compounds and typos, the same
constants), into features that no model changes:

    for each entry the word matches: how often, in each field, it matches
    as the word itself (EXACT), as another form (STEM), inside a longer
    word (COMPOUND), or misspelt (TYPO, only when the word has no EXACT or
    STEM match anywhere)

and a `Model` turns the features into scores. `Model()` is faq's formula as
engine.py has it (`relevance_diagnosis.py --check` holds the two to the same
rankings):

    strict:    sum over terms of  idf * (quality + tf / (tf + norm))
    additive:  sum over terms of  idf * tf * (k1 + 1) / (tf + norm)

    tf   = sum over qualities q and fields f of  w_q * w_f * count(q, f)
    norm = k1 * (1 - b + b * length / avgdl), length = sum of w_f * words in f
    idf  = ln(1 + size / (n + 0.5))             reference: size = 100
           ln(1 + (N - n + 0.5) / (n + 0.5))     collection: N entries

with `quality` the best quality's level (EXACT 4 … TYPO 1) and n the number
of entries the term matches. The engine's question bonus (the sum of the
idfs, for an entry whose question has exactly the query's words) and its
phrase filter are applied as the engine applies them.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby, islice

from rapidfuzz import process
from rapidfuzz.distance import OSA

from innovasjon_faq.models import Collection
from innovasjon_faq.search import engine
from innovasjon_faq.search.normalize import tokens
from innovasjon_faq.search.phrase import Phrases
from innovasjon_faq.search.query import COMPOUND, EXACT, STEM, STOP_WORDS, TYPO, Query, parse
from innovasjon_faq.search.stem import MIN_STEM_PREFIX, related, shorter_relatives, stem
from innovasjon_faq.search.store import FIELD_WEIGHTS, FIELDS, MemoryStore, field_texts
from innovasjon_faq.search.vocabulary import Vocabulary

QUALITIES = (EXACT, STEM, COMPOUND, TYPO)  # best first; a row's counts come in this order
NF = len(FIELDS)


@dataclass(frozen=True)
class Model:
    """A scoring model; the defaults are faq's engine."""

    name: str = "faq today"
    combine: str = "strict"  # or "additive"
    idf: str = "reference"  # or "collection"
    avgdl: str = "reference"  # or "collection"
    k1: float = engine.K1
    b: float = engine.B
    # Weight of one occurrence per quality (EXACT, STEM, COMPOUND, TYPO).
    quality_weights: tuple[float, ...] = tuple(engine.TF_FACTOR[q] for q in QUALITIES)
    field_weights: tuple[float, ...] = FIELD_WEIGHTS  # keywords, question, answer
    question_bonus: float = engine.QUESTION_BONUS
    stop_words: bool = True  # leave faq's stop words out of the ranking
    compounds: bool = True  # match inside longer words at all
    more_stop_words: frozenset[str] = frozenset()  # folded words left out too

    def but(self, name: str, **changes: object) -> Model:
        return replace(self, name=name, **changes)  # type: ignore[arg-type]


@dataclass
class Term:
    """How one folded query word matches: per matching document (by position),
    its best quality and its counts (quality-major: EXACT's fields first)."""

    word: str
    # doc -> (best quality, ((quality index * NF + field, count), …)), nonzero counts only
    docs: dict[int, tuple[int, tuple[tuple[int, int], ...]]] = field(default_factory=dict)

    def without_compounds(self) -> Term:
        """The same matches but those inside longer words."""
        inside = range(QUALITIES.index(COMPOUND) * NF, (QUALITIES.index(COMPOUND) + 1) * NF)
        kept = {}
        for doc, (_, counts) in self.docs.items():
            rest = tuple((at, count) for at, count in counts if at not in inside)
            if rest:
                kept[doc] = (QUALITIES[rest[0][0] // NF], rest)
        return Term(self.word, kept)


class Features:
    """The model-free matching of one collection, remembered per word."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self.store = MemoryStore(collection)
        self.vocabulary = Vocabulary(self.store.vocabulary())
        self.field_lengths = [
            tuple(len(tokens(text)) for text in field_texts(entry)) for entry in collection.entries
        ]
        self.ids = [entry.id for entry in collection.entries]
        self.question_words = [
            frozenset(t.word for t in parse(entry.question).terms) for entry in collection.entries
        ]
        self._terms: dict[tuple[str, bool], Term] = {}
        self._queries: dict[str, tuple[Query, list[str]]] = {}
        self._length_cache: dict[tuple[tuple[float, ...], str], tuple[list[float], float]] = {}
        self._no_compounds: dict[tuple[str, bool], Term] = {}

    # -- matching, as engine.SearchEngine._lists ----------------------------------

    def _stems(self, word_stem: str) -> set[str]:
        found = {word_stem}
        if len(word_stem) < MIN_STEM_PREFIX:
            return found
        for other in self.vocabulary.starting_with(word_stem):
            if related(word_stem, stem(other)):
                found.add(stem(other))
        found.update(s for s in shorter_relatives(word_stem) if self.store.stem_postings(s))
        return found

    def _compounds(self, word: str, word_stem: str, stems: set[str]) -> list[str]:
        if len(word) < engine.MIN_COMPOUND:
            return []
        scans = [self.vocabulary.containing(word)]
        if len(word_stem) >= engine.MIN_COMPOUND and word_stem != word:
            scans.append(self.vocabulary.containing(word_stem, inside=True))
        found = (other for other, _ in groupby(heapq.merge(*scans)))
        others = (o for o in found if o != word and stem(o) not in stems)
        return list(islice(others, engine.MAX_COMPOUNDS))

    def _typos(self, word: str, exclude: set[str]) -> list[str]:
        distance = 1 if len(word) < 8 else 2
        choices = self.vocabulary.of_length(len(word) - distance, len(word) + distance)
        close = process.extract(
            word, choices, scorer=OSA.distance, score_cutoff=distance, limit=None
        )
        return [
            o
            for o, _, _ in close
            if len(o) >= engine.MIN_TYPO and o not in exclude and o not in STOP_WORDS
        ]

    def term(self, word: str, stop_only: bool, compounds: bool = True) -> Term:
        key = (word, stop_only)
        if not compounds:
            if key not in self._no_compounds:
                self._no_compounds[key] = self.term(word, stop_only).without_compounds()
            return self._no_compounds[key]
        if key in self._terms:
            return self._terms[key]
        store = self.store
        counts: dict[int, list[int]] = defaultdict(lambda: [0] * (NF * len(QUALITIES)))

        def add(quality: int, postings: Sequence[tuple[int, int, int]], sign: int = 1) -> None:
            at = QUALITIES.index(quality) * NF
            for doc, f, count in postings:
                counts[doc][at + f] += sign * count

        word_stem = stem(word)
        exact = store.word_postings(word)
        add(EXACT, exact)
        stems = self._stems(word_stem)
        for s in stems:
            add(STEM, store.stem_postings(s))
        add(STEM, exact, -1)  # the own stem's postings hold the word's: EXACT, not STEM too
        compounds: list[str] = []
        if not stop_only:
            as_word = bool(counts)  # typos only for a word with no EXACT or STEM match
            compounds = self._compounds(word, word_stem, stems)
            for other in compounds:
                add(COMPOUND, store.word_postings(other))
            if not as_word and len(word) >= engine.MIN_TYPO:
                for other in self._typos(word, set(compounds)):
                    add(TYPO, store.word_postings(other))
        docs = {}
        for doc, row in counts.items():
            best = next(q for i, q in enumerate(QUALITIES) if any(row[i * NF : (i + 1) * NF]))
            docs[doc] = (best, tuple((at, count) for at, count in enumerate(row) if count))
        self._terms[key] = found = Term(word, docs)
        return found

    # -- ranking ------------------------------------------------------------------

    def _parsed(self, query: str) -> tuple[Query, list[str]]:
        """The parsed query, and every word typed (for models that rank stop words)."""
        found = self._queries.get(query)
        if found is None:
            parsed = parse(query)
            found = self._queries[query] = (
                parsed,
                list(dict.fromkeys(t.folded for t in tokens(query))),
            )
        return found

    def rank(self, model: Model, query: str, limit: int = 10) -> list[int]:
        """The ids of the best `limit` entries for `query` under `model`."""
        parsed, typed_words = self._parsed(query)
        if not parsed.terms:
            return []
        stop_only = parsed.stop_only
        # Without stop words, faq's terms; with them, every word (faq's stop
        # words get no compounds or typos).
        words = [t.word for t in parsed.terms] if model.stop_words else typed_words
        if model.more_stop_words:
            words = [w for w in words if w not in model.more_stop_words] or words
        size = len(self.ids)
        lengths, avgdl = self._lengths(model)
        qw, fw = model.quality_weights, model.field_weights
        weights = [qw[i] * fw[f] for i in range(len(QUALITIES)) for f in range(NF)]
        k1, b = model.k1, model.b
        norms = [k1 * (1 - b + b * length / avgdl) for length in lengths]
        strict = model.combine == "strict"
        scores: dict[int, float] = defaultdict(float)
        total_idf = 0.0
        for word in words:
            is_stop = word in STOP_WORDS and not stop_only
            term = self.term(word, stop_only or is_stop, model.compounds)
            n = len(term.docs)
            if model.idf == "reference":
                idf = math.log(1 + engine.REFERENCE_SIZE / (n + 0.5))
            else:
                idf = math.log(1 + (size - n + 0.5) / (n + 0.5))
            total_idf += idf
            for doc, (best, counts) in term.docs.items():
                tf = 0.0
                for at, count in counts:
                    tf += weights[at] * count
                norm = norms[doc]
                if strict:  # a quality's level is its number (EXACT 4 … TYPO 1)
                    scores[doc] += idf * (best + tf / (tf + norm))
                else:
                    scores[doc] += idf * tf * (k1 + 1) / (tf + norm)
        if model.question_bonus:
            wanted = frozenset(t.word for t in parsed.terms)
            for doc in scores:
                if self.question_words[doc] == wanted:
                    scores[doc] += total_idf * model.question_bonus
        ids, digits = self.ids, engine.SCORE_DIGITS
        keyed = [(-round(score, digits), ids[doc], doc) for doc, score in scores.items()]
        if not parsed.phrases:
            return [entry_id for _, entry_id, _ in heapq.nsmallest(limit, keyed)]
        phrases = Phrases(parsed.phrases)
        keyed.sort()
        entries = self.collection.entries
        hits = (entry_id for _, entry_id, doc in keyed if phrases.in_entry(entries[doc]))
        return list(islice(hits, limit))

    def _lengths(self, model: Model) -> tuple[list[float], float]:
        key = (model.field_weights, model.avgdl)
        found = self._length_cache.get(key)
        if found is None:
            lengths = [
                sum(w * n for w, n in zip(model.field_weights, f, strict=True))
                for f in self.field_lengths
            ]
            mean = (
                engine.REFERENCE_LENGTH
                if model.avgdl == "reference"
                else sum(lengths) / len(lengths)
            )
            found = self._length_cache[key] = (lengths, mean)
        return found
