"""One place that picks the output format and writes it: Rich, plain or JSON."""

from __future__ import annotations

from innovasjon_faq.render import jsonout

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    from rich.console import Console, RenderableType

    from innovasjon_faq.environment import Environment


def make_console(env: Environment, *, stderr: bool = False) -> Console:
    """A Rich console on stdout (or stderr) that honours NO_COLOR, FORCE_COLOR,
    TERM and COLUMNS as given in `env`."""
    from rich.console import Console

    return Console(
        file=env.stderr if stderr else env.stdout,
        force_terminal=True,
        width=env.width,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
        _environ=dict(env.environ),
    )


def views() -> ModuleType:
    """The Rich renderers, imported only when output goes to a person."""
    from innovasjon_faq.render import human

    return human


def emit(
    env: Environment,
    *,
    as_json: bool,
    data: Callable[[], object],
    plain: Callable[[int], str],
    human: Callable[[], RenderableType],
) -> None:
    """Write one result to stdout in the format the stream and flags call for."""
    if as_json:
        env.stdout.write(jsonout.dumps(data()))
    elif env.rich_stdout:
        make_console(env).print(human())
    else:
        env.stdout.write(plain(env.width))
    env.stdout.flush()
