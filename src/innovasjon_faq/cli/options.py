"""Options shared by every command."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from innovasjon_faq.i18n import N_

# Typer reads Optional[...] at run time; keep it for Python 3.10's sake.
DataOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--data",
        envvar="FAQ_DATA",
        metavar="PATH",
        help=N_("Read this collection file instead of the bundled one."),
    ),
]

JsonOption = Annotated[
    bool,
    typer.Option("--json", help=N_("Write JSON (UTF-8) for scripts.")),
]
