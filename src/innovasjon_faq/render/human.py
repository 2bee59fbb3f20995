"""Rich renderables for people at a terminal.

Collection text always enters Rich as `Text` (never as markup), after
`neutralise`, so `[bold]` in a file shows literally, control characters never
reach the terminal and invisible marks are not drawn (a search's highlights
move with the text they mark).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from innovasjon_faq.i18n import _
from innovasjon_faq.models import Collection, Contact, Entry
from innovasjon_faq.render.phones import display
from innovasjon_faq.search import Hit
from innovasjon_faq.text import neutralise, neutralise_spans

HEADING = Style(bold=True, color="cyan")
ID = Style(bold=True, color="green")
MATCH = Style(bold=True, color="yellow")
MUTED = Style(dim=True)
COMMAND = Style(color="magenta")


def text(value: str, style: Style | str = "", *, multiline: bool = True) -> Text:
    """Collection text as Rich Text: literal, with control characters made visible.

    A word too long for its column folds onto the next line instead of being
    cut with an ellipsis: an e-mail address must never lose its end.
    """
    return Text(neutralise(value, multiline=multiline), style=style, overflow="fold")


def _highlighted(value: str, spans: Sequence[tuple[int, int]], style: Style | str = "") -> Text:
    shown, moved = neutralise_spans(value, tuple(spans))
    result = Text(shown, style=style, overflow="fold")
    for start, end in moved:
        result.stylize(MATCH, start, end)
    return result


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
    parts: list[RenderableType] = [heading]
    if collection.intro:
        parts.append(text(collection.intro))
    questions = Table.grid(padding=(0, 2))
    questions.add_column(justify="right", style=ID, no_wrap=True)
    questions.add_column()
    for entry in collection.entries:
        questions.add_row(str(entry.id), text(entry.question, multiline=False))
    parts += [Padding(questions, (1, 0)), _next_steps()]
    return Group(*parts)


def entry_list(entries: Sequence[Entry]) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, header_style=HEADING, expand=True)
    table.add_column(_("ID"), justify="right", style=ID, no_wrap=True)
    table.add_column(_("Question"), ratio=2)
    table.add_column(_("Keywords"), style=MUTED, ratio=1)
    for entry in entries:
        table.add_row(
            str(entry.id),
            text(entry.question, multiline=False),
            text(", ".join(entry.keywords), multiline=False),
        )
    return table


def show(entry: Entry) -> RenderableType:
    parts: list[RenderableType] = [
        Text.assemble((f"{entry.id}  ", ID), text(entry.question, HEADING, multiline=False)),
        Text(""),
        text(entry.answer),
    ]
    if entry.see_also:
        parts += [
            Text(""),
            Text.assemble(
                (_("See also") + ": ", MUTED),
                text(", ".join(f"‘{s}’" for s in entry.see_also), multiline=False),
            ),
        ]
    if entry.refers_to_contacts:
        parts += [Text(""), Text.assemble((_("Contacts") + ": ", MUTED), ("faq contacts", COMMAND))]
    return Group(*parts)


def search(hits: Sequence[Hit]) -> RenderableType:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style=ID, no_wrap=True)
    table.add_column()
    for index, hit in enumerate(hits):
        body = Text.assemble(
            _highlighted(hit.entry.question, hit.question_spans, Style(bold=True)),
            "\n",
            _highlighted(hit.snippet, hit.snippet_spans, MUTED),
        )
        if index < len(hits) - 1:
            body.append("\n")
        table.add_row(str(hit.entry.id), body)
    return table


def _link(scheme: str, target: str) -> Style:
    """A `tel:` or `mailto:` link, the only links faq makes. The target goes out
    inside an OSC 8 sequence, so it is percent-encoded to printable ASCII; a
    phone that is not an E.164 number gets no link at all."""
    from urllib.parse import quote

    if scheme == "tel":
        digits = target[1:]
        number = target.startswith("+") and digits.isascii() and digits.isdigit()
        return Style(link=f"tel:{target}") if number else Style()
    return Style(link=f"mailto:{quote(target, safe='@.+-_')}")


def contact_card(contact: Contact) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=MUTED, no_wrap=True)
    grid.add_column()
    if contact.organization:
        grid.add_row(_("Organization"), text(contact.organization, multiline=False))
    for index, phone in enumerate(contact.phones):
        label = _("Phone") if index == 0 else ""
        grid.add_row(label, Text(neutralise(display(phone), multiline=False), _link("tel", phone)))
    if contact.email:
        email = neutralise(contact.email, multiline=False)
        grid.add_row(_("E-mail"), Text(email, _link("mailto", contact.email), overflow="fold"))
    return Panel(
        grid,
        title=text(contact.name, HEADING, multiline=False),
        title_align="left",
        box=box.ROUNDED,
        expand=False,
        padding=(0, 1),
    )


def contacts(items: Sequence[Contact], intro: str) -> RenderableType:
    parts: list[RenderableType] = [text(intro)] if intro else []
    parts += [contact_card(c) for c in items]
    return Group(*parts)
