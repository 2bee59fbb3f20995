"""Rich renderables that wrap the way `wrap.py` says: never inside a word, an
e-mail address or a phone number, at any width.

Rich wraps a Text at any space (a no-break space and the spaces in
`24 13 26 38` too), and in a table it folds a word wider than its column in
two (`innovasjonsverkt/øy`, `morten@agendakaupang.n/o`). So:

- `Prose` is a Text that breaks where `wrap.breaks` says; a word longer than
  the line runs past it (outside tables) rather than being cut.
- `Fits` chooses a layout by the width it is given: a table where every
  column can hold its longest word, a simpler layout where not.
- `Hanging` is that simpler layout for numbered rows: the number, then the
  text, its later lines under its first.

Each measures itself, so a table gives a `Prose` column at least its longest
word whenever the width allows.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, RenderableType, RenderResult
from rich.containers import Lines
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from innovasjon_faq.render.wrap import breaks, units


def longest_unit(text: str) -> int:
    """The width of the longest piece of `text` no line break may go inside."""
    return max((cell_len(unit) for unit in units(text)), default=0)


class Prose:
    """`text`, wrapped at spaces only. Where even one word is wider than the
    width, it runs past it; in a table cell (`fold`), where nothing may run
    past, it is folded instead, as Rich would."""

    def __init__(self, text: Text, *, fold: bool = False) -> None:
        self.text = text
        self.fold = fold

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lines = self.text.plain.split("\n")
        widest = max((cell_len(line) for line in lines), default=0)
        return Measurement(longest_unit(self.text.plain) or widest, widest)

    def lines(self, console: Console, width: int, justify: JustifyMethod | None = None) -> Lines:
        lines = Lines()
        for line in self.text.split(allow_blank=True):
            pieces = line.divide(breaks(line.plain, width, cell_len))
            for piece in pieces:
                piece.rstrip_end(width)
            if self.fold:
                pieces = Lines(
                    part
                    for piece in pieces
                    for part in (
                        piece.wrap(console, width, overflow="fold")
                        if piece.cell_len > width
                        else [piece]
                    )
                )
            if justify in ("left", "center", "right", "full"):
                pieces.justify(console, width, justify=justify, overflow="fold")
            lines.extend(pieces)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        justify = self.text.justify or options.justify
        lines = self.lines(console, options.max_width, justify)
        yield from Text("\n").join(lines).render(console, end=self.text.end)


class Fits:
    """`wide` when given at least `need` columns, else `narrow`."""

    def __init__(self, need: int, wide: RenderableType, narrow: RenderableType) -> None:
        self.need = need
        self.wide = wide
        self.narrow = narrow

    def _choice(self, options: ConsoleOptions) -> RenderableType:
        return self.wide if options.max_width >= self.need else self.narrow

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._choice(options))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._choice(options)


class Hanging:
    """Rows of a number and a text: the numbers right-aligned in `prefix_style`,
    two spaces, then the text wrapped in the rest of the width, its later lines
    under its first. A word wider than that runs past the width."""

    def __init__(self, rows: list[tuple[str, Text]], prefix_style: Style | str = "") -> None:
        self.rows = rows
        self.prefix_style = prefix_style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        pad = max((cell_len(number) for number, _body in self.rows), default=0) + 2
        room = max(options.max_width - pad, 1)
        for number, body in self.rows:
            for index, line in enumerate(Prose(body).lines(console, room)):
                lead = f"{number:>{pad - 2}}  " if index == 0 else " " * pad
                yield from Text.assemble((lead, self.prefix_style), line).render(console)
                yield Segment.line()


class Padded:
    """What Rich's `Padding(renderable, (1, 0))` draws (a blank line above and
    below, every line as wide as the width) without cropping a line that runs
    past the width, as Padding does."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        yield Segment(" " * width)
        yield Segment.line()
        for line in Segment.split_lines(console.render(self.renderable, options)):
            yield from line
            short = width - Segment.get_line_length(line)
            if short > 0:
                yield Segment(" " * short)
            yield Segment.line()
        yield Segment(" " * width)
        yield Segment.line()
