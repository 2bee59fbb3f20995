"""What every command needs first: the environment and the collection."""

from __future__ import annotations

import typer

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


def collection(data: str | None) -> Collection:
    """The collection at `--data`/`FAQ_DATA`, or the bundled one."""
    from innovasjon_faq.loader import load

    return load(data or None)
