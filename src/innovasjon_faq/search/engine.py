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

import heapq
import math
import sys
from array import array
from bisect import bisect_left
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import compress, count, groupby, islice

from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search.phrase import Phrases
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
from innovasjon_faq.search.snippet import make_snippet, marks
from innovasjon_faq.search.stem import MIN_STEM_PREFIX, related, shorter_relatives, stem
from innovasjon_faq.search.store import FIELD_WEIGHTS, FIELDS, MemoryStore, Store
from innovasjon_faq.search.vocabulary import Vocabulary

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Callable

    Packed = array[int]  # postings as `doc << 32 | count << 2 | field` (typecode "Q")
    # A term's postings of one matched word or stem (or of all its longer or
    # misspelt words): the quality they give, whether they are the term's own
    # stem's, and the postings.
    Matched = tuple[int, bool, Packed]
WORD, STEM_KEY = 0, 1  # the kinds of `Store.packed_postings` (index.build's WORDS, STEMS)
QUALITIES = (EXACT, STEM, COMPOUND, TYPO)
# `_accumulate` keeps a document's best quality above ten times its term
# frequency, which stays below 2**40: a collection (at most 150 MiB) has fewer
# than 2**28 words, each weighing at most 30.
_BEST = 40
_TEN = (1 << _BEST) - 1
_DOC_HALF = 1 if sys.byteorder == "little" else 0  # which 32-bit half holds the document


def _docs(packed: Packed) -> memoryview:
    """The documents of packed postings, read in place (no loop in Python)."""
    return memoryview(packed).cast("B").cast("I")[_DOC_HALF::2]


def _lows(packed: Packed) -> memoryview:
    """The `count << 2 | field` halves of packed postings, read in place."""
    return memoryview(packed).cast("B").cast("I")[1 - _DOC_HALF :: 2]


# Ten times each (quality, field)'s weight `FIELD_WEIGHTS[field] *
# TF_FACTOR[quality]`, at slot `quality << 2 | field`: whole numbers (the
# weights are multiples of 0.1; a test holds them to it), so term frequencies
# are summed exactly, in any order.
_TENS = [0] * 32
# A bound is compared with exact scores only after this much slack: rounding
# to SCORE_DIGITS (at most 5e-10) and float error stay far below it.
MARGIN = 1e-8
FEW = 8  # documents few enough to look up one by one (`_Levels.among`)
FIRST_CHUNK, LAST_CHUNK = 16, 1024  # entries read at once by `_ranked`: 16, 32, … 1024

