"""`faq search`: ranked entries for words typed the way people type."""

from __future__ import annotations

from typing import Annotated

import typer

from innovasjon_faq.cli import context
from innovasjon_faq.cli.app import app
from innovasjon_faq.cli.options import DataOption, JsonOption
from innovasjon_faq.cli.output import emit, views
from innovasjon_faq.errors import ExitStatus, NotFoundError, UsageError
from innovasjon_faq.i18n import N_, _
from innovasjon_faq.render import jsonout, plain


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(metavar="WORDS...", help=N_('Words to look for; "quotes" for a phrase.')),
    ],
    limit: Annotated[
        int,
        typer.Option("--limit", "-n", min=1, metavar="N", help=N_("Show at most N results.")),
    ] = 10,
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """Search questions, answers and keywords; æ/ø/å may be typed ae/o/a.

    Example: faq search politikere
    """
    from innovasjon_faq.search import SearchEngine

    env = context.environment(ctx)
    query = " ".join(words)
    if not query.strip():
        raise UsageError(_("give one or more words to search for"))
    faq = context.collection(data)
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
    raise typer.Exit(ExitStatus.SUCCESS)
