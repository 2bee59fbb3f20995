"""`faq search`: ranked entries for words typed the way people type."""

from __future__ import annotations

from typing import Annotated

import typer

from innovasjon_faq.cli import actions, context
from innovasjon_faq.cli.app import app
from innovasjon_faq.cli.options import DataOption, JsonOption
from innovasjon_faq.i18n import N_


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
    status = actions.search(
        context.environment(ctx), words, limit, context.data_path(data), as_json
    )
    raise typer.Exit(status)
