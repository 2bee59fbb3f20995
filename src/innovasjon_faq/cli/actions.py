"""What the reading commands do, without Typer: Typer's commands (`commands/`)
and the fast path (`fast.py`) both call these, so they cannot drift apart.
`data` is the collection file already chosen (`--data`, FAQ_DATA) or None."""

from __future__ import annotations

from innovasjon_faq.cli.output import emit, views
from innovasjon_faq.errors import ExitStatus, NotFoundError, UsageError
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

            def report() -> Bar | None:
                from innovasjon_faq.cli.progress import reporter  # only when it builds

                return reporter(self.env, label)

            if self.in_memory:
                from innovasjon_faq.index.build import build_in_memory

                self.opened = build_in_memory(self._source(), report())
            else:
                self.opened = indexed(self.path, self._source, report)
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

    def answer(reader: Reader) -> int:
        entry = resolve(reader.entries, ref, reader.engine)
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

    def answer(reader: Reader) -> int:
        engine = reader.engine()
        hits = engine.search(query, limit=limit)
        if not hits:
            suggestions = tuple(engine.suggest(query))
            if as_json:
                env.stdout.write(jsonout.dumps([]))
            raise NotFoundError(_("nothing matches '{query}'").format(query=query), suggestions)
        emit(
            env,
            as_json=as_json,
            data=lambda: [hit.to_dict() for hit in hits],
            plain=lambda width: plain.search(hits, width),
            human=lambda: views().search(hits),
        )
        return ExitStatus.SUCCESS

    return _answer(env, data, answer)