# How much one occurrence of each quality adds to the term frequency.
TF_FACTOR = {EXACT: 1.0, STEM: 0.8, COMPOUND: 0.5, TYPO: 0.4}
MIN_COMPOUND = 4  # a word (or stem) must be this long to count inside a longer word
MAX_COMPOUNDS = 500  # at most this many longer words per term (common stems in huge collections)
MIN_TYPO = 5  # a word must be this long to match despite a typo
K1, B = 1.2, 0.75
REFERENCE_LENGTH = 100.0  # the weighted length at which BM25 neither rewards nor penalises
REFERENCE_SIZE = 100.0  # the collection size the idf is scaled to
QUESTION = FIELDS.index("question")
for _quality, _factor in TF_FACTOR.items():
    for _field, _weight in enumerate(FIELD_WEIGHTS):
        _TENS[_quality << 2 | _field] = round(_weight * _factor * 10)
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
        self._postings: dict[tuple[int, str], Packed] = {}  # of this engine's queries

    @property
    def vocabulary(self) -> Vocabulary:
        """The store's vocabulary, indexed for scans on first use."""
        if self._vocabulary is None:
            # Optional: the words as one newline-joined text, not split until needed.
            text = getattr(self.store, "vocabulary_text", None)
            if text is not None:
                self._vocabulary = Vocabulary(text=text())
            else:
                self._vocabulary = Vocabulary(self.store.vocabulary())
        return self._vocabulary

    # -- matching ----------------------------------------------------------------

    def _stems(self, term: Term) -> set[str]:
        """The stems of the forms of `term` that occur in the collection."""
        found = {term.stem}
        if len(term.stem) < MIN_STEM_PREFIX:
            return found
        known = getattr(self.store, "related_stems", None)  # optional: no scan, no stemming
        if known is not None:
            found.update(known(term.stem))
            self._prefetch(STEM_KEY, sorted(found))
            return found
        for other in self.vocabulary.starting_with(term.stem):
            other_stem = stem(other)
            if related(term.stem, other_stem):
                found.add(other_stem)
        shorter = shorter_relatives(term.stem)
        self._prefetch(STEM_KEY, sorted(found.union(shorter)))  # one query for them all
        found.update(s for s in shorter if self._packed(STEM_KEY, s))
        return found

    def _compounds(self, term: Term, stems: set[str]) -> list[str]:
        """Longer words that contain the term (anywhere) or its stem (not at the start)."""
        word, word_stem = term.word, term.stem
        if len(word) < MIN_COMPOUND:
            return []
        scans = [self.vocabulary.containing(word)]
        if len(word_stem) >= MIN_COMPOUND and word_stem != word:
            scans.append(self.vocabulary.containing(word_stem, inside=True))
        # Both scans come in vocabulary order: merged, the first MAX_COMPOUNDS
        # are known without reading the rest (or stemming it).
        found = (other for other, _ in groupby(heapq.merge(*scans)))
        others = (other for other in found if other != word and stem(other) not in stems)
        return list(islice(others, MAX_COMPOUNDS))

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

    def _lists(self, term: Term, stop_only: bool) -> tuple[Match, list[Matched]]:
        """The term's Match, and the postings that make its score: one packed
        array (`store.pack_postings`) per matched word or stem, each with the
        quality it gives and whether it is the term's own stem (whose exact
        occurrences are counted as EXACT, not again as STEM); the longer words
        and the misspelt ones in one array each. Best quality first."""
        packed = self._packed
        lists: list[Matched] = [(EXACT, False, packed(WORD, term.word))]
        stems = self._stems(term)
        for word_stem in sorted(stems):
            lists.append((STEM, word_stem == term.stem, packed(STEM_KEY, word_stem)))
        compounds: list[str] = []
        typos: list[str] = []
        if not stop_only:
            compounds = self._compounds(term, stems)
            # Nothing as a word or a form: no exact and no stem postings at all.
            if not any(packed for _, _, packed in lists) and len(term.word) >= MIN_TYPO:
                typos = self._typos(term, compounds)
        self._prefetch(WORD, [*compounds, *typos])
        for quality, others in ((COMPOUND, compounds), (TYPO, typos)):
            if others:
                # The postings of a term's hundreds of longer words as one array
                # (so one filter and one loop), no longer in document order.
                joined = array("Q")
                for other in others:
                    joined += packed(WORD, other)
                lists.append((quality, False, joined))
        match = Match(term, frozenset(stems), frozenset(compounds), frozenset(typos))
        return match, lists

    def _prefetch(self, kind: int, keys: list[str]) -> None:
        """Fetch the postings of many words or stems at once, when the store
        offers it (an optional `packed_postings_many`: one query, not hundreds)."""
        many = getattr(self.store, "packed_postings_many", None)
        missing = [key for key in keys if (kind, key) not in self._postings]
        if many is not None and missing:
            for key, packed in many(kind, missing).items():
                self._postings[kind, key] = packed

    def _packed(self, kind: int, key: str) -> Packed:
        """Postings packed as `doc << 32 | count << 2 | field`, from the store's
        optional `packed_postings` (no tuple per posting) or built from tuples."""
        cached = self._postings.get((kind, key))
        if cached is not None:
            return cached
        store = self.store
        method = getattr(store, "packed_postings", None)
        if method is not None:
            packed: Packed = method(kind, key)
        else:
            postings = store.word_postings(key) if kind == WORD else store.stem_postings(key)
            packed = array("Q", [doc << 32 | count << 2 | field for doc, field, count in postings])
        self._postings[kind, key] = packed
        return packed

    # -- ranking -------------------------------------------------------------------

    def _terms(
        self, query: Query
    ) -> tuple[list[Match], list[list[Matched]], list[float], list[set[int]]]:
        """Each term's Match, postings (`_lists`), idf, and the documents it matches."""
        matches: list[Match] = []
        term_lists: list[list[Matched]] = []
        idfs: list[float] = []
        every: list[set[int]] = []
        for term in query.terms:
            match, lists = self._lists(term, query.stop_only)
            matches.append(match)
            term_lists.append(lists)
            # The own stem's postings hold the word's: the word's list adds no document.
            every.append(set().union(*(_docs(packed) for _, _, packed in lists[1:])))
            idfs.append(math.log(1 + REFERENCE_SIZE / (len(every[-1]) + 0.5)))
        return matches, term_lists, idfs, every

    def _score(
        self, query: Query, limit: int | None = None
    ) -> tuple[list[Match], dict[int, float]]:
        """The score of every matching document (with a phrase, of those that
        can hold it); with `limit`, only of the documents that can be among
        the best `limit` (every other one provably scores less than the
        `limit`-th: see `_best`)."""
        matches, term_lists, idfs, every = self._terms(query)
        total_idf = 0.0
        for idf in idfs:
            total_idf += idf
        words = frozenset(term.word for term in query.terms)
        if limit is None:
            within = self._holding_phrases(query, _with_phrase_words(query, term_lists))
            scores: dict[int, float] = {}
            in_question: dict[int, int] = {}
            for lists, idf in zip(term_lists, idfs, strict=True):
                _accumulate(lists, idf, within, self.store.doc_length, scores, in_question)
            self._lift(scores, in_question, words, total_idf)
        else:
            levels = [_Levels(*pair) for pair in zip(term_lists, every, strict=True)]
            scores = self._best(term_lists, idfs, levels, words, total_idf, limit)
        if limit is not None and len(scores) > limit:
            # Only what can be among the best `limit` once rounded: rounding
            # moves a score by at most 5e-10, far less than MARGIN.
            cut = heapq.nlargest(limit, scores.values())[-1] - MARGIN
            scores = {doc: score for doc, score in scores.items() if score >= cut}
        return matches, {doc: round(score, SCORE_DIGITS) for doc, score in scores.items()}

    def _holding_phrases(self, query: Query, docs: set[int] | None) -> set[int] | None:
        """Of `docs`, those that may hold the query's phrases, when the store
        knows where words stand (an optional `phrase_docs`): then a rare
        phrase ranks the few entries that hold it, not the thousands that
        hold its words. Never fewer than hold them; `Phrases` checks each hit."""
        find = getattr(self.store, "phrase_docs", None)
        if find is None or docs is None:
            return docs
        held: set[int] = find(docs, [[stem(word) for word in phrase] for phrase in query.phrases])
        return held

    def _best(
        self,
        term_lists: list[list[Matched]],
        idfs: list[float],
        levels: list[_Levels],
        words: frozenset[str],
        total_idf: float,
        limit: int,
    ) -> dict[int, float]:
        """The final scores of the documents that can be among the best
        `limit`, and maybe of some others; every document left out provably
        scores less than the `limit`-th.

        Groups of documents come best bound first (`_Groups`): first until
        there are `limit` documents, whose scores give a threshold; then every
        group whose bound reaches it, scored together."""
        bonus = self._bonus(term_lists)
        groups = _Groups(levels, idfs, total_idf * QUESTION_BONUS if bonus else 0.0, bonus)
        # One term: its own score ranks, so it alone can skip hopeless documents.
        alone = limit if len(term_lists) == 1 else None
        doc_length = self.store.doc_length
        scores: dict[int, float] = {}
        threshold = -math.inf
        while True:
            batch: set[int] = set()
            while threshold > -math.inf or len(batch) < limit:
                group = groups.take(threshold)
                if group is None:
                    break
                batch |= group[1]
            if not batch:
                return scores
            in_question: dict[int, int] = {}
            for lists, idf in zip(term_lists, idfs, strict=True):
                _accumulate(lists, idf, batch, doc_length, scores, in_question, alone, bonus)
            self._lift(scores, in_question, words, total_idf)
            if len(scores) >= limit:
                threshold = heapq.nlargest(limit, scores.values())[-1] - MARGIN

    def _lift(
        self,
        scores: dict[int, float],
        in_question: dict[int, int],
        words: frozenset[str],
        total_idf: float,
    ) -> None:
        """Add the question bonus to the documents whose question has exactly
        the query's words (`in_question` counts the terms found there)."""
        size = getattr(self.store, "question_size", None)  # optional: skips reading entries
        for doc, found in in_question.items():
            if (
                found == len(words)
                and (size is None or size(doc) == len(words))
                and _question_words(self.store.entry(doc)) == words
            ):
                scores[doc] += total_idf * QUESTION_BONUS

    def _bonus(self, term_lists: list[list[Matched]]) -> set[int]:
        """The documents that may get the question bonus: with every term's
        own word in the question, and (when the store knows) a question of as
        many distinct words as the query has terms."""
        # From the word with the fewest postings; the others are looked up.
        exacts = sorted((lists[0][2] for lists in term_lists), key=len)
        bonus = set(_asked(exacts[0]))
        size = getattr(self.store, "question_size", None)
        if size is not None:
            bonus = {doc for doc in bonus if size(doc) == len(term_lists)}
        for exact in exacts[1:]:
            bonus = {doc for doc in bonus if _in_question(exact, doc)}
        return bonus

    def _ranked(self, scores: dict[int, float]) -> Iterator[int]:
        """Documents best first; equal scores in order of entry id (then
        document). When the store can read many entries at once (optional
        `load_entries`), those of the documents ahead are read a growing
        chunk at a time: a phrase search may go through thousands."""
        order = sorted(scores, key=scores.__getitem__, reverse=True)
        load = getattr(self.store, "load_entries", None)
        loaded, size = 0, FIRST_CHUNK
        start = 0
        while start < len(order):
            end = start + 1
            while end < len(order) and scores[order[end]] == scores[order[start]]:
                end += 1
            if load is not None and end > loaded:
                ahead = max(end, loaded + size)
                load(order[loaded:ahead])
                loaded, size = ahead, min(2 * size, LAST_CHUNK)
            tied = order[start:end]
            if len(tied) > 1:
                tied.sort(key=lambda doc: (self.store.entry(doc).id, doc))
            yield from tied
            start = end

    def search(self, query: str, limit: int | None = None) -> list[Hit]:
        """Entries matching `query`, best first; ties broken by id."""
        parsed = parse(query)
        if not parsed.terms or (limit is not None and limit < 1):
            return []
        # With phrases, hits that lack them are skipped: rank everything.
        matches, scores = self._score(parsed, None if parsed.phrases else limit)
        hits: list[Hit] = []
        quality = _highlighter(parsed, matches)
        phrases = Phrases(parsed.phrases)
        for doc in self._ranked(scores):
            if limit is not None and len(hits) >= limit:
                break
            entry = self.store.entry(doc)
            if phrases.in_entry(entry):
                hits.append(_hit(scores[doc], entry, parsed, quality))
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


