"""`faq contacts`: whom to ask, as cards."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from innovasjon_faq.cli import context
from innovasjon_faq.cli.actions import bounded
from innovasjon_faq.cli.app import app
from innovasjon_faq.cli.options import DataOption, JsonOption
from innovasjon_faq.cli.output import document, emit, views
from innovasjon_faq.contacts import blank, matching
from innovasjon_faq.errors import NotFoundError, UsageError
from innovasjon_faq.i18n import N_, _
from innovasjon_faq.render import jsonout, plain


@app.command()
def contacts(
    ctx: typer.Context,
    words: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="[WORDS]...",
            help=N_("Words of a name, an organization or an e-mail address, or a phone number."),
        ),
    ] = None,
    data: DataOption = None,
    as_json: JsonOption = False,
    vcard: Annotated[
        bool,
        typer.Option("--vcard", help=N_("Write vCard 4.0 (RFC 6350) for an address book.")),
    ] = False,
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=N_("With --vcard: write the cards to FILE instead of standard output."),
        ),
    ] = None,
) -> None:
    """Show whom to contact, with phone numbers and e-mail.

    Example: faq contacts kaupang --vcard -o kontakter.vcf
    """
    if vcard and as_json:
        raise UsageError(_("choose either --json or --vcard"))
    if output is not None and not vcard:
        raise UsageError(_("--output writes vCards: add --vcard"))
    filter_ = " ".join(words or ())
    bounded(filter_)
    env = context.environment(ctx)
    faq = context.collection(data)
    found = matching(faq.contacts, filter_)
    if not found:
        if as_json:
            env.stdout.write(jsonout.dumps([]))
        if not faq.contacts:
            raise NotFoundError(_("the collection has no contacts"))
        raise NotFoundError(_("no contact matches '{filter}'").format(filter=filter_))
    if vcard:
        from innovasjon_faq.vcard import cards

        document(env, cards(found), output)
        return
    intro = faq.contacts_intro if blank(filter_) else ""
    emit(
        env,
        as_json=as_json,
        data=lambda: [contact.to_dict() for contact in found],
        plain=lambda width: plain.contacts(found, intro, width),
        human=lambda: views().contacts(found, intro),
    )
