"""The search index of a collection, kept in the user's cache folder.

`schema.py` says what the index holds (two tantivy indexes: the entries'
words, and the lexicon of the collection's words); `build.py` writes an index
folder; `reader.py` answers the engine's questions from tantivy, `entries.py`
and `records.py` the entries and the collection's head; `opened.py` opens a
folder; `cache.py` decides where the folder lives, when it is stale or
damaged, and builds it again.
"""


class IndexUnusable(Exception):
    """An index cannot be read (missing, damaged, of another format).

    Defined here, not beside tantivy's code, so that catching it imports
    nothing heavy on paths that never open an index."""
