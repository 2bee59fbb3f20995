"""Turning what a user typed after `faq show` into one entry."""

from __future__ import annotations

from innovasjon_faq.errors import AmbiguousError, NotFoundError
from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search.engine import SearchEngine
from innovasjon_faq.search.normalize import fold

# The best hit is taken only when it beats the second by this factor.
CLEAR_WIN = 1.5


def resolve(collection: Collection, ref: str, engine: SearchEngine | None = None) -> Entry:
    """Resolve `ref`: an id, a slug or keyword, then the best search hit when it
    clearly wins. Raises NotFoundError or AmbiguousError."""
    ref = ref.strip()
    # ASCII digits only: "²" and "١" pass str.isdigit, and int() refuses the first
    # and more than 4300 digits; no id is that long.
    if ref.isascii() and ref.isdigit() and len(ref) < 19:
        entry = collection.by_id(int(ref))
        if entry is not None:
            return entry
    key = fold(ref)
    for entry in collection.entries:
        if key == fold(entry.slug):
            return entry
    keyword_matches = [e for e in collection.entries if key in {fold(k) for k in e.keywords}]
    if len(keyword_matches) == 1:
        return keyword_matches[0]
    engine = engine or SearchEngine(collection)
    hits = engine.search(ref, limit=5)
    if not hits:
        raise NotFoundError(f"no entry matches '{ref}'")
    if len(hits) == 1 or hits[0].score >= CLEAR_WIN * hits[1].score:
        return hits[0].entry
    close = [h for h in hits if h.score * CLEAR_WIN > hits[0].score]
    raise AmbiguousError(
        f"'{ref}' matches several entries",
        tuple((h.entry.id, h.entry.question) for h in close),
    )
