"""The styles of faq's Rich output (a terminal's only colours come from here)."""

from __future__ import annotations

from rich.style import Style

HEADING = Style(bold=True, color="cyan")
ID = Style(bold=True, color="green")
MATCH = Style(bold=True, color="yellow")
MUTED = Style(dim=True)
COMMAND = Style(color="magenta")
