"""What the reading commands do, without Typer: Typer's commands (`commands/`)
and the fast path (`fast.py`) both call these, so they cannot drift apart.
`data` is the collection file already chosen (`--data`, FAQ_DATA) or None."""

from __future__ import annotations

from collections.abc import Sequence

from innovasjon_faq.cli.output import emit, views
from innovasjon_faq.environment import Environment
from innovasjon_faq.errors import ExitStatus, NotFoundError, UsageError
from innovasjon_faq.i18n import _
from innovasjon_faq.models import Collection
from innovasjon_faq.render import jsonout, plain


def collection(data: str | None) -> Collection:
    """The collection at `--data`/`FAQ_DATA`, or the bundled one."""
    from innovasjon_faq.loader import load

    return load(data or None)


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
    faq = collection(data)
    entry = resolve(faq, ref)
    emit(
        env,
        as_json=as_json,
        data=entry.to_dict,
        plain=lambda width: plain.show(entry, width),
        human=lambda: views().show(entry),
    )
    return ExitStatus.SUCCESS


def search(
    env: Environment, words: Sequence[str], limit: int, data: str | None, as_json: bool
) -> int:
    from innovasjon_faq.search import SearchEngine

    query = " ".join(words)
    if not query.strip():
        raise UsageError(_("give one or more words to search for"))
    faq = collection(data)
    engine = SearchEngine(faq)
    hits = engine.search(query, limit=limit)
    if not hits:
        if as_json:
            env.stdout.write(jsonout.dumps([]))
        raise NotFoundError(
            _("nothing matches '{query}'").format(query=query), tuple(engine.suggest(query))
        )
    emit(
        env,
        as_json=as_json,
        data=lambda: [hit.to_dict() for hit in hits],
        plain=lambda width: plain.search(hits, width),
        human=lambda: views().search(hits),
    )
    return ExitStatus.SUCCESS
