"""Where the matched words stand in a text, and the snippet of an answer around them."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from innovasjon_faq.search import analysis
from innovasjon_faq.search.normalize import Token, tokens
from innovasjon_faq.search.query import EXACT, same_word
from innovasjon_faq.value import Value

SNIPPET_CHARS = 160
ELLIPSIS = "…"
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


class Mark(Value):
    """A matched word in a text: its span, and how well it matched."""

    __slots__ = ("end", "quality", "start")

    def __init__(self, start: int, end: int, quality: int) -> None:
        self.start = start
        self.end = end
        self.quality = quality


def analysed(token: Token) -> tuple[str, str]:
    """(folded word, stem) of a word of a text, as the index has it; a
    hyphenated word's joined form as `analysis.joined` makes it."""
    surface = token.surface
    if token.joined:
        surface = analysis.joined(surface) or surface
    return analysis.analyse(surface)


def phrase_runs(text: str, phrase: Sequence[str]) -> list[tuple[int, int]]:
    """The spans of `text` where the words of `phrase` stand one after another
    (each as itself or another form of it)."""
    slots = [t for t in tokens(text) if not t.joined]
    folded = [analysed(t)[0] for t in slots]
    size = len(phrase)
    return [
        (slots[i].start, slots[i + size - 1].end)
        for i in range(len(slots) - size + 1)
        if all(same_word(folded[i + j], phrase[j]) for j in range(size))
    ]


def marks(
    text: str, quality: Callable[[str, str], int], phrases: Sequence[Sequence[str]] = ()
) -> list[Mark]:
    """The matched words of `text`: each word for which `quality(folded, stem)`
    is non-zero, and each run of a phrase. Overlapping marks (a hyphenated word
    and its parts) are merged, keeping the better quality."""
    found = [Mark(t.start, t.end, q) for t in tokens(text) if (q := quality(*analysed(t)))]
    for phrase in phrases:
        found += [Mark(start, end, EXACT) for start, end in phrase_runs(text, phrase)]
    merged: list[Mark] = []
    for mark in sorted(found, key=lambda m: (m.start, -m.end)):
        if merged and mark.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Mark(last.start, max(last.end, mark.end), max(last.quality, mark.quality))
        else:
            merged.append(mark)
    return merged


def _sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of `text`, without the space between them."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for gap in _SENTENCE_END.finditer(text):
        bounds.append((start, gap.start()))
        start = gap.end()
    bounds.append((start, len(text.rstrip())))
    return bounds


def make_snippet(
    text: str, found: Sequence[Mark], width: int = SNIPPET_CHARS
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The sentence(s) of `text` around its best match, cut at word boundaries
    to about `width` characters with an ellipsis; and the spans of the marks
    within the snippet."""
    sentences = _sentences(text)

    def weight(bounds: tuple[int, int]) -> tuple[int, int]:
        inside = [m.quality for m in found if bounds[0] <= m.start < bounds[1]]
        return max(inside, default=0), sum(inside)

    index = max(range(len(sentences)), key=lambda i: (weight(sentences[i]), -i))
    first, last = sentences[index]
    inside = [m for m in found if first <= m.start < last]
    focus = max(inside, key=lambda m: (m.quality, -m.start)) if inside else Mark(first, first, 0)
    if last - first <= width:
        start, end = first, last
        while index + 1 < len(sentences) and sentences[index + 1][1] - start <= width:
            index += 1
            end = sentences[index][1]
    else:
        start, end = _window(text, first, last, focus, width)
    prefix = ELLIPSIS if start > first else ""
    body = text[start:end]
    if end < last:
        body = body.rstrip(" ,;:–-") + ELLIPSIS
    shift = len(prefix) - start
    spans = tuple(
        (m.start + shift, m.end + shift) for m in found if m.start >= start and m.end <= end
    )
    return prefix + body, spans


def _window(text: str, first: int, last: int, focus: Mark, width: int) -> tuple[int, int]:
    """Start and end of about `width` characters of the sentence [first, last)
    that hold the focus, both at word boundaries."""
    start = first
    if focus.end - first > width - width // 4:
        start = text.find(" ", max(first, focus.start - width // 3), focus.start)
        start = first if start < 0 else start + 1
    end = start + width
    if end >= last:  # the sentence ends in the window: fill it from further back
        start = max(first, min(start, last - width))
        if start > first and not text[start - 1].isspace():
            space = text.find(" ", start, focus.start)
            start = space + 1 if space >= 0 else start
        return start, last
    cut = text.rfind(" ", start, end)
    if cut < focus.end:
        cut = text.find(" ", focus.end, last)
        cut = last if cut < 0 else cut
    return start, cut
