"""Turning what a user typed after `faq show` into one entry."""

from __future__ import annotations

from innovasjon_faq.digits import ascii_int
from innovasjon_faq.errors import AmbiguousError, NotFoundError
from innovasjon_faq.i18n import _
from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search.engine import SearchEngine

# The best hit is taken only when it beats the second by this factor.
CLEAR_WIN = 1.5


def resolve(collection: Collection, ref: str, engine: SearchEngine | None = None) -> Entry:
    """Resolve `ref`: an id, a slug or keyword, then the best search hit when it
    clearly wins. Raises NotFoundError or AmbiguousError."""
    engine = engine or SearchEngine(collection)
    store = engine.store
    ref = ref.strip()
    entry_id = ascii_int(ref)
    doc = store.doc_for_id(entry_id) if entry_id is not None else None
    if doc is None:
        doc = store.doc_for_slug(ref)
    if doc is None:
        keyword_docs = store.docs_for_keyword(ref)
        if len(keyword_docs) == 1:
            doc = keyword_docs[0]
    if doc is not None:
        return store.entry(doc)
    hits = engine.search(ref, limit=5)
    if not hits:
        raise NotFoundError(
            _("no entry matches '{ref}'").format(ref=ref), tuple(engine.suggest(ref))
        )
    if len(hits) == 1 or hits[0].score >= CLEAR_WIN * hits[1].score:
        return hits[0].entry
    close = [h for h in hits if h.score * CLEAR_WIN > hits[0].score]
    raise AmbiguousError(
        _("'{ref}' matches several entries").format(ref=ref),
        tuple((h.entry.id, h.entry.question) for h in close),
    )
