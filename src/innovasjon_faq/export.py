"""The whole collection as one document: Markdown for a wiki or intranet, or JSON.

Collection text is data: in Markdown every character that could start
structure (emphasis, links, HTML, headings, lists, quotes, tables, code) is
escaped, so what the file says is what the page shows.

The document's own words ("Contacts", "See also", "Phone", "E-mail") are in
the collection's `language`, not the reader's: Norwegian for nb, nn and no
(with any region), English for any other language. An export of the bundled
text ends by saying whose it is (credit.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from innovasjon_faq import credit
from innovasjon_faq.i18n import N_, language_of, translator
from innovasjon_faq.models import Collection, Contact, Entry
from innovasjon_faq.text import neutralise

FORMATS = ("markdown", "json")

# Characters that mean something anywhere in a line of CommonMark/GFM.
_INLINE = re.compile(r"([\\`*_\[\]<>|~#])")
# What means something at the start of a line: headings, quotes, lists,
# thematic breaks, setext underlines, ordered list markers.
_LINE_START = re.compile(r"^([#>+=-]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """`text` as literal Markdown: inline syntax backslash-escaped, `&` as an
    entity, each line's leading spaces dropped (they would make a code block)
    and a block marker at the start of a line escaped."""
    lines = []
    for line in neutralise(text).split("\n"):
        line = _INLINE.sub(r"\\\1", line.replace("&", "&amp;")).lstrip(" ")
        match = _LINE_START.match(line)
        if match:
            marker = match.group()
            if marker[0].isdigit():
                # "1." starts an ordered list; "1\." does not.
                rest = line[len(marker) :]
                line = f"{marker}\\{rest}"
            else:
                line = f"\\{line}"
        lines.append(line)
    return "\n".join(lines)


def _inline(text: str) -> str:
    """Text inside a line we start (a heading, a list item, a link): line breaks
    become spaces; only inline syntax needs escaping there."""
    flat = " ".join(neutralise(text).split("\n"))
    return _INLINE.sub(r"\\\1", flat.replace("&", "&amp;"))


Words = Callable[[str], str]


def _entry(entry: Entry, say: Words) -> list[str]:
    parts = [f"## {entry.id}. {_inline(entry.question)}", "", escape_markdown(entry.answer)]
    if entry.see_also:
        sections = ", ".join(_inline(s) for s in entry.see_also)
        parts += ["", f"*{say(N_('See also'))}:* {sections}"]
    return [*parts, ""]


def _contact(contact: Contact, say: Words) -> list[str]:
    from innovasjon_faq.render.phones import display

    head = f"- **{_inline(contact.name)}**"
    if contact.organization:
        head += f", {_inline(contact.organization)}"
    lines = [head]
    if contact.phones:
        links = ", ".join(
            f"[{_inline(display(p))}](tel:{quote(p, safe='+')})" for p in contact.phones
        )
        lines.append(f"  - {say(N_('Phone'))}: {links}")
    if contact.email:
        target = quote(contact.email, safe="@.+-_")
        lines.append(f"  - {say(N_('E-mail'))}: [{_inline(contact.email)}](mailto:{target})")
    return lines


def markdown(collection: Collection) -> str:
    """Title, intro, each question as a heading with its answer and see-also,
    then the contacts; for KS's own text, last, where it comes from."""
    say = translator(language_of(collection.language))
    title = _inline(collection.title)
    if collection.section is not None:
        title = f"{_inline(str(collection.section))}. {title}"
    parts = [f"# {title}", ""]
    if collection.intro:
        parts += [escape_markdown(collection.intro), ""]
    for entry in collection.entries:
        parts += _entry(entry, say)
    if collection.contacts:
        parts += [f"## {say(N_('Contacts'))}", ""]
        if collection.contacts_intro:
            parts += [escape_markdown(collection.contacts_intro), ""]
        for contact in collection.contacts:
            parts += _contact(contact, say)
        parts.append("")
    if credit.is_ks_text(collection):
        parts += [escape_markdown(say(credit.SOURCE)), ""]
    return "\n".join(parts).rstrip("\n") + "\n"


def normalised(collection: Collection) -> dict[str, object]:
    """The collection in the file format, every optional field written out."""
    return {
        "schema_version": collection.schema_version,
        "title": collection.title,
        "section": collection.section,
        "language": collection.language,
        "intro": collection.intro,
        "entries": [
            {**entry.to_dict(), "refers_to_contacts": entry.refers_to_contacts}
            for entry in collection.entries
        ],
        "contacts_intro": collection.contacts_intro,
        "contacts": [contact.to_dict() for contact in collection.contacts],
    }
