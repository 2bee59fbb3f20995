"""Contact cards for a terminal: a rounded box with the name in its top edge,
then the organization, phone numbers and e-mail address, each labelled.

An address or a phone number is never broken across lines. Where the card
does not fit the width with labels beside the values, the labels go above
them; where even that does not fit, the box goes and the lines are left to
run past the width rather than cut an address in two.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from innovasjon_faq.i18n import _
from innovasjon_faq.models import Contact
from innovasjon_faq.render.layout import Prose, longest_unit
from innovasjon_faq.render.phones import display
from innovasjon_faq.render.styles import HEADING, MUTED
from innovasjon_faq.text import neutralise

# A box's edges and padding, and the gap between label and value.
FRAME = 4
GAP = 2


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


class Card:
    """One contact, laid out for the width it is given."""

    def __init__(self, contact: Contact) -> None:
        self.name = Text(neutralise(contact.name, multiline=False), style=HEADING)
        rows: list[tuple[str, Text]] = []
        if contact.organization:
            organization = neutralise(contact.organization, multiline=False)
            rows.append((_("Organization"), Text(organization)))
        for index, phone in enumerate(contact.phones):
            shown = neutralise(display(phone), multiline=False)
            rows.append((_("Phone") if index == 0 else "", Text(shown, _link("tel", phone))))
        if contact.email:
            email = neutralise(contact.email, multiline=False)
            rows.append((_("E-mail"), Text(email, _link("mailto", contact.email))))
        self.rows = rows

    def _panel(self, body: RenderableType) -> Panel:
        return Panel(
            body,
            title=self.name,
            title_align="left",
            box=box.ROUNDED,
            expand=False,
            padding=(0, 1),
        )

    def _beside(self) -> Panel:
        grid = Table.grid(padding=(0, GAP))
        grid.add_column(style=MUTED, no_wrap=True)
        grid.add_column()
        for label, value in self.rows:
            grid.add_row(label, Prose(value, fold=True))
        return self._panel(grid)

    def _above(self) -> Panel:
        lines: list[RenderableType] = []
        for label, value in self.rows:
            if label:
                lines.append(Text(label, style=MUTED))
            lines.append(Prose(value, fold=True))
        return self._panel(Group(*lines))

    def _open(self) -> Group:
        lines: list[RenderableType] = [Prose(self.name)]
        lead = ""
        for label, value in self.rows:
            # A second phone number goes under the first.
            lead = f"{label}: " if label else " " * cell_len(lead)
            lines.append(Prose(Text.assemble((lead, MUTED), value)))
        return Group(*lines)

    def needs(self) -> tuple[int, int]:
        """The widths the card needs with its labels beside its values, and
        with its labels above them."""
        title = self.name.cell_len + 2 + FRAME  # the name, a space either side, the corners
        labels = max((cell_len(label) for label, _value in self.rows), default=0)
        values = max((value.cell_len for _label, value in self.rows), default=0)
        least = max((longest_unit(value.plain) for _label, value in self.rows), default=0)
        return max(title, FRAME + labels + GAP + values), max(title, FRAME + labels, FRAME + least)

    def layout(self, level: int) -> RenderableType:
        return (self._beside, self._above, self._open)[level]()


class Cards:
    """The cards of several contacts, all in the one layout that fits the
    width for each of them."""

    def __init__(self, contacts: Sequence[Contact]) -> None:
        self.cards = [Card(contact) for contact in contacts]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        needs = [card.needs() for card in self.cards]
        width = options.max_width
        if all(width >= beside for beside, _above in needs):
            level = 0
        elif all(width >= above for _beside, above in needs):
            level = 1
        else:
            level = 2
        for index, card in enumerate(self.cards):
            if index and level == 2:
                yield Text("")  # without boxes, a blank line between contacts
            yield card.layout(level)
