"""The interface's message catalogs: extract with Babel, update, compile.

    python tools/i18n.py extract   # src/innovasjon_faq/locale/messages.pot
    python tools/i18n.py update    # merge new messages into every .po
    python tools/i18n.py compile   # every .po -> .mo (shipped in the wheel)

Babel finds the `_()`, `N_()` and `ngettext()` calls in the source. Help texts
Typer takes from docstrings are not calls, so they are read from the app
itself: every command's help and every parameter's help.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "innovasjon_faq"
LOCALE = PACKAGE / "locale"
POT = LOCALE / "messages.pot"
DOMAIN = "faq"
# A fixed date keeps the generated files the same from run to run.
EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
HEADER = (
    "# Messages of the `faq` command (innovasjon-faq).\n"
    "# Regenerate with: python tools/i18n.py extract && python tools/i18n.py update\n"
    "# The collection's own text is never translated; only the interface is."
)


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def languages() -> list[str]:
    return sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir())


def help_texts() -> Iterator[tuple[str, str]]:
    """(text, where) for the help of the app, each command and each parameter."""
    import typer

    from innovasjon_faq.cli import app

    commands = [("faq", typer.main.get_command(app))]
    for path, command in commands:  # grows as groups (`faq cache`) are met
        if isinstance(command, typer.core.TyperGroup):
            commands += [(f"{path} {name}", cmd) for name, cmd in command.commands.items()]
        if command.help:
            yield command.help, path
        for param in command.params:
            text = getattr(param, "help", None)
            if text:
                yield text, f"{path} {param.name}"


def extract() -> Catalog:
    """Every message of the interface, as a fresh template catalog."""
    catalog = Catalog(
        project="innovasjon-faq",
        version="1",
        header_comment=HEADER,
        copyright_holder="innovasjon-faq developers",
        msgid_bugs_address="",
        creation_date=EPOCH,
        revision_date=EPOCH,
        charset="utf-8",
        fuzzy=False,
    )
    found = extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=DEFAULT_KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(
            message,
            locations=[(f"src/innovasjon_faq/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    for text, where in help_texts():
        catalog.add(text, locations=[(where, 0)], auto_comments=["help text"])
    return catalog


def msgids(catalog: Catalog) -> set[str]:
    """The singular msgids of a catalog (the header left out)."""
    ids: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        # Babel's plural ids are tuples (or lists: Message.pluralizable).
        ids.add(message.id[0] if isinstance(message.id, (tuple, list)) else message.id)
    return ids


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def write(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    # File names without line numbers: the files change only when messages do.
    write_po(buffer, catalog, width=100, sort_output=False, omit_header=False, include_lineno=False)
    path.write_bytes(buffer.getvalue())


def compiled(po: Path) -> bytes:
    """The .mo bytes of a .po file."""
    buffer = io.BytesIO()
    write_mo(buffer, read(po), use_fuzzy=False)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "extract":
        write(POT, extract())
    elif command == "update":
        template = read(POT)
        for language in languages():
            catalog = read(po_path(language))
            catalog.update(template, update_header_comment=False, update_creation_date=False)
            write(po_path(language), catalog)
    elif command == "compile":
        for language in languages():
            mo_path(language).write_bytes(compiled(po_path(language)))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
