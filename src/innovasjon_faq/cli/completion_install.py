"""`faq --install-completion [SHELL]`: our script where each shell looks for it.

The same places Typer's own install used, so that installing again replaces a
script Typer wrote before (`~/.bash_completions/faq.sh` sourced from
`~/.bashrc`; `~/.zfunc/_faq`, with `~/.zfunc` put on zsh's fpath in
`~/.zshrc`; fish's `completions/faq.fish`) — but fish's folder is found as fish
finds it, under XDG_CONFIG_HOME when that is set.
"""

from __future__ import annotations

import os

from innovasjon_faq.cli import shells
from innovasjon_faq.cli.outcome import PROG

ZSHRC_LINE = "fpath+=~/.zfunc; autoload -Uz compinit; compinit"
ZSH_STYLE_LINE = "zstyle ':completion:*' menu select"


def install(shell: str) -> str:
    """Write the script for `shell` (bash, zsh or fish); the path written."""
    home = os.path.expanduser("~")
    if shell == "bash":
        path = os.path.join(home, ".bash_completions", f"{PROG}.sh")
        _add_lines(os.path.join(home, ".bashrc"), [f"source '{path}'"])
    elif shell == "zsh":
        path = os.path.join(home, ".zfunc", f"_{PROG}")
        zshrc = os.path.join(home, ".zshrc")
        style = [] if "zstyle" in _read(zshrc) else [ZSH_STYLE_LINE]
        _add_lines(zshrc, [ZSHRC_LINE, *style])
    else:
        config = os.environ.get("XDG_CONFIG_HOME", "")
        if not os.path.isabs(config):
            config = os.path.join(home, ".config")
        path = os.path.join(config, "fish", "completions", f"{PROG}.fish")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(shells.script(shell))
    return path


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except FileNotFoundError:
        return ""


def _add_lines(path: str, lines: list[str]) -> None:
    """Append each of `lines` that the file does not hold yet."""
    text = _read(path)
    missing = [line for line in lines if line not in text]
    if not missing:
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        if text and not text.endswith("\n"):
            handle.write("\n")
        handle.write("".join(f"{line}\n" for line in missing))
