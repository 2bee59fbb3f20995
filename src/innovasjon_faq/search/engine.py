"""Ranking entries for a query.

Every query word (a `Term`) meets the collection in the ways the lexicon
(`index.reader`) tells:

- as itself (EXACT), and as any form of it, through its stem (STEM); the
  forms whose Snowball stem differs from the word's own (`stem.related`:
  `politikerne` → `politikern`, `politikere` → `politiker`) count half;
- only when it is neither a word nor a form of one in the collection: as a
  part of a longer word (COMPOUND: `samfunn` the start of `samfunnsflokene`,
  `strategi` the end of `innovasjonsstrategi`, `ledelse` of `toppledelsen`
  with an inflection's ending (TAILS), `floker` of `samfunnsflokene`, whose
  stem ends with the word's), and, for a word of MIN_TYPO letters or more, as
  a word within one edit (two from eight letters on: TYPO).

The score is BM25F as the index computes it, with the collection's own idf
and mean length (k1 1.2, b 0.75) and the texts' weights of schema.REPEAT
(keywords > question > answer) applied to frequencies and lengths:

    score(entry) = sum over the terms t and their matches m:
                   WEIGHTS[kind of m] * BM25F(m's word or stem, entry)

so an occurrence of the word itself scores as one of its forms and again as
the word. Stop words do not rank unless the query has nothing else. Quoted
phrases must stand in one text, word after word, each word as itself or
another form of it. Why these and not others, measured on real Norwegian
text against textbook BM25 (benchmarks/relevance.py): docs/performance.md.

Two rules on top: an entry whose question has exactly the query's words (in
any order and spelling) comes first — the own question always finds its
entry — and ties go to the entry that comes first in the collection.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import tantivy

from innovasjon_faq.index import schema
from innovasjon_faq.index.reader import Candidate, SearchIndex
from innovasjon_faq.models import Collection
from innovasjon_faq.search import analysis
from innovasjon_faq.search.hits import Hit, hit
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
from innovasjon_faq.search.stem import MIN_STEM_PREFIX, related, shorter_relatives
from innovasjon_faq.search.store import Entries
from innovasjon_faq.value import Value

# How much each kind of match counts (see the module's docstring); "form" is
# a STEM match through a related stem, not the word's own.
WEIGHTS = {"word": 1.0, "stem": 1.0, "form": 0.5, "compound": 0.5, "typo": 1.0}
MIN_COMPOUND = 4  # a word (or stem) must be this long to count inside a longer word
MIN_MODIFIER = 2  # and the longer word must have this many letters more
MAX_EXTRA = 64  # at most this many compounds per term
MIN_EXTRA = 4  # and at least this many, whatever their postings (`_commonest`)
MAX_TYPOS = 8  # at most this many words a typo may stand for
EXTRA_POSTINGS = 20_000  # and at most this many postings for them (see `_within_budget`)
LOOK = 1000  # lexicon documents read per question about compounds
# Endings of Norwegian inflection that may follow a word at the end of a compound.
TAILS = ("", "e", "n", "t", "s", "a", "en", "et", "er", "ne", "es", "te", "de", "ar",
         "ene", "ens", "ers", "ets", "nes", "ane", "ars", "ens")  # fmt: skip
MIN_TYPO = 5  # a word must be this long to match despite a typo
SUGGEST_RATIO = 70  # how alike (rapidfuzz fuzz.ratio, 0-100) a suggested word must be
SLACK = 8  # hits fetched beyond the limit, to settle ties at the cut
_REGEX_SPECIAL = re.compile(r"[\\.+*?()|\[\]{}^$#&\-~\"<>@]")


def _escape(text: str) -> str:
    """`text` as a literal in tantivy's regular expressions."""
    return _REGEX_SPECIAL.sub(r"\\\g<0>", text)


class Match(Value):
    """How one term meets the collection: the stems of its forms, the longer
    words it is part of, and the words it may be a typo of."""

    __slots__ = ("compounds", "stems", "term", "typos")

    def __init__(
        self,
        term: Term,
        stems: frozenset[str],
        compounds: frozenset[str],
        typos: frozenset[str],
    ) -> None:
        self.term = term
        self.stems = stems
        self.compounds = compounds
        self.typos = typos

    def quality(self, folded: str, word_stem: str) -> int:
        """How well a word of the text (folded, and its stem) matches; 0 if not."""
        if folded == self.term.word:
            return EXACT
        if word_stem in self.stems:
            return STEM
        if folded in self.compounds:
            return COMPOUND
        if folded in self.typos:
            return TYPO
        return 0

    @property
    def found(self) -> bool:
        return bool(self.stems or self.compounds or self.typos)


