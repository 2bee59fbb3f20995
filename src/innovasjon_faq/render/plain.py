"""Plain text for pipes and files: no escape codes, wrapped to the width.

Prose is wrapped at the width, but never wider than MEASURE, and never inside
a word, an address or a phone number (`wrap.py`). Records are not wrapped:
`entry_list` is one line per entry, a contact one line per field (`E-mail:
…`), for grep, cut and head.
"""

from __future__ import annotations

from collections.abc import Sequence

from innovasjon_faq.i18n import _
from innovasjon_faq.models import Collection, Contact, Entry
from innovasjon_faq.render.phones import display
from innovasjon_faq.render.wrap import MEASURE, fill
from innovasjon_faq.search import Hit
from innovasjon_faq.text import neutralise


def _wrap(text: str, width: int, indent: str = "") -> str:
    paragraphs = neutralise(text).split("\n")
    width = min(max(width, len(indent) + 10), MEASURE)
    return "\n".join(
        "\n".join(fill(p, width, indent, indent)) if p.strip() else "" for p in paragraphs
    )


def _hanging(text: str, width: int, indent: int) -> str:
    """One line of `text` wrapped to `width`, later lines indented by `indent`
    (the numbered questions: the text of a question lines up under itself)."""
    width = min(max(width, indent + 10), MEASURE)
    return "\n".join(fill(neutralise(text, multiline=False), width, "", " " * indent))


def overview(collection: Collection, width: int) -> str:
    lines = [_wrap(neutralise(_heading(collection), multiline=False), width)]
    if collection.intro:
        lines += [_wrap(collection.intro, width)]
    lines.append("")
    pad = len(str(max((e.id for e in collection.entries), default=0)))
    for entry in collection.entries:
        lines.append(_hanging(f"{entry.id:>{pad}}  {entry.question}", width, pad + 2))
    lines += ["", *(_hanging(step, width, 2) for step in next_steps())]
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
        lines += ["", _wrap(_("Contacts: faq contacts"), width)]
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
