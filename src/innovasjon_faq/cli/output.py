"""One place that picks the output format and writes it: Rich, plain or JSON."""

from __future__ import annotations

import errno
import os

from innovasjon_faq.render import jsonout

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType
    from typing import TextIO

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


def document(env: Environment, text: str, output: str | None = None) -> None:
    """A document — an export, vCards — as UTF-8 bytes whatever the encoding of
    stdout (PYTHONIOENCODING=ascii would turn "Åse" into "?se"): on stdout, or in
    the file `output` (`-` is stdout), written safely by `output_file.write`."""
    if output == "":
        from innovasjon_faq.errors import UsageError
        from innovasjon_faq.i18n import _

        raise UsageError(_("give --output a file name, or - for standard output"))
    data = encode(text)
    if output is None or output == "-":
        write_bytes(env.stdout, data)
        return
    from innovasjon_faq.output_file import write

    write(output, data)


def encode(text: str) -> bytes:
    """`text` as UTF-8; a lone surrogate (JSON can spell one, `"\\ud800"`) is no
    character, so it is refused rather than written as a "?"."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        from innovasjon_faq.errors import UsageError
        from innovasjon_faq.i18n import _
        from innovasjon_faq.text import describe_char

        raise UsageError(
            _("the text holds {char}, which is not a character; no document written").format(
                char=describe_char(error.object[error.start])
            )
        ) from None


def write_bytes(stream: TextIO, data: bytes) -> None:
    """`data` to the binary stream under the text stream `stream`; a stream without
    one (a StringIO in tests) takes it decoded."""
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(data.decode("utf-8"))
        stream.flush()
        return
    stream.flush()
    buffer.write(data)
    buffer.flush()