class _Levels:
    """A term's documents by best quality (in QUALITIES order), each level
    worked out when first asked for; `every` is all of them, known already."""

    def __init__(self, lists: list[Matched], every: set[int]) -> None:
        self.lists = lists
        self._every = every
        self._found: list[set[int]] = []
        self._taken: set[int] = set()

    def level(self, index: int) -> set[int]:
        """The documents whose best match is `QUALITIES[index]`."""
        while len(self._found) <= index:
            quality = QUALITIES[len(self._found)]
            docs: set[int] = set()
            for kind, _, packed in self.lists:
                if kind == quality:
                    docs.update(_docs(packed))
            docs -= self._taken
            self._taken |= docs
            self._found.append(docs)
        return self._found[index]

    def every(self) -> set[int]:
        """Every document the term matches (all the levels together)."""
        return self._every

    def among(self, docs: set[int], index: int) -> set[int]:
        """The documents of `docs` in `level(index)`. For a few documents and a
        level not yet worked out, EXACT or STEM (a few lists each), each
        document is looked up in the lists by binary search instead."""
        if index >= len(self._found) and index <= 1 and len(docs) <= FEW:
            lists = [(kind, packed) for kind, _, packed in self.lists if kind >= QUALITIES[index]]
            best = {doc: max((k for k, p in lists if _holds(p, doc)), default=0) for doc in docs}
            return {doc for doc, quality in best.items() if quality == QUALITIES[index]}
        return docs & self.level(index)


