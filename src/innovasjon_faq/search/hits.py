"""A ranked entry as the user sees it: its question and snippet, with the
matched words marked (offsets into the question and the snippet).

The renderers import `Hit` on every run; what makes one (the analysis, and
with it the index's library) is imported only when a search makes hits.
"""

from __future__ import annotations

from innovasjon_faq.models import Entry
from innovasjon_faq.value import Value

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Callable

    from innovasjon_faq.search.query import Query


class Hit(Value):
    """One ranked result, with the spans of the matched words in the question
    and in the snippet (offsets into `entry.question` and `snippet`)."""

    __slots__ = ("entry", "question_spans", "score", "snippet", "snippet_spans")

    def __init__(
        self,
        entry: Entry,
        score: float,
        snippet: str,
        question_spans: tuple[tuple[int, int], ...] = (),
        snippet_spans: tuple[tuple[int, int], ...] = (),
    ) -> None:
        self.entry = entry
        self.score = score
        self.snippet = snippet
        self.question_spans = question_spans
        self.snippet_spans = snippet_spans

    def to_dict(self) -> dict[str, object]:
        """The stable JSON shape of one row of `faq search --json`."""
        return {
            "id": self.entry.id,
            "slug": self.entry.slug,
            "question": self.entry.question,
            "score": round(self.score, 4),
            "snippet": self.snippet,
        }


def hit(entry: Entry, score: float, query: Query, quality: Callable[[str, str], int]) -> Hit:
    """The Hit of a ranked entry; `quality(folded, stem)` says how well a word matches."""
    from innovasjon_faq.search.snippet import make_snippet, marks

    question = marks(entry.question, quality, query.phrases)
    answer = marks(entry.answer, quality, query.phrases)
    snippet, spans = make_snippet(entry.answer, answer)
    return Hit(entry, score, snippet, tuple((m.start, m.end) for m in question), spans)


def surface_in(entry: Entry, word: str) -> str | None:
    """How `entry` spells the folded `word`, or None if it has no such word."""
    from innovasjon_faq.search.normalize import tokens
    from innovasjon_faq.search.snippet import analysed

    for text in (*entry.keywords, entry.question, entry.answer):
        for token in tokens(text):
            if analysed(token)[0] == word:
                return token.surface
    return None
