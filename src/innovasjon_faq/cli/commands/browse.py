"""`faq` alone, `faq list` and `faq show`: reading the collection."""

from __future__ import annotations

from typing import Annotated

import typer

from innovasjon_faq.cli import actions, context
from innovasjon_faq.cli.app import app
from innovasjon_faq.cli.completion import complete_ref
from innovasjon_faq.cli.options import DataOption, JsonOption
from innovasjon_faq.i18n import N_


def overview(ctx: typer.Context, data: str | None) -> None:
    """The title, the intro, the numbered questions and how to go on."""
    env = context.environment(ctx)
    actions.overview(env, context.collection(data))


@app.command("list")
def list_entries(ctx: typer.Context, data: DataOption = None, as_json: JsonOption = False) -> None:
    """List the questions with their ids and keywords.

    Example: faq list
    """
    env = context.environment(ctx)
    actions.list_entries(env, context.collection(data), as_json)


@app.command()
def show(
    ctx: typer.Context,
    ref: Annotated[
        list[str],
        typer.Argument(
            metavar="REF",
            autocompletion=complete_ref,
            help=N_("An id (2), a slug, a keyword (N3, BLT, SLIK) or words (politikere)."),
        ),
    ],
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one answer.

    Example: faq show N3
    """
    actions.show(context.environment(ctx), " ".join(ref), context.data_path(data), as_json)
