"""A progress bar on stderr while a large collection is indexed (the first run).

Only on a terminal, and only when the work is long: nothing is drawn until
DELAY seconds have passed, so a quick build stays silent. Rich is imported only
then. The bar is transient: it leaves nothing behind on the screen.

The label (the collection's file name) is someone else's text: it is
neutralised and reaches Rich only as `Text`, in a column of its own. Rich's
`TextColumn` would parse a description as markup (`[link=…]`), whatever the
console's `markup` says.
"""

from __future__ import annotations

import time

from innovasjon_faq.i18n import _
from innovasjon_faq.text import neutralise

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from rich.progress import Progress, TaskID
    from rich.text import Text

    from innovasjon_faq.environment import Environment

DELAY = 0.5


class Bar:
    """Called as `bar(done, total)`; `total` 0 means "reading the file"."""

    def __init__(self, env: Environment, label: str) -> None:
        self.env = env
        self.label = neutralise(label, multiline=False)
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
                self.task, completed=done, total=total, label=self._text(_("Indexing"))
            )
        self.progress.refresh()

    def _text(self, verb: str) -> Text:
        from rich.text import Text

        return Text(f"{verb} {self.label}")

    def _start(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task

        from innovasjon_faq.cli.output import make_console

        class Label(ProgressColumn):
            """The task's `label` field, a Text made by `Bar._text`."""

            def render(self, task: Task) -> Text:
                label: Text = task.fields["label"]
                return label

        self.progress = Progress(
            Label(),
            BarColumn(),
            MofNCompleteColumn(),
            console=make_console(self.env, stderr=True),
            transient=True,
            auto_refresh=False,
        )
        self.progress.start()
        self.task = self.progress.add_task("", total=None, label=self._text(_("Reading")))

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def reporter(env: Environment, label: str) -> Bar | None:
    """A progress bar for indexing `label`, or None when stderr is no terminal."""
    if not env.stderr_isatty:
        return None
    return Bar(env, label)
