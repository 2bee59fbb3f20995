"""The on-disk search index for large collections.

`build.py` writes a collection and its postings into an SQLite file;
`sqlite_store.py` answers the engine's `Store` protocol from that file without
reading the collection's JSON; `cache.py` decides where the file lives and
when it is stale. Small collections (and the bundled one) never come here:
parsing them is cheaper than opening a database (docs/performance.md).
"""


class IndexUnusable(Exception):
    """An index file cannot be read (missing, corrupt, of another format).

    Defined here, not beside the SQLite code, so that catching it imports no
    sqlite3 on the bundled collection's path."""