class _Groups:
    """The matching documents in groups of one quality per term, handed out
    best bound first, and worked out only as far as they are taken.

    A term adds `idf * (quality + saturation)` with the saturation in [0, 1),
    so a document whose best qualities are q_1..q_n scores at most
    `sum(idf_t * (q_t + 1))`, plus the question bonus (`lift`) if it can have
    it: every q_t EXACT and the document in `bonus`. The groups are found by
    splitting sets term by term, the rarest term first, best bound first: a
    node (`_Node`) is a set of documents whose qualities are fixed for the
    first terms, bounded as if every later term matched exactly (with the
    bonus). A node whose bound is below what the caller can already beat is
    never split, nor its set worked out."""

    def __init__(
        self, levels: list[_Levels], idfs: list[float], lift: float, bonus: set[int]
    ) -> None:
        self.levels = levels
        self.idfs = idfs
        self.lift = lift
        self.bonus = bonus
        self.order = sorted(range(len(levels)), key=lambda term: (-idfs[term], term))
        best = [idfs[term] * (EXACT + 1) for term in self.order]
        self.optimistic = [sum(best[depth:]) for depth in range(len(best) + 1)]
        self.heap: list[_Node] = []
        self.made = count()  # breaks ties between equal bounds: first made, first out
        self._split(None, 0, 0.0, True)

    def _push(
        self, top: float, depth: int, exact: bool, fixed: float, parent: set[int] | None, index: int
    ) -> None:
        node = _Node(-top, next(self.made), depth, exact, fixed, parent, index)
        heapq.heappush(self.heap, node)

    def _split(self, parent: set[int] | None, depth: int, fixed: float, exact: bool) -> None:
        """Push the children of a node: one per quality of the next term, and none."""
        idf = self.idfs[self.order[depth]]
        for index, quality in enumerate((*QUALITIES, 0)):
            value = fixed + (idf * (quality + 1) if quality else 0.0)
            both = exact and quality == EXACT
            top = value + self.optimistic[depth + 1] + (self.lift if both else 0.0)
            self._push(top, depth + 1, both, value, parent, index)

    def take(self, threshold: float) -> tuple[float, set[int]] | None:
        """The next group whose bound is at least `threshold`, with its bound;
        None when none is."""
        heap = self.heap
        while heap and -heap[0].key >= threshold:
            node = heapq.heappop(heap)
            members = node.members(self.levels, self.order)
            if not members:
                continue
            if node.depth < len(self.order):
                self._split(members, node.depth, node.fixed, node.exact)
            elif node.exact and self.lift:
                # The bonus can lift only the documents of `bonus`: two groups.
                lifted = members & self.bonus
                self._push(node.fixed + self.lift, node.depth, False, node.fixed, lifted, -1)
                self._push(node.fixed, node.depth, False, node.fixed, members - lifted, -1)
            else:
                return -node.key, members
        return None


