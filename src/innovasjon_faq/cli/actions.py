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
    from innovasjon_faq.index.build import Source
    from innovasjon_faq.index.opened import Opened
    from innovasjon_faq.search.engine import SearchEngine
    from innovasjon_faq.search.store import Entries


# From this size on (about 30 entries), the entries of a collection are read
# from its index (which holds them) instead of parsing the file on every run:
# measured in docs/performance.md. Every collection is searched through its
# index, whatever its size.
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


class Reader:
    """What `show` and `search` read: the entries, and (when asked for) the
    search engine over the collection's index. A small collection is parsed,
    and its index opened only for a search; a large one is read from its index
    alone. `in_memory` builds the index for this run only (after a cached one
    turned out damaged)."""

    def __init__(self, env: Environment, data: str | None, *, in_memory: bool = False) -> None:
        import os

        from innovasjon_faq.search.store import Entries

        self.env = env
        self.data = data
        self.in_memory = in_memory
        self.opened: Opened | None = None
        self.small: Collection | None = None
        try:
            large = data is not None and os.stat(data).st_size >= INDEX_MIN_BYTES
        except (OSError, ValueError):
            large = False  # the loader reports what is wrong with the path
        if large:
            self.entries: Entries = self._open().entries
        else:
            self.small = collection(data)
            self.entries = Entries(self.small)

    @property
    def path(self) -> str:
        if self.data is not None:
            return self.data
        from innovasjon_faq.loader import bundled_path

        return bundled_path()

    def _open(self) -> Opened:
        import os

        from innovasjon_faq.index.cache import indexed

        if self.opened is None:
            label = os.path.basename(self.path)
            built: list[bool] = []

            def report() -> Bar | None:
                from innovasjon_faq.cli.progress import reporter  # only when it builds

                built.append(True)
                return reporter(self.env, label)

            if self.in_memory:
                from innovasjon_faq.index.build import build_in_memory

                self.opened = build_in_memory(self._source(), report())
            else:
                self.opened = indexed(self.path, self._source, report)
                if built:
                    # The folder grows only when an index is built: then, and only
                    # then, remove the indexes of collection files that are gone
                    # (~1 ms per index in the folder; docs/performance.md).
                    from innovasjon_faq.cache_folder import prune

                    prune()
        return self.opened

    def _source(self) -> Source:
        """The collection to index: a small one as parsed, a large one streamed
        from its file (never whole in memory)."""
        from innovasjon_faq.index.build import Source

        if self.small is not None or self.data is None:
            return Source.of(self.small if self.small is not None else collection(None))
        from innovasjon_faq.stream import Stream

        stream = Stream(self.data)
        return Source(stream.head(), stream.entries(), lambda done: stream.position(), True)

    def engine(self) -> SearchEngine:
        from innovasjon_faq.search.engine import SearchEngine

        return SearchEngine(self._open().index, self.entries)

    def close(self) -> None:
        if self.opened is not None:
            self.opened.close()


def _answer(env: Environment, data: str | None, answer: Callable[[Reader], int]) -> int:
    """Answer from the collection's index; when the index turns out to be
    unreadable half-way (damage its manifest did not show), it is dropped from
    the cache, and the answer comes from an index built for this run."""
    from innovasjon_faq.index import IndexUnusable

    reader = Reader(env, data)
    try:
        return answer(reader)
    except IndexUnusable:
        from innovasjon_faq.index.cache import discard

        reader.close()
        discard(reader.path)
        reader = Reader(env, data, in_memory=True)
        return answer(reader)
    finally:
        reader.close()


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
    from innovasjon_faq.search import resolve

    if not ref.strip():
        raise UsageError(_("give an id, a slug, a keyword or words to show"))
    bounded(ref)

    def answer(reader: Reader) -> int:
        try:
            entry = resolve(reader.entries, ref, reader.engine)
        except (NotFoundError, AmbiguousError) as error:
            if as_json:
                env.stdout.write(jsonout.dumps(None))  # JSON still: `null`
            raise _or_a_contact(error, reader.entries.head, ref.split(), data) from None
        emit(
            env,
            as_json=as_json,
            data=entry.to_dict,
            plain=lambda width: plain.show(entry, width),
            human=lambda: views().show(entry),
        )
        return ExitStatus.SUCCESS

    return _answer(env, data, answer)


def search(
    env: Environment, words: Sequence[str], limit: int, data: str | None, as_json: bool
) -> int:
    query = " ".join(words)
    if not query.strip():
        raise UsageError(_("give one or more words to search for"))
    bounded(query)

    def answer(reader: Reader) -> int:
        engine = reader.engine()
        hits = engine.search(query, limit=limit)
        if not hits:
            if as_json:
                env.stdout.write(jsonout.dumps([]))
            nothing = NotFoundError(
                _("nothing matches '{query}'").format(query=query), tuple(engine.suggest(query))
            )
            raise _or_a_contact(nothing, reader.entries.head, words, data)
        emit(
            env,
            as_json=as_json,
            data=lambda: [hit.to_dict() for hit in hits],
            plain=lambda width: plain.search(hits, width),
            human=lambda: views().search(hits),
        )
        return ExitStatus.SUCCESS

    return _answer(env, data, answer)


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
