"""docs/cli.md, generated from the app with Typer's own docs generator.

    python tools/cli_docs.py          # rewrite docs/cli.md
    python tools/cli_docs.py --check  # exit 1 when docs/cli.md is stale

The same as `typer innovasjon_faq.cli utils docs --name faq --title ...`, but
it takes the app as Python does (`from innovasjon_faq.cli import app`), so it
does not depend on how `typer` finds an app in a module.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "cli.md"
TITLE = "faq — command reference"


def generate() -> str:
    """The Markdown reference of every command and option, in English."""
    import typer
    from typer.cli import get_docs_for_click

    from innovasjon_faq.cli import app
    from innovasjon_faq.i18n import set_language

    set_language("en")
    command = typer.main.get_command(app)
    docs = get_docs_for_click(obj=command, ctx=typer.Context(command), name="faq", title=TITLE)
    return f"{docs.strip()}\n"


def main(argv: list[str]) -> int:
    fresh = generate()
    if argv == ["--check"]:
        if DOCS.read_text(encoding="utf-8") != fresh:
            print("docs/cli.md is stale: run python tools/cli_docs.py", file=sys.stderr)
            return 1
        return 0
    DOCS.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
