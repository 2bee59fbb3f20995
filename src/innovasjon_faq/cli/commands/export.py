"""`faq export`: the whole collection as Markdown or JSON, on stdout or in a file."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from innovasjon_faq.cli import context
from innovasjon_faq.cli.app import app
from innovasjon_faq.cli.options import DataOption
from innovasjon_faq.cli.output import document as output_document
from innovasjon_faq.errors import UsageError
from innovasjon_faq.i18n import N_, _


@app.command()
def export(
    ctx: typer.Context,
    format_: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            metavar="markdown|json",
            help=N_("Markdown for a wiki or intranet page (the default), or the normalised JSON."),
        ),
    ] = None,
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--output", "-o", metavar="FILE", help=N_("Write to FILE instead of standard output.")
        ),
    ] = None,
    data: DataOption = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help=N_("The normalised JSON: the same as --format json.")),
    ] = False,
) -> None:
    """Export the whole collection: title, intro, questions and answers, contacts.

    Example: faq export --format markdown --output slik-faq.md
    """
    from innovasjon_faq import export as exporter
    from innovasjon_faq.render import jsonout

    if as_json and format_ not in (None, "json"):
        raise UsageError(_("choose either --json or --format {format}").format(format=format_))
    format_ = "json" if as_json else format_ or "markdown"
    if format_ not in exporter.FORMATS:
        raise UsageError(
            _("unknown format '{format}'; choose one of: {choices}").format(
                format=format_, choices=", ".join(exporter.FORMATS)
            )
        )
    env = context.environment(ctx)
    faq = context.collection(data)
    if format_ == "json":
        document = jsonout.dumps(exporter.normalised(faq))
    else:
        document = exporter.markdown(faq)
    output_document(env, document, output)
