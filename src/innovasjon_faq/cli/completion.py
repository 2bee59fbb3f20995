"""Shell completion callbacks: fast, quiet, and never an error on the screen."""

from __future__ import annotations

import os

import typer


class _Candidate(str):
    """A completion value that Typer's prefix filter compares the way people type.

    Typer keeps only values that `startswith` what was typed, case-sensitively;
    `faq show n<TAB>` should still offer `N3`, and `radm` `rådmann`. The
    candidates are already chosen by `reference_candidates`, so this `startswith`
    agrees with it (folded case and æ/ø/å) rather than overrule it.
    """

    __slots__ = ()

    def startswith(self, prefix: object, *args: object) -> bool:
        from innovasjon_faq.search.normalize import fold

        if isinstance(prefix, str) and not args:
            return fold(str(self)).startswith(fold(prefix.strip()))
        return str(self).startswith(prefix, *args)  # type: ignore[arg-type]


def _data_path(ctx: typer.Context) -> str | None:
    """The `--data` given so far on the command line (at any level), else FAQ_DATA."""
    current: typer.Context | None = ctx
    while current is not None:
        value = current.params.get("data")
        if isinstance(value, str) and value:
            return value
        current = current.parent  # type: ignore[assignment]
    return os.environ.get("FAQ_DATA") or None


def complete_ref(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Ids, slugs and keywords for `faq show REF`."""
    from innovasjon_faq.completion import reference_candidates
    from innovasjon_faq.errors import DataError
    from innovasjon_faq.loader import load

    try:
        collection = load(_data_path(ctx))
    except DataError:
        return []
    return [
        (_Candidate(value), help_) for value, help_ in reference_candidates(collection, incomplete)
    ]