class Plan:
    """A query as the index takes it: each term's Match, all their weighted
    term queries, and a filter per quoted phrase."""

    __slots__ = ("clauses", "matches", "phrases")

    def __init__(
        self, matches: list[Match], clauses: list[tantivy.Query], phrases: list[tantivy.Query]
    ) -> None:
        self.matches = matches
        self.clauses = clauses
        self.phrases = phrases

    def query(self, required: list[tantivy.Query]) -> tantivy.Query:
        """The term queries as one flat union — tantivy then skips, block by
        block, the documents that cannot reach the best ones (block-max WAND),
        which a union of unions would not let it do — with the phrases and
        `required` as filters (they add nothing to the score)."""
        should, must = tantivy.Occur.Should, tantivy.Occur.Must
        filters = [tantivy.Query.const_score_query(q, 0.0) for q in (*self.phrases, *required)]
        clauses = [(should, clause) for clause in self.clauses]
        if not filters:
            return tantivy.Query.boolean_query(clauses)
        union = tantivy.Query.boolean_query(clauses)
        return tantivy.Query.boolean_query([(must, union), *((must, q) for q in filters)])


class SearchEngine:
    """Ranks the entries of an indexed collection for a query."""

    def __init__(self, index: SearchIndex, entries: Entries) -> None:
        self.index = index
        self.entries = entries
        self.schema = index.schema
        self._matches: dict[tuple[str, bool], Match] = {}

    @classmethod
    def of(cls, collection: Collection) -> SearchEngine:
        """An engine over `collection`, its index built in memory (for tests
        and for measuring: `faq` itself keeps its indexes in the cache)."""
        from innovasjon_faq.index.build import Source, build_in_memory

        opened = build_in_memory(Source.of(collection))
        return cls(opened.index, Entries(collection))

    # -- matching ----------------------------------------------------------------

    def match(self, term: Term, stop_only: bool = False) -> Match:
        """How `term` meets the collection (remembered per engine)."""
        key = (term.word, stop_only)
        found = self._matches.get(key)
        if found is None:
            found = self._matches[key] = self._match(term, stop_only)
        return found

    def _match(self, term: Term, stop_only: bool) -> Match:
        index = self.index
        stems = {term.stem} if index.has_stem(term.stem) else set()
        if len(term.stem) >= MIN_STEM_PREFIX:
            stems.update(s for s in index.stems_with_prefix(term.stem) if related(term.stem, s))
            stems.update(s for s in shorter_relatives(term.stem) if index.has_stem(s))
        compounds: list[str] = []
        typos: list[str] = []
        if not stop_only and not stems and len(term.word) >= MIN_COMPOUND:
            compounds = self._commonest(
                self._compounds(term),
                lambda w: w != term.word and analysis.stem_of(w) not in stems,
            )
        if not stop_only and not stems and len(term.word) >= MIN_TYPO:
            typos = self._closest(term.word, set(compounds))
        return Match(term, frozenset(stems), frozenset(compounds), frozenset(typos))

    def _commonest(self, candidates: list[Candidate], keep: Callable[[str], bool]) -> list[str]:
        """The commonest candidates whose word `keep` takes: up to MAX_EXTRA of
        them, and past the first MIN_EXTRA no more than EXTRA_POSTINGS postings
        in all — a part of thousands of compounds would cost every search of it
        a pass over much of the index, and such matches are the weakest kind."""
        ranked = sorted(set(candidates), key=lambda c: (-c[1], c[0]))
        chosen: list[str] = []
        total = 0
        while ranked and len(chosen) < MAX_EXTRA:
            batch, ranked = ranked[: 2 * MAX_EXTRA], ranked[2 * MAX_EXTRA :]
            words = self.index.words_of([number for number, _ in batch])
            for word, (_, postings) in zip(words, batch, strict=True):
                if not keep(word):
                    continue
                if len(chosen) >= MIN_EXTRA and total + postings > EXTRA_POSTINGS:
                    return sorted(chosen)
                chosen.append(word)
                total += postings
                if len(chosen) == MAX_EXTRA:
                    break
        return sorted(chosen)

    def _closest(self, word: str, taken: set[str]) -> list[str]:
        """The words of the collection a typo of `word` may stand for: within
        one edit (two from eight letters on), the closest first and of those
        the commonest (a slip on `politikere` means `politikere`), MAX_TYPOS
        at most."""
        from rapidfuzz.distance import OSA

        distance = 1 if len(word) < 8 else 2
        near = self.index.words_near(word, distance, LOOK)
        if not near:
            return []
        words = self.index.words_of([number for number, _ in near])
        ranked = sorted(
            (OSA.distance(word, other), -postings, other)
            for other, (_, postings) in zip(words, near, strict=True)
            if len(other) >= MIN_TYPO and other not in STOP_WORDS and other not in taken
        )
        return sorted(other for _, _, other in ranked[:MAX_TYPOS])

    def _compounds(self, term: Term) -> list[Candidate]:
        """Longer words that `term` is the start or the end of (see the module's docstring)."""
        index, word = self.index, term.word
        # ASCII, which folded Norwegian is: a `.` of all Unicode makes tantivy
        # compile an automaton twenty times larger, on every search.
        modifier = f"[a-z0-9]{{{MIN_MODIFIER},}}"
        found = index.words_matching(schema.LEX_WORD, f"{_escape(word)}{modifier}", LOOK)
        tails = "|".join(_escape(tail[::-1]) for tail in TAILS)
        found += index.words_matching(
            schema.LEX_REVERSED_WORD, f"(?:{tails}){_escape(word[::-1])}{modifier}", LOOK
        )
        heads = {s for s in self._heads(term) if len(s) >= MIN_COMPOUND}
        if heads:
            ends = "|".join(_escape(head[::-1]) for head in sorted(heads))
            found += index.words_matching(schema.LEX_REVERSED, f"(?:{ends}){modifier}", LOOK)
        return found

    def _heads(self, term: Term) -> set[str]:
        """The stems a compound may end with for `term`: its own and its forms'."""
        stems = {term.stem}
        if len(term.stem) >= MIN_STEM_PREFIX:
            stems.update(s for s in self.index.stems_with_prefix(term.stem)
                         if related(term.stem, s))  # fmt: skip
            stems.update(shorter_relatives(term.stem))
        return stems

    # -- the query -----------------------------------------------------------------

    def _clauses(self, match: Match) -> list[tantivy.Query]:
        """One term's matches as term queries, each weighted by its kind."""
        term_query, boost = tantivy.Query.term_query, tantivy.Query.boost_query
        own = [match.term.stem] if match.term.stem in match.stems else []
        groups = (
            (schema.WORDS, [match.term.word] if match.stems else [], "word"),
            (schema.STEMS, own, "stem"),
            (schema.STEMS, sorted(match.stems - {match.term.stem}), "form"),
            (schema.WORDS, sorted(match.compounds), "compound"),
            (schema.WORDS, sorted(match.typos), "typo"),
        )
        return [
            boost(term_query(self.schema, field, key), WEIGHTS[kind])
            for field, keys, kind in groups
            for key in keys
        ]

    def _phrase_query(self, phrase: tuple[str, ...]) -> tantivy.Query:
        """Documents where `phrase` stands in one text, word after word, each
        word as itself or another form of it (score 0: a filter)."""
        alternatives = []
        for word in phrase:
            term = Term(word, analysis.stem_of(word), word in STOP_WORDS)
            stems = self.match(term, stop_only=True).stems or {term.stem}
            alternatives.append(sorted(stems))
        if all(len(options) == 1 for options in alternatives):
            words: list[str | tuple[int, str]] = [options[0] for options in alternatives]
            return tantivy.Query.phrase_query(self.schema, schema.STEMS, words)
        patterns: list[str | tuple[int, str]] = [
            "(?:" + "|".join(map(_escape, options)) + ")" for options in alternatives
        ]
        return tantivy.Query.regex_phrase_query(self.schema, schema.STEMS, patterns)

    def _plan(self, query: Query) -> Plan:
        matches = [self.match(term, query.stop_only) for term in query.terms]
        clauses = [clause for match in matches for clause in self._clauses(match)]
        phrases = [self._phrase_query(phrase) for phrase in query.phrases] if clauses else []
        return Plan(matches, clauses, phrases)

    # -- ranking -------------------------------------------------------------------

    def _ranked(
        self, plan: Plan, limit: int, required: list[tantivy.Query] | None = None
    ) -> list[tuple[float, int]]:
        """The best `limit` (score, doc) (of the documents that match every
        query of `required` too), ties to the lower document: tantivy breaks
        ties as it likes, so every tie at the cut is fetched."""
        query = plan.query(required or [])
        wanted = limit + SLACK
        while True:
            found = self.index.search(query, wanted)
            if len(found) < wanted or found[-1][0] != found[limit - 1][0]:
                break
            wanted *= 4
        found.sort(key=lambda pair: (-pair[0], pair[1]))
        return found[:limit]

    def _bonus(self, query: Query, plan: Plan, limit: int) -> list[tuple[float, int]]:
        """The best `limit` of the documents whose question has exactly the
        query's words: all of them, as words, and no other (QUESTION_TERMS)."""
        if not all(m.stems for m in plan.matches):
            return []
        term_query = tantivy.Query.term_query
        required = [term_query(self.schema, schema.QUESTION_WORDS, t.word) for t in query.terms]
        required.append(term_query(self.schema, schema.QUESTION_TERMS, len(query.terms)))
        return self._ranked(plan, limit, required)

    def search(self, text: str, limit: int | None = None) -> list[Hit]:
        """The best `limit` hits for `text` (all of them when None), best first."""
        query = parse(text)
        limit = self.index.size if limit is None else limit
        if not query.terms or limit <= 0 or self.index.size == 0:
            return []
        plan = self._plan(query)
        if not plan.clauses:
            return []
        first = self._bonus(query, plan, limit)
        lifted = {doc for _, doc in first}
        rest = self._ranked(plan, limit + len(first))
        ranked = (first + [pair for pair in rest if pair[1] not in lifted])[:limit]
        docs = [doc for _, doc in ranked]
        quality = _highlighter(query, plan.matches)
        entries = self.entries.entries(docs)
        return [
            hit(entry, score, query, quality)
            for (score, _), entry in zip(ranked, entries, strict=True)
        ]

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Words of the collection close to the words of `text` that it does
        not know, as the text spells them (for "Did you mean …"), the closest
        first. The candidates are the lexicon's words within two edits, and
        those that begin with the same three letters (`politkr` → `politikere`)."""
        from rapidfuzz import fuzz, process

        index = self.index
        best: dict[str, float] = {}
        for term in parse(text).terms:
            if len(term.word) < 3 or index.has_word(term.word):
                continue  # too short to guess from, or a word the collection knows
            near = index.words_of([n for n, _ in index.words_near(term.word, 2, LOOK)])
            near += index.words_with_prefix(term.word[:3], LOOK)
            close = process.extract(
                term.word, set(near), scorer=fuzz.ratio, score_cutoff=SUGGEST_RATIO, limit=None
            )
            for other, score, _ in close:
                if other != term.word and other not in STOP_WORDS:
                    best[other] = max(score, best.get(other, 0.0))
        out: list[str] = []
        stems: list[str] = []
        for word in sorted(best, key=lambda word: (-best[word], word)):
            word_stem = analysis.stem_of(word)
            if any(related(word_stem, seen) for seen in stems):
                continue  # one form of a word is enough
            stems.append(word_stem)
            out.append(self.surface(word))
            if len(out) == limit:
                break
        return out

    def surface(self, word: str) -> str:
        """A folded word as the text spells it (`radmann` → `rådmann`)."""
        from innovasjon_faq.search.hits import surface_in

        found = self.index.search(tantivy.Query.term_query(self.schema, schema.WORDS, word), 1)
        if found:
            spelt = surface_in(self.entries.entry(found[0][1]), word)
            if spelt:
                return spelt if spelt.isupper() else spelt.lower()
        return word


def _highlighter(query: Query, matches: list[Match]) -> Callable[[str, str], int]:
    """How well a word of a hit's text (folded, stem) matches the words typed
    outside quotes (all of them when there are only stop words): 0 for not at all."""
    shown = [m for m in matches if m.term.word in query.loose or query.stop_only]

    def quality(folded: str, word_stem: str) -> int:
        return max((m.quality(folded, word_stem) for m in shown), default=0)

    return quality
