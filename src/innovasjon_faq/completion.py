"""What the shell may offer for a REF (`faq show n<TAB>` → `N3`).

Pure: ids, slugs and keywords of a collection that start with what was typed,
case and æ/ø/å spelling ignored, and each one spelled the way it was typed
(`as_typed`) for a shell that would drop it otherwise (cli/shells.py). No search
index is built: completion runs on every Tab press and has to answer at once.
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


def as_typed(value: str, typed: str) -> str | None:
    """`value` spelled as `typed` begins it, for a shell that keeps only the
    candidates that start with what was typed: `typed`, then the rest of
    `value` after its longest beginning that folds as `typed` does
    (`rådmann` typed `radm` → `radmann`, typed `raadm` → `raadmann`). Folded, it
    is `value` folded, so `faq show` finds the same entry. None when no spelling
    both begins with `typed` and folds as `value` does."""
    target, whole = fold(typed), fold(value)
    if not whole.startswith(target):
        return None
    for end in range(len(value), -1, -1):
        if fold(value[:end]) == target:
            spelled = typed + value[end:]
            if fold(spelled) == whole:
                return spelled
    spelled = typed + whole[len(target) :]  # the letters as folded (æ typed a → ae)
    return spelled if fold(spelled) == whole else None
