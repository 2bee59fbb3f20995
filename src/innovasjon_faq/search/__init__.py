"""Search: normalisation, indexing, ranking and reference resolution.

Pure code: knows nothing of Typer or Rich. The engine loads on first use, so
`search.normalize` alone (shell completion) stays light.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from innovasjon_faq.search.engine import SearchEngine
    from innovasjon_faq.search.hits import Hit
    from innovasjon_faq.search.resolve import resolve

__all__ = ["Hit", "SearchEngine", "resolve"]


def __getattr__(name: str) -> object:
    if name == "Hit":
        from innovasjon_faq.search.hits import Hit

        return Hit
    if name == "SearchEngine":
        from innovasjon_faq.search.engine import SearchEngine

        return SearchEngine
    if name == "resolve":
        # Importing the submodule binds `resolve` here to the module; rebind the function.
        from innovasjon_faq.search.resolve import resolve

        globals()["resolve"] = resolve
        return resolve
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
