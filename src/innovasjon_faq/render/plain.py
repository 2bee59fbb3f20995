"""Plain text for pipes and files: no escape codes, wrapped to the width."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from innovasjon_faq.i18n import _
from innovasjon_faq.models import Collection, Contact, Entry
from innovasjon_faq.render.phones import display
from innovasjon_faq.search import Hit
from innovasjon_faq.text import neutralise


def _wrap(text: str, width: int, indent: str = "") -> str:
    paragraphs = neutralise(text).split("\n")
    return "\n".join(
        textwrap.fill(
            p,
            width=max(width, len(indent) + 10),
            initial_indent=indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        if p.strip()
        else ""
        for p in paragraphs
    )


def _hanging(text: str, width: int, indent: int) -> str:
    """One line of `text` wrapped to `width`, later lines indented by `indent`
    (the numbered questions: the text of a question lines up under itself)."""
    return textwrap.fill(
        neutralise(text, multiline=False),
        width=max(width, indent + 10),
        subsequent_indent=" " * indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def overview(collection: Collection, width: int) -> str:
    lines = [neutralise(_heading(collection), multiline=False)]
    if collection.intro:
        lines += [_wrap(collection.intro, width)]
    lines.append("")
    pad = len(str(max((e.id for e in collection.entries), default=0)))
    for entry in collection.entries:
        lines.append(_hanging(f"{entry.id:>{pad}}  {entry.question}", width, pad + 2))
    lines += ["", *next_steps()]
    return "\n".join(lines) + "\n"


def next_steps() -> list[str]:
    return [
        _("Show an answer:   faq show 2"),
        _("Search:           faq search politikere"),
        _("Contacts:         faq contacts"),
    ]


def _heading(collection: Collection) -> str:
    if collection.section is not None:
        return f"{collection.section}. {collection.title}"
    return collection.title


def entry_list(entries: Sequence[Entry], width: int) -> str:
    pad = len(str(max((e.id for e in entries), default=0)))
    lines = []
    for entry in entries:
        line = f"{entry.id:>{pad}}  {entry.question}"
        if entry.keywords:
            line += f"  [{', '.join(entry.keywords)}]"
        lines.append(neutralise(line, multiline=False))
    return "\n".join(lines) + "\n"


def show(entry: Entry, width: int) -> str:
    lines = [
        _wrap(neutralise(entry.question, multiline=False), width),
        "",
        _wrap(entry.answer, width),
    ]
    if entry.see_also:
        lines += [
            "",
            _wrap(_("See also: {sections}").format(sections=", ".join(entry.see_also)), width),
        ]
    if entry.refers_to_contacts:
        lines += ["", _("Contacts: faq contacts")]
    return "\n".join(lines) + "\n"


def search(hits: Sequence[Hit], width: int) -> str:
    pad = len(str(max((h.entry.id for h in hits), default=0)))
    blocks = []
    for hit in hits:
        head = _hanging(f"{hit.entry.id:>{pad}}  {hit.entry.question}", width, pad + 2)
        blocks.append(head + "\n" + _wrap(hit.snippet, width, " " * (pad + 2)))
    return "\n\n".join(blocks) + "\n"


def contacts(items: Sequence[Contact], intro: str, width: int) -> str:
    blocks = [_wrap(intro, width)] if intro else []
    for contact in items:
        lines = [contact.name]
        if contact.organization:
            lines.append(contact.organization)
        if contact.phones:
            label = _("Phone") if len(contact.phones) == 1 else _("Phones")
            lines.append(f"{label}: {', '.join(display(p) for p in contact.phones)}")
        if contact.email:
            lines.append(f"{_('E-mail')}: {contact.email}")
        blocks.append(neutralise("\n".join(lines)))
    return "\n\n".join(blocks) + "\n"
