"""Rich renderables for people at a terminal.

Collection text always enters Rich as `Text` (never as markup), after
`neutralise`, so `[bold]` in a file shows literally, control characters never
reach the terminal and invisible marks are not drawn (a search's highlights
move with the text they mark).

Prose breaks between words only (`layout.Prose`), and the reading views
(the overview, an answer, search hits, contacts) are at most MEASURE columns
wide on any terminal (`wrap.py` says why); `faq list`, a table, uses the width.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.constrain import Constrain
from rich.style import Style
from rich.table import Table
from rich.text import Text

from innovasjon_faq.i18n import _
from innovasjon_faq.models import Collection, Contact, Entry
from innovasjon_faq.render.cards import Cards
from innovasjon_faq.render.layout import Fits, Hanging, Padded, Prose, longest_unit
from innovasjon_faq.render.styles import COMMAND, HEADING, ID, MATCH, MUTED
from innovasjon_faq.render.wrap import MEASURE
from innovasjon_faq.search import Hit
from innovasjon_faq.text import neutralise, neutralise_spans


def text(value: str, style: Style | str = "", *, multiline: bool = True) -> Text:
    """Collection text as Rich Text: literal, with control characters made visible.

    A word too long for its column folds onto the next line instead of being
    cut with an ellipsis: an e-mail address must never lose its end.
    """
    return Text(neutralise(value, multiline=multiline), style=style, overflow="fold")


def prose(value: str | Text, style: Style | str = "", *, cell: bool = False) -> Prose:
    """Collection text (or Text already made) to be wrapped between words only."""
    shown = value if isinstance(value, Text) else text(value, style)
    return Prose(shown, fold=cell)


def _highlighted(value: str, spans: Sequence[tuple[int, int]], style: Style | str = "") -> Text:
    shown, moved = neutralise_spans(value, tuple(spans))
    result = Text(shown, style=style, overflow="fold")
    for start, end in moved:
        result.stylize(MATCH, start, end)
    return result


def _numbered(rows: list[tuple[str, Text]]) -> RenderableType:
    """Numbered rows (overview, search): a grid of the number and the text when
    every word of the text fits its column, else `Hanging` rows, whose words
    may run past the width but are never cut."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(justify="right", style=ID, no_wrap=True)
    grid.add_column()
    for number, body in rows:
        grid.add_row(number, prose(body, cell=True))
    number_width = max((cell_len(number) for number, _body in rows), default=0)
    need = number_width + 2 + max((longest_unit(body.plain) for _n, body in rows), default=0)
    return Fits(need, grid, Hanging(rows, ID))


def _next_steps() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=MUTED)
    grid.add_column(style=COMMAND)
    grid.add_row(_("Show an answer"), "faq show 2")
    grid.add_row(_("Search"), "faq search politikere")
    grid.add_row(_("Contacts"), "faq contacts")
    return grid


def overview(collection: Collection) -> RenderableType:
    heading = text(collection.title, HEADING, multiline=False)
    if collection.section is not None:
        heading = Text.assemble(text(f"{collection.section}. ", HEADING, multiline=False), heading)
    parts: list[RenderableType] = [prose(heading)]
    if collection.intro:
        parts.append(prose(collection.intro))
    questions = _numbered(
        [(str(entry.id), text(entry.question, multiline=False)) for entry in collection.entries]
    )
    parts += [Padded(questions), _next_steps()]
    return Constrain(Group(*parts), MEASURE)


def entry_list(entries: Sequence[Entry]) -> RenderableType:
    return EntryTable(entries)


def show(entry: Entry) -> RenderableType:
    parts: list[RenderableType] = [
        prose(Text.assemble((f"{entry.id}  ", ID), text(entry.question, HEADING, multiline=False))),
        Text(""),
        prose(entry.answer),
    ]
    if entry.see_also:
        parts += [
            Text(""),
            prose(
                Text.assemble(
                    (_("See also") + ": ", MUTED),
                    text(", ".join(f"‘{s}’" for s in entry.see_also), multiline=False),
                )
            ),
        ]
    if entry.refers_to_contacts:
        parts += [Text(""), Text.assemble((_("Contacts") + ": ", MUTED), ("faq contacts", COMMAND))]
    return Constrain(Group(*parts), MEASURE)


def search(hits: Sequence[Hit]) -> RenderableType:
    rows = []
    for index, hit in enumerate(hits):
        body = Text.assemble(
            _highlighted(hit.entry.question, hit.question_spans, Style(bold=True)),
            "\n",
            _highlighted(hit.snippet, hit.snippet_spans, MUTED),
        )
        if index < len(hits) - 1:
            body.append("\n")
        rows.append((str(hit.entry.id), body))
    return Constrain(_numbered(rows), MEASURE)


class EntryTable:
    """`faq list`: the id, the question and the keywords in columns, each at
    least as wide as its longest word.

    Where the whole of each fits, each column is as wide as its text; else the
    question gets two thirds of the room and the keywords one (as before);
    where that would cut a word, each gets at least its longest word; where
    even that does not fit, the keywords go under the question."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = entries
        self.ids = [str(entry.id) for entry in entries]
        self.questions = [text(entry.question, multiline=False) for entry in entries]
        self.keywords = [text(", ".join(entry.keywords), multiline=False) for entry in entries]

    def _table(self, widths: tuple[int, int] | None, expand: bool) -> Table:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, header_style=HEADING, expand=expand)
        table.add_column(_("ID"), justify="right", style=ID, no_wrap=True)
        question, keywords = widths or (None, None)
        ratios = (2, 1) if expand else (None, None)
        table.add_column(_("Question"), ratio=ratios[0], width=question)
        table.add_column(_("Keywords"), style=MUTED, ratio=ratios[1], width=keywords)
        for row in zip(self.ids, self.questions, self.keywords, strict=True):
            table.add_row(row[0], prose(row[1], cell=True), prose(row[2], cell=True))
        return table

    def _stacked(self) -> RenderableType:
        rows = []
        for number, question, keywords in zip(self.ids, self.questions, self.keywords, strict=True):
            body = question.copy()
            if keywords.plain:
                body.append("\n")
                body.append_text(Text(keywords.plain, style=MUTED))
            rows.append((number, body))
        return _numbered(rows)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        id_width = max([cell_len(_("ID")), *(cell_len(i) for i in self.ids)])
        headers = (_("Question"), _("Keywords"))
        columns = [
            [cell_len(headers[n]), *(t.cell_len for t in texts)]
            for n, texts in enumerate((self.questions, self.keywords))
        ]
        natural = [max(c) for c in columns]
        least = [
            max([cell_len(headers[n]), *(longest_unit(t.plain) for t in texts)])
            for n, texts in enumerate((self.questions, self.keywords))
        ]
        # Each column has a space either side; two spaces between columns.
        room = options.max_width - (id_width + 2) - 2 * 2 - 2
        if sum(natural) <= room:
            yield self._table(None, expand=False)
            return
        # Rich's split of the room between ratios 2 and 1, padding included.
        shared = room + 4
        question = -(-2 * shared // 3) - 2
        keywords = shared - (question + 2) - 2
        if question >= least[0] and keywords >= least[1]:
            yield self._table(None, expand=True)
        elif sum(least) <= room:
            keywords = max(least[1], room - max(least[0], -(-2 * room // 3)))
            yield self._table((room - keywords, keywords), expand=False)
        else:
            yield self._stacked()


def contacts(items: Sequence[Contact], intro: str) -> RenderableType:
    parts: list[RenderableType] = [prose(intro)] if intro else []
    parts.append(Cards(items))
    return Constrain(Group(*parts), MEASURE)