@dataclass(order=True)
class _Node:
    """A set of documents in `SearchEngine._groups`. `key` is minus its bound
    (for a heap; `count` breaks ties in the order made); `depth` is how many
    terms (rarest first) have a fixed quality, `fixed` what those add at
    most, `exact` whether all of them are EXACT. Its documents are those of
    `parent` (None: every matching document) whose quality for the term at
    `depth` is `QUALITIES[index]`, or that the term does not match (`index`
    past QUALITIES); an `index` of -1 means `parent` itself."""

    key: float
    count: int
    depth: int = field(compare=False)
    exact: bool = field(compare=False)
    fixed: float = field(compare=False)
    parent: set[int] | None = field(compare=False)
    index: int = field(compare=False)

    def members(self, levels: list[_Levels], order: list[int]) -> set[int]:
        parent = self.parent
        if self.index < 0:
            return parent or set()
        level = levels[order[self.depth - 1]]
        if self.index < len(QUALITIES):
            return level.level(self.index) if parent is None else level.among(parent, self.index)
        if parent is None:  # matched by a later term, not by this one
            later = (levels[term].every() for term in order[self.depth :])
            return set().union(*later) - level.every()
        return parent - level.every()


def _accumulate(
    lists: list[Matched],
    idf: float,
    docs: set[int] | None,
    doc_length: Callable[[int], float],
    scores: dict[int, float],
    in_question: dict[int, int],
    limit: int | None = None,
    keep: Container[int] = frozenset(),
) -> None:
    """Add one term's score to `scores` for its matching documents (those of
    `docs` only, unless None), and count in `in_question` the documents that
    have the term itself in the question.

    With `limit` (only when this term alone makes the score), a document is
    left out when it provably scores less than the `limit`-th best, minus
    MARGIN: the ranking cuts it anyway (`_score`). Those of `keep` (that may
    get the question bonus) are always scored."""
    found = _frequencies(lists, docs)
    for doc in _asked(lists[0][2]):
        if docs is None or doc in docs:
            in_question[doc] = in_question.get(doc, 0) + 1
    if limit is not None and len(found) > limit:
        found = _contenders(found, idf, doc_length, limit, keep)
    for doc, score in _term_scores(found, idf, doc_length).items():
        scores[doc] = scores.get(doc, 0.0) + score


