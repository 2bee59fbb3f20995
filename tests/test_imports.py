"""Guards on what the hot paths import (not timed: which modules, not how fast).

`faq show`, `faq search`, `faq list`, `faq --version` and completing a command
name run many times a day; each heavy module they import costs every run
(docs/performance.md). A change that pulls one into these paths fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from innovasjon_faq.cli import actions

# Heavy, or only needed elsewhere: Typer and its Click (the fast path exists to
# avoid them), Rich (terminals only), phone formatting (contact cards only),
# SQLite (nothing of faq's needs it), platformdirs (other platforms than Linux),
# the streaming JSON parser (a build only), and the test extras, which faq
# itself must never need. The index's own library, tantivy, is the engine: a
# search imports it, `faq show N3`, `faq list` and the overview never do.
HEAVY = (
    "typer",
    "click",
    "rich",
    "pydantic",
    "phonenumbers",
    "rapidfuzz",
    "sqlite3",
    "_sqlite3",
    "platformdirs",
    "jsonschema",
    "vobject",
    "babel",
    "importlib.resources",
    "ijson",
)

RUN_FAQ = textwrap.dedent(
    """
    import os, sys
    sys.argv[0] = "faq"
    from innovasjon_faq.cli import main
    try:
        main()
    except SystemExit:
        pass
    with open(os.environ["MODULES_OUT"], "w") as out:
        out.write("\\n".join(sorted(sys.modules)))
    """
)


def modules_after(args: list[str], tmp_path: Path, code: str = RUN_FAQ, **environ: str) -> set[str]:
    """The modules loaded by the end of a run, output piped as in `faq … | cat`."""
    out = tmp_path / "modules.txt"
    env = {k: v for k, v in os.environ.items() if k not in ("FAQ_DATA", "FORCE_COLOR")}
    env.update(environ, MODULES_OUT=str(out))
    result = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode in (0, 1), result.stderr
    return set(out.read_text().split())


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)


@pytest.mark.parametrize(
    "args",
    [
        ["show", "N3"],
        ["show", "--json", "politikere"],
        ["search", "politikere"],
        ["search", "--json", "-n", "2", "kommune"],
        ["list"],
        ["list", "--json"],
        [],
        ["--version"],
    ],
    ids=lambda args: " ".join(args) or "(none)",
)
def test_hot_paths_import_no_heavy_module(args: list[str], tmp_path: Path) -> None:
    modules = modules_after(args, tmp_path)
    assert "innovasjon_faq.cli.fast" in modules
    assert heavy(modules) == []


@pytest.mark.parametrize(
    "args", [["show", "N3"], ["show", "komme-i-gang"], ["show", "2"], ["list"], []]
)
def test_only_a_search_opens_the_index(args: list[str], tmp_path: Path) -> None:
    """An id, a slug or a keyword is found in the parsed collection: no index."""
    modules = modules_after(args, tmp_path)
    assert not {m for m in modules if m.split(".")[0] == "tantivy"}
    assert not {m for m in modules if m.startswith("innovasjon_faq.index.")}


def test_a_search_opens_the_index(tmp_path: Path) -> None:
    assert "tantivy" in modules_after(["search", "politikere"], tmp_path)
    assert "tantivy" in modules_after(["show", "involvere politikere"], tmp_path)


def test_a_search_without_hits_imports_only_the_typo_matcher(tmp_path: Path) -> None:
    """No hit: the engine looks for misspellings (and "Did you mean"), with rapidfuzz."""
    modules = modules_after(["search", "zzzxq"], tmp_path)
    assert "rapidfuzz" in modules
    assert [m for m in heavy(modules) if not m.startswith("rapidfuzz")] == []


@pytest.mark.parametrize(
    "args", [["search", "politikere"], ["search", '"komme i gang"'], ["show", "N3"]]
)
def test_a_large_collection_is_read_from_its_index_with_little_more(
    args: list[str], tmp_path: Path, bundled: dict[str, Any]
) -> None:
    """Once indexed, a large collection is read from its index alone: not the
    loader, nor the streaming parser of a build, nor its progress bar."""
    entries = [
        {**entry, "id": copy * 100 + entry["id"], "slug": f"{entry['slug']}-{copy}"}
        for copy in range(12)
        for entry in bundled["entries"]
    ]
    path = tmp_path / "large.json"
    path.write_text(json.dumps({**bundled, "entries": entries}), encoding="utf-8")
    assert path.stat().st_size >= actions.INDEX_MIN_BYTES
    cache = str(tmp_path / "cache")
    modules_after(["--data", str(path), *args], tmp_path, XDG_CACHE_HOME=cache)  # builds
    modules = modules_after(["--data", str(path), *args], tmp_path, XDG_CACHE_HOME=cache)
    assert "innovasjon_faq.index.entries" in modules
    assert heavy(modules) == []
    assert not {"innovasjon_faq.cli.progress", "innovasjon_faq.stream"} & modules
    assert "innovasjon_faq.loader" not in modules


def test_version_imports_almost_nothing(tmp_path: Path) -> None:
    modules = modules_after(["--version"], tmp_path)
    assert not {"innovasjon_faq.search", "innovasjon_faq.loader", "json", "dataclasses"} & modules


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completing_a_command_name_imports_no_heavy_module(shell: str, tmp_path: Path) -> None:
    modules = modules_after(
        [],
        tmp_path,
        _FAQ_COMPLETE=f"complete_{shell}",
        COMP_WORDS="faq s",
        COMP_CWORD="1",
        _TYPER_COMPLETE_ARGS="faq s",
        _TYPER_COMPLETE_FISH_ACTION="get-args",
    )
    assert heavy(modules) == []
    assert "innovasjon_faq.search" not in modules


def test_the_guard_sees_heavy_modules(tmp_path: Path) -> None:
    """The guard itself works: the Typer path (help) does load Typer."""
    assert "typer" in heavy(modules_after(["--help"], tmp_path))


# -- the Typer pin -------------------------------------------------------------------

MINIMAL_TYPER_APP = textwrap.dedent(
    """
    import os, sys
    import typer

    app = typer.Typer()

    @app.command()
    def hello(name: str, count: int = 1, shout: bool = False) -> None:
        print((name.upper() if shout else name) * count)

    sys.argv = ["hello", "verden", "--count", "2", "--shout"]
    try:
        app()
    except SystemExit:
        pass
    with open(os.environ["MODULES_OUT"], "w") as out:
        out.write("\\n".join(sorted(sys.modules)))
    """
)


def test_a_minimal_typer_app_does_not_import_pydantic(tmp_path: Path) -> None:
    """Why pyproject.toml pins `typer<0.29`: Typer 0.29 imports pydantic to convert
    parameters on every run (~45 ms, doubling `faq --help`). To see whether a newer
    Typer is lean again, install it (`pip install -U typer`) and run this test:
    when it passes, the upper bound can go."""
    modules = modules_after([], tmp_path, code=MINIMAL_TYPER_APP)
    assert "typer" in modules
    assert "pydantic" not in modules


def test_faq_on_the_typer_path_does_not_import_pydantic(tmp_path: Path) -> None:
    for args in (["--help"], ["--lang", "en", "show", "N3"]):
        assert "pydantic" not in modules_after(args, tmp_path)
