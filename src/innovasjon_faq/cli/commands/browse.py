"""`faq` alone, `faq list` and `faq show`: reading the collection."""

from __future__ import annotations

from typing import Annotated

import typer

from innovasjon_faq.cli import context
from innovasjon_faq.cli.app import app
from innovasjon_faq.cli.completion import complete_ref
from innovasjon_faq.cli.options import DataOption, JsonOption
from innovasjon_faq.cli.output import emit, views
from innovasjon_faq.errors import UsageError
from innovasjon_faq.i18n import N_, _
from innovasjon_faq.render import plain


def overview(ctx: typer.Context, data: str | None) -> None:
    """The title, the intro, the numbered questions and how to go on."""
    env = context.environment(ctx)
    faq = context.collection(data)

    emit(
        env,
        as_json=False,
        data=lambda: None,
        plain=lambda width: plain.overview(faq, width),
        human=lambda: views().overview(faq),
    )


@app.command("list")
def list_entries(ctx: typer.Context, data: DataOption = None, as_json: JsonOption = False) -> None:
    """List the questions with their ids and keywords.

    Example: faq list
    """
    env = context.environment(ctx)
    faq = context.collection(data)

    emit(
        env,
        as_json=as_json,
        data=lambda: [entry.summary() for entry in faq.entries],
        plain=lambda width: plain.entry_list(faq.entries, width),
        human=lambda: views().entry_list(faq.entries),
    )


@app.command()
def show(
    ctx: typer.Context,
    ref: Annotated[
        str,
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
    from innovasjon_faq.search import resolve

    env = context.environment(ctx)
    if not ref.strip():
        raise UsageError(_("give an id, a slug, a keyword or words to show"))
    faq = context.collection(data)
    entry = resolve(faq, ref)

    emit(
        env,
        as_json=as_json,
        data=entry.to_dict,
        plain=lambda width: plain.show(entry, width),
        human=lambda: views().show(entry),
    )
