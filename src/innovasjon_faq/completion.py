"""What the shell may offer for a REF (`faq show n<TAB>` → `N3`).

Pure: ids, slugs and keywords of a collection that start with what was typed,
case and æ/ø/å spelling ignored. No search index is built: completion runs on
every Tab press and has to answer at once.
"""

from __future__ import annotations

from innovasjon_faq.models import Collection
from innovasjon_faq.search.normalize import fold

HELP_WIDTH = 60


def _short(question: str) -> str:
    if len(question) <= HELP_WIDTH:
        return question
    return question[: HELP_WIDTH - 1].rstrip() + "…"


def reference_candidates(collection: Collection, incomplete: str) -> list[tuple[str, str]]:
    """(value, the entry's question) for each id, slug and keyword starting with
    `incomplete`: ids first, then slugs, then keywords, each value once.
    Keywords with spaces are left out: the shell would split them into words."""
    typed = fold(incomplete.strip())
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    kinds = (
        lambda entry: [str(entry.id)],
        lambda entry: [entry.slug],
        lambda entry: list(entry.keywords),
    )
    for values_of in kinds:
        for entry in collection.entries:
            for value in values_of(entry):
                key = value.casefold()
                if key in seen or any(c.isspace() for c in value):
                    continue
                if fold(value).startswith(typed):
                    seen.add(key)
                    found.append((value, _short(entry.question)))
    return found
