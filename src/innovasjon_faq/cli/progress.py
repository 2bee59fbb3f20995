"""A progress bar on stderr while a large collection is indexed (the first run).

Only on a terminal, and only when the work is long: nothing is drawn until
DELAY seconds have passed, so a quick build stays silent. Rich is imported only
then. The bar is transient: it leaves nothing behind on the screen.
"""

from __future__ import annotations

import time

from innovasjon_faq.i18n import _

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from innovasjon_faq.environment import Environment

DELAY = 0.5


class Bar:
    """Called as `bar(done, total)`; `total` 0 means "reading the file"."""

    def __init__(self, env: Environment, label: str) -> None:
        self.env = env
        self.label = label
        self.started = time.monotonic()
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.progress is None:
            if time.monotonic() - self.started < DELAY:
                return
            self._start()
        assert self.progress is not None
        assert self.task is not None
        if total:
            self.progress.update(
                self.task, completed=done, total=total, description=_("Indexing") + " " + self.label
            )
        self.progress.refresh()

    def _start(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from innovasjon_faq.cli.output import make_console

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=make_console(self.env, stderr=True),
            transient=True,
            auto_refresh=False,
        )
        self.progress.start()
        self.task = self.progress.add_task(_("Reading") + " " + self.label, total=None)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def reporter(env: Environment, label: str) -> Bar | None:
    """A progress bar for indexing `label`, or None when stderr is no terminal."""
    if not env.stderr_isatty:
        return None
    return Bar(env, label)
