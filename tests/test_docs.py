"""docs/cli.md is generated from the app by Typer's docs generator and never drifts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typer

from innovasjon_faq.cli import app

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "cli.md"
# The command that writes docs/cli.md (also in the README); the test runs it verbatim.
GENERATE = [
    "-m",
    "typer",
    "innovasjon_faq.cli",
    "utils",
    "docs",
    "--name",
    "faq",
    "--title",
    "faq — command reference",
]


def test_docs_cli_md_matches_a_fresh_generation(tmp_path: Path) -> None:
    output = tmp_path / "cli.md"
    subprocess.run(
        [sys.executable, *GENERATE, "--output", str(output)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    fresh = output.read_text(encoding="utf-8")
    assert DOCS.read_text(encoding="utf-8") == fresh, (
        "docs/cli.md is stale; regenerate it with: python " + " ".join(GENERATE) + " --output "
        "docs/cli.md"
    )


def test_every_command_has_help_and_a_section_in_the_docs() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    assert group.commands
    for name, command in group.commands.items():
        assert command.help, name
        assert "Example: faq" in command.help, name
        assert f"## `faq {name}`" in docs
        for param in command.params:
            if param.name != "help":
                assert getattr(param, "help", None), f"{name} {param.name}"
