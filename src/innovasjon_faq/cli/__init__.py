"""The `faq` command line: Typer commands over the core, printing once."""

from innovasjon_faq.cli import commands  # noqa: F401  (registers the commands)
from innovasjon_faq.cli.app import app, main

__all__ = ["app", "main"]