def _frequencies(lists: list[Matched], docs: set[int] | None) -> dict[int, int]:
    """Each matching document's best quality and weighted term frequency, as
    one int `quality << _BEST | ten` (ten times the frequency).

    The frequency is summed as a whole number (ten times the weights,
    `_TENS`), so it is exact and the same in any order. The lists come best
    first (`_lists`), so the quality is set when the document is first found
    and every later list only adds to the sum.

    The term's own stem's postings count the word itself too, which must
    weigh as EXACT and not again as STEM: per (document, field), `exact`
    occurrences of the word among `stem` of the stem weigh
    `E * exact + S * (stem - exact) = (E - S) * exact + S * stem`, so the
    word's list takes the difference of the weights and the stem's list is
    summed like any other. When the stem has no other word, its list is the
    word's and is skipped."""
    exact = lists[0][2]
    own = next((packed for _, own_stem, packed in lists if own_stem), None)
    found: dict[int, int] = {}
    get = found.get
    for quality, own_stem, packed in lists:
        if own_stem and packed == exact:
            continue  # the stem of the word alone: its postings are the word's
        weights = _TENS[quality << 2 : (quality << 2) + 4]
        if packed is exact and own is not None and own != exact:
            stem_weights = _TENS[STEM << 2 : (STEM << 2) + 4]
            weights = [mine - theirs for mine, theirs in zip(weights, stem_weights, strict=True)]
        first = quality << _BEST
        documents = _docs(packed)
        # (doc, count << 2 | field) pairs, read in place.
        postings: Iterable[tuple[int, int]] = zip(documents, _lows(packed), strict=True)
        if docs is not None:
            postings = compress(postings, map(docs.__contains__, documents))
        for doc, low in postings:
            found[doc] = get(doc, first) + weights[low & 3] * (low >> 2)
    return found


def _norm(length: float) -> float:
    """BM25's length normalisation of a document of weighted length `length`."""
    return K1 * (1 - B + B * length / REFERENCE_LENGTH)


def _term_scores(
    found: dict[int, int], idf: float, doc_length: Callable[[int], float]
) -> dict[int, float]:
    """One term's score of each document of `found` (see `_frequencies`):
    `idf * (quality + saturation)`."""
    scores: dict[int, float] = {}
    norms: dict[float, float] = {}
    for doc, key in found.items():
        length = doc_length(doc)
        norm = norms.get(length)
        if norm is None:
            norm = norms[length] = _norm(length)
        tf = (key & _TEN) / 10
        scores[doc] = idf * ((key >> _BEST) + tf / (tf + norm))
    return scores


