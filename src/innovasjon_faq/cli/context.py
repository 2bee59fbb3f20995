"""What every command needs first: the environment and the collection."""

from __future__ import annotations

import typer
from typer._click.core import ParameterSource  # Typer ≥ 0.28 vendors Click
from typer._click.globals import get_current_context

from innovasjon_faq.cli import actions
from innovasjon_faq.environment import Environment
from innovasjon_faq.models import Collection


def environment(ctx: typer.Context) -> Environment:
    """The Environment a test handed in (`obj=`), or the real one."""
    obj = ctx.find_root().obj
    if isinstance(obj, Environment):
        return obj
    env = Environment()
    ctx.find_root().obj = env
    return env


def data_path(data: str | None) -> str | None:
    """The collection file to read: `--data` after the command, else `--data` before
    it (`faq --data F list`), else FAQ_DATA, else None (the bundled one).

    Both the root and each command take `--data` (and read FAQ_DATA); a flag typed
    on the command line beats the variable wherever it stands."""
    ctx = get_current_context(silent=True)
    if ctx is None or ctx.parent is None:
        return data or None
    if ctx.get_parameter_source("data") is ParameterSource.COMMANDLINE:
        return data or None
    root = ctx.find_root()
    if root.get_parameter_source("data") is ParameterSource.COMMANDLINE:
        root_data = root.params.get("data")
        return root_data if isinstance(root_data, str) and root_data else None
    return data or None


def collection(data: str | None) -> Collection:
    """The collection at `--data`/`FAQ_DATA`, or the bundled one."""
    return actions.collection(data_path(data))
