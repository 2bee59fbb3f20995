"""Turning what a user typed after `faq show` into one entry."""

from __future__ import annotations

from collections.abc import Callable

from innovasjon_faq.digits import ascii_int
from innovasjon_faq.errors import AmbiguousError, NotFoundError
from innovasjon_faq.i18n import _
from innovasjon_faq.models import Entry
from innovasjon_faq.search.store import Entries

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from innovasjon_faq.search.engine import SearchEngine

# The best hit is taken only when it beats the second by this factor.
CLEAR_WIN = 1.5


def resolve(entries: Entries, ref: str, engine: Callable[[], SearchEngine]) -> Entry:
    """Resolve `ref`: an id, a slug or keyword, then the best search hit when it
    clearly wins. `engine()` gives the search engine, asked for only when
    the words must be searched. Raises NotFoundError or AmbiguousError."""
    ref = ref.strip()
    entry_id = ascii_int(ref)
    doc = entries.doc_for_id(entry_id) if entry_id is not None else None
    if doc is None:
        doc = entries.doc_for_slug(ref)
    if doc is None:
        keyword_docs = entries.docs_for_keyword(ref)
        if len(keyword_docs) == 1:
            doc = keyword_docs[0]
    if doc is not None:
        return entries.entry(doc)
    search = engine()
    hits = search.search(ref, limit=5)
    if not hits:
        raise NotFoundError(
            _("no entry matches '{ref}'").format(ref=ref), tuple(search.suggest(ref))
        )
    if len(hits) == 1 or hits[0].score >= CLEAR_WIN * hits[1].score:
        return hits[0].entry
    close = [h for h in hits if h.score * CLEAR_WIN > hits[0].score]
    raise AmbiguousError(
        _("'{ref}' matches several entries").format(ref=ref),
        tuple((h.entry.id, h.entry.question) for h in close),
    )