def _contenders(
    found: dict[int, int],
    idf: float,
    doc_length: Callable[[int], float],
    limit: int,
    keep: Container[int],
) -> dict[int, int]:
    """The documents of `found` (see `_frequencies`) that can score at least
    the `limit`-th best minus MARGIN, and those of `keep`.

    A document's score grows with its key (the quality first, then the
    frequency), and is at most what its key gives at the shortest length of
    them all. The documents of the `limit` highest keys are scored exactly; the
    `limit`-th of those scores is a floor no better than the true `limit`-th;
    every document whose bound stays below it, less MARGIN, is left out."""
    kth = heapq.nlargest(limit, found.values())[-1]
    sample = {doc: key for doc, key in found.items() if key >= kth}
    floor = sorted(_term_scores(sample, idf, doc_length).values())[-limit] - MARGIN
    least = _least_key(floor / idf, _norm(min(map(doc_length, found))))
    return {doc: key for doc, key in found.items() if key >= least or doc in keep}


def _least_key(target: float, norm: float) -> int:
    """The least key (`quality << _BEST | ten`) whose `quality + saturation`,
    at length normalisation `norm`, can reach `target`; rounded down, so no
    document that can reach it is below it."""
    quality = math.floor(target)
    part = target - quality  # the saturation needed, in [0, 1)
    # tf / (tf + norm) >= part  <=>  tf >= part * norm / (1 - part); less a little for float error.
    ten = math.floor(10 * part * norm / (1 - part) * (1 - 1e-9)) - 1
    return quality << _BEST | min(max(ten, 0), _TEN)


def _postings_of(packed: Packed, doc: int) -> Iterator[int]:
    """The postings of `doc` (at most one per field) among postings sorted by
    document: a binary search, then the document's own."""
    index = bisect_left(packed, doc << 32)
    while index < len(packed) and packed[index] >> 32 == doc:
        yield packed[index]
        index += 1


def _holds(packed: Packed, doc: int) -> bool:
    """Whether postings (sorted by document) have `doc`."""
    return any(True for _ in _postings_of(packed, doc))


def _in_question(exact: Packed, doc: int) -> bool:
    """Whether the postings of a word (sorted by document) have `doc` in the
    question field."""
    return any(value & 3 == QUESTION for value in _postings_of(exact, doc))


def _asked(exact: Packed) -> Iterable[int]:
    """The documents of a term's own word's postings in the question field."""
    return compress(_docs(exact), map(QUESTION.__eq__, map((3).__and__, _lows(exact))))


def _highlighter(query: Query, matches: list[Match]) -> Callable[[str], int]:
    """How well a folded word of a hit's text matches the words typed outside
    quotes (all of them when there are only stop words): 0 for not at all.
    Remembered per word, as the shown texts repeat their words."""
    highlighted = [m for m in matches if m.term.word in query.loose or query.stop_only]
    known: dict[str, int] = {}

    def quality(folded: str) -> int:
        found = known.get(folded)
        if found is None:
            found = known[folded] = max((m.quality(folded) for m in highlighted), default=0)
        return found

    return quality


def _hit(score: float, entry: Entry, query: Query, quality: Callable[[str], int]) -> Hit:
    question = marks(entry.question, quality, query.phrases)
    answer = marks(entry.answer, quality, query.phrases)
    snippet, spans = make_snippet(entry.answer, answer)
    return Hit(entry, score, snippet, tuple((m.start, m.end) for m in question), spans)


def _with_phrase_words(query: Query, term_lists: list[list[Matched]]) -> set[int] | None:
    """The documents that hold every ranked word of the query's phrases as
    itself or a form of it (EXACT or STEM), which `Phrases` needs of a hit;
    None when there is no phrase."""
    needed = {word for phrase in query.phrases for word in phrase}
    within: set[int] | None = None
    for term, lists in zip(query.terms, term_lists, strict=True):
        if term.word in needed:
            found = set().union(*(_docs(packed) for quality, _, packed in lists if quality >= STEM))
            within = found if within is None else within & found
    return within


def _question_words(entry: Entry) -> set[str]:
    return {term.word for term in parse(entry.question).terms}
