"""Helpers of the tests in tests/security/: the installed `faq` in a subprocess,
and collections large enough to be indexed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
FAQ = str(BIN / ("faq.exe" if os.name == "nt" else "faq"))


def run(*args: str | bytes, cwd: Path, **environ: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, **environ}
    env.pop("FAQ_DATA", None)
    return subprocess.run(
        [FAQ, *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
        check=False,
    )


def large(bundled: dict[str, Any], count: int = 400) -> dict[str, Any]:
    """The bundled collection grown past the size that is indexed (32 KiB)."""
    entries = []
    for number in range(1, count + 1):
        entry = dict(bundled["entries"][number % len(bundled["entries"])])
        entry.update(id=number, slug=f"sporsmal-{number}")
        entries.append(entry)
    return {**bundled, "entries": entries}


def write(path: Path, data: dict[str, Any]) -> Path:
    # ensure_ascii: a lone surrogate can only be written as its \\uXXXX escape.
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="ascii")
    return path
