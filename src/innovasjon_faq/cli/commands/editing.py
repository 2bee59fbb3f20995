"""`faq schema` and `faq validate`: for people who write or edit a collection."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from innovasjon_faq.cli import context
from innovasjon_faq.cli.app import app
from innovasjon_faq.cli.options import DataOption, JsonOption
from innovasjon_faq.errors import ExitStatus
from innovasjon_faq.i18n import N_
from innovasjon_faq.render import jsonout


@app.command()
def schema(
    ctx: typer.Context,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=N_(
                "Accepted, for scripts that pass it to each command: the schema is JSON anyway."
            ),
        ),
    ] = False,
) -> None:
    """Print the JSON Schema (draft 2020-12) of a collection file, for editors.

    It describes the format, not a file, so it takes no --data.

    Example: faq schema > faq.schema.json
    """
    from innovasjon_faq.collection_schema import dumps

    del as_json  # the schema is JSON either way
    env = context.environment(ctx)
    env.stdout.write(dumps())
    env.stdout.flush()


@app.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="[PATH]...",
            help=N_("Collection files to check (default: --data, or the bundled one)."),
        ),
    ] = None,
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check collection files and report every problem, with where it is.

    Exit status 0 when all are valid (warnings or not), 2 when any is not.

    Example: faq validate mine.json
    """
    from innovasjon_faq.loader import BUNDLED, findings
    from innovasjon_faq.render import problems as render

    env = context.environment(ctx)
    targets: list[str | None] = list(paths) if paths else [context.data_path(data)]
    report = [(target or BUNDLED, *findings(target)) for target in targets]
    env.stdout.write(jsonout.dumps(render.data(report)) if as_json else render.plain(report))
    env.stdout.flush()
    if any(problems for _target, problems, _warnings in report):
        raise typer.Exit(ExitStatus.USAGE)
