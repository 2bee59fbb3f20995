"""Options shared by every command."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from innovasjon_faq.errors import UsageError
from innovasjon_faq.i18n import N_, _


def _a_file_name(value: Optional[str]) -> Optional[str]:  # noqa: UP045
    """`--data ''` is refused: an empty path typed is a mistake (a variable
    that was not set, `--data "$FILE"`), not a wish for the bundled collection.
    (FAQ_DATA set but empty counts as unset: Click reads it as None.)"""
    if value is not None and not value:
        raise UsageError(_("--data needs the path of a collection file, not an empty one"))
    return value


# Typer reads Optional[...] at run time; keep it for Python 3.10's sake.
DataOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--data",
        envvar="FAQ_DATA",
        metavar="PATH",
        callback=_a_file_name,
        help=N_("Read this collection file instead of the bundled one."),
    ),
]

JsonOption = Annotated[
    bool,
    typer.Option("--json", help=N_("Write JSON (UTF-8) for scripts.")),
]
