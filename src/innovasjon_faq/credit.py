"""Whose the bundled text is, said wherever `faq` hands it on.

The bundled collection is section 6, «Kontakt og spørsmål», of SLIK, a toolkit
by KS, copied word for word; its rights stay with KS. The code is MIT-licensed
(LICENSE); the text is not (NOTICE). The copy of the page `faq` was made from
gives no web address, so none is claimed here. The credit is said by
`faq --version`, at the end of `faq export`'s Markdown, in the README and in
the package's metadata.

Imported by `faq --version` on the fast path: keep it to the i18n markers.
"""

from __future__ import annotations

from innovasjon_faq.i18n import N_

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from innovasjon_faq.models import Collection

# `faq --version`, second line, in the interface's language.
ABOUT = N_(
    "Content: KS, the SLIK toolkit, section 6 «Kontakt og spørsmål», word for word; "
    "its rights remain with KS. Code: MIT licence."
)
# The last paragraph of an export of KS's text, in the document's language.
SOURCE = N_(
    "Source: KS, the SLIK toolkit, section 6 «Kontakt og spørsmål», reproduced word for "
    "word. The rights to the text remain with KS."
)


def is_ks_text(collection: Collection) -> bool:
    """Whether `collection` is the bundled one, or an unchanged copy of it (an
    exported JSON read back, say). A collection of one's own is not credited to KS,
    even one that borrows from it: only its author knows whose it is."""
    from innovasjon_faq.export import normalised
    from innovasjon_faq.loader import load

    bundled = load()
    if (len(collection.entries), collection.title) != (len(bundled.entries), bundled.title):
        return False  # at once, rather than writing out 100,000 entries to compare
    return normalised(collection) == normalised(bundled)
