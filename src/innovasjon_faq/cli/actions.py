"""What the reading commands do, without Typer: Typer's commands (`commands/`)
and the fast path (`fast.py`) both call these, so they cannot drift apart.
`data` is the collection file already chosen (`--data`, FAQ_DATA) or None."""

from __future__ import annotations

from innovasjon_faq.cli.output import emit, views
from innovasjon_faq.errors import AmbiguousError, ExitStatus, FaqError, NotFoundError, UsageError
from innovasjon_faq.i18n import _
from innovasjon_faq.models import Collection
from innovasjon_faq.render import jsonout, plain

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from innovasjon_faq.cli.progress import Bar
    from innovasjon_faq.environment import Environment
    from innovasjon_faq.search.store import Store


# From this size on (about 30 entries), a collection file is indexed once into
# the cache (SQLite) instead of parsed on every run: measured in
# docs/performance.md, the two cost the same at 10 entries and the index is
# faster from 25 on (45 vs 60 ms at 50 entries, 48 vs 183 ms at 400).
INDEX_MIN_BYTES = 32 * 1024

# The most a query (`search`, the words of `show`, a contacts filter) may hold. Each word costs
# the engine a lookup, a ranking pass and a typo scan, so a pasted text made
# it run for minutes (120,000 words: 127 s on the bundled collection; 100
# words: 21 s, 32 words: 3 s and 24 words 0.7 s at 10,000 entries); a
# question typed or pasted has fewer than 20. Characters: a long word alone
# costs little (100,000 characters: +0.1 s), but an echo of it in a message
# would fill the screen. Measured in docs/performance.md.
MAX_QUERY_WORDS = 32
MAX_QUERY_CHARS = 1_000


def collection(data: str | None) -> Collection:
    """The collection at `--data`/`FAQ_DATA`, or the bundled one."""
    from innovasjon_faq.loader import load

    return load(data or None)


def store(env: Environment, data: str | None) -> Store:
    """The search index of the collection: in memory for the bundled and small
    collections, the cached on-disk index for large ones (index/cache.py)."""
    import os

    from innovasjon_faq.search.store import MemoryStore

    try:
        large = data is not None and os.stat(data).st_size >= INDEX_MIN_BYTES
    except (OSError, ValueError):
        large = False  # the loader reports what is wrong with the path
    if not large or data is None:
        return MemoryStore(collection(data))
    from innovasjon_faq.index.cache import indexed

    label = os.path.basename(data)
    built = []

    def report() -> Bar | None:
        from innovasjon_faq.cli.progress import reporter  # only when it builds

        built.append(True)
        return reporter(env, label)

    index = indexed(data, collection, report)
    if built:
        # The folder grows only when an index is built: then, and only then,
        # remove the indexes of collection files that are gone (~1 ms per
        # index in the folder, next to a build's seconds; docs/performance.md).
        from innovasjon_faq.cache_folder import prune

        prune()
    return index


def _head(index: Store) -> Collection:
    """The collection an index belongs to (the entries stay in the index)."""
    head = getattr(index, "collection", None)
    if not isinstance(head, Collection):
        raise TypeError(f"{type(index).__name__} has no collection")
    return head


def _with_store(env: Environment, data: str | None, answer: Callable[[Store], int]) -> int:
    """Answer from the collection's index; when an on-disk index turns out to be
    unreadable half-way, answer again from the collection itself."""
    from innovasjon_faq.index import IndexUnusable
    from innovasjon_faq.search.store import MemoryStore

    index = store(env, data)
    try:
        return answer(index)
    except IndexUnusable:
        return answer(MemoryStore(collection(data)))
    finally:
        close = getattr(index, "close", None)  # an on-disk index holds a connection
        if close is not None:
            close()


def overview(env: Environment, faq: Collection) -> int:
    """The title, the intro, the numbered questions and how to go on."""
    emit(
        env,
        as_json=False,
        data=lambda: None,
        plain=lambda width: plain.overview(faq, width),
        human=lambda: views().overview(faq),
    )
    return ExitStatus.SUCCESS


