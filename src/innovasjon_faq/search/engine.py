"""Ranking entries for a query: BM25 over weighted fields, by match quality."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search.normalize import Token, fold, tokens
from innovasjon_faq.search.stem import stem

# Field weights: a keyword says more than a word of the question, which says
# more than a word of the answer.
FIELD_WEIGHTS = {"keywords": 3.0, "question": 2.0, "answer": 1.0}
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


@dataclass
class _Doc:
    entry: Entry
    fields: dict[str, list[Token]] = field(default_factory=dict)
    folded: dict[str, Counter[str]] = field(default_factory=dict)
    stems: dict[str, Counter[str]] = field(default_factory=dict)
    length: float = 0.0


class SearchEngine:
    """An in-memory index of one collection."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self.docs: list[_Doc] = []
        self.doc_freq: Counter[str] = Counter()
        self.vocabulary: set[str] = set()
        self.surface: dict[str, str] = {}  # folded word -> its spelling in the text
        for entry in collection.entries:
            doc = _Doc(entry)
            texts = {
                "keywords": " ; ".join(entry.keywords),
                "question": entry.question,
                "answer": entry.answer,
            }
            seen: set[str] = set()
            for name, text in texts.items():
                toks = tokens(text)
                doc.fields[name] = toks
                doc.folded[name] = Counter(t.folded for t in toks)
                doc.stems[name] = Counter(stem(t.folded) for t in toks)
                doc.length += FIELD_WEIGHTS[name] * len(toks)
                seen.update(t.folded for t in toks)
                for t in toks:
                    self.surface.setdefault(t.folded, t.surface)
                seen.update(stem(t.folded) for t in toks)
            self.vocabulary.update(t for t in seen)
            self.doc_freq.update(seen)
            self.docs.append(doc)
        self.avg_length = sum(d.length for d in self.docs) / len(self.docs) if self.docs else 1.0

    # -- scoring ---------------------------------------------------------------

    def _idf(self, term: str) -> float:
        n = len(self.docs)
        df = self.doc_freq.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _term_tf(self, doc: _Doc, word: str) -> float:
        """Weighted, quality-scaled frequency of one query word in a document."""
        word_stem = stem(word)
        total = 0.0
        for name, weight in FIELD_WEIGHTS.items():
            exact = doc.folded[name].get(word, 0)
            stemmed = doc.stems[name].get(word_stem, 0) - exact
            compound = 0
            if len(word) >= MIN_COMPOUND:
                compound = sum(
                    count
                    for folded, count in doc.folded[name].items()
                    if word in folded and folded != word and stem(folded) != word_stem
                )
            total += weight * (EXACT * exact + STEM * max(stemmed, 0) + COMPOUND * compound)
        return total

    def search(self, query: str, limit: int | None = None) -> list[Hit]:
        """Entries matching `query`, best first; ties broken by id."""
        words = [t.folded for t in tokens(query)]
        content = [w for w in words if w not in STOP_WORDS] or words
        if not content:
            return []
        scored: list[tuple[float, Entry, _Doc]] = []
        for doc in self.docs:
            score = 0.0
            for word in dict.fromkeys(content):
                tf = self._term_tf(doc, word)
                if tf <= 0:
                    continue
                norm = K1 * (1 - B + B * doc.length / self.avg_length)
                idf = max(self._idf(word), self._idf(stem(word)), 0.05)
                score += idf * tf * (K1 + 1) / (tf + norm)
            if score > 0:
                scored.append((score, doc.entry, doc))
        scored.sort(key=lambda item: (-item[0], item[1].id))
        if limit is not None:
            scored = scored[:limit]
        return [self._hit(score, doc, content) for score, _, doc in scored]

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """Words of the collection close to the words of `query` (for "Did you mean")."""
        import difflib

        out: list[str] = []
        for word in (t.folded for t in tokens(query)):
            for close in difflib.get_close_matches(word, self.surface, n=limit, cutoff=0.75):
                label = self.surface[close]
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

    def _hit(self, score: float, doc: _Doc, words: list[str]) -> Hit:
        question_spans = tuple(
            (t.start, t.end) for t in doc.fields["question"] if self._matches(t, words)
        )
        answer = doc.entry.answer
        matched = [t for t in doc.fields["answer"] if self._matches(t, words)]
        snippet, offset = make_snippet(answer, matched[0].start if matched else 0)
        snippet_spans = tuple(
            (t.start - offset, t.end - offset)
            for t in matched
            if t.start >= offset and t.end - offset <= len(snippet)
        )
        return Hit(doc.entry, score, snippet, question_spans, snippet_spans)


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
