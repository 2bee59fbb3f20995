"""Search: normalisation, indexing, ranking and reference resolution.

Pure code: knows nothing of Typer or Rich.
"""

from innovasjon_faq.search.engine import Hit, SearchEngine
from innovasjon_faq.search.resolve import resolve

__all__ = ["Hit", "SearchEngine", "resolve"]
