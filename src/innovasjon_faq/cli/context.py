"""What every command needs first: the environment and the collection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from innovasjon_faq.cli.actions import collection
from innovasjon_faq.environment import Environment

if TYPE_CHECKING:
    import typer

__all__ = ["collection", "environment"]


def environment(ctx: typer.Context) -> Environment:
    """The Environment a test handed in (`obj=`), or the real one."""
    obj = ctx.find_root().obj
    if isinstance(obj, Environment):
        return obj
    env = Environment()
    ctx.find_root().obj = env
    return env
