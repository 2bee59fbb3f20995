"""One place that picks the output format and writes it: Rich, plain or JSON."""

from __future__ import annotations

import errno
import os

from innovasjon_faq.render import jsonout

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    from rich.console import Console, RenderableType

    from innovasjon_faq.environment import Environment


# Tables and cards need room; on a narrower terminal (COLUMNS=12) they would show
# little but ellipses, so plain text, which wraps to any width, is written instead.
MIN_RICH_WIDTH = 30


def make_console(env: Environment, *, stderr: bool = False) -> Console:
    """A Rich console on stdout (or stderr) that honours NO_COLOR, FORCE_COLOR,
    TERM and COLUMNS as given in `env`."""
    from rich.console import Console

    class FaqConsole(Console):
        def on_broken_pipe(self) -> None:
            # Rich would raise SystemExit(1); FaqGroup ends quietly instead.
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return FaqConsole(
        file=env.stderr if stderr else env.stdout,
        force_terminal=True,
        width=env.width,
        # With a width but no height, Rich ignores the width on TERM=dumb and
        # uses 80x25; nothing faq prints depends on the height.
        height=25,
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
        env.stdout.write(jsonout.dumps(data(), ascii_only=not env.stdout_utf8))
    elif env.rich_stdout and env.width >= MIN_RICH_WIDTH:
        # crop=False: a word wider than the terminal runs past its edge (the
        # terminal wraps it) instead of losing its end (render/wrap.py).
        make_console(env).print(human(), crop=False)
    else:
        env.stdout.write(plain(env.width))
    env.stdout.flush()
