"""Ranking entries for a query: BM25 over weighted fields, by match quality."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search.normalize import Token, fold, tokens
from innovasjon_faq.search.stem import stem
from innovasjon_faq.search.store import FIELD_WEIGHTS, MemoryStore, Store

# How much a match of each quality counts.
EXACT, STEM, COMPOUND = 1.0, 0.8, 0.45
MIN_COMPOUND = 4  # a query word must be this long to count inside a longer word
K1, B = 1.2, 0.75

_STOP_WORDS = """
    og i på å er det som en et ei til for med av at de den har vi jeg du kan om
    ikke seg så men da fra var skal vil hva hvordan hvem hvis dere sin sitt sine
    meg oss mer under ut
"""
STOP_WORDS = frozenset(fold(word) for word in _STOP_WORDS.split())


@dataclass(frozen=True)
class Hit:
    """One ranked result."""

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


class SearchEngine:
    """Ranks the entries of a collection for a query (BM25 over weighted fields)."""

    def __init__(self, collection: Collection | None = None, *, store: Store | None = None) -> None:
        if store is None:
            if collection is None:
                raise TypeError("SearchEngine needs a collection or a store")
            store = MemoryStore(collection)
        self.store = store

    # -- scoring ---------------------------------------------------------------

    def _weighted_tf(self, word: str) -> dict[int, float]:
        """Per document: the weighted, quality-scaled frequency of one query word."""
        store = self.store
        tf: dict[int, float] = defaultdict(float)
        exact: dict[tuple[int, int], int] = {}
        for doc, field, count in store.word_postings(word):
            exact[doc, field] = count
            tf[doc] += FIELD_WEIGHTS[field] * EXACT * count
        word_stem = stem(word)
        for doc, field, count in store.stem_postings(word_stem):
            extra = count - exact.get((doc, field), 0)
            if extra > 0:
                tf[doc] += FIELD_WEIGHTS[field] * STEM * extra
        if len(word) >= MIN_COMPOUND:
            for other in store.vocabulary():
                if word in other and other != word and stem(other) != word_stem:
                    for doc, field, count in store.word_postings(other):
                        tf[doc] += FIELD_WEIGHTS[field] * COMPOUND * count
        return tf

    def search(self, query: str, limit: int | None = None) -> list[Hit]:
        """Entries matching `query`, best first; ties broken by id."""
        words = [t.folded for t in tokens(query)]
        content = [w for w in words if w not in STOP_WORDS] or words
        if not content:
            return []
        store = self.store
        n = store.size
        scores: dict[int, float] = defaultdict(float)
        for word in dict.fromkeys(content):
            tf = self._weighted_tf(word)
            df = len(tf)
            idf = max(math.log(1 + (n - df + 0.5) / (df + 0.5)), 0.05)
            for doc, value in tf.items():
                norm = K1 * (1 - B + B * store.doc_length(doc) / store.avg_length)
                scores[doc] += idf * value * (K1 + 1) / (value + norm)
        ranked = sorted(
            ((score, store.entry(doc)) for doc, score in scores.items() if score > 0),
            key=lambda item: (-item[0], item[1].id),
        )
        if limit is not None:
            ranked = ranked[:limit]
        return [self._hit(score, entry, content) for score, entry in ranked]

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """Words of the collection close to the words of `query` (for "Did you mean")."""
        import difflib

        out: list[str] = []
        vocabulary = self.store.vocabulary()
        for word in (t.folded for t in tokens(query)):
            for close in difflib.get_close_matches(word, vocabulary, n=limit, cutoff=0.75):
                label = self.store.surface(close)
                if label not in out:
                    out.append(label)
        return out[:limit]

    # -- presentation ------------------------------------------------------------

    def _matches(self, token: Token, words: list[str]) -> bool:
        for word in words:
            if token.folded == word or stem(token.folded) == stem(word):
                return True
            if len(word) >= MIN_COMPOUND and word in token.folded:
                return True
        return False

    def _hit(self, score: float, entry: Entry, words: list[str]) -> Hit:
        question_spans = tuple(
            (t.start, t.end) for t in tokens(entry.question) if self._matches(t, words)
        )
        answer = entry.answer
        matched = [t for t in tokens(answer) if self._matches(t, words)]
        snippet, offset = make_snippet(answer, matched[0].start if matched else 0)
        snippet_spans = tuple(
            (t.start - offset, t.end - offset)
            for t in matched
            if t.start >= offset and t.end - offset <= len(snippet)
        )
        return Hit(entry, score, snippet, question_spans, snippet_spans)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
SNIPPET_CHARS = 160


def make_snippet(text: str, position: int, width: int = SNIPPET_CHARS) -> tuple[str, int]:
    """The sentence of `text` around `position`, cut at word boundaries to
    about `width` characters with an ellipsis. Returns the snippet and the offset
    in `text` where its text begins (the ellipsis not counted)."""
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    start = max(s for s in starts if s <= position) if position else 0
    end = start + width
    if end >= len(text):
        return text[start:], start
    cut = text.rfind(" ", start, end)
    if cut <= position:
        cut = end
    return text[start:cut].rstrip(" ,;:") + "…", start
