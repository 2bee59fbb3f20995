"""The baseline of issue #12: textbook Okapi BM25 over Snowball-Norwegian stems.

    score(D, Q) = sum over the tokens q of Q of
                  idf(q) * f(q, D) * (k1 + 1) / (f(q, D) + k1 * (1 - b + b * |D| / avgdl))
    idf(q)      = ln(1 + (N - n(q) + 0.5) / (n(q) + 0.5))

with k1 = 1.2, b = 0.75, N the number of documents, n(q) how many hold q,
|D| a document's number of tokens and avgdl their mean over the collection.
A document is an entry's question and answer; a token is a lower-cased `\\w+`
run stemmed by PyStemmer's Snowball "norwegian" stemmer, in documents and
queries alike. The query is taken as typed: no folding of æøå, no stop words,
no typos (that is faq's job). A query token typed twice counts twice, as in
the formula. Ties go to the lower id, as in faq.

Written here rather than taken from rank_bm25: its BM25Okapi floors a
negative idf at epsilon times the mean idf, which is not the formula (this
idf, with its `1 +`, is never negative anyway).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

import Stemmer

K1, B = 1.2, 0.75
_RUN = re.compile(r"\w+")


class BM25:
    """Okapi BM25 over `(id, text)` documents."""

    def __init__(self, documents: Iterable[tuple[int, str]], k1: float = K1, b: float = B) -> None:
        self.k1, self.b = k1, b
        self._stemmer = Stemmer.Stemmer("norwegian")
        self.ids: list[int] = []
        self.lengths: list[int] = []
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for doc, (entry_id, text) in enumerate(documents):
            counts = Counter(self.tokens(text))
            self.ids.append(entry_id)
            self.lengths.append(sum(counts.values()))
            for token, count in counts.items():
                self.postings[token].append((doc, count))
        self.size = len(self.ids)
        self.avgdl = sum(self.lengths) / self.size if self.size else 0.0

    def tokens(self, text: str) -> list[str]:
        """Lower-cased `\\w+` runs, stemmed."""
        return list(self._stemmer.stemWords(_RUN.findall(text.lower())))

    def idf(self, token: str) -> float:
        n = len(self.postings.get(token, ()))
        return math.log(1 + (self.size - n + 0.5) / (n + 0.5))

    def scores(self, query: str) -> dict[int, float]:
        """The score of every document (by position) holding a token of `query`."""
        out: dict[int, float] = defaultdict(float)
        k1, b, avgdl = self.k1, self.b, self.avgdl
        for token in self.tokens(query):
            idf = self.idf(token)
            for doc, f in self.postings.get(token, ()):
                norm = k1 * (1 - b + b * self.lengths[doc] / avgdl)
                out[doc] += idf * f * (k1 + 1) / (f + norm)
        return dict(out)

    def rank(self, query: str, limit: int | None = None) -> list[int]:
        """The ids of the matching entries, best first; ties to the lower id."""
        scores = self.scores(query)
        keyed = ((-score, self.ids[doc]) for doc, score in scores.items())
        best = heapq.nsmallest(limit, keyed) if limit is not None else sorted(keyed)
        return [entry_id for _, entry_id in best]