def list_entries(env: Environment, faq: Collection, as_json: bool) -> int:
    emit(
        env,
        as_json=as_json,
        data=lambda: [entry.summary() for entry in faq.entries],
        plain=lambda width: plain.entry_list(faq.entries, width),
        human=lambda: views().entry_list(faq.entries),
    )
    return ExitStatus.SUCCESS


def show(env: Environment, ref: str, data: str | None, as_json: bool) -> int:
    from innovasjon_faq.search import SearchEngine, resolve

    if not ref.strip():
        raise UsageError(_("give an id, a slug, a keyword or words to show"))
    bounded(ref)

    def answer(index: Store) -> int:
        try:
            entry = resolve(_head(index), ref, SearchEngine(store=index))
        except (NotFoundError, AmbiguousError) as error:
            if as_json:
                env.stdout.write(jsonout.dumps(None))  # JSON still: `null`
            raise _or_a_contact(error, _head(index), ref.split(), data) from None
        emit(
            env,
            as_json=as_json,
            data=entry.to_dict,
            plain=lambda width: plain.show(entry, width),
            human=lambda: views().show(entry),
        )
        return ExitStatus.SUCCESS

    return _with_store(env, data, answer)


def search(
    env: Environment, words: Sequence[str], limit: int, data: str | None, as_json: bool
) -> int:
    from innovasjon_faq.search import SearchEngine

    query = " ".join(words)
    if not query.strip():
        raise UsageError(_("give one or more words to search for"))
    bounded(query)

    def answer(index: Store) -> int:
        engine = SearchEngine(store=index)
        hits = engine.search(query, limit=limit)
        if not hits:
            if as_json:
                env.stdout.write(jsonout.dumps([]))
            nothing = NotFoundError(
                _("nothing matches '{query}'").format(query=query), tuple(engine.suggest(query))
            )
            raise _or_a_contact(nothing, _head(index), words, data)
        emit(
            env,
            as_json=as_json,
            data=lambda: [hit.to_dict() for hit in hits],
            plain=lambda width: plain.search(hits, width),
            human=lambda: views().search(hits),
        )
        return ExitStatus.SUCCESS

    return _with_store(env, data, answer)


def bounded(query: str) -> None:
    """Refuse a query (or a contacts filter) of more than MAX_QUERY_WORDS
    words or MAX_QUERY_CHARS characters, before anything is read or searched. A word is a run of
    letters and digits, as search splits them: each part of a hyphenated
    word is one (`a-b-c` is three)."""
    import re

    count = len(re.findall(r"\w+", query))
    if count > MAX_QUERY_WORDS:
        raise UsageError(
            _("the query has {count} words; faq takes at most {most}").format(
                count=count, most=MAX_QUERY_WORDS
            )
        )
    if len(query) > MAX_QUERY_CHARS:
        raise UsageError(
            _("the query has {count} characters; faq takes at most {most}").format(
                count=len(query), most=MAX_QUERY_CHARS
            )
        )


def _or_a_contact(
    error: FaqError, faq: Collection, words: Sequence[str], data: str | None
) -> FaqError:
    """`error` (no entry matches), pointing to `faq contacts` when the words
    are those of a contact (`faq search Gustav`, a whole phone number): the
    command to type instead."""
    from innovasjon_faq.contacts import blank, matching

    query = " ".join(words)
    if not isinstance(error, NotFoundError) or blank(query):
        return error
    if not matching(faq.contacts, query, parts=False):
        return error
    import shlex

    argv = ["faq", "contacts"]
    if data is not None:
        argv += ["--data", data]
    if any(word.startswith("-") for word in words):
        argv.append("--")
    command = shlex.join([*argv, *(word for word in words if word.strip())])
    return NotFoundError(
        _("{message}, but a contact does: {command}").format(message=error.message, command=command)
    )
